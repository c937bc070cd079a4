# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, frozendict

# Days of sales the days sales outstanding are measured against.
DSO_PERIOD_DAYS = 90


class O2cDsoReport(models.Model):
    """Days sales outstanding per customer: open receivables divided by the
    invoiced sales of the last 90 days, times 90. Grouped rows (per company,
    per salesperson, in total) are computed from their sums, not averaged."""

    _name = "o2c.dso.report"
    _description = "Order to Cash Days Sales Outstanding"
    _auto = False
    _order = "dso_days desc, id"
    _rec_name = "partner_id"
    _depends = frozendict(
        {
            "account.move": ["commercial_partner_id", "invoice_date", "move_type"],
            "account.move.line": [
                "move_id",
                "company_id",
                "company_currency_id",
                "display_type",
                "parent_state",
                "reconciled",
                "amount_residual",
                "balance",
            ],
        }
    )

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    receivable = fields.Monetary(string="Open Receivables", readonly=True)
    sales = fields.Monetary(
        string="Sales (90 Days)",
        readonly=True,
        help="Invoiced sales of the last 90 days, credit notes deducted, "
        "taxes included.",
    )
    dso_days = fields.Float(
        string="Days Sales Outstanding",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Open receivables / sales of the last 90 days x 90: how many "
        "days of sales the customer owes.",
    )

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT *,
                   CASE WHEN sales > 0 THEN receivable / sales * %(period)s
                        ELSE 0
                   END AS dso_days
              FROM (
                    SELECT MIN(line.id) AS id,
                           move.commercial_partner_id AS partner_id,
                           line.company_id,
                           MIN(line.company_currency_id) AS currency_id,
                           SUM(CASE WHEN NOT line.reconciled
                                    THEN line.amount_residual ELSE 0 END)
                               AS receivable,
                           SUM(CASE WHEN move.invoice_date > %(start)s
                                     AND move.invoice_date <= %(today)s
                                    THEN line.balance ELSE 0 END) AS sales
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                     WHERE line.display_type = 'payment_term'
                       AND line.parent_state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                     GROUP BY move.commercial_partner_id, line.company_id
                   ) AS totals
            """,
            today=today,
            start=today - timedelta(days=DSO_PERIOD_DAYS),
            period=DSO_PERIOD_DAYS,
        )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        wants_dso = any(spec.split(":")[0] == "dso_days" for spec in fields)
        if wants_dso:
            fields = [*fields, "receivable:sum", "sales:sum"]
        rows = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        if wants_dso:
            for row in rows:
                row["dso_days"] = self._o2c_dso_days(
                    row.get("receivable") or 0.0, row.get("sales") or 0.0
                )
        return rows

    @api.model
    def _o2c_dso_days(self, receivable, sales):
        """Days sales outstanding: open receivables / sales of the period x
        its days (0 without sales)."""
        return receivable / sales * DSO_PERIOD_DAYS if sales > 0 else 0.0

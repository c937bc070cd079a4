# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL, frozendict

AGING = [
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]


class O2cReceivableReport(models.Model):
    """Open customer receivables, one row per open instalment, with the
    reminder level of its invoice and its age on the current date."""

    _name = "o2c.receivable.report"
    _description = "Order to Cash Open Receivables"
    _auto = False
    _order = "date_maturity, id"
    _rec_name = "move_id"
    _depends = frozendict(
        {
            "account.move": [
                "commercial_partner_id",
                "invoice_user_id",
                "invoice_date",
                "move_type",
                "o2c_reminder_level_id",
                "o2c_last_reminder_date",
            ],
            "account.move.line": [
                "move_id",
                "company_id",
                "company_currency_id",
                "date_maturity",
                "display_type",
                "parent_state",
                "reconciled",
                "amount_residual",
            ],
            "res.partner": ["o2c_reminder_excluded"],
        }
    )

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    invoice_user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    invoice_date = fields.Date(readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    aging = fields.Selection(selection=AGING, string="Overdue", readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    amount_overdue = fields.Monetary(readonly=True)
    reminder_level_id = fields.Many2one("o2c.reminder.level", readonly=True)
    last_reminder_date = fields.Date(string="Last Reminder", readonly=True)
    reminder_excluded = fields.Boolean(string="No Payment Reminders", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT line.id,
                   line.move_id,
                   move.commercial_partner_id AS partner_id,
                   line.company_id,
                   line.company_currency_id AS currency_id,
                   move.invoice_user_id,
                   move.invoice_date,
                   line.date_maturity,
                   GREATEST(%(today)s - line.date_maturity, 0) AS days_overdue,
                   CASE
                       WHEN line.date_maturity >= %(today)s THEN 'not_due'
                       WHEN %(today)s - line.date_maturity <= 30 THEN '1_30'
                       WHEN %(today)s - line.date_maturity <= 60 THEN '31_60'
                       WHEN %(today)s - line.date_maturity <= 90 THEN '61_90'
                       ELSE 'over_90'
                   END AS aging,
                   line.amount_residual,
                   CASE WHEN line.date_maturity < %(today)s
                        THEN line.amount_residual ELSE 0 END AS amount_overdue,
                   move.o2c_reminder_level_id AS reminder_level_id,
                   move.o2c_last_reminder_date AS last_reminder_date,
                   COALESCE(partner.o2c_reminder_excluded, FALSE)
                       AS reminder_excluded
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN res_partner partner ON partner.id = move.commercial_partner_id
             WHERE line.display_type = 'payment_term'
               AND line.parent_state = 'posted'
               AND NOT line.reconciled
               AND line.amount_residual != 0
               AND move.move_type IN ('out_invoice', 'out_refund')
            """,
            today=today,
        )

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import formatLang


class O2cKpi(models.Model):
    """One tile of the order-to-cash dashboard.

    The tiles are data records; each figure is computed when the dashboard
    is opened, with the user's access rights, by the method
    ``_o2c_kpi_value_<code>`` (returns ``(value, text)``). A figure covers
    the active company only (the first one selected in the company
    switcher), never a sum over the selected companies: their currencies
    and settings differ; a user of several companies switches to see each
    company's figures. ``_o2c_kpi_sums`` restricts its model to the company,
    the other searches of a figure add ``_o2c_kpi_company_domain``. Another addon adds
    a tile with a data record and that method; the tile opens ``action_id``
    (pivot and graph of the figure's source).
    """

    _name = "o2c.kpi"
    _description = "Order-to-Cash KPI"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key: the figure is computed by _o2c_kpi_value_<code>.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Char(translate=True)
    action_id = fields.Many2one(
        comodel_name="ir.actions.act_window",
        string="Analysis",
        ondelete="set null",
        help="Pivot and graph behind the figure.",
    )
    group_ids = fields.Many2many(
        comodel_name="res.groups",
        string="Groups",
        help="Who sees the tile (everybody with the dashboard when empty).",
    )
    value = fields.Float(compute="_compute_value")
    value_display = fields.Char(string="Figure", compute="_compute_value")

    _sql_constraints = [  # noqa: RUF012 (Odoo's declaration)
        ("code_uniq", "unique(code)", "A dashboard figure with this code exists."),
    ]

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_value(self):
        for kpi in self:
            method = getattr(kpi, f"_o2c_kpi_value_{kpi.code}", None)
            if method is None:
                kpi.value, kpi.value_display = 0.0, "-"
                continue
            kpi.value, kpi.value_display = method()

    def action_open(self):
        """The analysis behind the tile (an action dictionary)."""
        self.ensure_one()
        if not self.action_id:
            raise UserError(
                self.env._("The figure %(kpi)s has no analysis.", kpi=self.name)
            )
        return self.action_id._get_action_dict()

    # Helpers ------------------------------------------------------------------

    @api.model
    def _o2c_kpi_period_days(self):
        """The figures cover this many days up to today."""
        return 90

    @api.model
    def _o2c_kpi_start(self):
        return fields.Datetime.now() - timedelta(days=self._o2c_kpi_period_days())

    @api.model
    def _o2c_kpi_company_domain(self):
        """The records of the company the figures are computed for."""
        return [("company_id", "=", self.env.company.id)]

    @api.model
    def _o2c_kpi_sums(self, model, domain, aggregates):
        """One read_group row of ``aggregates`` (as ``field:agg``) over
        ``domain`` in the active company, as a dict ``field:agg`` -> value
        (0 for none)."""
        domain = expression.AND([domain, self._o2c_kpi_company_domain()])
        row = self.env[model]._read_group(domain, [], aggregates)[0]
        return {spec: value or 0 for spec, value in zip(aggregates, row, strict=True)}

    @api.model
    def _o2c_kpi_percent(self, part, whole):
        if not whole:
            return 0.0, "-"
        value = 100.0 * part / whole
        return value, f"{formatLang(self.env, value, digits=1)} %"

    @api.model
    def _o2c_kpi_days(self, days):
        return days, self.env._(
            "%(days)s days", days=formatLang(self.env, days, digits=1)
        )

    # Figures --------------------------------------------------------------------

    def _o2c_kpi_value_cycle_time(self):
        """Average days from intake to payment of the orders completed in
        the period (their stage history)."""
        done_orders = self.env["o2c.stage.log"]._read_group(
            [("stage", "=", "done"), ("date_start", ">=", self._o2c_kpi_start())]
            + self._o2c_kpi_company_domain(),
            [],
            ["order_id:array_agg"],
        )[0][0]
        if not done_orders:
            return 0.0, "-"
        sums = self._o2c_kpi_sums(
            "o2c.stage.log",
            [("order_id", "in", done_orders), ("stage", "!=", "done")],
            ["duration_hours:sum"],
        )
        return self._o2c_kpi_days(
            sums["duration_hours:sum"] / 24.0 / len(set(done_orders))
        )

    def _o2c_kpi_value_on_time(self):
        """Share of the delivered lines of the period delivered by the
        promised date (Termintreue)."""
        sums = self._o2c_kpi_sums(
            "o2c.delivery.report",
            [("date", ">=", self._o2c_kpi_start().date())],
            ["on_time_count:sum", "late_count:sum"],
        )
        on_time = sums["on_time_count:sum"]
        return self._o2c_kpi_percent(on_time, on_time + sums["late_count:sum"])

    def _o2c_kpi_value_holds(self):
        """Orders waiting for a decision on a review finding now."""
        count = self.env["sale.order"].search_count(
            [("o2c_stage", "=", "hold")] + self._o2c_kpi_company_domain()
        )
        return float(count), str(count)

    def _o2c_kpi_value_dso(self):
        """Days sales outstanding over all customers: open receivables /
        sales of the report's period x its days."""
        sums = self._o2c_kpi_sums("o2c.dso.report", [], ["receivable:sum", "sales:sum"])
        if sums["sales:sum"] <= 0:
            return 0.0, "-"
        return self._o2c_kpi_days(
            self.env["o2c.dso.report"]._o2c_dso_days(
                sums["receivable:sum"], sums["sales:sum"]
            )
        )

    def _o2c_kpi_value_margin(self):
        """Margin of the orders confirmed in the period, in percent of their
        untaxed amount (Odoo's sale margin: price - cost)."""
        sums = self._o2c_kpi_sums(
            "sale.order",
            [("state", "=", "sale"), ("date_order", ">=", self._o2c_kpi_start())],
            ["margin:sum", "amount_untaxed:sum"],
        )
        return self._o2c_kpi_percent(sums["margin:sum"], sums["amount_untaxed:sum"])

    def _o2c_kpi_value_shipping_cost(self):
        """Average shipping charged per order with a delivery line, orders
        confirmed in the period."""
        sums = self._o2c_kpi_sums(
            "sale.order.line",
            [
                ("is_delivery", "=", True),
                ("state", "=", "sale"),
                ("order_id.date_order", ">=", self._o2c_kpi_start()),
            ],
            ["price_subtotal:sum", "order_id:count_distinct"],
        )
        orders = sums["order_id:count_distinct"]
        if not orders:
            return 0.0, "-"
        value = sums["price_subtotal:sum"] / orders
        currency = self.env.company.currency_id
        return value, formatLang(self.env, value, currency_obj=currency)

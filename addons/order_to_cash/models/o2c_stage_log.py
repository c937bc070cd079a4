# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

O2C_STAGES = [
    ("intake", "Intake"),
    ("review", "Review"),
    ("hold", "On Hold"),
    ("confirmed", "Confirmed"),
    ("production", "Production"),
    ("shipping", "Shipping"),
    ("invoicing", "Invoicing"),
    ("payment", "Payment"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class O2cStageLog(models.Model):
    _name = "o2c.stage.log"
    _description = "Order to Cash Stage Log"
    _inherit = ["o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)
    _order = "date_start desc, id desc"
    _rec_name = "stage"

    @api.model
    def _o2c_protected_fields(self):
        # the log is written by the stage changes only
        return super()._o2c_protected_fields() | {
            name
            for name, field in self._fields.items()
            if field.store and not field.automatic
        }

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id",
        string="Customer",
        store=True,
        readonly=True,
    )
    salesperson_id = fields.Many2one(
        related="order_id.user_id",
        string="Salesperson",
        store=True,
        readonly=True,
    )
    stage = fields.Selection(
        selection=O2C_STAGES, required=True, index=True, readonly=True
    )
    date_start = fields.Datetime(
        string="Entered", required=True, readonly=True, index=True
    )
    date_end = fields.Datetime(string="Left", readonly=True)
    duration_hours = fields.Float(
        string="Hours in Stage",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Hours between entering and leaving the stage; 0 while the "
        "order is still in it.",
    )
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Changed by",
        readonly=True,
        help="User whose action moved the order into this stage.",
    )

    @api.depends("date_end")
    def _compute_is_current(self):
        for log in self:
            log.is_current = not log.date_end

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        current = (operator == "=") == bool(value)
        return [("date_end", "=" if current else "!=", False)]

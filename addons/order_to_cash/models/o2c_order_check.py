# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

CHECK_TYPES = [
    ("credit", "Credit"),
    ("availability", "Availability"),
    ("price", "Price"),
    ("terms", "Terms"),
]
CHECK_RESULTS = [
    ("ok", "OK"),
    ("warning", "Warning"),
    ("blocking", "Blocking"),
]


class O2cOrderCheck(models.Model):
    """One finding of the review of a quotation.

    Written by ``sale.order.action_o2c_review()`` only (nobody types a finding
    in); a blocking finding holds the order until a person allowed to decide
    on it releases it with ``sale.order.action_o2c_release(reason)``.
    """

    _name = "o2c.order.check"
    _description = "Order Review Finding"
    _inherit = ["o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)
    _order = "order_id, sequence, id"
    _rec_name = "check_type"

    @api.model
    def _o2c_protected_fields(self):
        # every finding is the review's record: nobody types one in or edits it
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
    currency_id = fields.Many2one(related="order_id.currency_id", readonly=True)
    sequence = fields.Integer(default=10, readonly=True)
    check_type = fields.Selection(
        selection=CHECK_TYPES, string="Check", required=True, readonly=True
    )
    result = fields.Selection(
        selection=CHECK_RESULTS, required=True, readonly=True, index=True
    )
    message = fields.Text(readonly=True)
    line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        ondelete="cascade",
        readonly=True,
        help="Order line the finding is about, if any.",
    )
    amount_reviewed = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Order total when the check ran; a release covers up to this amount.",
    )
    date = fields.Datetime(string="Checked on", readonly=True)
    released = fields.Boolean(readonly=True)
    release_user_id = fields.Many2one(
        comodel_name="res.users", string="Released by", readonly=True
    )
    release_date = fields.Datetime(string="Released on", readonly=True)
    release_reason = fields.Text(readonly=True)
    is_open = fields.Boolean(
        string="Open",
        compute="_compute_is_open",
        help="A warning or blocking finding nobody has released yet.",
    )

    @api.depends("result", "released")
    def _compute_is_open(self):
        for check in self:
            check.is_open = check.result != "ok" and not check.released

    def _o2c_open_blocking(self):
        """The blocking findings among ``self`` nobody has released yet."""
        return self.filtered(lambda check: check.result == "blocking" and check.is_open)

    def _o2c_summary(self):
        """XML-RPC-safe description of the findings (list of dicts)."""
        return [
            {
                "check_type": check.check_type,
                "result": check.result,
                "message": check.message or "",
                "released": check.released,
                "line_id": check.line_id.id or False,
            }
            for check in self
        ]

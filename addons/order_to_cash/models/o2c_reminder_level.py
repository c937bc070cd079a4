# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class O2cReminderLevel(models.Model):
    """A step of the payment reminder process (dunning level).

    An overdue invoice receives the highest level whose ``days_overdue`` it
    has reached and that is above the level it already received; each level
    is sent once per invoice. Levels rank by ``days_overdue``; ``sequence``
    only orders them in lists. Levels without a company apply to every
    company.
    """

    _name = "o2c.reminder.level"
    _description = "Order to Cash Payment Reminder Level"
    _order = "sequence, days_overdue, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    days_overdue = fields.Integer(
        required=True,
        help="The level is sent once an invoice is due for this many days.",
    )
    mail_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Email Template",
        required=True,
        ondelete="restrict",
        domain=[("model", "=", "o2c.reminder.letter")],
        help="Email sent to the customer with the reminder letter.",
    )
    fee_amount = fields.Float(
        string="Reminder Fee",
        digits="Account",
        default=0.0,
        help="Fixed fee charged with a letter of this level, in the "
        "company's currency.",
    )
    is_final = fields.Boolean(
        string="Final Notice",
        compute="_compute_is_final",
        help="The last level of its company: a customer with an open invoice "
        "at this level is blocked by the credit check.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to use the level in every company.",
    )

    _sql_constraints = (
        (
            "fee_amount_positive",
            "CHECK(fee_amount >= 0)",
            "A reminder fee cannot be negative.",
        ),
        (
            "days_overdue_positive",
            "CHECK(days_overdue > 0)",
            "A reminder level must be sent at least one day after the due date.",
        ),
    )

    @api.constrains("days_overdue", "company_id", "active")
    def _check_days_overdue_unique(self):
        for level in self.filtered("active"):
            # sudo: a clash counts whatever companies the user works in
            clash = self.sudo().search_count(
                [
                    ("id", "!=", level.id),
                    ("company_id", "=", level.company_id.id),
                    ("days_overdue", "=", level.days_overdue),
                ]
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Two reminder levels of a company cannot have the same "
                        "days overdue (%(days)s).",
                        days=level.days_overdue,
                    )
                )

    @api.depends("days_overdue", "company_id", "active")
    def _compute_is_final(self):
        final = {}  # one search per company, not per level
        for level in self:
            if level.company_id not in final:
                final[level.company_id] = self._o2c_levels_for_company(
                    level.company_id
                )[-1:]
            level.is_final = level == final[level.company_id]

    @api.model
    def _o2c_levels_for_company(self, company):
        """Active levels that apply to ``company`` (its own and the shared
        ones), lowest first."""
        # sudo: the reminder steps are company configuration that anyone
        # following a customer's payments or credit needs to know.
        return (
            self.sudo()
            .search(
                [("company_id", "in", [company.id, False])],
                order="days_overdue, id",
            )
            .with_env(self.env)
        )

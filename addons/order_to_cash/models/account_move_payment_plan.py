# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class AccountMove(models.Model):
    _inherit = "account.move"

    o2c_payment_plan_ids = fields.Many2many(
        comodel_name="o2c.payment.plan",
        relation="o2c_payment_plan_account_move_rel",
        column1="move_id",
        column2="plan_id",
        string="Payment Plans",
        readonly=True,
        copy=False,
    )

    @api.model
    def _o2c_protected_fields(self):
        return super()._o2c_protected_fields() | {"o2c_payment_plan_ids"}

    def action_o2c_create_payment_plan(self, instalments, note=False):
        """Agree a payment plan on the open amount of these invoices (of one
        customer and company): ``instalments`` is a list of ``{"date":
        "YYYY-MM-DD", "amount": number}`` adding up to the open amount,
        dates from today on in ascending order; ``note`` an optional text.
        The invoices' payment reminders pause until the last instalment and
        the company's grace days. Accounting staff only. Returns the plan's
        id."""
        plan = self.env["o2c.payment.plan"]._o2c_create_for_moves(
            self, instalments, note
        )
        return plan.id

    def _o2c_pause_for_payment_plan(self, plan):
        """Pause the invoices' reminders for ``plan`` (reason: payment
        agreement) until its ``pause_until``."""
        # written through the pause's own protected path, not
        # action_o2c_pause_reminders: a plan may run longer than the year
        # a person may pause for, and its dates were checked already
        self._o2c_action_write(
            {
                "o2c_reminder_paused_until": plan.pause_until,
                "o2c_reminder_pause_reason": "agreement",
                "o2c_reminder_pause_note": plan.name,
            }
        )
        self._o2c_post_note(
            self.env._(
                "Payment reminders paused until %(date)s: payment plan %(plan)s.",
                date=tools.format_date(self.env, plan.pause_until),
                plan=plan.name,
            )
        )

    def _o2c_end_payment_plan_pause(self, plan):
        """Lift the pause ``plan`` set on the invoices, where it is still
        the plan's (a person may have paused them otherwise since)."""
        moves = self.filtered(
            lambda move: (
                move.o2c_reminder_pause_reason == "agreement"
                and move.o2c_reminder_paused_until == plan.pause_until
                and move.o2c_reminder_pause_note == plan.name
            )
        )
        if not moves:
            return
        moves._o2c_action_write(
            {
                "o2c_reminder_paused_until": False,
                "o2c_reminder_pause_reason": False,
                "o2c_reminder_pause_note": False,
            }
        )
        moves._o2c_post_note(
            self.env._(
                "Payment reminders resumed: payment plan %(plan)s ended.",
                plan=plan.name,
            )
        )

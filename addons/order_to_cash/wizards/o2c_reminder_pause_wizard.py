# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_move import PAUSE_REASONS


class O2cReminderPauseWizard(models.TransientModel):
    """Asks until when and why the payment reminders of invoices pause
    (web client). The pause itself is
    ``account.move.action_o2c_pause_reminders``, which checks the rights,
    the invoices and the values, and writes with the user's rights: only
    invoices of the companies the user works in (record rules)."""

    _name = "o2c.reminder.pause.wizard"
    _description = "Pause Payment Reminders"

    move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        required=True,
        default=lambda self: self._default_move_ids(),
    )
    until = fields.Date(
        string="Paused Until",
        required=True,
        default=lambda self: self._default_until(),
        help="Reminders go on from this date, at the level where they stopped.",
    )
    reason = fields.Selection(selection=PAUSE_REASONS, required=True)
    note = fields.Text()

    @api.model
    def _default_move_ids(self):
        if self.env.context.get("active_model") != "account.move":
            return False
        return [fields.Command.set(self.env.context.get("active_ids") or [])]

    @api.model
    def _default_until(self):
        today = fields.Date.to_date(self.env["account.move"]._o2c_today())
        return today + timedelta(days=14)

    def action_pause(self):
        self.ensure_one()
        # invoices the user may not read are not in move_ids (record rules)
        if not self.move_ids:
            raise UserError(self.env._("Select the invoices to pause."))
        self.move_ids.action_o2c_pause_reminders(self.until, self.reason, self.note)
        return {"type": "ir.actions.act_window_close"}

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.order_to_cash.tools.o2c_input import o2c_text

from ..models.o2c_followup import ANSWER_CHANNELS, FEEDBACK_MAX_LENGTH


class O2cFollowupAnswer(models.TransientModel):
    _name = "o2c.followup.answer"
    _description = "Record a Follow-up Answer"

    followup_id = fields.Many2one(
        comodel_name="o2c.followup",
        string="Follow-up",
        required=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="followup_id.partner_id")
    rating = fields.Selection(
        selection=[
            ("0", "No rating"),
            ("1", "Very dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very satisfied"),
        ],
        default="0",
        required=True,
    )
    feedback = fields.Text()
    channel = fields.Selection(
        selection=ANSWER_CHANNELS, default="phone", required=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._o2c_check_feedback(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._o2c_check_feedback(vals)
        return super().write(vals)

    @api.model
    def _o2c_check_feedback(self, vals):
        """What the answer will check, refused as typed (the database
        refuses some control characters with no clear message)."""
        if vals.get("feedback"):
            o2c_text(self.env, vals["feedback"], "Feedback", size=FEEDBACK_MAX_LENGTH)

    def action_confirm(self):
        self.ensure_one()
        self.followup_id.action_record_answer(
            int(self.rating), self.feedback or False, self.channel
        )
        return {"type": "ir.actions.act_window_close"}

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_followup_delay_days = fields.Integer(
        related="company_id.o2c_followup_delay_days", readonly=False
    )
    o2c_followup_reminder_days = fields.Integer(
        related="company_id.o2c_followup_reminder_days", readonly=False
    )
    o2c_followup_close_days = fields.Integer(
        related="company_id.o2c_followup_close_days", readonly=False
    )
    o2c_followup_rating_threshold = fields.Integer(
        related="company_id.o2c_followup_rating_threshold", readonly=False
    )
    o2c_followup_user_id = fields.Many2one(
        related="company_id.o2c_followup_user_id", readonly=False
    )
    o2c_followup_start_date = fields.Date(
        related="company_id.o2c_followup_start_date", readonly=False
    )
    o2c_followup_history_count = fields.Integer(
        compute="_compute_o2c_followup_history", string="Follow-ups Left Alone"
    )
    o2c_followup_history_text = fields.Char(
        string="Include Follow-ups", compute="_compute_o2c_followup_history"
    )

    @api.depends("company_id")
    def _compute_o2c_followup_history(self):
        for settings in self:
            count, date = settings._o2c_history_values(
                "o2c_followup_start_date", "_o2c_followup_history_query"
            )
            settings.o2c_followup_history_count = count
            settings.o2c_followup_history_text = self.env._(
                "Include the %(count)s follow-ups of deliveries from before %(date)s",
                count=count,
                date=date,
            )

    def action_o2c_include_followup_history(self):
        """The scheduled action sends the company's follow-ups left alone for
        their delivery date: its start date moves back to the earliest."""
        return self._o2c_action_include_history(
            "o2c_followup_start_date", "_o2c_followup_history_query"
        )

    def action_o2c_report_open_followup_history(self):
        """What the addons found: the records left alone for their date."""
        return self._o2c_action_open_query(
            "_o2c_followup_history_query",
            "o2c.followup",
            self.env._("Follow-ups Left Alone"),
        )

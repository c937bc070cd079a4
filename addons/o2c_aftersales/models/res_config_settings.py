# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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

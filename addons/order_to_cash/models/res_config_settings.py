# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Intake and review -------------------------------------------------

    o2c_availability_blocking = fields.Boolean(
        related="company_id.o2c_availability_blocking", readonly=False
    )
    o2c_notify_availability = fields.Boolean(
        related="company_id.o2c_notify_availability", readonly=False
    )
    o2c_overdue_block = fields.Boolean(
        related="company_id.o2c_overdue_block", readonly=False
    )
    o2c_overdue_days = fields.Integer(
        related="company_id.o2c_overdue_days", readonly=False
    )
    o2c_review_validity_minutes = fields.Integer(
        related="company_id.o2c_review_validity_minutes", readonly=False
    )
    o2c_max_discount = fields.Float(
        related="company_id.o2c_max_discount", readonly=False
    )
    o2c_auto_confirm = fields.Boolean(
        related="company_id.o2c_auto_confirm", readonly=False
    )
    o2c_auto_confirm_channel_ids = fields.Many2many(
        related="company_id.o2c_auto_confirm_channel_ids", readonly=False
    )
    o2c_send_confirmation = fields.Boolean(
        related="company_id.o2c_send_confirmation", readonly=False
    )
    o2c_credit_responsible_id = fields.Many2one(
        related="company_id.o2c_credit_responsible_id", readonly=False
    )
    o2c_intake_alias_id = fields.Many2one(
        comodel_name="mail.alias",
        string="Order Intake Alias",
        compute="_compute_o2c_intake_alias_id",
    )

    def _compute_o2c_intake_alias_id(self):
        alias = self.env.ref("order_to_cash.mail_alias_o2c_intake", False)
        for settings in self:
            settings.o2c_intake_alias_id = alias

    # --- Fulfilment ----------------------------------------------------------
    o2c_shipping_confirmation = fields.Boolean(
        related="company_id.o2c_shipping_confirmation", readonly=False
    )

    # --- Invoicing and payment ---------------------------------------------
    o2c_auto_invoice = fields.Boolean(
        related="company_id.o2c_auto_invoice", readonly=False
    )

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date


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
    o2c_auto_invoice_start_date = fields.Date(
        related="company_id.o2c_auto_invoice_start_date", readonly=False
    )
    o2c_reminder_start_date = fields.Date(
        related="company_id.o2c_reminder_start_date", readonly=False
    )
    o2c_auto_invoice_history_count = fields.Integer(
        compute="_compute_o2c_history", string="Orders Left Alone"
    )
    o2c_auto_invoice_history_text = fields.Char(
        string="Include Orders to Invoice", compute="_compute_o2c_history"
    )
    o2c_reminder_history_count = fields.Integer(
        compute="_compute_o2c_history", string="Invoices Left Alone"
    )
    o2c_reminder_history_text = fields.Char(
        string="Include Overdue Invoices", compute="_compute_o2c_history"
    )

    @api.depends("company_id")
    def _compute_o2c_history(self):
        for settings in self:
            company = settings.company_id
            count, _earliest = company._o2c_history(
                company._o2c_auto_invoice_history_query()
            )
            settings.o2c_auto_invoice_history_count = count
            settings.o2c_auto_invoice_history_text = self.env._(
                "Include the %(count)s orders to invoice from before %(date)s",
                count=count,
                date=format_date(self.env, company.o2c_auto_invoice_start_date),
            )
            count, _earliest = company._o2c_history(
                company._o2c_reminder_history_query()
            )
            settings.o2c_reminder_history_count = count
            settings.o2c_reminder_history_text = self.env._(
                "Include the %(count)s overdue invoices from before %(date)s",
                count=count,
                date=format_date(self.env, company.o2c_reminder_start_date),
            )

    # --- History left alone ------------------------------------------------

    def _o2c_history_company(self):
        """The company whose history a settings manager includes (public
        buttons: checked whatever the caller sends)."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._(
                    "Only administrators who manage the settings can include "
                    "a company's history in the automations."
                )
            )
        if len(self) != 1:
            raise UserError(self.env._("Include history for one company at a time."))
        company = self.company_id
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You do not work in the company %(company)s.",
                    company=company.display_name,
                )
            )
        return company

    def action_o2c_include_auto_invoice_history(self):
        """Automatic invoicing takes the company's orders left alone for
        their date: its start date moves back to the earliest of them."""
        company = self._o2c_history_company()
        company._o2c_include_history(
            "o2c_auto_invoice_start_date", company._o2c_auto_invoice_history_query()
        )
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_o2c_include_reminder_history(self):
        """The payment reminders take the company's overdue invoices left
        alone for their date (first level first): its start date moves back
        to the earliest of them."""
        company = self._o2c_history_company()
        company._o2c_include_history(
            "o2c_reminder_start_date", company._o2c_reminder_history_query()
        )
        return {"type": "ir.actions.client", "tag": "reload"}

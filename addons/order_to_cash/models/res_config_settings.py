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
    o2c_shipment_credit_check = fields.Selection(
        related="company_id.o2c_shipment_credit_check", readonly=False
    )
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
    o2c_payment_plan_grace_days = fields.Integer(
        related="company_id.o2c_payment_plan_grace_days", readonly=False
    )
    o2c_payment_plan_max_missed = fields.Integer(
        related="company_id.o2c_payment_plan_max_missed", readonly=False
    )
    o2c_reminder_base_rate = fields.Float(
        related="company_id.o2c_reminder_base_rate", readonly=False
    )
    o2c_reminder_points_b2b = fields.Float(
        related="company_id.o2c_reminder_points_b2b", readonly=False
    )
    o2c_reminder_points_b2c = fields.Float(
        related="company_id.o2c_reminder_points_b2c", readonly=False
    )
    o2c_reminder_flat_fee_b2b = fields.Monetary(
        related="company_id.o2c_reminder_flat_fee_b2b",
        currency_field="currency_id",
        readonly=False,
    )
    o2c_reminder_fee_invoice = fields.Boolean(
        related="company_id.o2c_reminder_fee_invoice", readonly=False
    )
    o2c_reminder_letter_pdf = fields.Boolean(
        related="company_id.o2c_reminder_letter_pdf", readonly=False
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
            count, date = settings._o2c_history_values(
                "o2c_auto_invoice_start_date", "_o2c_auto_invoice_history_query"
            )
            settings.o2c_auto_invoice_history_count = count
            settings.o2c_auto_invoice_history_text = self.env._(
                "Include the %(count)s orders to invoice from before %(date)s",
                count=count,
                date=date,
            )
            count, date = settings._o2c_history_values(
                "o2c_reminder_start_date", "_o2c_reminder_history_query"
            )
            settings.o2c_reminder_history_count = count
            settings.o2c_reminder_history_text = self.env._(
                "Include the %(count)s overdue invoices from before %(date)s",
                count=count,
                date=date,
            )

    # --- History left alone: one helper for every automation --------------
    # An automation leaving the company's history alone has a start date on
    # the company (``start_field``) and a company method returning the SQL
    # of the records it leaves alone (``query_method``: their ids and dates,
    # see ``res.company._o2c_history``); the satellites call these helpers.

    def _o2c_history_values(self, start_field, query_method):
        """(count, formatted start date) of the records the automation
        leaves alone in the settings' company, for the settings' texts."""
        self.ensure_one()
        company = self.company_id
        count, _earliest = company._o2c_history(getattr(company, query_method)())
        return count, format_date(self.env, company[start_field])

    def _o2c_action_include_history(self, start_field, query_method):
        """Button: the automation takes the records it left alone, its start
        date moved back to the earliest of them (settings managers only)."""
        company = self._o2c_history_company()
        company._o2c_include_history(start_field, getattr(company, query_method)())
        return {"type": "ir.actions.client", "tag": "reload"}

    def _o2c_settings_company(self, refusal):
        """The one company of these settings, for a settings manager working
        in it (public buttons: checked whatever the caller sends); else
        ``refusal`` (a translated message) as an AccessError."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(refusal)
        if len(self) != 1:
            raise UserError(self.env._("One company's settings at a time."))
        company = self.company_id
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You do not work in the company %(company)s.",
                    company=company.display_name,
                )
            )
        return company

    def _o2c_history_company(self):
        """The company whose history a settings manager includes."""
        return self._o2c_settings_company(
            self.env._(
                "Only administrators who manage the settings can include "
                "a company's history in the automations."
            )
        )

    def action_o2c_include_auto_invoice_history(self):
        """Automatic invoicing takes the company's orders left alone for
        their date: its start date moves back to the earliest of them."""
        return self._o2c_action_include_history(
            "o2c_auto_invoice_start_date", "_o2c_auto_invoice_history_query"
        )

    def action_o2c_include_reminder_history(self):
        """The payment reminders take the company's overdue invoices left
        alone for their date (first level first): its start date moves back
        to the earliest of them."""
        return self._o2c_action_include_history(
            "o2c_reminder_start_date", "_o2c_reminder_history_query"
        )

    # --- Install report: what the addons found -----------------------------
    # Figures of the settings' company, computed when the page is shown,
    # nothing written; each opens its records. Counts in SQL or grouped
    # queries whatever the size of the company's history.

    o2c_report_order_count = fields.Integer(
        string="Orders",
        compute="_compute_o2c_report",
        groups="base.group_system",
    )
    o2c_report_stage_text = fields.Char(
        string="Orders per Stage",
        compute="_compute_o2c_report",
        groups="base.group_system",
    )
    o2c_report_credit_count = fields.Integer(
        string="Customers Held for Credit at Their Next Order",
        compute="_compute_o2c_report",
        groups="base.group_system",
    )
    o2c_report_reminder_count = fields.Integer(
        string="Invoices the Next Reminder Run Takes",
        compute="_compute_o2c_report",
        groups="base.group_system",
    )
    o2c_report_auto_invoice_count = fields.Integer(
        string="Orders Automatic Invoicing Would Invoice",
        compute="_compute_o2c_report",
        groups="base.group_system",
        help="At its next run once switched on: confirmed orders with "
        "something to invoice, from the start date on.",
    )

    @api.depends("company_id")
    def _compute_o2c_report(self):
        stages = dict(
            self.env["sale.order"]._fields["o2c_stage"]._description_selection(self.env)
        )
        for settings in self:
            company = settings.company_id
            counts = company._o2c_stage_counts()
            settings.o2c_report_order_count = sum(counts.values())
            settings.o2c_report_stage_text = ", ".join(
                self.env._("%(stage)s: %(count)s", stage=label, count=counts[stage])
                for stage, label in stages.items()
                if counts.get(stage)
            ) or self.env._("No orders yet")
            settings.o2c_report_credit_count = len(
                company._o2c_credit_held_partner_ids()
            )
            settings.o2c_report_reminder_count = company._o2c_history(
                company._o2c_reminder_report_query()
            )[0]
            settings.o2c_report_auto_invoice_count = company._o2c_history(
                company._o2c_auto_invoice_report_query()
            )[0]

    def _o2c_report_company(self):
        """The company whose report a settings manager opens."""
        return self._o2c_settings_company(
            self.env._(
                "Only administrators who manage the settings can open what "
                "the order-to-cash addons found."
            )
        )

    def _o2c_report_action(self, model, name, ids=None, domain=None, context=None):
        """Window action listing records of the report: ``ids``, or those of
        ``domain``."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain if domain is not None else [("id", "in", ids)],
            "context": {"create": False, **(context or {})},
        }

    def _o2c_action_open_query(self, query_method, model, name):
        """Button: the records of the company method ``query_method`` (the
        SQL of their ids and dates, as for the history)."""
        company = self._o2c_report_company()
        self.env.flush_all()
        rows = self.env.execute_query(getattr(company, query_method)())
        return self._o2c_report_action(model, name, ids=[row[0] for row in rows])

    def action_o2c_report_open_orders(self):
        """The company's orders, grouped by lifecycle stage."""
        company = self._o2c_report_company()
        return self._o2c_report_action(
            "sale.order",
            self.env._("Orders per Stage"),
            domain=[("company_id", "=", company.id)],
            context={"group_by": ["o2c_stage"]},
        )

    def action_o2c_report_open_credit(self):
        """The customers the credit check would hold at their next order."""
        company = self._o2c_report_company()
        return self._o2c_report_action(
            "res.partner",
            self.env._("Customers Held for Credit at Their Next Order"),
            ids=company._o2c_credit_held_partner_ids(),
        )

    def action_o2c_report_open_reminders(self):
        return self._o2c_action_open_query(
            "_o2c_reminder_report_query",
            "account.move",
            self.env._("Invoices the Next Reminder Run Takes"),
        )

    def action_o2c_report_open_reminder_history(self):
        return self._o2c_action_open_query(
            "_o2c_reminder_history_query",
            "account.move",
            self.env._("Overdue Invoices Left Alone"),
        )

    def action_o2c_report_open_auto_invoice(self):
        return self._o2c_action_open_query(
            "_o2c_auto_invoice_report_query",
            "sale.order",
            self.env._("Orders Automatic Invoicing Would Invoice"),
        )

    def action_o2c_report_open_auto_invoice_history(self):
        return self._o2c_action_open_query(
            "_o2c_auto_invoice_history_query",
            "sale.order",
            self.env._("Orders to Invoice Left Alone"),
        )

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class O2cPaymentPlanWizard(models.TransientModel):
    """Splits the open amount of a customer's invoices into instalments
    (web client, from invoices or from the customer). The plan itself is
    ``account.move.action_o2c_create_payment_plan``, which checks the
    rights, the invoices and the instalments, with the user's rights."""

    _name = "o2c.payment.plan.wizard"
    _description = "Create Payment Plan"

    move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        required=True,
        default=lambda self: self._default_move_ids(),
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_amount_open"
    )
    amount_open = fields.Monetary(string="Open Amount", compute="_compute_amount_open")
    instalment_count = fields.Integer(string="Number of Instalments", default=3)
    first_date = fields.Date(
        string="First Instalment",
        required=True,
        default=lambda self: self._default_first_date(),
    )
    interval_months = fields.Integer(string="Every (Months)", default=1)
    note = fields.Text()

    @api.model
    def _default_move_ids(self):
        context = self.env.context
        ids = context.get("active_ids") or []
        if context.get("active_model") == "account.move":
            return [fields.Command.set(ids)]
        if context.get("active_model") == "res.partner" and ids:
            # the customer's overdue invoices in the current company (the
            # user's rights: record rules apply)
            partners = self.env["res.partner"].browse(ids[:1]).commercial_partner_id
            today = fields.Date.to_date(self.env["account.move"]._o2c_today())
            moves = self.env["account.move"].search(
                [
                    ("commercial_partner_id", "=", partners.id),
                    ("company_id", "=", self.env.company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", today),
                ]
            )
            return [fields.Command.set(moves.ids)]
        return False

    @api.model
    def _default_first_date(self):
        today = fields.Date.to_date(self.env["account.move"]._o2c_today())
        return today + relativedelta(months=1)

    @api.depends("move_ids")
    def _compute_amount_open(self):
        for wizard in self:
            wizard.currency_id = wizard.move_ids.currency_id[:1]
            wizard.amount_open = sum(wizard.move_ids.mapped("amount_residual"))

    def action_create(self):
        self.ensure_one()
        # invoices the user may not read are not in move_ids (record rules)
        if not self.move_ids:
            raise UserError(self.env._("Select the invoices of the payment plan."))
        if not 1 <= self.instalment_count <= 120:
            raise ValidationError(
                self.env._("Number of Instalments: give 1 to 120 instalments.")
            )
        if not 1 <= self.interval_months <= 12:
            raise ValidationError(self.env._("Every (Months): give 1 to 12 months."))
        if len(self.move_ids.currency_id) > 1:
            raise UserError(
                self.env._("A payment plan covers invoices of one currency only.")
            )
        instalments = self.env["o2c.payment.plan"]._o2c_split(
            self.amount_open,
            self.instalment_count,
            self.first_date,
            self.interval_months,
            self.currency_id,
        )
        plan_id = self.move_ids.action_o2c_create_payment_plan(instalments, self.note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "o2c.payment.plan",
            "res_id": plan_id,
            "view_mode": "form",
            "target": "current",
        }

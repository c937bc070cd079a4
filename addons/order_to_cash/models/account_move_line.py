# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    o2c_instalment_state = fields.Selection(
        selection=[
            ("paid", "Paid"),
            ("partial", "Partially Paid"),
            ("overdue", "Overdue"),
            ("open", "Open"),
        ],
        string="Instalment Status",
        compute="_compute_o2c_instalment_state",
        help="Payment status of an instalment (a receivable line of an invoice).",
    )

    @api.depends(
        "reconciled", "amount_residual_currency", "amount_currency", "date_maturity"
    )
    def _compute_o2c_instalment_state(self):
        today = fields.Date.context_today(self)
        for line in self:
            currency = line.currency_id or line.company_currency_id
            if line.reconciled or currency.is_zero(line.amount_residual_currency):
                line.o2c_instalment_state = "paid"
            elif (
                currency.compare_amounts(
                    abs(line.amount_residual_currency), abs(line.amount_currency)
                )
                < 0
            ):
                line.o2c_instalment_state = "partial"
            elif line.date_maturity and line.date_maturity < today:
                line.o2c_instalment_state = "overdue"
            else:
                line.o2c_instalment_state = "open"

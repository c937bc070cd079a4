# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import format_date


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_back_in_stock_start_date = fields.Date(
        related="company_id.o2c_back_in_stock_start_date", readonly=False
    )
    o2c_back_in_stock_history_count = fields.Integer(
        compute="_compute_o2c_back_in_stock_history", string="Waiting Orders Left Alone"
    )
    o2c_back_in_stock_history_text = fields.Char(
        string="Include Waiting Orders", compute="_compute_o2c_back_in_stock_history"
    )

    @api.depends("company_id")
    def _compute_o2c_back_in_stock_history(self):
        for settings in self:
            company = settings.company_id
            count, _earliest = company._o2c_history(
                company._o2c_back_in_stock_history_query()
            )
            settings.o2c_back_in_stock_history_count = count
            settings.o2c_back_in_stock_history_text = self.env._(
                "Include the %(count)s orders waiting for goods from before %(date)s",
                count=count,
                date=format_date(self.env, company.o2c_back_in_stock_start_date),
            )

    def action_o2c_include_back_in_stock_history(self):
        """Back-in-stock notices go to the company's waiting orders left
        alone for their date: its start date moves back to the earliest."""
        company = self._o2c_history_company()
        company._o2c_include_history(
            "o2c_back_in_stock_start_date", company._o2c_back_in_stock_history_query()
        )
        return {"type": "ir.actions.client", "tag": "reload"}

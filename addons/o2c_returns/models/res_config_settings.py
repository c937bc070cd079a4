# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
            count, date = settings._o2c_history_values(
                "o2c_back_in_stock_start_date", "_o2c_back_in_stock_history_query"
            )
            settings.o2c_back_in_stock_history_count = count
            settings.o2c_back_in_stock_history_text = self.env._(
                "Include the %(count)s orders waiting for goods from before %(date)s",
                count=count,
                date=date,
            )

    def action_o2c_include_back_in_stock_history(self):
        """Back-in-stock notices go to the company's waiting orders left
        alone for their date: its start date moves back to the earliest."""
        return self._o2c_action_include_history(
            "o2c_back_in_stock_start_date", "_o2c_back_in_stock_history_query"
        )

    def action_o2c_report_open_back_in_stock_history(self):
        """What the addons found: the records left alone for their date."""
        return self._o2c_action_open_query(
            "_o2c_back_in_stock_history_query",
            "sale.order",
            self.env._("Orders Waiting for Goods Left Alone"),
        )

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_back_in_stock_start_date = fields.Date(
        string="Back-in-Stock Notices From",
        # evaluated at install for every existing company (its install
        # date), at creation for a new one
        default=fields.Date.context_today,
        help="Customers are told that goods they wait for are in stock again "
        "(restocked from a return) on their orders dated on or after this "
        "day; older orders are left alone until included. Set to the install "
        "date; empty: every order.",
    )

    def _o2c_back_in_stock_history_query(self):
        """Orders waiting for goods whose customers a restock would tell but
        for the company's start date: their ids and dates."""
        self.ensure_one()
        return SQL(
            """
            SELECT sale_order.id, MIN(sale_order.date_order)::date AS record_date
              FROM sale_order
              JOIN res_company company ON company.id = sale_order.company_id
              JOIN sale_order_line line ON line.order_id = sale_order.id
              JOIN stock_move move ON move.sale_line_id = line.id
             WHERE company.id = %(company)s
               AND sale_order.date_order < company.o2c_back_in_stock_start_date
               AND line.o2c_back_in_stock_notified IS NOT TRUE
               AND move.state IN ('confirmed', 'partially_available')
             GROUP BY sale_order.id
            """,
            company=self.id,
        )

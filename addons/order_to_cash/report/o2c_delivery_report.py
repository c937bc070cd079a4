# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import fields, models, tools
from odoo.tools import frozendict


class O2cDeliveryReport(models.Model):
    """On-time delivery (Termintreue) per delivered order line: analysed by
    month, customer, product and carrier."""

    _name = "o2c.delivery.report"
    _description = "On-Time Delivery Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc, id desc"
    # what the view reads: pending values are written before it is searched
    _depends = frozendict(
        {
            "sale.order": [
                "o2c_delivered_date",
                "o2c_promised_date",
                "commitment_date",
                "partner_id",
                "carrier_id",
                "user_id",
                "company_id",
                "o2c_on_time",
                "o2c_days_late",
                "state",
            ],
            "sale.order.line": [
                "order_id",
                "product_id",
                "qty_delivered",
                "display_type",
            ],
            "res.partner": ["commercial_partner_id"],
            "product.product": ["product_tmpl_id"],
            "product.template": ["categ_id", "type"],
        }
    )

    date = fields.Date(string="Delivered on", readonly=True)
    promised_date = fields.Datetime(readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    on_time = fields.Boolean(readonly=True)
    on_time_rate = fields.Float(
        string="On-Time Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of delivered order lines that arrived by the promised date.",
    )
    on_time_count = fields.Integer(string="Lines on Time", readonly=True)
    late_count = fields.Integer(string="Lines Late", readonly=True)
    days_late = fields.Integer(readonly=True, aggregator="avg")
    qty_delivered = fields.Float(string="Quantity Delivered", readonly=True)

    def _query(self):
        return sql.SQL(
            """
            SELECT
                line.id AS id,
                sale.o2c_delivered_date AS date,
                COALESCE(
                    sale.o2c_promised_date, sale.commitment_date
                ) AS promised_date,
                sale.id AS order_id,
                partner.commercial_partner_id AS partner_id,
                line.product_id AS product_id,
                template.categ_id AS categ_id,
                sale.carrier_id AS carrier_id,
                sale.user_id AS user_id,
                sale.company_id AS company_id,
                COALESCE(sale.o2c_on_time, FALSE) AS on_time,
                CASE WHEN sale.o2c_on_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
                CASE WHEN sale.o2c_on_time THEN 1 ELSE 0 END AS on_time_count,
                CASE WHEN sale.o2c_on_time THEN 0 ELSE 1 END AS late_count,
                COALESCE(sale.o2c_days_late, 0) AS days_late,
                line.qty_delivered AS qty_delivered
            FROM sale_order_line line
            JOIN sale_order sale ON sale.id = line.order_id
            JOIN res_partner partner ON partner.id = sale.partner_id
            JOIN product_product product ON product.id = line.product_id
            JOIN product_template template ON template.id = product.product_tmpl_id
            WHERE sale.o2c_delivered_date IS NOT NULL
              AND sale.state = 'sale'
              AND line.display_type IS NULL
              AND template.type = 'consu'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            sql.SQL("CREATE OR REPLACE VIEW {} AS ({})").format(
                sql.Identifier(self._table), self._query()
            )
        )

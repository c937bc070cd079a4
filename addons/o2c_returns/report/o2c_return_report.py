# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class O2cReturnReport(models.Model):
    """Delivered and returned quantities side by side, for return rates by
    product, customer and reason."""

    _name = "o2c.return.report"
    _description = "Return Rate Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    reason_id = fields.Many2one("o2c.return.reason", readonly=True)
    decision = fields.Selection(
        selection=lambda self: (
            self.env["o2c.return.line"]._fields["decision"].selection
        ),
        readonly=True,
    )
    qty_delivered = fields.Float(string="Delivered", readonly=True)
    qty_returned = fields.Float(string="Returned", readonly=True)
    return_rate = fields.Float(
        string="Return Rate (%)",
        readonly=True,
        aggregator="sum",
        help="Returned quantity per delivered quantity, in percent.",
    )

    def _read_group_select(self, aggregate_spec, query):
        # the rate of a group is the ratio of its sums, not a sum of rates
        if aggregate_spec == "return_rate:sum":
            return SQL(
                "COALESCE(100.0 * SUM(%s) / NULLIF(SUM(%s), 0), 0)",
                SQL.identifier(self._table, "qty_returned"),
                SQL.identifier(self._table, "qty_delivered"),
            )
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT row_number() OVER () AS id, data.*, 0.0 AS return_rate
                FROM (
                    SELECT sm.date AS date,
                           sm.product_id AS product_id,
                           pp.product_tmpl_id AS product_tmpl_id,
                           pt.categ_id AS categ_id,
                           COALESCE(rp.commercial_partner_id, so.partner_id)
                               AS partner_id,
                           so.id AS order_id,
                           so.company_id AS company_id,
                           NULL::integer AS reason_id,
                           NULL::varchar AS decision,
                           sm.product_qty AS qty_delivered,
                           0.0 AS qty_returned
                      FROM stock_move sm
                      JOIN stock_location dest ON dest.id = sm.location_dest_id
                      JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                      JOIN sale_order so ON so.id = sol.order_id
                      JOIN res_partner rp ON rp.id = so.partner_id
                      JOIN product_product pp ON pp.id = sm.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE sm.state = 'done'
                       AND dest.usage = 'customer'
                       AND sm.origin_returned_move_id IS NULL
                    UNION ALL
                    SELECT r.date AS date,
                           l.product_id AS product_id,
                           pp.product_tmpl_id AS product_tmpl_id,
                           pt.categ_id AS categ_id,
                           COALESCE(rp.commercial_partner_id, r.partner_id)
                               AS partner_id,
                           r.order_id AS order_id,
                           r.company_id AS company_id,
                           l.reason_id AS reason_id,
                           l.decision AS decision,
                           0.0 AS qty_delivered,
                           CASE WHEN r.state IN ('draft', 'confirmed')
                                THEN l.qty ELSE l.qty_received END
                               AS qty_returned
                      FROM o2c_return_line l
                      JOIN o2c_return r ON r.id = l.return_id
                      JOIN res_partner rp ON rp.id = r.partner_id
                      JOIN product_product pp ON pp.id = l.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE r.state != 'cancelled'
                ) AS data
            )
            """,
                SQL.identifier(self._table),
            )
        )

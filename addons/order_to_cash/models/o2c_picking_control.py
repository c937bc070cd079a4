# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class O2cPickingControl(models.Model):
    """One manual control point of one transfer, ticked by a warehouse user."""

    _name = "o2c.picking.control"
    _description = "Transfer Control Point"
    _order = "sequence, id"
    _check_company_auto = True

    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Transfer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    point_id = fields.Many2one(
        comodel_name="o2c.control.point",
        string="Control Point",
        required=True,
        ondelete="cascade",
        # a point of the transfer's company, or a shared one
        check_company=True,
    )
    name = fields.Char(related="point_id.name")
    description = fields.Text(related="point_id.description")
    sequence = fields.Integer(related="point_id.sequence", store=True)
    company_id = fields.Many2one(
        related="picking_id.company_id", store=True, index=True
    )
    is_done = fields.Boolean(string="Checked")
    done_user_id = fields.Many2one(
        comodel_name="res.users", string="Checked by", readonly=True
    )
    done_date = fields.Datetime(string="Checked on", readonly=True)

    _sql_constraints = [  # noqa: RUF012 (Odoo reads it from the class)
        (
            "point_unique",
            "unique(picking_id, point_id)",
            "A control point appears once per transfer.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_done"):
                vals.update(done_user_id=self.env.uid, done_date=fields.Datetime.now())
        return super().create(vals_list)

    def write(self, vals):
        if "is_done" in vals:
            vals = dict(vals)
            if vals["is_done"]:
                vals.update(done_user_id=self.env.uid, done_date=fields.Datetime.now())
            else:
                vals.update(done_user_id=False, done_date=False)
        return super().write(vals)

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class O2cControlPoint(models.Model):
    """A manual check a warehouse user ticks on a transfer before shipping it
    (e.g. documents enclosed, packaging intact)."""

    _name = "o2c.control.point"
    _description = "Shipment Control Point"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="What the warehouse user checks for this point."
    )
    picking_type_ids = fields.Many2many(
        comodel_name="stock.picking.type",
        string="Operation Types",
        # a company's point lists its own operation types, a shared point
        # (no company) those of any company (_check_o2c_picking_types)
        domain="[('code', '=', 'outgoing'), "
        "'|', ('company_id', '=', False), ('company_id', '=?', company_id)]",
        help="Transfers of these operation types get this point to tick before "
        "they can be validated.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        help="Leave empty to use the point in every company.",
    )

    @api.constrains("company_id", "picking_type_ids")
    def _check_o2c_picking_types(self):
        for point in self.filtered("company_id"):
            foreign = point.picking_type_ids.filtered(
                lambda t, c=point.company_id: t.company_id not in (c, t.browse())
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "The control point %(point)s of %(company)s cannot apply "
                        "to operation types of another company: %(types)s.",
                        point=point.display_name,
                        company=point.company_id.display_name,
                        types=", ".join(foreign.mapped("display_name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        points = super().create(vals_list)
        self.env.registry.clear_cache()  # _o2c_active_points_data
        return points

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # _o2c_active_points_data
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _o2c_active_points_data
        return result

    @api.model
    @tools.ormcache()
    def _o2c_active_points_data(self):
        """``{point id: (operation type ids, company id, sequence)}`` of the
        active points, in their order; cached until a point changes (every
        transfer created or validated looks them up)."""
        # sudo: the points' setup, whoever creates or validates a transfer
        points = self.sudo().search_fetch(
            [], ["picking_type_ids", "company_id", "sequence"]
        )
        return {
            point.id: (
                frozenset(point.picking_type_ids.ids),
                point.company_id.id,
                point.sequence,
            )
            for point in points
        }

    @api.model
    def _o2c_points_for_types(self, picking_types):
        """Active points of these operation types (sudoed), in their order."""
        type_ids = set(picking_types.ids)
        points = self._o2c_active_points_data()
        found = self.sudo().browse(
            point_id for point_id, data in points.items() if data[0] & type_ids
        )
        # their company as cached above: the control lines' company check
        # reads it without a query (values already read are kept)
        field = self._fields["company_id"]
        found.env.cache.insert_missing(
            found,
            field,
            [field.convert_to_cache(points[point.id][1], point) for point in found],
        )
        return found

    def _o2c_applies_to(self, picking):
        """Whether this point is to be ticked on ``picking``."""
        self.ensure_one()
        data = self._o2c_active_points_data().get(self.id)
        return bool(
            data
            and picking.picking_type_id.id in data[0]
            and data[1] in (False, picking.company_id.id)
        )

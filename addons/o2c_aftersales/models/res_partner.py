# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .o2c_followup import AFTERSALES_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    o2c_followup_exclude = fields.Boolean(
        string="No After-Sales Follow-up",
        help="Orders of this customer (or of its contacts, when set on the "
        "company) are not followed up after delivery.",
    )
    o2c_followup_count = fields.Integer(
        string="Follow-ups",
        compute="_compute_o2c_followup_stats",
        groups=AFTERSALES_GROUP,
    )
    o2c_followup_rating_avg = fields.Float(
        string="Average Rating",
        compute="_compute_o2c_followup_stats",
        digits=(16, 1),
        groups=AFTERSALES_GROUP,
        help="Average after-sales rating (1 to 5) of the customer company.",
    )

    def _compute_o2c_followup_stats(self):
        commercial = self.commercial_partner_id
        followups = self.env["o2c.followup"]
        counts = dict(
            followups._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        ratings = dict(
            followups._read_group(
                [("commercial_partner_id", "in", commercial.ids), ("rating", ">", 0)],
                ["commercial_partner_id"],
                ["rating:avg"],
            )
        )
        for partner in self:
            partner.o2c_followup_count = counts.get(partner.commercial_partner_id, 0)
            partner.o2c_followup_rating_avg = ratings.get(
                partner.commercial_partner_id, 0.0
            )

    def action_view_o2c_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "o2c_aftersales.action_o2c_followup"
        )
        action.update(
            domain=[("commercial_partner_id", "=", self.commercial_partner_id.id)],
            context={"create": False},
        )
        return action

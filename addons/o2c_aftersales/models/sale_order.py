# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .o2c_followup import AFTERSALES_GROUP

# Lifecycle stages of an order whose goods are not (all) delivered yet.
UNDELIVERED_STAGES = (
    "intake",
    "review",
    "hold",
    "confirmed",
    "production",
    "shipping",
    "cancelled",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    o2c_followup_ids = fields.One2many(
        comodel_name="o2c.followup",
        inverse_name="order_id",
        string="After-Sales Follow-ups",
        readonly=True,
        groups=AFTERSALES_GROUP,
    )
    # not tracked on the order (the follow-up has its own chatter): a
    # related field takes over the tracking of its target, which would read
    # the follow-up at every tracked change of the order
    o2c_followup_state = fields.Selection(
        related="o2c_followup_ids.state",
        string="Follow-up",
        groups=AFTERSALES_GROUP,
        tracking=False,
    )
    o2c_followup_rating = fields.Integer(
        related="o2c_followup_ids.rating",
        string="Customer Rating",
        groups=AFTERSALES_GROUP,
        tracking=False,
    )
    o2c_followup_escalated = fields.Boolean(
        string="After-Sales Escalation",
        compute="_compute_o2c_followup_escalated",
        store=True,
        index=True,
        help="The customer's after-sales rating was bad and is not resolved yet.",
    )

    @api.depends("o2c_followup_ids.state")
    def _compute_o2c_followup_escalated(self):
        for order in self:
            # sudo: the flag is shown to every order user, the follow-up
            # itself only to after-sales staff
            order.o2c_followup_escalated = any(
                state == "escalated"
                for state in order.sudo().o2c_followup_ids.mapped("state")
            )

    def _o2c_on_stage_change(self, previous_stages):
        result = super()._o2c_on_stage_change(previous_stages)
        # the orders whose goods have just been delivered: those moving on
        # from invoicing to payment to done were looked at already
        delivered = self.filtered(
            lambda o: (
                o.o2c_stage not in UNDELIVERED_STAGES
                and (previous_stages.get(o.id) or "intake") in UNDELIVERED_STAGES
            )
        )
        self.env["o2c.followup"]._o2c_schedule_for_orders(delivered)
        return result

    def _o2c_followup_goods_lines(self):
        return self.order_line.filtered(lambda line: line._o2c_is_deliverable())

    def _o2c_followup_outgoing_pickings(self):
        """Done deliveries of the order to the customer, returns left out."""
        fulfilment = self.env["o2c.order.fulfilment"]
        return fulfilment._o2c_outgoing_pickings(self).filtered(
            lambda p: p.state == "done"
        )

    def _o2c_followup_service_lines(self):
        """Services rendered in the process (step 4), which are followed up
        as goods are."""
        return self.order_line.filtered(lambda line: line._o2c_is_service_to_render())

    def _o2c_followup_fully_delivered(self):
        """All goods delivered and all services rendered: goods to ship or
        services to render, none open, and a done delivery for the goods.

        Orders with neither (services invoiced on order only) are not
        followed up: nothing is delivered or rendered.
        """
        self.ensure_one()
        goods = self._o2c_followup_goods_lines()
        if not goods and not self._o2c_followup_service_lines():
            return False
        if self.env["o2c.order.stage"]._o2c_get_delivery_stage(self):
            return False
        return not goods or bool(self._o2c_followup_outgoing_pickings())

    def _o2c_followup_products(self):
        """Delivered products and rendered services the follow-up asks about
        (exclusions left out)."""
        self.ensure_one()
        lines = self._o2c_followup_goods_lines() | self._o2c_followup_service_lines()
        return lines.product_id.filtered(lambda p: not p.o2c_followup_exclude)

    def _o2c_followup_delivery_date(self):
        self.ensure_one()
        dates = self._o2c_followup_outgoing_pickings().mapped("date_done")
        return max(dates) if dates else fields.Datetime.now()

    def action_view_o2c_followup(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "o2c_aftersales.action_o2c_followup"
        )
        action.update(
            domain=[("order_id", "=", self.id)],
            context={"create": False},
        )
        if len(self.o2c_followup_ids) == 1:
            action.update(
                view_mode="form",
                res_id=self.o2c_followup_ids.id,
                views=[(False, "form")],
            )
        return action

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, models


class O2cReturn(models.Model):
    _inherit = "o2c.return"

    @api.model
    def _o2c_demo_create_return(self):
        """Demo mode: a return of the completed demo order, received and
        waiting for its inspection. Called once by the addon's demo data."""
        order = self.env["sale.order"]._o2c_demo_order("done")
        if not order or order.o2c_return_ids:
            return True
        # the demo return is handled by the administrator, a returns user
        rma = self.with_user(self.env.ref("base.user_admin")).create(
            {
                "order_id": order.id,
                "description": "Zwei Lager laufen rau, bitte prüfen.",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": order.order_line[:1].product_id.id,
                            "qty": 2,
                            "reason_id": self.env.ref(
                                "o2c_returns.reason_defective"
                            ).id,
                        }
                    )
                ],
            }
        )
        rma.action_confirm()
        rma.action_receive()
        return True

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import O2cCommon


class O2cFulfilmentCommon(O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)
        cls._put_in_stock(cls.goods_2, 100)
        cls.out_type = cls.warehouse.out_type_id
        cls.carrier_product = cls._create_product(
            name="Versand", type="service", lst_price=0.0
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Paketdienst",
                "delivery_type": "fixed",
                "product_id": cls.carrier_product.id,
                "tracking_url": "https://track.example.com/?id=<shipmenttrackingnumber>",
                "company_id": cls.company.id,
            }
        )

    def _confirmed_order(self, lines=None, **values):
        order = self._create_order(lines or [(self.goods, 5)], **values)
        self._confirm(order)
        return order

    def _picking(self, order, user=None):
        """The order's open delivery, as ``user`` (the warehouse user)."""
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        self.assertEqual(len(picking), 1)
        return picking.with_user(user or self.stock_user)

    def _pick(self, picking, quantities=None):
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = (quantities or {}).get(
                move.product_id, move.product_uom_qty
            )
            move.picked = True
        return picking

    def _control_point(self, name="Lieferschein beigelegt", **values):
        return self.env["o2c.control.point"].create(
            {
                "name": name,
                "picking_type_ids": [Command.link(self.out_type.id)],
                **values,
            }
        )

    def _shipping_messages(self, picking):
        # the mail is queued at validation; the cron worker sends it
        self._send_queued_mails()
        template = self.env.ref("order_to_cash.mail_template_o2c_shipping_confirmation")
        subject = template._render_field("subject", picking.ids)[picking.id]
        return picking.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.subject == subject
        )


@tagged("post_install", "-at_install")
class TestO2cControl(O2cFulfilmentCommon):
    def test_complete_picking_passes_control_at_validation(self):
        order = self._confirmed_order([(self.goods, 5), (self.goods_2, 2)])
        picking = self._picking(order)
        self.assertTrue(picking.o2c_control_required)
        self.assertEqual(picking.o2c_control_state, "todo")
        self.assertFalse(picking.o2c_control_ids)
        with freeze_time("2026-03-03 10:00:00"):
            self.assertIs(self._pick(picking).button_validate(), True)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.o2c_control_state, "passed")
        self.assertEqual(picking.o2c_control_user_id, self.stock_user)
        self.assertEqual(
            picking.o2c_control_date, fields.Datetime.to_datetime("2026-03-03 10:00:00")
        )
        self.assertEqual(order.o2c_stage, "invoicing")

    def test_control_passed_by_hand_keeps_its_author_at_validation(self):
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        with freeze_time("2026-03-03 10:00:00"):
            self.assertIs(picking.action_o2c_control_pass(), True)
        packer = self._company_user(
            login="o2c_packer", name="Paul Pack", groups="stock.group_stock_user"
        )
        with freeze_time("2026-03-03 11:30:00"):
            picking.with_user(packer).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.o2c_control_state, "passed")
        # who checked the shipment, not who validated it
        self.assertEqual(picking.o2c_control_user_id, self.stock_user)
        self.assertEqual(
            picking.o2c_control_date, fields.Datetime.to_datetime("2026-03-03 10:00:00")
        )

    def test_gate_refuses_validation_while_a_point_is_open(self):
        point = self._control_point()
        self._control_point("Verpackung unbeschädigt")
        self._control_point("Nur Wareneingang", active=False)
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        self.assertEqual(
            picking.o2c_control_ids.mapped("name"),
            ["Lieferschein beigelegt", "Verpackung unbeschädigt"],
        )
        with self.assertRaisesRegex(UserError, "Lieferschein beigelegt"):
            picking.button_validate()
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(order.o2c_stage, "shipping")
        # passing by hand is refused too while points are open
        with self.assertRaisesRegex(UserError, "Verpackung unbeschädigt"):
            picking.action_o2c_control_pass()
        self.assertEqual(picking.o2c_control_state, "todo")

        line = picking.o2c_control_ids.filtered(lambda c: c.point_id == point)
        line.is_done = True
        self.assertEqual(line.done_user_id, self.stock_user)
        with self.assertRaisesRegex(UserError, "Verpackung unbeschädigt") as error:
            picking.button_validate()
        self.assertNotIn("Lieferschein", str(error.exception))
        (picking.o2c_control_ids - line).is_done = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.o2c_control_state, "passed")

    def test_points_added_later_reach_open_transfers(self):
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        self.assertFalse(picking.o2c_control_ids)
        self._control_point("Zertifikat beigelegt")
        with self.assertRaisesRegex(UserError, "Zertifikat beigelegt"):
            picking.button_validate()
        self.assertEqual(picking.o2c_control_ids.name, "Zertifikat beigelegt")
        # an archived point no longer blocks
        picking.o2c_control_ids.point_id.sudo().active = False
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_gate_holds_for_every_validation_path(self):
        self._control_point()
        order = self._confirmed_order([(self.goods, 10)])
        picking = self._pick(self._picking(order))
        # another module's code validating directly
        with self.assertRaisesRegex(UserError, "cannot be shipped"):
            picking._action_done()
        # the backorder wizard of a partial shipment
        self._pick(picking, {self.goods: 4})
        action = picking.button_validate()
        self.assertEqual(action["res_model"], "stock.backorder.confirmation")
        wizard = Form(
            self.env["stock.backorder.confirmation"]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        ).save()
        with self.assertRaisesRegex(UserError, "Lieferschein beigelegt"):
            wizard.process()
        with self.assertRaisesRegex(UserError, "Lieferschein beigelegt"):
            wizard.process_cancel_backorder()
        self.assertEqual(picking.state, "assigned")

    def test_failed_control_keeps_reason_and_notifies_the_salesperson(self):
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        self.assertIs(
            picking.action_o2c_control_fail("  2 Kartons beschädigt, Ersatz bestellt "),
            True,
        )
        self.assertEqual(picking.o2c_control_state, "failed")
        self.assertEqual(
            picking.o2c_control_reason, "2 Kartons beschädigt, Ersatz bestellt"
        )
        self.assertEqual(picking.o2c_control_user_id, self.stock_user)
        activity = picking.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("order_to_cash.mail_activity_type_o2c_control_failed"),
        )
        self.assertIn("2 Kartons beschädigt", str(activity.note))
        self.assertIn("2 Kartons beschädigt", picking.message_ids[:1].body)
        self.assertFalse(picking.o2c_can_control_fail)
        self.assertTrue(picking.o2c_can_control_pass)
        # the failed control blocks every validation
        with self.assertRaisesRegex(UserError, "2 Kartons beschädigt"):
            picking.button_validate()
        self.assertEqual(order.o2c_stage, "shipping")
        # resolved: the warehouse passes the control, then ships
        picking.action_o2c_control_pass()
        self.assertEqual(picking.o2c_control_state, "passed")
        # its follow-up is done
        self.assertFalse(picking.activity_ids)
        self.assertIn(
            "Shipment control passed.",
            picking.message_ids.filtered("mail_activity_type_id")[:1].body,
        )
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.o2c_stage, "invoicing")

    def test_fail_needs_a_reason_and_a_warehouse_user(self):
        order = self._confirmed_order()
        picking = self._picking(order)
        for reason in ("", "   ", None, 42, ["kaputt"]):
            with self.assertRaisesRegex(ValidationError, "reason"):
                picking.action_o2c_control_fail(reason)
        self.assertEqual(picking.o2c_control_state, "todo")
        self.assertFalse(picking.activity_ids)
        with self.assertRaises(AccessError):
            picking.with_user(self.invoice_user).action_o2c_control_fail("kaputt")
        with self.assertRaises(AccessError):
            picking.with_user(self.salesman).action_o2c_control_pass()

    def test_incomplete_quantities_fail_from_the_backorder_wizard(self):
        order = self._confirmed_order([(self.goods, 10)])
        picking = self._pick(self._picking(order), {self.goods: 7})
        action = picking.button_validate()
        wizard = (
            self.env["stock.backorder.confirmation"]
            .with_user(self.stock_user)
            .with_context(**action["context"])
            .create({})
        )
        self.assertTrue(wizard.o2c_can_control_fail)
        fail_action = wizard.action_o2c_control_fail()
        fail = (
            self.env[fail_action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**fail_action["context"])
            .create({"reason": "3 Stück fehlen: Reklamation beim Lieferanten"})
        )
        self.assertEqual(fail.picking_ids, picking)
        fail.action_confirm()
        self.assertEqual(picking.o2c_control_state, "failed")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.activity_ids.user_id, self.salesman)

    def test_incomplete_quantities_ship_with_a_backorder(self):
        order = self._confirmed_order([(self.goods, 10)])
        picking = self._pick(self._picking(order), {self.goods: 7})
        action = picking.button_validate()
        wizard = (
            self.env["stock.backorder.confirmation"]
            .with_user(self.stock_user)
            .with_context(**action["context"])
            .create({})
        )
        wizard.process()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.o2c_control_state, "passed")
        backorder = self._picking(order)
        self.assertEqual(backorder.backorder_id, picking)
        self.assertEqual(backorder.o2c_control_state, "todo")
        self.assertEqual(order.o2c_stage, "shipping")
        self._pick(backorder).button_validate()
        self.assertEqual(backorder.o2c_control_state, "passed")
        self.assertEqual(order.o2c_stage, "invoicing")

    def test_lots_are_an_automatic_point(self):
        tracked = self._create_product(
            name="Sensor", type="consu", is_storable=True, tracking="lot"
        )
        lot = self.env["stock.lot"].create(
            {"name": "L-0001", "product_id": tracked.id, "company_id": self.company.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            tracked, self.stock_location, 5, lot_id=lot
        )
        order = self._confirmed_order([(tracked, 2)])
        picking = self._pick(self._picking(order))
        picking.move_line_ids.lot_id = False
        with self.assertRaisesRegex(UserError, "lot/serial number missing for Sensor"):
            picking._action_done()
        picking.move_line_ids.lot_id = lot
        picking._action_done()
        self.assertEqual(picking.o2c_control_state, "passed")

    def test_receipts_returns_and_unchecked_types_are_not_gated(self):
        self._control_point()
        in_type = self.warehouse.in_type_id
        receipt = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": in_type.id,
                    "partner_id": self.customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.goods.name,
                                "product_id": self.goods.id,
                                "product_uom_qty": 3,
                                "location_id": in_type.default_location_src_id.id,
                                "location_dest_id": self.stock_location.id,
                            }
                        )
                    ],
                }
            )
        )
        self.assertFalse(receipt.o2c_control_required)
        self.assertFalse(receipt.o2c_control_state)
        receipt.action_confirm()
        self._pick(receipt).button_validate()
        self.assertEqual(receipt.state, "done")

        order = self._confirmed_order([(self.goods, 3)])
        delivery = self._picking(order)
        delivery.o2c_control_ids.is_done = True
        self._pick(delivery).button_validate()
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_model="stock.picking", active_id=delivery.id)
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        return_picking = (
            self.env["stock.picking"]
            .browse(wizard.action_create_returns()["res_id"])
            .with_user(self.stock_user)
        )
        self.assertFalse(return_picking.o2c_control_required)
        self._pick(return_picking).button_validate()
        self.assertEqual(return_picking.state, "done")

        # an operation type without control
        self.out_type.o2c_control_required = False
        order = self._confirmed_order([(self.goods, 1)])
        picking = self._picking(order)
        self.assertFalse(picking.o2c_control_required)
        self.assertFalse(picking.o2c_control_ids)
        self._pick(picking).button_validate()
        self.assertEqual(picking.state, "done")
        with self.assertRaisesRegex(UserError, "No completeness control"):
            picking.action_o2c_control_pass()

    def test_control_cannot_be_written_by_hand(self):
        self._control_point()
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        for vals in (
            {"o2c_control_state": "passed"},
            {"o2c_shipping_mail_sent": True},
            {"o2c_control_reason": "egal"},
        ):
            with self.assertRaisesRegex(UserError, "action_o2c_control_pass"):
                picking.write(vals)
            # the context key the control actions use, sent by a caller
            with self.assertRaisesRegex(UserError, "action_o2c_control_pass"):
                picking.with_context(o2c_protected_write=True).write(vals)
        self.assertEqual(picking.o2c_control_state, "todo")
        with self.assertRaisesRegex(UserError, "Lieferschein"):
            picking.button_validate()

    def test_control_type_default(self):
        self.assertTrue(self.out_type.o2c_control_required)
        self.assertFalse(self.warehouse.in_type_id.o2c_control_required)
        self.assertFalse(self.warehouse.int_type_id.o2c_control_required)


@tagged("post_install", "-at_install")
class TestO2cShipping(O2cFulfilmentCommon):
    def test_one_shipping_confirmation_with_tracking_numbers(self):
        order = self._confirmed_order(
            [(self.goods, 5), (self.goods_2, 2)], carrier_id=self.carrier.id
        )
        picking = self._picking(order)
        picking.carrier_tracking_ref = "00340434161094015902, 00340434161094015903"
        links = picking.get_o2c_tracking_links()
        self.assertEqual(
            links,
            [
                {
                    "number": "00340434161094015902",
                    "url": "https://track.example.com/?id=00340434161094015902",
                },
                {
                    "number": "00340434161094015903",
                    "url": "https://track.example.com/?id=00340434161094015903",
                },
            ],
        )
        # the core form shows a JSON list of links as several trackers
        self.assertEqual(
            json.loads(picking.carrier_tracking_url),
            [[link["number"], link["url"]] for link in links],
        )
        self._pick(picking).button_validate()
        self.assertTrue(picking.o2c_shipping_mail_sent)
        messages = self._shipping_messages(picking)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.partner_ids, self.customer)
        body = messages.body
        for text in (
            "Kugellager 6204",
            "Welle 20 mm",
            order.name,
            "https://track.example.com/?id=00340434161094015902",
            "00340434161094015903",
        ):
            self.assertIn(text, body)
        # an e-mail goes to the customer: its notification, not the mail.mail
        # (Odoo's test runner sends that at once and deletes it; pytest-odoo
        # fails to connect and keeps it)
        self.assertEqual(
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "=", messages.id),
                    ("notification_type", "=", "email"),
                ]
            )
            .res_partner_id,
            self.customer,
        )
        # re-processing the done transfer sends nothing more
        picking._send_confirmation_email()
        picking._action_done()
        self.assertEqual(len(self._shipping_messages(picking)), 1)

    def test_single_tracking_number_and_none(self):
        order = self._confirmed_order(carrier_id=self.carrier.id)
        picking = self._picking(order)
        self.assertEqual(picking.get_o2c_tracking_links(), [])
        picking.carrier_tracking_ref = "JJD0001"
        self.assertEqual(
            picking.get_o2c_tracking_links(),
            [{"number": "JJD0001", "url": "https://track.example.com/?id=JJD0001"}],
        )

    def test_backorder_mails_for_itself(self):
        order = self._confirmed_order([(self.goods, 10)])
        picking = self._pick(self._picking(order), {self.goods: 6})
        picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(len(self._shipping_messages(picking)), 1)
        backorder = self._picking(order)
        self.assertFalse(backorder.o2c_shipping_mail_sent)
        self.assertFalse(self._shipping_messages(backorder))
        self._pick(backorder).button_validate()
        self.assertEqual(len(self._shipping_messages(backorder)), 1)
        self.assertEqual(len(self._shipping_messages(picking)), 1)

    def test_no_mail_when_switched_off_or_inventory_mails(self):
        self.company.o2c_shipping_confirmation = False
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        picking.button_validate()
        self.assertFalse(picking.o2c_shipping_mail_sent)
        self.assertFalse(self._shipping_messages(picking))
        # Inventory's own confirmation e-mail is on: the customer gets that
        # one only
        self.company.o2c_shipping_confirmation = True
        self.company.stock_move_email_validation = True
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        picking.button_validate()
        self.assertFalse(picking.o2c_shipping_mail_sent)
        self.assertFalse(self._shipping_messages(picking))
        self.assertEqual(
            len(
                picking.message_ids.filtered(
                    lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
                )
            ),
            1,
        )

    def test_mark_delivered(self):
        with freeze_time("2026-03-03 10:00:00"):
            order = self._confirmed_order()
            picking = self._picking(order)
            with self.assertRaisesRegex(UserError, "Only shipped deliveries"):
                picking.action_o2c_mark_delivered("2026-03-03")
            self._pick(picking).button_validate()
            # nothing is delivered in the future
            with self.assertRaisesRegex(ValidationError, "2026-03-04 is in the future"):
                picking.action_o2c_mark_delivered("2026-03-04")
            self.assertFalse(picking.o2c_delivered_date)
        self.assertIs(picking.action_o2c_mark_delivered("2026-03-05"), True)
        self.assertEqual(picking.o2c_delivered_date, fields.Date.to_date("2026-03-05"))
        picking.action_o2c_mark_delivered("2026-03-06T09:30:00")
        self.assertEqual(picking.o2c_delivered_date, fields.Date.to_date("2026-03-06"))
        for garbage in ("gestern", "2026-13-01", "2026-03-0", 20260305, ["2026-03-05"]):
            with self.assertRaisesRegex(ValidationError, "date"):
                picking.action_o2c_mark_delivered(garbage)
        with self.assertRaisesRegex(ValidationError, "shipped on 2026-03-03"):
            picking.action_o2c_mark_delivered("2026-03-01")
        self.assertEqual(picking.o2c_delivered_date, fields.Date.to_date("2026-03-06"))
        with freeze_time("2026-03-07 12:00:00"):
            picking.action_o2c_mark_delivered()
        self.assertEqual(picking.o2c_delivered_date, fields.Date.to_date("2026-03-07"))

    def test_delivered_date_cannot_be_written_by_hand(self):
        with freeze_time("2026-03-03 10:00:00"):
            order = self._confirmed_order()
            picking = self._picking(order)
            self._pick(picking).button_validate()
        refused = "o2c_delivered_date.*action_o2c_mark_delivered"
        # neither by the warehouse, nor by an administrator, nor with a
        # context key an RPC caller could send, nor for an open transfer
        for target in (
            picking,
            picking.with_user(self.env.ref("base.user_admin")),
            picking.with_context(o2c_protected_write=True),
        ):
            for value in ("2026-03-01", False):
                with self.assertRaisesRegex(UserError, refused):
                    target.write({"o2c_delivered_date": value})
        self.assertFalse(picking.o2c_delivered_date)
        with self.assertRaisesRegex(UserError, refused):
            picking.copy({"o2c_delivered_date": "2026-03-04"})
        # the action records it, with its checks
        picking.action_o2c_mark_delivered("2026-03-04")
        self.assertEqual(picking.o2c_delivered_date, fields.Date.to_date("2026-03-04"))
        self.assertEqual(order.o2c_delivered_date, fields.Date.to_date("2026-03-04"))
        # other fields are written as before
        picking.write({"carrier_tracking_ref": "TRK-9"})
        self.assertEqual(picking.carrier_tracking_ref, "TRK-9")


@tagged("post_install", "-at_install")
class TestO2cOnTime(O2cFulfilmentCommon):
    def _ship(self, order, when):
        with freeze_time(when):
            picking = self._picking(order)
            self._pick(picking).button_validate()
        return picking

    def test_on_time_then_late_by_the_carrier_date(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._confirmed_order(commitment_date="2026-03-05 12:00:00")
        self.assertFalse(order.o2c_delivered_date)
        picking = self._ship(order, "2026-03-04 10:00:00")
        self.assertEqual(order.o2c_delivered_date, fields.Date.to_date("2026-03-04"))
        self.assertTrue(order.o2c_on_time)
        self.assertEqual(order.o2c_days_late, 0)
        # the carrier reports the delivery three days after the promise
        picking.action_o2c_mark_delivered("2026-03-08")
        self.assertEqual(order.o2c_delivered_date, fields.Date.to_date("2026-03-08"))
        self.assertFalse(order.o2c_on_time)
        self.assertEqual(order.o2c_days_late, 3)

    def test_promised_date_wins_and_partial_shipments_count_at_the_end(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._confirmed_order(
                [(self.goods, 10)], commitment_date="2026-03-20 12:00:00"
            )
        order.sudo()._o2c_action_write({"o2c_promised_date": "2026-03-06 12:00:00"})
        with freeze_time("2026-03-04 10:00:00"):
            picking = self._pick(self._picking(order), {self.goods: 4})
            picking.with_context(skip_backorder=True).button_validate()
        # partly shipped: not delivered yet
        self.assertFalse(order.o2c_delivered_date)
        self._ship(order, "2026-03-09 10:00:00")
        self.assertEqual(order.o2c_delivered_date, fields.Date.to_date("2026-03-09"))
        self.assertFalse(order.o2c_on_time)
        self.assertEqual(order.o2c_days_late, 3)

    def test_expected_date_is_the_last_fallback(self):
        self.goods.sale_delay = 2
        with freeze_time("2026-03-02 09:00:00"):
            order = self._confirmed_order()
            self.assertFalse(order.commitment_date)
            self.assertEqual(
                order.expected_date.date(), fields.Date.to_date("2026-03-04")
            )
        self._ship(order, "2026-03-05 10:00:00")
        self.assertFalse(order.o2c_on_time)
        self.assertEqual(order.o2c_days_late, 1)

    def test_on_time_rate_by_month_customer_product_and_carrier(self):
        other_carrier = self.carrier.copy({"name": "Spedition"})
        other_customer = self.customer.copy({"name": "Kunde Schmidt KG"})
        with freeze_time("2026-03-02 09:00:00"):
            on_time = self._confirmed_order(
                [(self.goods, 1), (self.goods_2, 1)],
                commitment_date="2026-03-10 12:00:00",
                carrier_id=self.carrier.id,
            )
            late = self._confirmed_order(
                [(self.goods, 1)],
                partner=other_customer,
                commitment_date="2026-03-03 12:00:00",
                carrier_id=other_carrier.id,
            )
        self._ship(on_time, "2026-03-04 10:00:00")
        self._ship(late, "2026-04-01 10:00:00")
        self.env.flush_all()
        report = self.env["o2c.delivery.report"].with_user(self.salesman)
        domain = [("order_id", "in", (on_time + late).ids)]

        def rates(groupby):
            return {
                key: rate
                for key, rate in report._read_group(
                    domain, [groupby], ["on_time_rate:avg"]
                )
            }

        self.assertEqual(rates("carrier_id"), {self.carrier: 100.0, other_carrier: 0.0})
        self.assertEqual(
            rates("partner_id"), {self.customer: 100.0, other_customer: 0.0}
        )
        by_product = rates("product_id")
        self.assertEqual(by_product[self.goods], 50.0)
        self.assertEqual(by_product[self.goods_2], 100.0)
        by_month = {
            key.strftime("%Y-%m"): rate
            for key, rate in report._read_group(
                domain, ["date:month"], ["on_time_rate:avg"]
            )
        }
        self.assertEqual(by_month, {"2026-03": 100.0, "2026-04": 0.0})
        [(days_late,)] = report._read_group(domain, [], ["days_late:max"])
        self.assertEqual(days_late, 29)


@tagged("post_install", "-at_install")
class TestO2cProduction(O2cFulfilmentCommon):
    def test_production_stage_shows_the_waiting_procurement(self):
        special = self._create_product(
            name="Sonderanfertigung", type="consu", is_storable=True, lst_price=250.0
        )
        order = self._confirmed_order([(special, 2)])
        self.assertEqual(order.o2c_stage, "production")
        delivery = self._picking(order)
        self.assertEqual(delivery.state, "confirmed")
        # purchasing books the supplier's delivery for the order
        in_type = self.warehouse.in_type_id
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": in_type.id,
                "scheduled_date": "2026-04-15 08:00:00",
                "move_ids": [
                    Command.create(
                        {
                            "name": special.name,
                            "product_id": special.id,
                            "product_uom_qty": 2,
                            "location_id": in_type.default_location_src_id.id,
                            "location_dest_id": self.stock_location.id,
                            "move_dest_ids": [Command.link(delivery.move_ids.id)],
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        order = order.with_user(self.salesman)
        order.invalidate_recordset()
        self.assertEqual(order.o2c_waiting_for, receipt.display_name)
        self.assertEqual(
            order.o2c_waiting_date, fields.Datetime.to_datetime("2026-04-15 08:00:00")
        )
        self.assertEqual(order.o2c_stage, "production")
        # the goods arrive: the delivery is ready, the order moves to shipping
        self._pick(receipt.with_user(self.stock_user)).button_validate()
        self.assertEqual(delivery.state, "assigned")
        order.invalidate_recordset()
        self.assertFalse(order.o2c_waiting_for)
        self.assertEqual(order.o2c_stage, "shipping")
        self._pick(delivery).button_validate()
        self.assertEqual(order.o2c_stage, "invoicing")
        self.assertEqual(
            self._stages(order), ["intake", "production", "shipping", "invoicing"]
        )

    def test_goods_from_stock_name_the_receipts_the_forecast_counts_on(self):
        """Goods taken from stock wait for the receipts the forecast counts
        on, each line for its own product and date (not a later receipt),
        found with one search for the warehouse however many lines."""
        products = [
            self._create_product(
                name=f"Lagerware {index}", type="consu", is_storable=True
            )
            for index in range(3)
        ]
        now = fields.Datetime.now()
        first = self._receipt(products[0], 5, now + timedelta(days=5))
        second = self._receipt(products[1], 5, now + timedelta(days=10))
        later = self._receipt(products[0], 5, now + timedelta(days=60))
        (first | second | later).action_confirm()
        order = self._confirmed_order([(product, 2) for product in products[:2]])
        self.assertEqual(order.o2c_stage, "production")
        order = order.with_user(self.salesman)
        self.assertEqual(
            order.o2c_waiting_for.split(", "),
            [first.display_name, second.display_name],
        )
        self.assertNotIn(later.display_name, order.o2c_waiting_for)
        # the supply of one line or of three costs the same queries
        self._receipt(products[2], 5, now + timedelta(days=12)).action_confirm()
        order3 = self._confirmed_order([(product, 2) for product in products])
        moves3 = self._picking(order3).move_ids
        moves3._o2c_get_supply_moves()  # warm the caches
        counts = []
        for moves in (moves3[:1], moves3):
            start = self.env.cr.sql_log_count
            moves._o2c_get_supply_moves()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])

    def test_failed_control_keeps_the_order_in_shipping(self):
        order = self._confirmed_order()
        self._picking(order).action_o2c_control_fail("Etikett fehlt")
        self.assertEqual(order.o2c_stage, "shipping")


@tagged("post_install", "-at_install")
class TestO2cFulfilmentViews(O2cFulfilmentCommon):
    def test_views_load(self):
        for user, model, modes in (
            (self.stock_user, "stock.picking", ("form", "list", "search")),
            (self.stock_user, "o2c.control.point", ("form", "list", "search")),
            (self.stock_user, "o2c.control.fail.wizard", ("form",)),
            (self.stock_user, "stock.backorder.confirmation", ("form",)),
            (self.stock_user, "stock.picking.type", ("form",)),
            (
                self.salesman,
                "o2c.delivery.report",
                ("pivot", "graph", "list", "search"),
            ),
            (self.salesman, "sale.order", ("form", "list", "search")),
        ):
            result = (
                self.env[model]
                .with_user(user)
                .get_views([(False, mode) for mode in modes])
            )
            self.assertTrue(result["views"])
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.salesman)
            ._for_xml_id("order_to_cash.o2c_delivery_report_action")
        )
        self.assertEqual(action["res_model"], "o2c.delivery.report")


@tagged("post_install", "-at_install")
class TestO2cWarehouseWithoutEmail(O2cFulfilmentCommon):
    """Shop-floor accounts often have no e-mail address: mail refuses such an
    author, so the control's notices go out in the company's name (Odoo's own
    notes on backorders and returns still need the user's address)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user.email = False
        cls.company.email = "lager@firma.example.com"

    def test_fail_and_pass_a_control(self):
        order = self._confirmed_order()
        picking = self._pick(self._picking(order))
        picking.action_o2c_control_fail("Karton fehlt")
        self.assertEqual(picking.o2c_control_state, "failed")
        notice = picking.message_ids.filtered(lambda m: "Karton fehlt" in str(m.body))
        self.assertEqual(notice.author_id, self.company.partner_id)
        activity = picking.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.create_uid, self.stock_user)
        picking.action_o2c_control_pass()
        self.assertEqual(picking.o2c_control_state, "passed")
        self.assertFalse(picking.activity_ids)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_validation_sends_the_shipping_confirmation(self):
        order = self._confirmed_order(carrier_id=self.carrier.id)
        picking = self._pick(self._picking(order))
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        message = self._shipping_messages(picking)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.company.partner_id)
        self.assertIn("lager@firma.example.com", message.email_from)

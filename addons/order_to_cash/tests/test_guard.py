# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The guard: protected fields and every door into confirmation.

Each test is the attack first, as the least-privileged user who could try
it, then what must hold: refused with a clear message, nothing changed.
"""

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_review import O2cReviewCommon

ORDER_FIELDS = {
    "o2c_stage": "done",
    "o2c_promised_date": "2030-01-01 00:00:00",
    "o2c_notified_promised_date": "2030-01-01 00:00:00",
    "o2c_promised_date_previous": "2030-01-01 00:00:00",
    "o2c_promise_change_reason": "supply",
    "o2c_promise_checked_on": "2030-01-01",
    "o2c_review_date": "2030-01-01 00:00:00",
    "o2c_review_fingerprint": "forged",
    "o2c_delivered_date": "2026-01-01",
    "o2c_on_time": True,
    "o2c_days_late": 0,
    "o2c_invoice_error": "nothing",
}


@tagged("post_install", "-at_install")
class TestO2cGuardFields(O2cReviewCommon):
    def test_salesman_cannot_write_protected_order_fields(self):
        order = self._create_order([(self.goods, 5)])
        self._review(order)
        before = {name: order[name] for name in ORDER_FIELDS}
        as_salesman = order.with_user(self.salesman)
        for name, value in ORDER_FIELDS.items():
            with (
                self.subTest(field=name),
                self.assertRaisesRegex(UserError, f"\\({name}\\)"),
            ):
                as_salesman.write({name: value})
        self.assertEqual({name: order[name] for name in ORDER_FIELDS}, before)

    def test_protected_fields_refused_at_create_and_defaults_ignored(self):
        env = self.env(user=self.salesman)
        values = {
            "partner_id": self.customer.id,
            "order_line": [Command.create({"product_id": self.goods.id})],
        }
        with self.assertRaisesRegex(UserError, "o2c_promised_date"):
            env["sale.order"].create(
                {**values, "o2c_promised_date": "2030-01-01 00:00:00"}
            )
        order = (
            env["sale.order"]
            .with_context(
                default_o2c_promised_date="2030-01-01 00:00:00",
                default_o2c_review_fingerprint="forged",
                default_o2c_invoice_error="forged",
            )
            .create(values)
        )
        self.assertFalse(order.o2c_promised_date)
        self.assertFalse(order.o2c_review_fingerprint)
        self.assertFalse(order.o2c_invoice_error)

    def test_findings_and_lines_cannot_be_written_even_by_the_superuser(self):
        self._set_credit_limit(100.0)
        order = self._create_order([(self.goods, 10)])
        self._review(order)
        finding = order.o2c_check_ids._o2c_open_blocking()
        self.assertTrue(finding)
        with self.assertRaisesRegex(UserError, "released"):
            finding.sudo().write({"released": True})
        with self.assertRaisesRegex(UserError, "o2c_check_ids"):
            order.sudo().write(
                {"o2c_check_ids": [Command.update(finding.id, {"released": True})]}
            )
        with self.assertRaisesRegex(UserError, "o2c_promised_date"):
            order.order_line.with_user(self.salesman).write(
                {"o2c_promised_date": "2030-01-01 00:00:00"}
            )
        self._commit_stage_log()
        with self.assertRaisesRegex(UserError, "stage"):
            order.o2c_stage_log_ids[:1].sudo().write({"stage": "done"})
        self.assertFalse(finding.released)
        self.assertEqual(order.o2c_stage, "hold")

    def test_warehouse_cannot_write_control_and_accountant_reminders(self):
        order = self._create_order([(self.goods, 5)])
        self._confirm(order)
        picking = order.picking_ids.with_user(self.stock_user)
        for name, value in (
            ("o2c_control_state", "passed"),
            ("o2c_control_reason", "ok"),
            ("o2c_delivered_date", "2026-01-01"),
            ("o2c_shipping_mail_sent", True),
        ):
            with self.subTest(field=name), self.assertRaisesRegex(UserError, name):
                picking.write({name: value})
        self.assertEqual(picking.o2c_control_state, "todo")
        # nor done by a write: only the validation runs the control gate
        with self.assertRaisesRegex(UserError, "button_validate"):
            picking.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "button_validate"):
            picking.move_ids.write({"state": "done", "quantity": 5})
        self.assertNotIn("done", picking.move_ids.mapped("state"))
        self.assertNotEqual(picking.state, "done")
        invoice = self._posted_invoice(self.customer, "2026-01-01", 100.0)
        level = self.env["o2c.reminder.level"].search([], limit=1)
        for name, value in (
            ("o2c_reminder_level_id", level.id),
            ("o2c_last_reminder_date", "2026-01-02"),
            ("o2c_reminder_error", "forged"),
        ):
            with self.subTest(field=name), self.assertRaisesRegex(UserError, name):
                invoice.with_user(self.invoice_user).write({name: value})
        self.assertFalse(invoice.o2c_reminder_level_id)


@tagged("post_install", "-at_install")
class TestO2cGuardConfirmation(O2cReviewCommon):
    def _held_order(self):
        self._set_credit_limit(100.0)
        order = self._create_order([(self.goods, 10)])
        self._review(order)
        self.assertEqual(order.o2c_stage, "hold")
        return order

    def test_every_door_refuses_a_held_order_to_the_salesman(self):
        order = self._held_order()
        as_salesman = order.with_user(self.salesman)
        doors = {
            "action_confirm": as_salesman.action_confirm,
            "write state": lambda: as_salesman.write({"state": "sale"}),
            "context keys": lambda: as_salesman.with_context(
                o2c_skip_review=True, o2c_stage_log_disable=True
            ).action_confirm(),
            "copy and confirm": lambda: as_salesman.copy().action_confirm(),
            "cancel, then write the state": lambda: (
                as_salesman._action_cancel(),
                as_salesman.write({"state": "sale"}),
            ),
        }
        for door, attempt in doors.items():
            with self.subTest(door=door):
                with (
                    self.assertRaisesRegex(UserError, "on hold"),
                    self.env.cr.savepoint(),
                ):
                    attempt()
                order.invalidate_recordset()  # the attempt was rolled back
                self.assertEqual(order.state, "draft")
        self.assertFalse(order.o2c_check_ids.filtered("released"))

    def test_create_confirmed_runs_the_review(self):
        self._set_credit_limit(100.0)
        with self.assertRaisesRegex(UserError, "on hold"):
            self.env(user=self.salesman)["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "state": "sale",
                    "order_line": [
                        Command.create(
                            {"product_id": self.goods.id, "product_uom_qty": 10}
                        )
                    ],
                }
            )

    def test_confirm_button_confirms_nothing_held(self):
        order = self._held_order()
        action = order.with_user(self.salesman).action_o2c_confirm()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(order.state, "draft")

    def test_hold_notification_key_is_ignored(self):
        """The context key the Confirm button once sent changes nothing:
        action_confirm() refuses a held order with an error."""
        order = self._held_order()
        with self.assertRaisesRegex(UserError, "on hold"):
            order.with_user(self.salesman).with_context(
                o2c_hold_notification=True
            ).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_fingerprint_cannot_stand_for_a_review(self):
        """The review is not satisfied by what it compares with: a line
        changed after a clean review is reviewed again at confirmation."""
        self.company.o2c_max_discount = 10.0
        order = self._create_order([(self.goods, 5)])
        self._review(order)
        self.assertEqual(order.o2c_stage, "intake")
        line = order.order_line.with_user(self.salesman)
        line.price_unit = 1.0
        with self.assertRaisesRegex(UserError, "on hold"):
            order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "o2c_review_fingerprint"):
            order.with_user(self.salesman).write(
                {
                    "o2c_review_fingerprint": self.env[
                        "o2c.order.review"
                    ]._o2c_review_fingerprint(order)
                }
            )
        self.assertEqual(order.state, "draft")

    def test_person_who_may_release_everything_confirms_directly(self):
        order = self._held_order()
        boss = self._company_user(
            login="o2c_boss",
            groups="sales_team.group_sale_manager,"
            "order_to_cash.group_o2c_credit_manager",
        )
        order.with_user(boss).action_confirm()
        self.assertEqual(order.state, "sale")
        released = order.o2c_check_ids.filtered(lambda c: c.result == "blocking")
        self.assertTrue(released)
        self.assertTrue(all(released.mapped("released")))
        self.assertEqual(released.release_user_id, boss)
        self.assertEqual(
            set(released.mapped("release_reason")),
            {"Confirmed by a person who may release."},
        )

    def test_confirming_person_who_may_release_is_asked_for_nothing(self):
        """Unreviewed, held at confirmation by someone who may release it:
        released in that person's name, no release requested of anyone."""
        self._set_credit_limit(100.0)
        self.company.o2c_credit_responsible_id = self.credit_manager
        order = self._create_order([(self.goods, 10)])
        boss = self._company_user(
            login="o2c_boss_2",
            groups="sales_team.group_sale_manager,"
            "order_to_cash.group_o2c_credit_manager",
        )
        order.with_user(boss).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(
            order.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("order_to_cash.mail_activity_o2c_release")
                )
            )
        )
        self.assertFalse(order.message_ids.filtered(lambda m: "On hold" in str(m.body)))
        self.assertEqual(order.o2c_check_ids._o2c_open_blocking().ids, [])
        self.assertTrue(
            order.o2c_check_ids.filtered(
                lambda c: c.result == "blocking" and c.release_user_id == boss
            )
        )

    def test_sales_manager_alone_cannot_confirm_a_credit_hold(self):
        order = self._held_order()
        with self.assertRaisesRegex(UserError, "on hold"):
            order.with_user(self.sales_manager).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.o2c_check_ids.filtered("released"))

    def test_portal_signature_of_a_quotation_held_now(self):
        """Reviewed clean, then the customer's credit moved: signing in the
        portal finds the hold (nothing is confirmed)."""
        order = self._create_order([(self.goods, 10)])
        self._review(order)
        self.assertEqual(order.o2c_stage, "intake")
        self._set_credit_limit(100.0)
        portal_order = order.with_user(self.env.ref("base.public_user")).sudo()
        self.assertTrue(portal_order._o2c_held_for_signature())
        self.assertEqual(order.o2c_stage, "hold")
        self.assertFalse(order._has_to_be_signed())
        self.assertEqual(order.state, "draft")
        self.assertLessEqual(
            order.o2c_review_date, fields.Datetime.now(), "reviewed at signing"
        )

    def test_release_reason_checked_and_findings_escaped_in_activity(self):
        self.company.o2c_max_discount = 10.0
        gadget = self._create_product(
            name="<img src=x onerror=alert(1)>", lst_price=100.0
        )
        order = self._create_order([(gadget, 1, 1.0)])
        self._review(order)
        self.assertEqual(order.o2c_stage, "hold")
        activity = order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("order_to_cash.mail_activity_o2c_release")
            )
        )
        self.assertTrue(activity)
        self.assertNotIn("<img", str(activity.note))
        self.assertIn("&lt;img", str(activity.note))
        with self.assertRaisesRegex(ValidationError, "reason"):
            order.with_user(self.sales_manager).action_o2c_release("ok\x00")
        self.assertFalse(order.o2c_check_ids.filtered("released"))

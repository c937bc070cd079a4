# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.modules.module import get_manifest
from odoo.tests import tagged

from ..history import o2c_init_order_fields, o2c_init_stage_history
from .common import O2cCommon

FIELDS = ("o2c_stage", "o2c_delivered_date", "o2c_on_time", "o2c_days_late")


@tagged("post_install", "-at_install")
class TestO2cInstallHistory(O2cCommon):
    """Installing into a company with history derives the orders' stage and
    delivery figures in SQL as the ORM's computes do, and starts their stage
    history from their documents' own dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Berlin"
        cls._put_in_stock(cls.goods, 100)
        cls.orders = {}
        build = cls._build_history_orders
        build()

    @classmethod
    def _build_history_orders(cls):
        """Orders in every stage, made with core methods at known times."""
        self = cls
        orders = cls.orders
        with freeze_time("2026-03-02 09:00:00"):
            orders["quotation"] = self._create_order([(self.goods, 1)])
            orders["cancelled"] = self._create_order([(self.goods, 1)])
            orders["waiting"] = self._create_order([(self.goods_2, 3)])
            orders["ready"] = self._create_order([(self.goods, 2)])
            orders["partial"] = self._create_order([(self.goods, 10)])
            orders["delivered"] = self._create_order(
                [(self.goods, 4)], commitment_date=datetime(2026, 3, 4, 8, 0)
            )
            orders["services"] = self._create_order([(self.service, 2)])
            orders["draft_invoice"] = self._create_order([(self.goods, 1)])
            orders["invoiced"] = self._create_order([(self.goods, 3)])
            orders["paid"] = self._create_order(
                [(self.goods, 5), (self.service, 1)], picking_policy="one"
            )
        orders["cancelled"].with_user(self.salesman)._action_cancel()
        with freeze_time("2026-03-03 10:00:00"):
            for key in (
                "waiting",
                "ready",
                "partial",
                "delivered",
                "services",
                "draft_invoice",
                "invoiced",
                "paid",
            ):
                self._confirm(orders[key])
        with freeze_time("2026-03-05 14:00:00"):
            self._deliver(orders["partial"], quantities={self.goods: 4}, backorder=True)
            for key in ("delivered", "draft_invoice", "invoiced", "paid"):
                self._deliver(orders[key])
        with freeze_time("2026-03-06 11:00:00"):
            self._invoice(orders["draft_invoice"], post=False)
            invoices = self._invoice(orders["invoiced"]) | self._invoice(orders["paid"])
            cls.paid_invoice = invoices.filtered(
                lambda move: orders["paid"] in move.line_ids.sale_line_ids.order_id
            )
        with freeze_time("2026-03-20 09:30:00"):
            self._pay(cls.paid_invoice, date=date(2026, 3, 20))
        cls.env.flush_all()
        # the database's clock writes the creation date: as in the past
        cls.env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id IN %s",
            ["2026-03-02 09:00:00", tuple(order.id for order in orders.values())],
        )

    # the factories are instance methods: run them on the class's env
    @classmethod
    def _create_order(cls, *args, **kwargs):
        return O2cCommon._create_order(cls, *args, **kwargs)

    @classmethod
    def _confirm(cls, *args, **kwargs):
        return O2cCommon._confirm(cls, *args, **kwargs)

    @classmethod
    def _deliver(cls, *args, **kwargs):
        return O2cCommon._deliver(cls, *args, **kwargs)

    @classmethod
    def _invoice(cls, *args, **kwargs):
        return O2cCommon._invoice(cls, *args, **kwargs)

    @classmethod
    def _pay(cls, *args, **kwargs):
        return O2cCommon._pay(cls, *args, **kwargs)

    def _all_orders(self):
        return self.env["sale.order"].browse(
            [order.id for order in self.orders.values()]
        )

    def _forget(self, orders, columns):
        """As before the install: the columns hold nothing."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET "
            + ", ".join(f"{column} = NULL" for column in columns)
            + " WHERE id IN %s",
            [tuple(orders.ids)],
        )
        orders.invalidate_recordset()

    def test_hooks_declared(self):
        manifest = get_manifest("order_to_cash")
        self.assertEqual(manifest["pre_init_hook"], "pre_init_hook")
        self.assertEqual(manifest["post_init_hook"], "post_init_hook")

    def test_sql_derives_what_the_orm_computes(self):
        orders = self._all_orders()
        # as before the install: no review findings, no promise; what the
        # ORM computes then
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM o2c_order_check WHERE order_id IN %s", [tuple(orders.ids)]
        )
        self._forget(orders, ["o2c_promised_date"])
        self.env.invalidate_all()
        for name in ("o2c_stage", "o2c_delivered_date"):
            self.env.add_to_compute(orders._fields[name], orders)
        self.env.flush_all()
        expected = {
            key: {name: order[name] for name in FIELDS}
            for key, order in self.orders.items()
        }
        # the orders cover every stage an order can have before the install
        self.assertEqual(
            {key: values["o2c_stage"] for key, values in expected.items()},
            {
                "quotation": "intake",
                "cancelled": "cancelled",
                "waiting": "production",
                "ready": "shipping",
                "partial": "shipping",
                "delivered": "invoicing",
                "services": "invoicing",
                "draft_invoice": "invoicing",
                "invoiced": "payment",
                "paid": "done",
            },
        )
        # delivered a day after the agreed date: late in the figures
        self.assertEqual(expected["delivered"]["o2c_days_late"], 1)
        self.assertFalse(expected["delivered"]["o2c_on_time"])
        # no date agreed: the expected date (confirmed, no lead time)
        self.assertEqual(expected["invoiced"]["o2c_days_late"], 2)
        self.assertEqual(expected["paid"]["o2c_delivered_date"], date(2026, 3, 5))
        self.assertFalse(expected["waiting"]["o2c_delivered_date"])

        self._forget(orders, FIELDS)
        derived = o2c_init_order_fields(
            self.env.cr, user_tz=self.env.user.tz, order_ids=orders.ids
        )
        self.assertEqual(derived, len(orders))
        orders.invalidate_recordset()
        for key, order in self.orders.items():
            with self.subTest(order=key):
                self.assertEqual({name: order[name] for name in FIELDS}, expected[key])

    def _history(self, key):
        """The stage history of the order ``key``: (stage, start, end,
        hours) rows, earliest first."""
        logs = self.orders[key].o2c_stage_log_ids.sorted("date_start")
        return [
            (log.stage, log.date_start, log.date_end, log.duration_hours)
            for log in logs
        ]

    def _assert_history_from_the_documents_dates(self):
        """Each order's history starts at its creation and moves on at the
        dates of its confirmation, delivery, invoice and payment, up to the
        stage it is in; no row for a step it skipped."""
        history = self._history
        created = datetime(2026, 3, 2, 9, 0)
        confirmed = datetime(2026, 3, 3, 10, 0)
        shipped = datetime(2026, 3, 5, 14, 0)
        invoiced = datetime(2026, 3, 6, 0, 0)  # the invoice's date
        paid = datetime(2026, 3, 20, 0, 0)  # the payment's date
        self.assertEqual(
            history("paid"),
            [
                ("intake", created, confirmed, 25.0),
                ("confirmed", confirmed, shipped, 52.0),
                # invoiced the day after delivery: from the invoice's date
                ("invoicing", shipped, invoiced, 10.0),
                ("payment", invoiced, paid, 336.0),
                ("done", paid, False, 0.0),
            ],
        )
        self.assertEqual(history("invoiced")[-1], ("payment", invoiced, False, 0.0))
        self.assertEqual(
            [row[0] for row in history("delivered")],
            ["intake", "confirmed", "invoicing"],
        )
        # services skip the delivery step: no row of no time
        self.assertEqual(
            history("services"),
            [
                ("intake", created, confirmed, 25.0),
                ("invoicing", confirmed, False, 0.0),
            ],
        )
        self.assertEqual(
            [row[0] for row in history("waiting")], ["intake", "production"]
        )
        self.assertEqual([row[0] for row in history("partial")], ["intake", "shipping"])
        self.assertEqual(history("quotation"), [("intake", created, False, 0.0)])
        self.assertEqual(
            [row[0] for row in history("cancelled")], ["intake", "cancelled"]
        )

    def test_stage_history_from_the_documents_dates(self):
        orders = self._all_orders()
        self._commit_stage_log()
        self.env.cr.execute(
            "DELETE FROM o2c_stage_log WHERE order_id IN %s", [tuple(orders.ids)]
        )
        self.env.invalidate_all()
        messages = self.env["mail.message"].search_count(
            [("model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        )

        rows = o2c_init_stage_history(self.env.cr, order_ids=orders.ids)
        self.env.invalidate_all()

        self._assert_history_from_the_documents_dates()
        self.assertEqual(rows, sum(len(self._history(key)) for key in self.orders))
        # one open row per order, in its stage now; the creator is known
        for key, order in self.orders.items():
            with self.subTest(order=key):
                current = order.o2c_stage_log_ids.filtered("is_current")
                self.assertEqual(current.stage, order.o2c_stage)
                first = order.o2c_stage_log_ids.sorted("date_start")[:1]
                self.assertEqual(first.user_id, self.salesman)
        # nothing in the chatter; a second run writes nothing
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "sale.order"), ("res_id", "in", orders.ids)]
            ),
            messages,
        )
        self.assertEqual(o2c_init_stage_history(self.env.cr, order_ids=orders.ids), 0)

    def test_stage_history_goes_on_from_the_install(self):
        """An order whose history was started at install logs its next stage
        as any other: the open row is closed, the new stage opened."""
        order = self.orders["invoiced"]
        self._commit_stage_log()
        self.env.cr.execute("DELETE FROM o2c_stage_log WHERE order_id = %s", [order.id])
        o2c_init_stage_history(self.env.cr, order_ids=order.ids)
        self.env.invalidate_all()
        with freeze_time("2026-04-01 12:00:00"):
            self._pay(order.invoice_ids)
            self.assertEqual(
                self._stages(order),
                ["intake", "confirmed", "invoicing", "payment", "done"],
            )
        payment_row = order.o2c_stage_log_ids.filtered(
            lambda log: log.stage == "payment"
        )
        self.assertEqual(payment_row.date_end, datetime(2026, 4, 1, 12, 0))

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A company's history, built with Odoo's own methods on a database without
the addons: customers with payment terms, orders over the past years in the
shares a company has them (quotations never confirmed, cancelled orders,
orders waiting for goods, delivered but never invoiced, invoiced and not
paid, paid), each step done by core methods (``action_confirm``,
``button_validate``, ``_create_invoices``, ``action_post``, the payment
register) at its own date. Used by the install check of CI
(``check_install.py``) and the install benchmark
(``tests/benchmarks/bench_install.py``).

Not a test file: nothing here is collected by pytest.
"""

import random
import time
from datetime import date, datetime, timedelta

# shares of twenty orders: what becomes of an order, by its index modulo 20
PROFILES = (
    ["quotation"] * 2
    + ["cancelled"]
    + ["waiting"] * 2
    + ["delivered"] * 4
    + ["invoiced"] * 3
    + ["paid"] * 8
)
# how far each profile gets
CONFIRMED = {"waiting", "delivered", "invoiced", "paid"}
DELIVERED = {"delivered", "invoiced", "paid"}
INVOICED = {"invoiced", "paid"}
PAID = {"paid"}
# quiet core methods: a history, not a working day (no chatter, no followers)
QUIET = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_auto_subscribe_no_notify": True,
}


def expected_profiles(orders):
    """{profile: count} of the first ``orders`` orders built."""
    counts = {}
    for index in range(orders):
        profile = PROFILES[index % len(PROFILES)]
        counts[profile] = counts.get(profile, 0) + 1
    return counts


class HistoryBuilder:
    """Builds ``orders`` orders over ``customers`` customers on the database
    of ``registry``, in committed batches of ``batch`` orders, spread over
    ``years`` years before ``today``."""

    def __init__(self, registry, customers=200, batch=250, years=3, today=None):
        self.registry = registry
        self.customers = customers
        self.batch = batch
        self.years = years
        self.today = today or date.today()
        self.partner_ids = []
        self.goods_ids = []
        self.service_id = None

    def env(self, cr):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, SUPERUSER_ID, dict(QUIET))

    # ------------------------------------------------------------------
    def setup(self, env):
        """Customers (30 days to pay), goods in stock, a service."""
        from odoo import Command

        terms = env.ref("account.account_payment_term_30days")
        self.partner_ids = (
            env["res.partner"]
            .create(
                [
                    {
                        "name": f"Kunde {index:04d} GmbH",
                        "email": f"kunde{index:04d}@example.com",
                        "property_payment_term_id": terms.id,
                    }
                    for index in range(self.customers)
                ]
            )
            .ids
        )
        products = env["product.product"].create(
            [
                {
                    "name": f"Artikel {index}",
                    "default_code": f"ART-{index}",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0 + 7 * index,
                    "invoice_policy": "delivery",
                    "taxes_id": [Command.clear()],
                }
                for index in range(5)
            ]
        )
        self.goods_ids = products.ids
        self.service_id = (
            env["product.product"]
            .create(
                {
                    "name": "Montage",
                    "type": "service",
                    "list_price": 90.0,
                    "invoice_policy": "order",
                    "taxes_id": [Command.clear()],
                }
            )
            .id
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10**9
            )

    def build(self, orders, log=print):
        """Build the history; returns seconds spent."""
        from freezegun import freeze_time

        started = time.monotonic()
        with self.registry.cursor() as cr:
            self.setup(self.env(cr))
        rng = random.Random(1)
        span = self.years * 365
        batches = (orders + self.batch - 1) // self.batch
        for number in range(batches):
            first = number * self.batch
            count = min(self.batch, orders - first)
            # oldest first; the last batch some weeks before today
            day = self.today - timedelta(
                days=int(span * (1 - number / max(batches, 1))) + 45
            )
            with self.registry.cursor() as cr:
                self._build_batch(self.env(cr), first, count, day, rng, freeze_time)
            if log and (number + 1) % 10 == 0:
                log(
                    f"history: {first + count}/{orders} orders"
                    f" ({time.monotonic() - started:.0f} s)"
                )
        return time.monotonic() - started

    def _build_batch(self, env, first, count, day, rng, freeze_time):
        """Build the ``count`` orders from the ``first`` on ``day``, then take
        each of them as far as its profile says, each step at its own date."""
        profiles = [PROFILES[(first + i) % len(PROFILES)] for i in range(count)]
        at = datetime.combine(day, datetime.min.time())
        with freeze_time(at + timedelta(hours=9)):
            by_profile = self._create_orders(env, first, profiles, at, rng)

        def having(states):
            result = env["sale.order"]
            for profile in states:
                result |= by_profile.get(profile, env["sale.order"])
            return result

        with freeze_time(at + timedelta(days=1, hours=10)):
            having(CONFIRMED).action_confirm()
        with freeze_time(at + timedelta(days=3, hours=14)):
            self._deliver(having(DELIVERED))
        with freeze_time(at + timedelta(days=4, hours=11)):
            invoices = having(INVOICED)._create_invoices(grouped=True)
            invoices.action_post()
        paid = invoices.filtered(
            lambda move: move.line_ids.sale_line_ids.order_id & having(PAID)
        )
        if paid:
            self._pay(env, paid, day, rng, freeze_time)
        env.flush_all()

    def _order_vals(self, first, count, rng):
        """The values of ``count`` orders from the ``first``: 1 to 3 lines of
        goods, and the service on every seventh order."""
        from odoo import Command

        vals = []
        for index in range(count):
            lines = [
                Command.create(
                    {
                        "product_id": rng.choice(self.goods_ids),
                        "product_uom_qty": rng.randint(1, 20),
                    }
                )
                for _line in range(rng.randint(1, 3))
            ]
            if (first + index) % 7 == 0:
                lines.append(
                    Command.create(
                        {"product_id": self.service_id, "product_uom_qty": 1}
                    )
                )
            vals.append(
                {
                    "partner_id": self.partner_ids[
                        (first + index) % len(self.partner_ids)
                    ],
                    "order_line": lines,
                }
            )
        return vals

    def _create_orders(self, env, first, profiles, at, rng):
        """Create the orders of ``profiles`` (their creation date ``at`` plus 9
        hours, where the caller froze the clock), cancel those of the profile
        cancelled; returns {profile: orders}."""
        vals = self._order_vals(first, len(profiles), rng)
        orders = env["sale.order"].create(vals)
        # the database's clock writes the creation date, and it cannot be
        # frozen: as the history has it
        env.flush_all()
        env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id IN %s",
            [at + timedelta(hours=9), tuple(orders.ids)],
        )
        by_profile = {}
        for order, profile in zip(orders, profiles, strict=True):
            by_profile.setdefault(profile, env["sale.order"])
            by_profile[profile] |= order
        by_profile.get("cancelled", env["sale.order"])._action_cancel()
        return by_profile

    @staticmethod
    def _deliver(orders):
        """Validate the open transfers of ``orders`` in full, no backorder."""
        pickings = orders.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=pickings.ids
        ).button_validate()

    @staticmethod
    def _pay(env, invoices, day, rng, freeze_time):
        """Register the payment of ``invoices`` 10 to 40 days after ``day``."""
        paid_on = day + timedelta(days=rng.randint(10, 40))
        with freeze_time(datetime.combine(paid_on, datetime.min.time())):
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create(
                {"payment_date": paid_on, "group_payment": False}
            )._create_payments()


# the documents of a history, cloned as a whole by ``grow``
GROWN_TABLES = (
    "sale_order",
    "sale_order_line",
    "stock_picking",
    "stock_move",
    "stock_move_line",
    "stock_move_move_rel",
    "account_move",
    "account_move_line",
    "account_partial_reconcile",
    "account_full_reconcile",
    "account_payment",
    "sale_order_line_invoice_rel",
)
# unique names get the copy's number
RENAMED = {"sale_order", "stock_picking", "account_move", "account_payment"}


def grow(cr, factor, log=print):
    """Multiply the history on ``cr`` by ``factor`` in SQL: every order and
    its documents (lines, transfers, moves, invoices, journal items,
    reconciliations, payments) copied ``factor - 1`` times with new ids, the
    references between them following (found from the foreign keys). For
    sizes the core methods would take hours to build: the copies are the
    core-built history, so they are as consistent as it is."""
    references = _grown_references(cr)
    columns, offsets = _grown_columns(cr)
    # the copies reference each other before all exist: no trigger checks
    cr.execute("SET session_replication_role = replica")
    for copy in range(1, factor):
        for table in GROWN_TABLES:
            _copy_table(cr, table, copy, columns[table], references, offsets)
        if log and copy % 10 == 0:
            log(f"grow: copy {copy}/{factor - 1}")
    cr.execute("SET session_replication_role = DEFAULT")
    for table in offsets:
        cr.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT MAX(id) FROM {table}))"
        )


def _grown_references(cr):
    """{table: {column: table referenced}} of the foreign keys between the
    tables of ``GROWN_TABLES``."""
    cr.execute(
        """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
             FROM pg_constraint c
             JOIN pg_attribute a
               ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f'
              AND c.conrelid::regclass::text IN %s
              AND c.confrelid::regclass::text IN %s""",
        [GROWN_TABLES, GROWN_TABLES],
    )
    references = {}
    for table, column, target in cr.fetchall():
        references.setdefault(table, {})[column] = target
    return references


def _grown_columns(cr):
    """The columns of each table of ``GROWN_TABLES`` ({table: [column]}) and
    the highest id of those with an id ({table: id}), before any copy."""
    offsets = {}
    columns = {}
    for table in GROWN_TABLES:
        cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        columns[table] = [name for (name,) in cr.fetchall()]
        if "id" in columns[table]:
            cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            offsets[table] = cr.fetchone()[0]
    return columns, offsets


def _copy_table(cr, table, copy, columns, references, offsets):
    """Insert the ``copy``-th copy of the original rows of ``table``: ids and
    references shifted by ``copy`` times the original's highest id, unique
    names suffixed."""
    select = []
    for column in columns:
        target = "id" == column and table or references.get(table, {}).get(column)
        if target:
            select.append(f"{column} + {offsets[target] * copy}")
        elif column == "name" and table in RENAMED:
            select.append(
                f"CASE WHEN name IS NULL OR name = '/' THEN name"
                f" ELSE name || '-{copy}' END"
            )
        else:
            select.append(column)
    where = f"WHERE id <= {offsets[table]}" if table in offsets else ""
    if table not in offsets:
        # relation tables: the rows of the original history only
        first = next(iter(references[table]))
        where = f"WHERE {first} <= {offsets[references[table][first]]}"
    cr.execute(
        f"INSERT INTO {table} ({', '.join(columns)})"
        f" SELECT {', '.join(select)} FROM {table} {where}"
    )

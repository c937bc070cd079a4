# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers running the payment reminder cron at the same time.

Invoices are created and posted over XML-RPC (committed), then two database
transactions run the reminder batch concurrently, as two cron workers do:
the second one skips the invoices the first one holds, so no level is sent
twice. Both transactions are rolled back at the end.
"""

import uuid
from datetime import date, timedelta

import odoo
from odoo.modules.registry import Registry


def _overdue_invoices(admin, count):
    tag = uuid.uuid4().hex[:8]
    partner = admin.call(
        "res.partner",
        "create",
        [{"name": f"Mahnkunde {tag}", "email": f"mahn-{tag}@example.com"}],
    )[0]
    [term] = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "account"), ("name", "=", "account_payment_term_immediate")],
        fields=["res_id"],
    )
    invoice_date = (date.today() - timedelta(days=10)).isoformat()
    invoices = admin.call(
        "account.move",
        "create",
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner,
                "invoice_date": invoice_date,
                "invoice_payment_term_id": term["res_id"],
                "invoice_line_ids": [
                    (0, 0, {"name": f"Posten {index}", "price_unit": 100.0})
                ],
            }
            for index in range(count)
        ],
    )
    admin.call("account.move", "action_post", invoices)
    return invoices


def test_second_worker_skips_invoices_of_the_first(admin):
    invoices = set(_overdue_invoices(admin, 3))
    registry = Registry(admin.server.db)
    with registry.cursor() as cr_1, registry.cursor() as cr_2:
        env_1 = odoo.api.Environment(cr_1, odoo.SUPERUSER_ID, {})
        env_2 = odoo.api.Environment(cr_2, odoo.SUPERUSER_ID, {})
        try:
            sent_1 = set(env_1["account.move"]._o2c_cron_send_reminders(10000).ids)
            assert invoices <= sent_1
            # the first worker has not committed yet: its rows are locked
            sent_2 = set(env_2["account.move"]._o2c_cron_send_reminders(10000).ids)
            assert not invoices & sent_2
            assert not sent_1 & sent_2
            levels = env_1["account.move"].browse(invoices).o2c_reminder_level_id
            assert levels == env_1.ref("order_to_cash.reminder_level_friendly")
        finally:
            cr_1.rollback()
            cr_2.rollback()
    [read] = admin.call(
        "account.move", "read", [min(invoices)], fields=["o2c_reminder_level_id"]
    )
    assert read["o2c_reminder_level_id"] is False

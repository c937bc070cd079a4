# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Repo-level fixtures: a real Odoo HTTP server on the test database.

The addons' own tests run inside pytest-odoo's registry; the tests here talk
to Odoo as an integration would, over XML-RPC, against a server process
started on a free loopback port. What they create is committed in the test
database, which run-tests.sh drops at the end.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
import xmlrpc.client
from datetime import date, timedelta

import pytest

import odoo

SERVER_START_TIMEOUT = 120


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    def __init__(self, url, db, process):
        self.url = url
        self.db = db
        self.process = process

    def proxy(self, endpoint):
        return xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/{endpoint}", allow_none=False
        )

    def login(self, login, password):
        uid = self.proxy("common").authenticate(self.db, login, password, {})
        assert uid, f"cannot authenticate {login} on {self.db}"
        return RpcUser(self, uid, password)


class RpcUser:
    """Calls models as one user, as an integration does."""

    def __init__(self, server, uid, password):
        self.server = server
        self.uid = uid
        self.password = password
        self.models = server.proxy("object")

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.server.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def ref(self, xmlid):
        """Database id of the record an external id names."""
        module, name = xmlid.split(".")
        [data] = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return data["res_id"]

    def create_user(self, name, groups, with_email=False, **values):
        """Create a user holding only ``groups`` (external ids) and return
        it logged in, as an integration account would be set up."""
        tag = uuid.uuid4().hex[:8]
        login = f"{name.lower().replace(' ', '-')}-{tag}"
        password = f"Pw-{uuid.uuid4().hex}"
        vals = {
            "name": f"{name} {tag}",
            "login": login,
            "password": password,
            "groups_id": [(6, 0, [self.ref(xmlid) for xmlid in groups])],
        }
        if with_email:
            vals["email"] = f"{login}@example.com"
        self.call("res.users", "create", [{**vals, **values}])
        return self.server.login(login, password)

    # Factories for the repo-level tests (each record named with a fresh tag,
    # as the data is committed and shared by the tests of one run).
    def create_customer(self, **values):
        tag = uuid.uuid4().hex[:8]
        vals = {"name": f"RPC Kunde {tag}", "email": f"kunde-{tag}@example.com"}
        return self.call("res.partner", "create", [{**vals, **values}])[0]

    def create_product(self, qty_in_stock=0, **values):
        """A storable product, with ``qty_in_stock`` units in stock."""
        vals = {
            "name": f"RPC Lagerartikel {uuid.uuid4().hex[:8]}",
            "type": "consu",
            "is_storable": True,
            "list_price": 10.0,
        }
        product = self.call("product.product", "create", [{**vals, **values}])[0]
        if qty_in_stock:
            [template] = self.call(
                "product.product", "read", [product], ["product_tmpl_id"]
            )
            wizard = self.call(
                "stock.change.product.qty",
                "create",
                [
                    {
                        "product_id": product,
                        "product_tmpl_id": template["product_tmpl_id"][0],
                        "new_quantity": qty_in_stock,
                    }
                ],
            )
            self.call("stock.change.product.qty", "change_product_qty", wizard)
        return product

    def create_overdue_invoice(self, partner, days=60):
        """Post an invoice of ``partner`` due ``days`` days ago: the credit
        check of the review holds the customer's new orders."""
        invoice = self.call(
            "account.move",
            "create",
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner,
                    "invoice_date": (date.today() - timedelta(days=days)).isoformat(),
                    "invoice_payment_term_id": self.ref(
                        "account.account_payment_term_immediate"
                    ),
                    "invoice_line_ids": [
                        (0, 0, {"name": "Altposten", "price_unit": 10})
                    ],
                }
            ],
        )
        self.call("account.move", "action_post", invoice)
        return invoice[0]

    def create_quotation(self, partner, product, qty):
        """A quotation of ``qty`` units of ``product``; return its id."""
        return self.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner,
                    "order_line": [
                        (0, 0, {"product_id": product, "product_uom_qty": qty})
                    ],
                }
            ],
        )[0]

    def create_confirmed_order(self, partner, product, qty):
        """Confirm an order of ``qty`` units; return (order id, picking ids)."""
        order = self.create_quotation(partner, product, qty)
        self.call("sale.order", "action_confirm", [order])
        [read] = self.call("sale.order", "read", [order], ["picking_ids"])
        return order, read["picking_ids"]


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    config = odoo.tools.config
    db = config["db_name"]
    if not db or not config.rcfile:
        pytest.fail("run these tests through run-tests.sh (pytest-odoo options)")
    port = _free_port()
    log = tmp_path_factory.mktemp("odoo-server") / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        config.rcfile,
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--gevent-port=0",
        "--workers=0",
        "--max-cron-threads=0",
        "--log-level=warn",
        f"--logfile={log}",
    ]
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"Odoo server exited with {process.returncode}: see {log}")
        try:
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(
                    f"Odoo server did not answer within {SERVER_START_TIMEOUT}s"
                )
            time.sleep(0.5)
    server = OdooServer(url, db, process)
    yield server
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def admin(odoo_server):
    return odoo_server.login("admin", "admin")

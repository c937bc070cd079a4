# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Repo-level fixtures: a real Odoo HTTP server on the test database.

The addons' own tests run inside pytest-odoo's registry; the tests here talk
to Odoo as an integration would, over XML-RPC, against a server process
started on a free loopback port. What they create is committed in the test
database, which run-tests.sh drops at the end.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xmlrpc.client
from datetime import date, timedelta
from http.cookiejar import CookieJar

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
        user = RpcUser(self, uid, password)
        user.login = login
        return user

    def web_session(self, login=None, password=None):
        """A browser-like HTTP session (cookies), logged in when ``login``
        is given, else the public visitor."""
        return WebSession(self, login, password)


def _json_fault(error):
    """The error of a JSON-RPC answer as the Fault XML-RPC would give, so
    that tests assert the same way whatever the transport."""
    data = error.get("data") or {}
    return xmlrpc.client.Fault(
        error.get("code", 1),
        f"{data.get('name', '')}: {data.get('message', error.get('message'))}",
    )


class WebSession:
    """HTTP as a browser sends it: JSON routes (``/web/dataset/call_kw``,
    portal JSON routes) and plain GET/POST, with the session cookie."""

    def __init__(self, server, login=None, password=None):
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        self.uid = None
        if login:
            info = self.json(
                "/web/session/authenticate",
                {"db": server.db, "login": login, "password": password},
            )
            self.uid = info["uid"]

    def json(self, path, params):
        """POST a JSON-RPC request to ``path``; its result, or a Fault."""
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        ).encode()
        request = urllib.request.Request(
            f"{self.server.url}{path}",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=120) as response:
            answer = json.loads(response.read().decode())
        if "error" in answer:
            raise _json_fault(answer["error"])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        """A model method through the web client's ``/web/dataset/call_kw``."""
        return self.json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def http(self, path, data=None):
        """GET (or POST form ``data``) ``path``: (status, body, final url)."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(
                f"{self.server.url}{path}", data=body, timeout=120
            ) as response:
                return response.status, response.read().decode(), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.geturl()


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

    def as_json(self):
        """The same user over ``/jsonrpc`` (JSON-RPC) instead of XML-RPC."""
        return JsonRpcUser(self.server, self.uid, self.password)

    @staticmethod
    def attachment_bytes(attachment):
        """The bytes of an attachment read over XML-RPC (binary: base64)."""
        raw = attachment["datas"]
        return base64.b64decode(raw.data if hasattr(raw, "data") else raw)

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


class JsonRpcUser(RpcUser):
    """Calls models as one user over ``/jsonrpc``; errors raise the Fault
    XML-RPC would."""

    def call(self, model, method, *args, **kwargs):
        session = WebSession(self.server)
        return session.json(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.server.db,
                    self.uid,
                    self.password,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        )


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


# ----------------------------------------------------------------------
# The attack suite (tests/test_security_*.py): one user per role, created
# by the administrator with only the groups the role has, and the records
# the attacks aim at.
# ----------------------------------------------------------------------
ROLE_GROUPS = {
    # "own documents only"
    "salesperson": ["sales_team.group_sale_salesman"],
    "salesperson_b": ["sales_team.group_sale_salesman"],
    "sales_manager": ["sales_team.group_sale_manager"],
    "warehouse": ["stock.group_stock_user"],
    "accountant": ["account.group_account_invoice"],
    # an integration account: all orders, no manager rights
    "integration": ["sales_team.group_sale_salesman_all_leads"],
    "credit_manager": ["base.group_user", "order_to_cash.group_o2c_credit_manager"],
}


class Attack:
    """What the attacks share: the roles, the records they aim at and the
    snapshots that show nothing was half-written."""

    # models counted before and after every attempt
    COUNTED = (
        "sale.order",
        "sale.order.line",
        "o2c.order.check",
        "o2c.stage.log",
        "stock.picking",
        "account.move",
        "o2c.return",
        "o2c.return.line",
        "o2c.followup",
        "payment.transaction",
    )

    def __init__(self, server, admin):
        self.server = server
        self.admin = admin
        self.users = {
            role: admin.create_user(
                role.replace("_", " ").title(), groups, with_email=True
            )
            for role, groups in ROLE_GROUPS.items()
        }
        self.product = admin.create_product(qty_in_stock=1000, list_price=50.0)
        # a customer with an overdue invoice: the credit check holds orders
        self.blocked_customer = admin.create_customer()
        admin.create_overdue_invoice(self.blocked_customer)
        portal_password = f"Pw-{uuid.uuid4().hex}"
        portal_login = f"portal-{uuid.uuid4().hex[:8]}"
        admin.call(
            "res.users",
            "create",
            [
                {
                    "name": f"Portal Kunde {portal_login}",
                    "login": portal_login,
                    "password": portal_password,
                    "partner_id": self.blocked_customer,
                    "groups_id": [(6, 0, [admin.ref("base.group_portal")])],
                }
            ],
        )
        self.users["portal"] = server.login(portal_login, portal_password)

    def user(self, role):
        return self.users[role]

    def counts(self):
        return {
            model: self.admin.call(
                model, "search_count", [], context={"active_test": False}
            )
            for model in self.COUNTED
        }

    def held_order(self, owner="salesperson", qty=2, price_unit=1.0, partner=None):
        """A quotation of ``owner`` held by the review on credit (overdue
        invoice) and price (far below the list price): no single role but
        an administrator may release all of it."""
        order = self.admin.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner or self.blocked_customer,
                    "user_id": self.users[owner].uid,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product,
                                "product_uom_qty": qty,
                                "price_unit": price_unit,
                            },
                        )
                    ],
                }
            ],
        )[0]
        self.admin.call("sale.order", "action_o2c_review", [order])
        state = self.order_state(order)
        assert state["o2c_stage"] == "hold", state
        return order

    def clean_order(self, owner="salesperson", qty=2):
        """A quotation of ``owner`` the review does not hold."""
        customer = self.admin.create_customer()
        order = self.admin.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": customer,
                    "user_id": self.users[owner].uid,
                    "order_line": [
                        (0, 0, {"product_id": self.product, "product_uom_qty": qty})
                    ],
                }
            ],
        )[0]
        return order

    def delivered_order(self, owner="salesperson", qty=5):
        """A confirmed, delivered order of ``owner`` (for returns and
        follow-ups); returns (order, picking)."""
        order = self.clean_order(owner, qty)
        self.admin.call("sale.order", "action_confirm", [order])
        [read] = self.admin.call("sale.order", "read", [order], ["picking_ids"])
        pickings = read["picking_ids"]
        moves = self.admin.call(
            "stock.move", "search_read", [("picking_id", "in", pickings)], ["id"]
        )
        for move in moves:
            self.admin.call(
                "stock.move", "write", [move["id"]], {"quantity": qty, "picked": True}
            )
        self.admin.call("stock.picking", "button_validate", pickings)
        return order, pickings[0]

    def order_state(self, order):
        """What a confirmation would change on the order, read as admin."""
        [read] = self.admin.call(
            "sale.order",
            "read",
            [order],
            [
                "state",
                "o2c_stage",
                "signed_by",
                "picking_ids",
                "invoice_ids",
                "o2c_stage_log_ids",
                "o2c_review_fingerprint",
                "o2c_promised_date",
                "o2c_invoice_error",
            ],
        )
        read.pop("id")
        read["signed"] = bool(
            self.admin.call("sale.order", "read", [order], ["signature"])[0][
                "signature"
            ]
        )
        read["checks"] = sorted(
            (c["check_type"], c["result"], c["released"])
            for c in self.admin.call(
                "o2c.order.check",
                "search_read",
                [("order_id", "=", order)],
                ["check_type", "result", "released"],
            )
        )
        return read

    def messages(self, model, res_id):
        return self.admin.call(
            "mail.message",
            "search_count",
            [("model", "=", model), ("res_id", "=", res_id)],
        )

    def read(self, model, res_id, fields):
        [read] = self.admin.call(model, "read", [res_id], fields)
        return read


@pytest.fixture(scope="session")
def attack(odoo_server, admin):
    return Attack(odoo_server, admin)

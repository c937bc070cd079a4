#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the customer's view in the portal, in English and German.

Starts an Odoo server on a free loopback port against a database that has
the three addons installed WITH demo data, installs German (de_DE) if
needed, logs in as the demo portal user of Becker Antriebe KG
(``becker``/``becker``) and saves, with headless Chromium driven through its
DevTools protocol, PNGs under docs/screenshots/:
``portal_orders_<lang>.png`` (the list of orders with stage and next date)
and ``portal_order_<lang>.png`` (the delivered, invoiced and overdue demo
order with its lifecycle panel).

    python3 scripts/portal_screenshots.py -c odoo.conf -d o2c_demo

Needs: an importable Odoo 18, ``requests`` and ``websocket-client`` (both
in Odoo's requirements) and a Chromium (``--chromium``; default
/usr/bin/chromium). admin's password (``--password``, default admin) sets the
portal user's language.
"""

import base64
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket
from o2c_demo_server import (
    connect,
    free_port,
    install_german,
    parse_args,
    start_server,
    wait_for,
)

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
WIDTH = 1280


class Chromium:
    """Just enough of the DevTools protocol: a cookie, a page, a PNG."""

    def __init__(self, executable):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="o2c_portal_shots_")
        self.process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_ARGS,
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"http://127.0.0.1:{self.port}/json/version", timeout=30)
        targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=5).json()
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.send("Page.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise SystemExit(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_event(self, name, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            if message.get("method") == name:
                return message
        raise SystemExit(f"no {name} within {timeout}s")

    def shoot(self, url, target, selector):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")
        found = self.send(
            "Runtime.evaluate",
            expression=f"!!document.querySelector({json.dumps(selector)})",
        )
        if not found["result"].get("value"):
            raise SystemExit(f"{url}: {selector} not on the page")
        height = self.send(
            "Runtime.evaluate",
            expression="document.documentElement.scrollHeight",
        )["result"]["value"]
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=min(int(height), 2400),
            deviceScaleFactor=1,
            mobile=False,
        )
        time.sleep(0.8)
        png = self.send("Page.captureScreenshot", format="png")["data"]
        target.write_bytes(base64.b64decode(png))
        print(f"saved {target}")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def find_demo_records(call):
    """Return the ids of the portal user becker and of its demo order shown."""
    becker = call("res.users", "search", [("login", "=", "becker")])
    order = call(
        "sale.order", "search", [("client_order_ref", "=", "O2C-DEMO-PAYMENT")]
    )
    if not becker or not order:
        raise SystemExit("no demo data: the portal user becker or its order")
    return becker, order


def portal_session(base, database):
    """Log in as becker; return the HTTP session with its session cookie."""
    # the portal user's session, as its browser gets it at the login
    session = requests.Session()
    response = session.post(
        f"{base}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {
                "db": database,
                "login": "becker",
                "password": "becker",
            },
        },
        timeout=60,
    )
    if response.json().get("error"):
        raise SystemExit("becker/becker do not log in")
    return session


def set_cookie(chromium, name, value):
    """Set a cookie of the Odoo server (127.0.0.1) in the browser."""
    chromium.send(
        "Network.setCookie",
        name=name,
        value=value,
        domain="127.0.0.1",
        path="/",
    )


def shoot_portal(chromium, call, becker, order, base, out):
    """Save the list of orders and the order's page in English and German."""
    for lang in ("en_US", "de_DE"):
        call("res.users", "write", becker, {"lang": lang})
        # the portal's pages speak the language of this cookie (the
        # language menu of the page footer sets it)
        set_cookie(chromium, "frontend_lang", lang)
        suffix = lang.split("_")[0]
        chromium.shoot(
            f"{base}/my/orders",
            out / f"portal_orders_{suffix}.png",
            "td.o2c_portal_list_stage",
        )
        chromium.shoot(
            f"{base}/my/orders/{order[0]}",
            out / f"portal_order_{suffix}.png",
            "#o2c_portal_lifecycle",
        )
    call("res.users", "write", becker, {"lang": "en_US"})


def main():
    """Serve the database and save the portal's screenshots as becker."""
    args = parse_args(__doc__.splitlines()[0])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args, port)
    chromium = None
    try:
        wait_for(f"{base}/web/login")
        _uid, call = connect(base, args)
        install_german(call)
        becker, order = find_demo_records(call)
        session = portal_session(base, args.database)
        chromium = Chromium(args.chromium)
        set_cookie(chromium, "session_id", session.cookies["session_id"])
        shoot_portal(chromium, call, becker, order, base, out)
    finally:
        if chromium:
            chromium.close()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

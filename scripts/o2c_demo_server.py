# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the two screenshot scripts share (``screenshots.py``, the web
client; ``portal_screenshots.py``, the portal): their options, an Odoo
server on a free loopback port, admin's XML-RPC log-in and German."""

import argparse
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xmlrpc.client
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=120):
    """Wait until ``url`` answers (any status), at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"nothing answered at {url}")


def parse_args(description):
    """Return the command line's options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True, help="demo database")
    parser.add_argument("--password", default="admin", help="admin's password")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    return parser.parse_args()


def start_server(args, port):
    """Start Odoo's server on the database, on the loopback port; return it."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            args.config,
            "-d",
            args.database,
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--max-cron-threads=0",
            "--workers=0",
            "--log-level=warn",
        ]
    )


def connect(base, args):
    """Log in as admin over XML-RPC; return admin's uid and a call function."""
    rpc = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object", allow_none=True)
    common = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common")
    uid = common.authenticate(args.database, "admin", args.password, {})
    if not uid:
        raise SystemExit("admin/--password do not log in")

    def call(model, method, *params, **kw):
        return rpc.execute_kw(
            args.database, uid, args.password, model, method, list(params), kw
        )

    return uid, call


def install_german(call):
    """Install German (de_DE) unless it is active already."""
    de = call(
        "res.lang",
        "search",
        [("code", "=", "de_DE"), ("active", "in", (True, False))],
    )
    if not call("res.lang", "search", [("code", "=", "de_DE")]):
        wizard = call("base.language.install", "create", {"lang_ids": [(6, 0, de)]})
        call("base.language.install", "lang_install", [wizard])

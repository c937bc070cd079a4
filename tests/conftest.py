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
import xmlrpc.client

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

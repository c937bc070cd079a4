# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the install check and the benchmarks share: a throw-away Odoo
configuration for this repository's addons, databases made, copied, installed
and dropped, an environment on one, and the scheduled actions run as the cron
runner does.

Imported by ``check_install.py`` and ``uninstall_check.py`` (beside it) and by
the scripts of ``tests/benchmarks/`` (which put this folder on ``sys.path``).
Odoo is imported only where a function needs it, so that a script's
``--help`` works without it.
"""

import getpass
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# the three addons of this repository
OURS = "order_to_cash,o2c_returns,o2c_aftersales"
# vanilla Odoo of the benchmarks: the core apps the addons extend
CORE = "sale_management,sale_stock,account,stock_delivery"


def pg_defaults():
    """The PostgreSQL server and role of the PG* variables, else the local
    server as the current OS user (as run-tests.sh)."""
    os.environ.setdefault("PGHOST", "127.0.0.1")
    os.environ.setdefault("PGUSER", getpass.getuser())


def write_config(prefix):
    """A new work folder (``prefix``) with an Odoo configuration for this
    repository's addons on the PG* server, no cron threads; returns (work
    folder, config path)."""
    pg_defaults()
    work = Path(tempfile.mkdtemp(prefix=prefix))
    config = work / "odoo.conf"
    config.write_text(
        "[options]\n"
        f"addons_path = {ROOT / 'addons'}\n"
        f"data_dir = {work}/data\n"
        f"db_host = {os.environ['PGHOST']}\n"
        f"db_port = {os.environ.get('PGPORT', '5432')}\n"
        f"db_user = {os.environ['PGUSER']}\n"
        f"db_password = {os.environ.get('PGPASSWORD') or False}\n"
        "max_cron_threads = 0\n"
    )
    return work, config


def load_config(config):
    """Load ``config`` into this process's Odoo (to open registries)."""
    import odoo

    odoo.tools.config.parse_config(["-c", str(config), "--log-level=warn"])


def odoo_command(config, db, *args):
    """The command line of an Odoo server on ``db`` with ``config``."""
    return [sys.executable, "-m", "odoo", "-c", str(config), "-d", db, *args]


def install(config, db, modules, logfile=None):
    """Install ``modules`` without demo data into ``db`` (created if need
    be) in a server of its own; returns the seconds it took. With
    ``logfile``, the server logs there at level info and any WARNING,
    ERROR or CRITICAL line fails the install; without, it logs warnings to
    the terminal. A failed install raises ``AssertionError``."""
    started = time.monotonic()
    log = [f"--log-level={'info' if logfile else 'warn'}"]
    if logfile:
        log.append(f"--logfile={logfile}")
    command = odoo_command(
        config, db, "-i", modules, "--without-demo=all", "--stop-after-init", *log
    )
    result = subprocess.run(command, check=False)
    lines = Path(logfile).read_text(errors="replace").splitlines() if logfile else []
    bad = [
        line
        for line in lines
        if " WARNING " in line or " ERROR " in line or " CRITICAL " in line
    ]
    if result.returncode or bad:
        raise AssertionError(
            f"installing {modules} into {db} failed (exit {result.returncode}):\n"
            + "\n".join(bad or lines[-30:])
        )
    return time.monotonic() - started


def pg(dbname="postgres"):
    """An autocommit connection to ``dbname``."""
    import psycopg2

    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    return conn


def _disconnect(cr, db):
    cr.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        [db],
    )


def drop(db):
    """Drop ``db`` if it exists, ending its connections first."""
    conn = pg()
    try:
        with conn.cursor() as cr:
            _disconnect(cr, db)
            cr.execute('DROP DATABASE IF EXISTS "%s"' % db.replace('"', ""))
    finally:
        conn.close()


def copy(template, db):
    """``db`` anew as a copy of ``template`` (whose connections end)."""
    drop(db)
    conn = pg()
    try:
        with conn.cursor() as cr:
            _disconnect(cr, template)
            cr.execute(
                'CREATE DATABASE "%s" TEMPLATE "%s"'
                % (db.replace('"', ""), template.replace('"', ""))
            )
    finally:
        conn.close()


def query(db, sql):
    """The rows of ``sql`` on ``db``, in a connection of their own."""
    conn = pg(db)
    try:
        with conn.cursor() as cr:
            cr.execute(sql)
            return cr.fetchall()
    finally:
        conn.close()


def close(db):
    """Forget this process's registry and connections of ``db``."""
    import odoo

    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)


def environment(db):
    """A superuser environment on a new cursor of ``db`` (the caller closes
    ``env.cr``)."""
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = odoo.modules.registry.Registry(db)
    return api.Environment(registry.cursor(), SUPERUSER_ID, {})


def clean_up(dbs, work=None):
    """Forget and drop the databases ``dbs``; remove the folder ``work``
    (when given)."""
    for db in dbs:
        close(db)
        drop(db)
    if work:
        shutil.rmtree(work, ignore_errors=True)


def customer_vals(env, name, email):
    """A benchmark customer as in real life: an address in Germany and 30
    days to pay (without them the addons' review warns on every order)."""
    return {
        "name": name,
        "email": email,
        "street": "Hauptstraße 1",
        "zip": "80331",
        "city": "München",
        "country_id": env.ref("base.de").id,
        "property_payment_term_id": env.ref("account.account_payment_term_30days").id,
    }


def run_crons(db, crons):
    """Run the scheduled actions ``crons`` ((id, name) pairs) of ``db``,
    each in its own transaction as the cron runner does (some commit);
    returns the failures, ``"name: error"`` each (the others ran)."""
    import odoo
    from odoo import SUPERUSER_ID, api

    failed = []
    for cron_id, name in crons:
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                env["ir.cron"].browse(cron_id).method_direct_trigger()
            except Exception as exc:  # noqa: BLE001 (reported with the cron)
                cr.rollback()
                failed.append(f"{name}: {exc!r}")
    return failed

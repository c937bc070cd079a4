# shellcheck shell=bash
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# What the test scripts share (sourced by run-tests.sh,
# scripts/run-core-stage.sh and scripts/run-odoo-runner.sh, after they set
# $here to the repository root and define fail()): the interpreter, the
# PostgreSQL settings, a throw-away Odoo configuration and dropping its
# database.

# The interpreter: ODOO_PYTHON, else the venv of scripts/setup.sh
# (O2C_VENV, default <repo>/.venv), else python3.
o2c_python() {
    local venv=${O2C_VENV:-$here/.venv}
    if [ -n "${ODOO_PYTHON:-}" ]; then
        py=$ODOO_PYTHON
    elif [ -x "$venv/bin/python" ]; then
        py=$venv/bin/python
    else
        py=python3
    fi
}

# PG* defaults: the local server as the current OS user; never "postgres".
o2c_pg_env() {
    export PGHOST=${PGHOST:-127.0.0.1}
    export PGPORT=${PGPORT:-5432}
    export PGUSER=${PGUSER:-$(id -un)}
    export PGPASSWORD=${PGPASSWORD:-}
    if [ "$PGUSER" = postgres ]; then
        fail "Odoo refuses to connect as the role 'postgres': set PGUSER to another role."
    fi
}

# A free TCP port on the loopback interface.
o2c_free_port() {
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# o2c_write_conf CONF WORK DB [HTTP_PORT]: an Odoo configuration for the
# repository's addons on database DB, its data in WORK, demo data on, no
# cron threads.
o2c_write_conf() {
    cat >"$1" <<CONF
[options]
addons_path = $here/addons
data_dir = $2/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
db_name = $3
dbfilter = ^$3\$
http_interface = 127.0.0.1
${4:+http_port = $4}
list_db = False
max_cron_threads = 0
workers = 0
without_demo = False
CONF
}

# o2c_drop_db DB: drop DB if it exists, ending its connections first.
o2c_drop_db() {
    "$py" - "$1" <<'PY'
import sys
import psycopg2
conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
               " WHERE datname = %s AND pid <> pg_backend_pid()", [sys.argv[1]])
    cr.execute('DROP DATABASE IF EXISTS "%s"' % sys.argv[1].replace('"', ''))
PY
}

#!/usr/bin/env bash
# Run Odoo 18 with the order-to-cash addons, for a first look or a demo:
# creates the database (with Odoo's demo data and the three addons) when it
# does not exist, then serves it on http://localhost:8069.
#
#   scripts/setup.sh     # once: the venv with Odoo 18, the database role
#   scripts/run.sh       # then log in as admin / admin
#
# Environment (all optional):
#   ODOO_PYTHON   interpreter that imports Odoo 18 (default: the venv's)
#   O2C_VENV      the venv made by setup.sh (default: <repo>/.venv)
#   O2C_DB        database (default: o2c)
#   O2C_PORT      HTTP port (default: 8069)
#   O2C_DATA      Odoo's configuration and files (attachments, sessions) for
#                 this run (default: ${XDG_DATA_HOME:-~/.local/share}/o2c)
#   PGHOST PGPORT PGUSER PGPASSWORD  as for run-tests.sh
# Extra arguments go to Odoo (e.g. --http-interface=0.0.0.0 to serve beyond
# this machine: it listens on 127.0.0.1 only, the demo's admin password being
# "admin").
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
venv=${O2C_VENV:-$here/.venv}

say() { printf 'run: %s\n' "$*"; }
fail() { printf 'run: FAILED: %s\n' "$*" >&2; exit 2; }

if [ -n "${ODOO_PYTHON:-}" ]; then
    py=$ODOO_PYTHON
elif [ -x "$venv/bin/python" ]; then
    py=$venv/bin/python
else
    fail "no $venv/bin/python: run scripts/setup.sh first (or set ODOO_PYTHON to an interpreter that imports Odoo 18)."
fi
"$py" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null ||
    fail "no Odoo 18 importable with '$py': run scripts/setup.sh (or set ODOO_PYTHON)."

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-$(id -un)}
export PGPASSWORD=${PGPASSWORD:-}
[ "$PGUSER" = postgres ] &&
    fail "Odoo refuses to connect as the role 'postgres': set PGUSER to another role."
db=${O2C_DB:-o2c}
port=${O2C_PORT:-8069}
addons=order_to_cash,o2c_returns,o2c_aftersales
data=${O2C_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/o2c}
mkdir -p "$data"
conf=$data/odoo-$db.conf
(
    umask 077
    cat >"$conf" <<CONF
; written by scripts/run.sh on each start
[options]
addons_path = $here/addons
data_dir = $data/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
db_name = $db
dbfilter = ^$db\$
http_interface = 127.0.0.1
http_port = $port
list_db = False
max_cron_threads = 1
workers = 0
without_demo = False
CONF
)

# Is the database there with the three addons installed?
state=$("$py" - "$db" "$addons" <<'PY'
import sys
import psycopg2
db, addons = sys.argv[1], sys.argv[2].split(",")
try:
    conn = psycopg2.connect(dbname="postgres", connect_timeout=5)
except psycopg2.Error as e:
    print("nopg " + " ".join(str(e).split()))
    sys.exit()
with conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
    exists = cr.fetchone()
conn.close()
if not exists:
    print("absent")
    sys.exit()
conn = psycopg2.connect(dbname=db)
with conn, conn.cursor() as cr:
    cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
    installed = 0
    if cr.fetchone()[0]:
        cr.execute("SELECT count(*) FROM ir_module_module"
                   " WHERE name = ANY(%s) AND state = 'installed'", [addons])
        installed = cr.fetchone()[0]
conn.close()
print("ready" if installed == len(addons) else "incomplete")
PY
) || true
case $state in
nopg*)
    fail "PostgreSQL does not answer at $PGHOST:$PGPORT as '$PGUSER': ${state#nopg }. Run scripts/setup.sh, which creates the role or says what is missing."
    ;;
absent | incomplete)
    if [ "$state" = absent ]; then
        say "creating the database $db with Odoo's demo data and $addons (a few minutes)"
    else
        say "installing $addons into the existing database $db (a few minutes)"
    fi
    start=$(date +%s)
    "$py" -m odoo -c "$conf" -i "$addons" --stop-after-init --log-level=warn ||
        fail "the install into $db failed (above)."
    say "installed in $(($(date +%s) - start))s"
    ;;
ready) say "database $db has the addons installed" ;;
*) fail "cannot inspect the database $db: $state" ;;
esac

"$py" -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Odoo does
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$port" ||
    fail "port $port is in use (another Odoo?): stop it or set O2C_PORT."

say "starting Odoo on http://localhost:$port (database $db; Ctrl-C stops it)"
say "log in as admin / admin"
exec "$py" -m odoo -c "$conf" "$@"

#!/usr/bin/env bash
# CI stage: Odoo's own tests of the core modules the addons build on (sale,
# sale_management, sale_stock, stock_delivery, sale_margin, stock_account),
# run with the three addons installed in the same database (demo data on).
# A test failing here that is not in tests/core/vanilla-failures.txt (those
# fail on vanilla Odoo too) fails the stage.
#
# Environment: ODOO_PYTHON, O2C_VENV, PGHOST, PGPORT, PGUSER, PGPASSWORD as
# for run-tests.sh; O2C_CORE_DB (default o2c_core_<pid>), dropped at the end
# unless O2C_KEEP_DB=1.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here" || exit 2
venv=${O2C_VENV:-$here/.venv}
if [ -n "${ODOO_PYTHON:-}" ]; then
    py=$ODOO_PYTHON
elif [ -x "$venv/bin/python" ]; then
    py=$venv/bin/python
else
    py=python3
fi

fail() { printf 'core-tests: %s\n' "$*" >&2; exit 2; }

"$py" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null ||
    fail "no Odoo 18 importable with '$py': run scripts/setup.sh, or set ODOO_PYTHON (README.md, 'Running the tests')."

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-$(id -un)}
export PGPASSWORD=${PGPASSWORD:-}
[ "$PGUSER" = postgres ] &&
    fail "Odoo refuses to connect as the role 'postgres': set PGUSER to another role."
db=${O2C_CORE_DB:-o2c_core_$$}
core_modules=sale_management,sale_stock,stock_delivery,sale_margin,stock_account
addons=order_to_cash,o2c_returns,o2c_aftersales
tags=/sale,/sale_management,/sale_stock,/stock_delivery,/sale_margin,/stock_account
work=$(mktemp -d "${TMPDIR:-/tmp}/o2c-core.XXXXXX")
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
conf="$work/odoo.conf"
cat >"$conf" <<CONF
[options]
addons_path = $here/addons
data_dir = $work/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
db_name = $db
dbfilter = ^$db\$
http_interface = 127.0.0.1
http_port = $port
list_db = False
max_cron_threads = 0
workers = 0
without_demo = False
CONF

drop_db() {
    "$py" - "$db" <<'PY'
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
cleanup() {
    if [ "${O2C_KEEP_DB:-0}" = 1 ]; then
        echo "core-tests: kept database $db and $work"
    else
        drop_db || echo "core-tests: could not drop database $db" >&2
        rm -rf "$work"
    fi
}
trap cleanup EXIT

"$py" -c 'import psycopg2; psycopg2.connect(dbname="postgres").close()' 2>"$work/pg.err" ||
    fail "PostgreSQL does not answer at $PGHOST:$PGPORT as '$PGUSER': $(cat "$work/pg.err")"
drop_db

echo "core-tests: installing $core_modules,$addons (demo data) into $db"
start=$(date +%s)
"$py" -m odoo -c "$conf" -d "$db" -i "$core_modules,$addons" --stop-after-init \
    --log-level=warn >"$work/install.log" 2>&1
rc=$?
echo "core-tests: install took $(( $(date +%s) - start ))s"
if [ $rc -ne 0 ]; then
    echo "core-tests: install failed (exit $rc):" >&2
    tail -40 "$work/install.log" >&2
    exit 1
fi

echo "core-tests: running $tags (log: $work/tests.log)"
start=$(date +%s)
"$py" scripts/run-core-tests.py -c "$conf" -d "$db" --test-tags "$tags" \
    --log-level=test --failures "$work/failed.txt" \
    --known tests/core/vanilla-failures.txt >"$work/tests.log" 2>&1
rc=$?
echo "core-tests: tests took $(( $(date +%s) - start ))s"
grep -E '^run-core-tests: ' "$work/tests.log"
grep -E ' (odoo\.tests\.result|odoo\.service\.server): .*(tests when loading|post-tests in)' "$work/tests.log"
if [ $rc -ne 0 ]; then
    echo "core-tests: FAILED: tests fail with the addons that pass on vanilla Odoo;" \
        "their tracebacks:" >&2
    sed -n 's/^run-core-tests: fails only with the addons: //p' "$work/tests.log" |
        while IFS= read -r test_id; do
            case $test_id in
            *" ("*) key=$test_id ;;  # setUpClass (module.Class)
            *) key=$(printf '%s' "$test_id" | awk -F. '{print $(NF-1) "." $NF}') ;;
            esac
            grep -F -A40 -e "ERROR: $key" -e "FAIL: $key" "$work/tests.log" |
                grep -v ' INFO ' | sed '/^--$/q' >&2
        done
    exit 1
fi
echo "core-tests: passed (failing on vanilla Odoo as well: $(grep -cE '^[^#[:space:]]' tests/core/vanilla-failures.txt))"

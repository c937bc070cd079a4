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
# shellcheck source=scripts/o2c-env.sh
. "$here/scripts/o2c-env.sh"
o2c_python

fail() { printf 'core-tests: %s\n' "$*" >&2; exit 2; }

"$py" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null ||
    fail "no Odoo 18 importable with '$py': run scripts/setup.sh, or set ODOO_PYTHON (README.md, 'Running the tests')."

o2c_pg_env
db=${O2C_CORE_DB:-o2c_core_$$}
core_modules=sale_management,sale_stock,stock_delivery,sale_margin,stock_account
addons=order_to_cash,o2c_returns,o2c_aftersales
tags=/sale,/sale_management,/sale_stock,/stock_delivery,/sale_margin,/stock_account
work=$(mktemp -d "${TMPDIR:-/tmp}/o2c-core.XXXXXX")
port=$(o2c_free_port)
conf="$work/odoo.conf"
o2c_write_conf "$conf" "$work" "$db" "$port"

drop_db() { o2c_drop_db "$db"; }
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

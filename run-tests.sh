#!/usr/bin/env bash
# Test command of the order-to-cash addons.
#
# Finds an importable Odoo 18, creates a fresh database on the configured
# PostgreSQL, installs the three addons (failing on any WARNING/ERROR line in
# the install log, as OCA's CI does), runs every addon's tests and the
# repo-level tests/ with pytest-odoo against it, then drops the database.
#
# Environment (all optional):
#   ODOO_PYTHON      Python interpreter that can `import odoo` (default: the
#                    venv made by scripts/setup.sh when there is one, else python3)
#   O2C_VENV         that venv (default: .venv in this repository)
#   PGHOST PGPORT    PostgreSQL server (default: 127.0.0.1 5432)
#   PGUSER PGPASSWORD  role Odoo connects with (default: the current OS user;
#                    Odoo refuses the role "postgres")
#   O2C_TEST_DB      database name (default: o2c_test_<pid>); dropped at the end
#   O2C_KEEP_DB=1    keep the database (and its data dir) for inspection
#   O2C_ADDONS       addons to install (default: the three addons)
# Extra arguments are passed to pytest (e.g. -k stage, or a path).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here" || exit 2
# shellcheck source=scripts/o2c-env.sh
. "$here/scripts/o2c-env.sh"
o2c_python

fail() { printf 'run-tests: %s\n' "$*" >&2; exit 2; }

# 1. An importable Odoo 18, or a clear failure.
if ! command -v "$py" >/dev/null 2>&1; then
    fail "no Python interpreter '$py' (set ODOO_PYTHON to one that can import Odoo 18)."
fi
odoo_version=$("$py" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null)
if [ -z "$odoo_version" ]; then
    fail "no Odoo found: '$py -c \"import odoo\"' fails. Run scripts/setup.sh (it makes .venv with Odoo 18.0, used from then on), or set ODOO_PYTHON to the interpreter of your Odoo 18 environment. See README.md."
fi
if [ "$odoo_version" != "18" ]; then
    fail "Odoo $odoo_version found with '$py'; these addons need Odoo 18.0."
fi
"$py" -c 'import pytest_odoo' 2>/dev/null ||
    fail "pytest-odoo is not installed for '$py' (scripts/setup.sh installs it, or: '$py' -m pip install -r requirements-test.txt)."
echo "run-tests: Odoo 18 with $py"

# 2. Database settings.
o2c_pg_env
db=${O2C_TEST_DB:-o2c_test_$$}
addons=${O2C_ADDONS:-order_to_cash,o2c_returns,o2c_aftersales}
work=$(mktemp -d "${TMPDIR:-/tmp}/o2c-test.XXXXXX")
conf="$work/odoo.conf"
o2c_write_conf "$conf" "$work" "$db"

drop_db() { o2c_drop_db "$db"; }
cleanup() {
    if [ "${O2C_KEEP_DB:-0}" = 1 ]; then
        echo "run-tests: kept database $db and $work"
    else
        drop_db || echo "run-tests: could not drop database $db" >&2
        rm -rf "$work"
    fi
}
trap cleanup EXIT

"$py" -c 'import psycopg2; psycopg2.connect(dbname="postgres").close()' 2>"$work/pg.err" ||
    fail "PostgreSQL does not answer at $PGHOST:$PGPORT as '$PGUSER': $(cat "$work/pg.err")"
drop_db

# 3. Install, with demo data, and fail on any WARNING or ERROR in the log.
echo "run-tests: installing $addons into fresh database $db"
start=$(date +%s)
"$py" -m odoo -c "$conf" -d "$db" -i "$addons" --stop-after-init \
    --log-level=info >"$work/install.log" 2>&1
rc=$?
echo "run-tests: install took $(( $(date +%s) - start ))s (log: ${O2C_KEEP_DB:+$work/}install.log)"
bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$work/install.log")
if [ $rc -ne 0 ] || [ -n "$bad" ]; then
    echo "run-tests: install failed (exit $rc); WARNING/ERROR lines:" >&2
    printf '%s\n' "${bad:-$(tail -40 "$work/install.log")}" >&2
    exit 1
fi

# 4. Addon tests and repo-level tests with pytest-odoo.
echo "run-tests: running tests"
[ $# -gt 0 ] || set -- addons tests
"$py" -m pytest -p no:cacheprovider \
    --odoo-config="$conf" --odoo-database="$db" --odoo-http \
    --odoo-log-level="${O2C_TEST_LOG_LEVEL:-warn}" \
    --odoo-extra=log-handler=odoo.tests.common:CRITICAL \
    "$@"
rc=$?
exit $rc

#!/usr/bin/env bash
# CI stage: the addons' own tests (addons/*/tests) under Odoo's test runner,
# as OCA's CI runs them: a fresh database, the three addons installed with
# Odoo's demo data by `odoo -i ... --test-enable --test-tags /order_to_cash,
# /o2c_returns,/o2c_aftersales --stop-after-init`. run-tests.sh runs the same
# tests with pytest-odoo; both must pass.
#
# Fails when a test fails or raises (its "FAIL:"/"ERROR:" line in the log and
# Odoo's final "N failed, M error(s) of K tests" line), when no test ran, or
# when Odoo stops with an error. The log is kept (O2C_RUNNER_LOG).
#
# Environment: ODOO_PYTHON, O2C_VENV, PGHOST, PGPORT, PGUSER, PGPASSWORD as
# for run-tests.sh; O2C_RUNNER_MODULES: more of Odoo's modules installed
# beside the addons (comma-separated, e.g. mrp,purchase_stock,repair: CI's
# second run, where the glue for Manufacturing, Purchase and Repair is
# tested; their own tests are not run, only the addons'); O2C_RUNNER_DB (default o2c_runner_<pid>), dropped at the
# end unless O2C_KEEP_DB=1; O2C_RUNNER_LOG (default
# ${TMPDIR:-/tmp}/o2c-odoo-runner-<database>.log). Extra arguments go to
# Odoo's server command (e.g. --test-tags /o2c_returns:TestReturnFlow).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here" || exit 2
# shellcheck source=scripts/o2c-env.sh
. "$here/scripts/o2c-env.sh"
o2c_python

fail() { printf 'odoo-runner: %s\n' "$*" >&2; exit 2; }

command -v "$py" >/dev/null 2>&1 ||
    fail "no Python interpreter '$py': run scripts/setup.sh, or set ODOO_PYTHON (README.md, 'Running the tests')."
"$py" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null ||
    fail "no Odoo 18 importable with '$py': run scripts/setup.sh, or set ODOO_PYTHON (README.md, 'Running the tests')."

o2c_pg_env
db=${O2C_RUNNER_DB:-o2c_runner_$$}
addons=order_to_cash,o2c_returns,o2c_aftersales${O2C_RUNNER_MODULES:+,$O2C_RUNNER_MODULES}
tags=/order_to_cash,/o2c_returns,/o2c_aftersales
log=${O2C_RUNNER_LOG:-${TMPDIR:-/tmp}/o2c-odoo-runner-$db.log}
work=$(mktemp -d "${TMPDIR:-/tmp}/o2c-runner.XXXXXX")
port=$(o2c_free_port)
conf="$work/odoo.conf"
o2c_write_conf "$conf" "$work" "$db" "$port"

drop_db() { o2c_drop_db "$db"; }
cleanup() {
    if [ "${O2C_KEEP_DB:-0}" = 1 ]; then
        echo "odoo-runner: kept database $db and $work (config: $conf)"
    else
        drop_db || echo "odoo-runner: could not drop database $db" >&2
        rm -rf "$work"
    fi
}
trap cleanup EXIT

"$py" -c 'import psycopg2; psycopg2.connect(dbname="postgres").close()' 2>"$work/pg.err" ||
    fail "PostgreSQL does not answer at $PGHOST:$PGPORT as '$PGUSER': $(cat "$work/pg.err")"
drop_db

echo "odoo-runner: installing $addons (demo data) into fresh database $db, running the tests $tags${*:+ (then: $*)} (log: $log)"
start=$(date +%s)
"$py" -m odoo -c "$conf" -d "$db" -i "$addons" --test-enable --test-tags "$tags" \
    --stop-after-init --log-level=info "$@" >"$log" 2>&1
rc=$?
echo "odoo-runner: install and tests took $(( $(date +%s) - start ))s (exit $rc)"

# A test's failure or error: "<date> <time> <pid> ERROR <db> <its module's
# logger>: FAIL: Class.test (or ERROR: ...)", its traceback below; Odoo's
# result line: "... ERROR <db> odoo.tests.result: 1 failed, 0 error(s) of
# 331 tests when loading database '<db>'".
stamp='^[0-9-]+ [0-9:,]+ [0-9]+'
failed_re="$stamp (ERROR|CRITICAL) [^ ]+ [^ ]+: (FAIL|ERROR): "
summary=$(grep -E "$stamp [A-Z]+ [^ ]+ odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -1 |
    sed -E 's/.* odoo\.tests\.result: ([0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests).*/\1/')
failures=$(grep -cE "$failed_re" "$log")
read -r n_failed n_errors n_run <<<"$(printf '%s' "$summary" |
    sed -E 's/^([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests$/\1 \2 \3/')"
echo "odoo-runner: ${summary:-no result line from the test runner}; $failures FAIL/ERROR line(s) in the log"

# other WARNING/ERROR lines (tests provoking a failure on purpose, core's
# notices): shown, not judged
others=$(grep -E "$stamp (WARNING|ERROR|CRITICAL) " "$log" | grep -vE "$failed_re" |
    grep -vE ' odoo\.tests\.result: ')
if [ -n "$others" ]; then
    echo "odoo-runner: $(printf '%s\n' "$others" | wc -l) other WARNING/ERROR line(s) in the log (not test results):"
    printf '%s\n' "$others" | cut -c1-240 | sed 's/^/    /'
fi

if [ "$failures" -gt 0 ]; then
    echo "odoo-runner: FAILED: the failing tests and their tracebacks:" >&2
    # each FAIL/ERROR line with the lines after it up to the next log line
    awk -v re="$failed_re" -v stamp="$stamp" '
        $0 ~ re { show = 1; print; next }
        $0 ~ stamp { show = 0 }
        show { print }
    ' "$log" >&2
    exit 1
fi
if [ -z "$summary" ]; then
    echo "odoo-runner: FAILED: Odoo gave no test result (exit $rc); the end of the log:" >&2
    tail -40 "$log" >&2
    exit 1
fi
if [ "$n_failed" != 0 ] || [ "$n_errors" != 0 ] || [ "$n_run" = 0 ]; then
    echo "odoo-runner: FAILED: $summary" >&2
    exit 1
fi
if [ $rc -ne 0 ]; then
    echo "odoo-runner: FAILED: Odoo stopped with exit $rc; the end of the log:" >&2
    tail -40 "$log" >&2
    exit 1
fi
echo "odoo-runner: passed ($n_run tests)"

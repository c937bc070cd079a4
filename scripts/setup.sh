#!/usr/bin/env bash
# One-command set-up for running and testing the order-to-cash addons without
# Docker: a virtual environment with Odoo 18.0, its requirements and the
# project's test and lint tools, the system packages they need, and a
# PostgreSQL role for the current user.
#
# Idempotent: a second run checks what is there and installs nothing.
#
#   1. System packages (Debian/Ubuntu): LDAP/SASL and libpq headers, a C
#      compiler, wkhtmltopdf, Chromium, the PostgreSQL client. Installed with
#      apt-get when run as root and missing; otherwise listed with the command
#      that installs them.
#   2. Odoo 18.0 source, from ODOO_SRC (a source folder, or a .tar.gz, .tgz or
#      .zip archive) when set; else from the cache archive
#      $O2C_CACHE/odoo-18.0-src.tar.gz; else downloaded from Odoo's nightly
#      server into that cache. It is put into the venv (<venv>/src/odoo) and
#      made importable with a .pth file.
#   3. The venv (O2C_VENV, default <repo>/.venv) with Odoo's requirements.txt
#      (built with setuptools<70: cbor2 needs it) and requirements-test.txt.
#      pip runs again only when one of them or the Odoo source changes.
#   4. PostgreSQL: checks that the server answers (PGHOST, PGPORT, default
#      127.0.0.1 5432) as PGUSER (default: the current OS user); creates that
#      role (LOGIN SUPERUSER) when it is missing and the server lets us.
#      Never fatal: says what to do instead.
#
# Environment (all optional):
#   ODOO_SRC     Odoo 18.0 source folder or archive to use
#   O2C_VENV     the virtual environment (default: <repo>/.venv)
#   O2C_CACHE    download cache (default: ${XDG_CACHE_HOME:-~/.cache}/o2c)
#   O2C_BASE_PYTHON  interpreter the venv is made from (default: the first of
#                python3, python3.12, python3.11, python3.10 that is 3.10-3.12)
#   PGHOST PGPORT PGUSER PGPASSWORD  as for run-tests.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${O2C_VENV:-$here/.venv}
cache=${O2C_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/o2c}
cache_archive=$cache/odoo-18.0-src.tar.gz
odoo_url=https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz
changed=0

say() { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: WARNING: %s\n' "$*" >&2; }
die() { printf 'setup: FAILED: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# A Python that Odoo 18 supports (3.10 to 3.12); empty when there is none.
supported_python() {
    local candidate
    for candidate in ${O2C_BASE_PYTHON:-python3 python3.12 python3.11 python3.10}; do
        if "$candidate" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' \
            >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 0
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------------------
say "== system packages"
missing=()
# need PACKAGE TEST...: PACKAGE is missing unless dpkg knows it or TEST passes.
need() {
    local pkg=$1
    shift
    if command -v dpkg >/dev/null 2>&1 && dpkg -s "$pkg" >/dev/null 2>&1; then
        return 0
    fi
    if "$@" >/dev/null 2>&1; then
        return 0
    fi
    missing+=("$pkg")
}
have() { command -v "$1"; }
have_any() {
    local c
    for c in "$@"; do command -v "$c" && return 0; done
    return 1
}
# Debian's python3 makes no venv (no ensurepip) without python3-venv.
venv_works() {
    local probe rc=0
    probe=$(mktemp -d "${TMPDIR:-/tmp}/o2c-venv-probe.XXXXXX")
    "$1" -m venv "$probe/venv" || rc=1
    rm -rf "$probe"
    return $rc
}
python_headers() {
    local py=$1 inc
    inc=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])') &&
        [ -e "$inc/Python.h" ]
}
need libldap2-dev test -e /usr/include/ldap.h          # python-ldap
need libsasl2-dev test -e /usr/include/sasl/sasl.h     # python-ldap
need libpq-dev have pg_config                          # psycopg2 (no wheel)
need wkhtmltopdf have wkhtmltopdf                      # Odoo's PDF reports
need chromium have_any chromium chromium-browser      # browser tests (tours)
need postgresql-client have psql                       # role check below
need build-essential have gcc
base_py=$(supported_python)
if [ -z "$base_py" ]; then
    missing+=(python3 python3-venv python3-dev)
else
    if [ ! -x "$venv/bin/python" ]; then
        need python3-venv venv_works "$base_py"
    fi
    need python3-dev python_headers "$base_py"
fi

if [ ${#missing[@]} -eq 0 ]; then
    say "all present, nothing to install"
elif command -v apt-get >/dev/null 2>&1 && is_root; then
    say "installing with apt-get: ${missing[*]}"
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
        changed=1
    else
        warn "apt-get could not install ${missing[*]}; going on, but what needs them will fail."
    fi
    [ -n "$base_py" ] || base_py=$(supported_python)
elif command -v apt-get >/dev/null 2>&1; then
    warn "missing: ${missing[*]}. Install them as root and run this script again:"
    warn "    sudo apt-get install ${missing[*]}"
    warn "going on without them (what needs them will fail)."
else
    warn "missing (Debian package names): ${missing[*]}."
    warn "Install your system's equivalents; going on without them (what needs them will fail)."
fi

# ---------------------------------------------------------------------------
say "== Odoo 18.0 source"
src_dir=$venv/src/odoo
src_stamp=$venv/src/odoo.source
if [ -n "${ODOO_SRC:-}" ]; then
    [ -e "$ODOO_SRC" ] || die "ODOO_SRC=$ODOO_SRC does not exist."
    if [ -d "$ODOO_SRC" ]; then
        origin=$(cd "$ODOO_SRC" && pwd)
        # A folder holding only the extracted archive's top folder will do too.
        inner=("$origin"/*)
        if [ ! -f "$origin/odoo/release.py" ] && [ ${#inner[@]} = 1 ] &&
            [ -f "${inner[0]}/odoo/release.py" ]; then
            origin=${inner[0]}
        fi
    else
        origin=$(cd "$(dirname "$ODOO_SRC")" && pwd)/$(basename "$ODOO_SRC")
    fi
    say "from ODOO_SRC: $origin"
elif [ -f "$cache_archive" ]; then
    origin=$cache_archive
    say "from the cache: $origin"
else
    say "downloading $odoo_url into $cache (about 350 MB)"
    mkdir -p "$cache"
    part=$cache_archive.part
    if command -v curl >/dev/null 2>&1; then
        fetch=(curl -fL --retry 2 --connect-timeout 20 -o "$part" "$odoo_url")
    elif command -v wget >/dev/null 2>&1; then
        fetch=(wget -q --tries=3 --timeout=20 -O "$part" "$odoo_url")
    else
        die "neither curl nor wget to download Odoo's source; set ODOO_SRC to an Odoo 18.0 source folder or archive."
    fi
    if ! "${fetch[@]}"; then
        rm -f "$part"
        die "could not download $odoo_url. Set ODOO_SRC to an Odoo 18.0 source folder or archive (.tar.gz, .tgz, .zip), or put the archive at $cache_archive."
    fi
    mv "$part" "$cache_archive"
    origin=$cache_archive
fi

# What identifies the source: an archive by its path, size and time; a folder
# by its path (it is copied again when a file in it is newer than the copy).
if [ -d "$origin" ]; then
    [ -f "$origin/odoo/release.py" ] ||
        die "ODOO_SRC=$origin is no Odoo source folder (no odoo/release.py in it)."
    identity="folder $origin"
else
    case $origin in
    *.tar.gz | *.tgz | *.zip) ;;
    *) die "ODOO_SRC=$origin: expected a source folder or a .tar.gz, .tgz or .zip archive." ;;
    esac
    identity="archive $origin $(stat -c '%s %Y' "$origin")"
fi

src_current() {
    [ -f "$src_dir/odoo/release.py" ] && [ -f "$src_stamp" ] &&
        [ "$(cat "$src_stamp")" = "$identity" ] || return 1
    if [ -d "$origin" ] &&
        [ -n "$(find "$origin" -path "$origin/.git" -prune -o -newer "$src_stamp" -print -quit)" ]; then
        return 1
    fi
    return 0
}

if src_current; then
    say "already in $src_dir, nothing to do"
else
    [ -n "$base_py" ] ||
        die "no Python 3.10, 3.11 or 3.12 found (Odoo 18 needs one): install python3, python3-venv and python3-dev."
    mkdir -p "$venv/src"
    tmp=$(mktemp -d "$venv/src/.odoo-new.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    if [ -d "$origin" ]; then
        say "copying $origin into $src_dir"
        tar -C "$origin" --exclude=./.git -cf - . | tar -C "$tmp" -xf -
    else
        say "extracting $origin into $src_dir"
        case $origin in
        *.zip) "$base_py" -m zipfile -e "$origin" "$tmp" ;;
        *) tar -xzf "$origin" -C "$tmp" ;;
        esac
    fi
    # The archive's top folder varies (odoo-18.0/, odoo-18.0.post2025.../):
    # the source root is the shallowest folder holding odoo/release.py.
    release=$(find "$tmp" -maxdepth 4 -path '*/odoo/release.py' -type f |
        awk -F/ '{print NF, $0}' | sort -n | head -1 | cut -d' ' -f2-)
    [ -n "$release" ] || die "$origin holds no Odoo source (no odoo/release.py found)."
    root=$(dirname "$(dirname "$release")")
    version=$("$base_py" -c 'import runpy, sys
r = runpy.run_path(sys.argv[1])
print(r["version_info"][0], r["serie"])' "$release") ||
        die "cannot read the version from $origin's odoo/release.py."
    [ "${version%% *}" = 18 ] ||
        die "$origin holds Odoo ${version#* }; these addons need Odoo 18.0."
    # A git checkout keeps most addons in addons/ beside odoo/; the
    # released source has them all in odoo/addons. Make the copy look like
    # the latter, so that odoo/addons alone is a complete addons path.
    if [ -d "$root/addons" ] && [ -d "$root/odoo/addons" ]; then
        find "$root/addons" -mindepth 1 -maxdepth 1 -exec mv -t "$root/odoo/addons" {} +
        rmdir "$root/addons"
    fi
    rm -rf "$src_dir"
    mv "$root" "$src_dir"
    rm -rf "$tmp"
    trap - EXIT
    printf '%s\n' "$identity" >"$src_stamp"
    say "Odoo ${version#* } source in $src_dir"
    changed=1
fi

# ---------------------------------------------------------------------------
say "== virtual environment $venv"
vpy=$venv/bin/python
if [ -x "$vpy" ]; then
    "$vpy" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null ||
        die "$vpy does not run, or is not Python 3.10 to 3.12: remove $venv and run this script again."
    say "exists ($("$vpy" -V 2>&1)), nothing to do"
else
    [ -n "$base_py" ] ||
        die "no Python 3.10, 3.11 or 3.12 found (Odoo 18 needs one): install python3, python3-venv and python3-dev."
    say "creating it with $base_py ($("$base_py" -V 2>&1))"
    "$base_py" -m venv "$venv" ||
        die "'$base_py -m venv' failed: install python3-venv (Debian/Ubuntu) and run this script again."
    changed=1
fi

# Odoo importable from the venv: a .pth file naming the source folder, and an
# `odoo` command.
site=$("$vpy" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
pth=$site/o2c-odoo-src.pth
if [ "$(cat "$pth" 2>/dev/null)" != "$src_dir" ]; then
    printf '%s\n' "$src_dir" >"$pth"
    changed=1
fi
if [ ! -x "$venv/bin/odoo" ]; then
    printf '#!/bin/sh\nexec "%s" -m odoo "$@"\n' "$vpy" >"$venv/bin/odoo"
    chmod +x "$venv/bin/odoo"
fi

# pip only when the requirements, the Odoo source or the Python changed.
stamp=$venv/.o2c-requirements.stamp
want_stamp=$(printf '%s\n' \
    "python $("$vpy" -c 'import sys; print(sys.version.split()[0])')" \
    "odoo-source $identity" \
    "odoo-requirements $(sha256 "$src_dir/requirements.txt")" \
    "test-requirements $(sha256 "$here/requirements-test.txt")" \
    "runtime setuptools>=70,<81")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ]; then
    say "requirements installed already (same requirement files and source), nothing to do"
else
    constraints=$venv/o2c-build-constraints.txt
    printf '%s\n' '# cbor2 (an Odoo requirement) does not build with setuptools 70 or later' \
        'setuptools<70' >"$constraints"
    say "installing Odoo's requirements.txt (a few minutes: some build from source)"
    # PIP_CONSTRAINT reaches the isolated build environments up to pip 25.2;
    # from pip 25.3 on, PIP_BUILD_CONSTRAINT does (older pips ignore it).
    PIP_CONSTRAINT=$constraints PIP_BUILD_CONSTRAINT=$constraints \
        "$vpy" -m pip install --quiet --disable-pip-version-check -r "$src_dir/requirements.txt" ||
        die "pip could not install Odoo's requirements (above). Missing system packages are listed at the top of this output."
    say "installing the project's requirements-test.txt"
    PIP_CONSTRAINT=$constraints PIP_BUILD_CONSTRAINT=$constraints \
        "$vpy" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt" ||
        die "pip could not install requirements-test.txt (above)."
    # the prefork server's websocket process (gevent) resolves zope.event and
    # zope.interface with pkg_resources at start; the setuptools that built
    # cbor2 (<70) cannot find their metadata (zope_interface-*.dist-info),
    # and setuptools 81 and later has no pkg_resources: a runtime in between
    say "setuptools for the runtime (pkg_resources that finds gevent's zope packages)"
    "$vpy" -m pip install --quiet --disable-pip-version-check 'setuptools>=70,<81' ||
        die "pip could not install setuptools>=70,<81 (above)."
    printf '%s\n' "$want_stamp" >"$stamp"
    changed=1
fi

(cd / && "$vpy" -W ignore -c 'import gevent.monkey; gevent.monkey.patch_all()') ||
    die "$vpy cannot start gevent (Odoo's websocket process of the multi-worker server): remove $stamp and run this script again."
odoo_version=$(cd / && "$vpy" -c 'import odoo.release as r, pytest_odoo; print(r.version)') ||
    die "$vpy cannot import odoo and pytest_odoo: remove $stamp and run this script again."

# ---------------------------------------------------------------------------
say "== PostgreSQL"
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-$(id -un)}
pg_local=0
case $pg_host in 127.0.0.1 | localhost | ::1 | /*) pg_local=1 ;; esac

# Connect as pg_user; prints the error when it fails.
pg_connect() {
    if command -v psql >/dev/null 2>&1; then
        { PGCONNECT_TIMEOUT=5 psql -X -w -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres \
            -Atqc 'SELECT 1' >/dev/null; } 2>&1
    else
        (cd / && "$vpy" -c 'import sys, psycopg2
try:
    psycopg2.connect(host=sys.argv[1], port=sys.argv[2], user=sys.argv[3],
                     dbname="postgres", connect_timeout=5).close()
except psycopg2.Error as e:
    sys.exit(str(e).strip())' "$pg_host" "$pg_port" "$pg_user" 2>&1)
    fi
}
# Create the role, through the superuser "postgres" (over the same server,
# or as the OS user postgres when we are root on the server's machine).
create_role() {
    local sql='CREATE ROLE :"role" LOGIN SUPERUSER;'
    command -v psql >/dev/null 2>&1 || return 1
    if printf '%s\n' "$sql" | PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -v role="$pg_user" \
        -h "$pg_host" -p "$pg_port" -U postgres -d postgres >/dev/null 2>&1; then
        return 0
    fi
    if is_root && [ "$pg_local" = 1 ]; then
        local host_args=()
        case $pg_host in /*) host_args=(-h "$pg_host") ;; esac
        local as_postgres=()
        if command -v runuser >/dev/null 2>&1; then
            as_postgres=(runuser -u postgres --)
        elif command -v sudo >/dev/null 2>&1; then
            as_postgres=(sudo -n -u postgres)
        fi
        if [ ${#as_postgres[@]} -gt 0 ] && printf '%s\n' "$sql" |
            (cd / && "${as_postgres[@]}" psql -X -w -q -v ON_ERROR_STOP=1 -v role="$pg_user" \
                "${host_args[@]}" -p "$pg_port" -d postgres >/dev/null 2>&1); then
            return 0
        fi
    fi
    return 1
}
how_to_role="on the database server: sudo -u postgres createuser --superuser $pg_user (or set PGUSER and PGPASSWORD to a role that may create databases, not postgres), then run this script again"

if [ "$pg_user" = postgres ]; then
    warn "PGUSER is postgres: Odoo refuses to connect as the role 'postgres'. Set PGUSER to another role."
elif err=$(pg_connect); then
    say "the server at $pg_host:$pg_port answers as '$pg_user', nothing to do"
else
    case $err in
    *"role \"$pg_user\" does not exist"*)
        if create_role && err=$(pg_connect); then
            say "created the PostgreSQL role '$pg_user' (LOGIN SUPERUSER)"
            changed=1
        elif [ -n "$err" ] && ! [[ $err == *"does not exist"* ]]; then
            warn "the role '$pg_user' exists now but cannot log in: $err"
            warn "give it a password (ALTER ROLE \"$pg_user\" PASSWORD '...') and export PGPASSWORD, or allow it in pg_hba.conf."
        else
            warn "the PostgreSQL role '$pg_user' does not exist and I cannot create it. Create it $how_to_role."
        fi
        ;;
    *"could not connect"* | *"Connection refused"* | *"No such file"* | *"timeout expired"* | *"could not translate host"*)
        warn "no PostgreSQL server answers at $pg_host:$pg_port: $err"
        warn "install and start one (Debian/Ubuntu: apt-get install postgresql), or set PGHOST/PGPORT; then run this script again to create the role '$pg_user'."
        ;;
    *)
        warn "cannot connect to PostgreSQL at $pg_host:$pg_port as '$pg_user': $err"
        warn "set PGPASSWORD for that role, or create it $how_to_role."
        ;;
    esac
fi

# ---------------------------------------------------------------------------
say "== done"
if [ "$changed" = 0 ]; then
    say "everything was in place already; nothing was installed"
fi
say "interpreter: $vpy"
say "Odoo: $odoo_version (source in $src_dir)"
if [ "$venv" = "$here/.venv" ]; then
    venv_env=
else
    venv_env="O2C_VENV=$venv "
fi
say "next:"
say "    ${venv_env}scripts/run.sh        # demo database, Odoo on http://localhost:8069"
say "    ${venv_env}./run-tests.sh        # the tests"

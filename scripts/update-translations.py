#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Refresh addons/<addon>/i18n/<addon>.pot and de.po from a database.

Exports each addon's terms from a database where the addons are installed and
up to date, then merges them into i18n/de.po: translations already there are
kept, terms gone from the code are dropped, new terms are listed (exit 1)
until they are translated. Optional: a JSON file {msgid: msgstr} with new
German translations to fill in.

    scripts/update-translations.py -c CONF -d DB [--fill de.json] [addon ...]
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["order_to_cash", "o2c_returns", "o2c_aftersales"]


def export_pot(config, db, addon, target):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            config,
            "-d",
            db,
            f"--i18n-export={target}",
            f"--modules={addon}",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--fill", help="JSON file of new translations")
    parser.add_argument("addons", nargs="*", default=ADDONS)
    args = parser.parse_args()
    fill = json.loads(Path(args.fill).read_text()) if args.fill else {}
    missing_total = 0
    for addon in args.addons:
        i18n = ROOT / "addons" / addon / "i18n"
        i18n.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            pot_path = Path(tmp) / f"{addon}.pot"
            export_pot(args.config, args.database, addon, pot_path)
            pot = polib.pofile(str(pot_path))
        pot.save(str(i18n / f"{addon}.pot"))
        po_path = i18n / "de.po"
        old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
        known = {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr}
        known_by_id = {e.msgid: e.msgstr for e in old if e.msgstr}
        po = polib.POFile(wrapwidth=78)
        po.metadata = dict(pot.metadata)
        po.metadata.update(
            {"Language": "de", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
        )
        po.header = pot.header
        missing = []
        for entry in pot:
            msgstr = (
                known.get((entry.msgctxt, entry.msgid))
                or known_by_id.get(entry.msgid)
                or fill.get(entry.msgid, "")
            )
            if not msgstr:
                missing.append(entry.msgid)
            po.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgstr=msgstr,
                    msgctxt=entry.msgctxt,
                    occurrences=entry.occurrences,
                    comment=entry.comment,
                    tcomment=entry.tcomment,
                    flags=entry.flags,
                )
            )
        po.save(str(po_path))
        for msgid in missing:
            print(f"{addon}: untranslated: {msgid!r}")
        missing_total += len(missing)
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fail when Odoo's term extraction cannot read a Python file of the addons.

Odoo exports the translatable terms of Python code with Babel (keywords
``_`` and ``_lt``, as ``odoo.tools.translate`` does). Babel evaluates every
string literal between the parentheses of such a call, keyword arguments
included: an f-string there (``_("%(qty)s", qty=f"{qty:g}")``) raises, Odoo
logs "Failed to extract terms" and drops EVERY term of that file from the
.pot, so none of them can be translated. Compute such values before the call.

Usage: scripts/check-translatable.py [FILE ...] (default: addons/**/*.py)."""

import pathlib
import sys

from babel.messages import extract


def main():
    files = [pathlib.Path(name) for name in sys.argv[1:]] or sorted(
        pathlib.Path("addons").glob("**/*.py")
    )
    failed = 0
    for path in files:
        if "/tests/" in f"/{path.as_posix()}" or path.suffix != ".py":
            continue
        with path.open("rb") as source:
            try:
                for __ in extract.extract(
                    "python", source, keywords={"_": None, "_lt": None}
                ):
                    pass
            except Exception as error:  # noqa: BLE001 (any failure loses the file)
                print(f"{path}: Odoo's term extraction fails: {error!r}")
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fail when a test module of an addon is not imported by its
``tests/__init__.py``: Odoo's test runner (and OCA's CI) only runs the
modules imported there, so such a file would pass unseen under it while
pytest-odoo, which finds files by name, runs it.

Usage: scripts/check-test-imports.py [ADDONS_DIR] (default: addons)."""

import ast
import pathlib
import sys


def imported_modules(init_file):
    names = set()
    tree = ast.parse(init_file.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.update(alias.name for alias in node.names)
    return names


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "addons")
    missing = []
    for tests in sorted(root.glob("*/tests")):
        init_file = tests / "__init__.py"
        imported = imported_modules(init_file) if init_file.exists() else set()
        for test_file in sorted(tests.glob("test_*.py")):
            if test_file.stem not in imported:
                missing.append(f"{test_file}: not imported by {init_file}")
    for line in missing:
        print(line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

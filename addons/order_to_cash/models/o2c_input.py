# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Moved to :mod:`odoo.addons.order_to_cash.tools.o2c_input` (not a model);
kept for the modules that still import it from here (other addons, the
wizards, account_move.py). Import from ``tools`` in new code."""

from ..tools.o2c_input import (  # noqa: F401
    O2C_MAX_LINES,
    O2C_MAX_NUMBER,
    o2c_date,
    o2c_html_text,
    o2c_lines,
    o2c_number,
    o2c_strip_controls,
    o2c_text,
)

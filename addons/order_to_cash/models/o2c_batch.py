# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Moved to :mod:`odoo.addons.order_to_cash.tools.o2c_batch` (not a model);
kept for account_move.py, which still imports it from here. Import from
``tools`` in new code."""

from ..tools.o2c_batch import lock_batch, notify_remaining  # noqa: F401

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reminder letters (18.0.1.1.0): the reminder templates move from the
invoice to the letter (one per customer a run). They are ``noupdate``, and
the old ones render invoice fields the letter has not: reload them once
from their data file (in ``init`` mode, which updates ``noupdate``
records). The reminder levels keep their settings."""

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import convert_file


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    convert_file(
        env,
        "order_to_cash",
        "data/mail_template_reminder_letter.xml",
        {},
        mode="init",
        noupdate=True,
    )

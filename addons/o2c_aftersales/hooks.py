# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install into a database with history: no order has a follow-up yet, so
none is escalated. The column is created here, empty (read as not
escalated), so that the ORM does not compute the flag for every order of the
company's past in memory."""


def pre_init_hook(env):
    env.cr.execute(
        "ALTER TABLE sale_order ADD COLUMN IF NOT EXISTS o2c_followup_escalated boolean"
    )

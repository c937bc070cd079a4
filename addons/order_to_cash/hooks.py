# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install into a database with history (see ``history.py``): the stored
fields the addon adds to existing orders and transfers are derived in SQL
before the ORM creates their columns, and the stage history of the orders
found starts from their documents' own dates."""

from .history import (
    o2c_init_control_fields,
    o2c_init_order_fields,
    o2c_init_stage_history,
)
from .models.sale_order import STAGE_LOG_KEY


def pre_init_hook(env):
    o2c_init_control_fields(env.cr)
    o2c_init_order_fields(env.cr, user_tz=env.user.tz)


def post_init_hook(env):
    # orders created or changed during the install (demo data) have their
    # stage changes queued for the stage log: they are logged as they happen
    queued = env.cr.precommit.data.get(STAGE_LOG_KEY, [])
    o2c_init_stage_history(
        env.cr, exclude_ids={transition["order_id"] for transition in queued}
    )

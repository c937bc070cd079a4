# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The batch pattern of the scheduled actions: lock one batch of the rows a
query selects (another worker takes other rows), then report what is left
so the cron calls again."""

from odoo.tools import SQL


def lock_batch(cr, query, alias, batch_size):
    """Rows of ``query`` (an ``SQL`` selecting from table alias ``alias``,
    its id first), at most ``batch_size``, locked ``FOR UPDATE SKIP
    LOCKED``, in id order."""
    cr.execute(
        SQL(
            "%s ORDER BY %s LIMIT %s FOR UPDATE OF %s SKIP LOCKED",
            query,
            SQL.identifier(alias, "id"),
            batch_size,
            SQL.identifier(alias),
        )
    )
    return cr.fetchall()


def notify_remaining(env, query, done):
    """Tell the running cron how many rows it did and how many ``query``
    still selects."""
    env.cr.execute(SQL("SELECT COUNT(*) FROM (%s) AS todo", query))
    env["ir.cron"]._notify_progress(done=done, remaining=env.cr.fetchone()[0])

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


def pre_init_hook(env):
    o2c_init_control_fields(env.cr)
    o2c_init_order_fields(env.cr, user_tz=env.user.tz)


def post_init_hook(env):
    # the stage log is new: its only rows are those the install's own
    # orders (the demo data's, dated in the past) got at the install's
    # moment; every order gets its history from its documents' dates
    env.cr.flush()
    env.cr.execute("DELETE FROM o2c_stage_log")
    env.invalidate_all()
    o2c_init_stage_history(env.cr)


def uninstall_hook(env):
    """Uninstall: the addon's activity types go with it. Odoo refuses to
    delete an activity type still in use (activities, activity plans, server
    actions and chained types refer to it with ``ondelete="restrict"``), so
    the types and their external ids stayed behind, named after a process
    that is gone. What uses them moves to Odoo's To-Do type; an activity
    without summary keeps the old type's name as its summary, so the person
    it is assigned to still knows what it was about."""
    imd = env["ir.model.data"].search(
        [("module", "=", "order_to_cash"), ("model", "=", "mail.activity.type")]
    )
    types = env["mail.activity.type"].browse(imd.mapped("res_id")).exists()
    if not types:
        return
    todo = env.ref("mail.mail_activity_data_todo")
    activities = (
        env["mail.activity"]
        .with_context(active_test=False)
        .search([("activity_type_id", "in", types.ids)])
    )
    for activity in activities.filtered(lambda a: not a.summary):
        activity.summary = activity.activity_type_id.name
    activities.activity_type_id = todo
    # every other record refusing the deletion (also of other modules)
    for model_name, model in env.registry.items():
        if model._abstract or model._transient or model_name == "mail.activity":
            continue
        for field in model._fields.values():
            if (
                field.type == "many2one"
                and field.comodel_name == "mail.activity.type"
                and field.store
                and field.ondelete == "restrict"
            ):
                users = (
                    env[model_name]
                    .with_context(active_test=False)
                    .search([(field.name, "in", types.ids)])
                )
                if model_name == "mail.activity.type":
                    users -= types
                users.write({field.name: todo.id})

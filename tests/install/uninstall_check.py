#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Uninstall check: the three addons leave a working Odoo behind.

On a database where order_to_cash, o2c_returns and o2c_aftersales are
installed, uninstall the two satellites one after the other (in the order
given), then order_to_cash, each as the Apps menu does
(``button_immediate_uninstall()`` as the superuser). After each step, check:

- nothing of the uninstalled module remains: no ``ir.model.data`` row of it, no
  record it owned (views, scheduled actions, record rules, mail templates,
  actions, menus, access rights, groups, activity types...), no view copied
  from its views, no ``ir.config_parameter`` key of it, none of its models
  (``ir.model``, registry, table or SQL view), none of its fields
  (``ir.model.fields``, database columns); on a database with demo data,
  the module's demo records that documents still reference (customers and
  products of the demo's invoices) stay, as Odoo keeps its own apps' demo
  records, and are reported;
- the schema matches the registry: every stored field of every model has its
  column, no column the registry does not know is NOT NULL without a default
  (it would refuse every new record), no ``ir.model``/``ir.model.fields`` row
  without its model or field;
- what remains is consistent: every view of the main models validates and the
  main forms, lists, kanbans and searches of sale.order, stock.picking,
  account.move, res.partner, res.config.settings and product.template render
  (``get_views``) for the administrator and for a salesperson; the menus load;
  every record rule's domain and every window action's model resolve; the code
  of every server action and scheduled action calls methods that exist; the
  mail templates of those models render; the settings open and save;
- Odoo's own sales, delivery and invoicing work for plain users: a salesperson
  sells a storable product in stock and confirms, a stock user delivers it, the
  salesperson invoices, an accountant (Invoicing user) posts the invoice and
  registers its payment: the order is fully invoiced and the invoice paid (in a
  transaction rolled back afterwards);
- the active scheduled actions of sale, sale_stock, stock, account and mail
  (and those of other modules on their models, such as order_to_cash's while
  it is installed) run without error, each in its own transaction as the cron
  runner does, but those that talk to the network (see ``NETWORK_CRONS``).

The database is changed for good: the addons are uninstalled and the scheduled
actions have run. Run it on a copy (``createdb -T``).

Usage (from the repository root)::

    python3 tests/install/uninstall_check.py -c odoo.conf -d DB \\
        --order returns-first|aftersales-first

Other arguments are passed to Odoo's configuration (e.g. ``--db_host``).
Exit status 0 when every check passes, 1 with the failed check's message.
"""

import argparse
import re
import sys
import time
import uuid
from pathlib import Path

from lxml import etree
from odoo_db import run_crons

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.module import get_manifest, get_module_path
from odoo.modules.registry import Registry
from odoo.tools import SQL, sql
from odoo.tools.safe_eval import safe_eval

CORE = "order_to_cash"
SATELLITES = ("o2c_returns", "o2c_aftersales")
ORDERS = {
    "returns-first": ("o2c_returns", "o2c_aftersales"),
    "aftersales-first": ("o2c_aftersales", "o2c_returns"),
}

# Models whose main views must still render and validate.
VIEW_MODELS = (
    "sale.order",
    "stock.picking",
    "account.move",
    "res.partner",
    "res.config.settings",
    "product.template",
)
VIEW_TYPES = ("form", "list", "kanban", "search")
# Models whose remaining mail templates must still render.
TEMPLATE_MODELS = ("sale.order", "stock.picking", "account.move", "res.partner")

# Kinds of records an addon owns, named in the failure messages.
OWNED_KINDS = {
    "ir.ui.view": "views",
    "ir.cron": "scheduled actions",
    "ir.rule": "record rules",
    "mail.template": "mail templates",
    "ir.actions.act_window": "window actions",
    "ir.actions.server": "server actions",
    "ir.actions.report": "reports",
    "ir.actions.client": "client actions",
    "ir.actions.act_url": "URL actions",
    "ir.ui.menu": "menus",
    "ir.model.access": "access rights",
    "res.groups": "groups",
    "mail.activity.type": "activity types",
    "ir.sequence": "sequences",
    "mail.alias": "mail aliases",
}

# Scheduled actions run after each step: the active ones defined by these
# modules or working on a model these modules define.
CRON_MODULES = ("sale", "sale_stock", "stock", "account", "mail")
# ... but those that talk to the network (or an outside service):
NETWORK_CRONS = (
    "mail.ir_cron_mail_scheduler_action",  # sends the mail queue (SMTP)
    "mail.ir_cron_mail_gateway_action",  # fetches mail (POP/IMAP)
    "mail.ir_cron_module_update_notification",  # publisher warranty (odoo.com)
    "mail.ir_cron_web_push_notification",  # web push endpoints
)

# Columns naming a model: their rows would break what reads them (the
# activity menu, the chatter, attachments, saved filters...)
MODEL_NAME_COLUMNS = (
    ("mail_activity", "res_model"),
    ("mail_activity_type", "res_model"),
    ("mail_followers", "res_model"),
    ("mail_message", "model"),
    ("mail_template", "model"),
    ("ir_attachment", "res_model"),
    ("ir_filters", "model_id"),
    ("ir_act_window", "res_model"),
    ("ir_act_report_xml", "model"),
    ("ir_ui_view", "model"),
)

# ``model.method(`` in the code of server actions and scheduled actions
CODE_CALL = re.compile(r"\b(?:model|records?)\.(_?[A-Za-z]\w*)\s*\(")


class Step:
    """The environment of one check step: a cursor of the current registry
    as the superuser (committed only where a check says so)."""

    def __init__(self, db):
        self.registry = Registry(db)
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})

    def __enter__(self):
        return self.env

    def __exit__(self, *exc):
        self.cr.rollback()
        self.cr.close()


def _fail(message, items=()):
    items = list(items)
    if items:
        shown = "\n  - ".join(str(item) for item in items[:30])
        more = f"\n  ... and {len(items) - 30} more" if len(items) > 30 else ""
        message = f"{message}:\n  - {shown}{more}"
    raise AssertionError(message)


def _check(condition, message, items=()):
    if not condition:
        _fail(message, items)


# --- Before a step: what the module owns ----------------------------------


def _snapshot(env, module):
    """What ``module`` owns and its uninstall must remove: the records of its
    external ids that no other module also names, its models, its fields."""
    env.cr.execute(
        """
        SELECT d.model, d.res_id, d.module || '.' || d.name
          FROM ir_model_data d
         WHERE d.module = %s
           AND NOT EXISTS (SELECT 1 FROM ir_model_data other
                            WHERE other.model = d.model
                              AND other.res_id = d.res_id
                              AND other.module NOT IN (%s, '__cloc_exclude__'))
        """,
        [module, module],
    )
    owned = env.cr.fetchall()
    model_ids = [res_id for model, res_id, _xmlid in owned if model == "ir.model"]
    field_ids = [
        res_id for model, res_id, _xmlid in owned if model == "ir.model.fields"
    ]
    models = env["ir.model"].browse(model_ids)
    own_models = {m.model: env[m.model]._table for m in models if m.model in env}
    fields_ = [
        (f.model, f.name, env[f.model]._table)
        for f in env["ir.model.fields"].browse(field_ids)
        if f.model in env and f.model not in own_models and f.store
    ]
    return {
        "records": [
            item for item in owned if item[0] not in ("ir.model", "ir.model.fields")
        ],
        "models": own_models,
        "fields": fields_,
        "demo": _demo_xmlids(env, module),
    }


def _demo_xmlids(env, module):
    """The external ids of the records ``module``'s demo data made, where
    it was installed with demo data (none otherwise): the records named in
    its demo files, and the parents Odoo makes for them (a product's
    template). Odoo's uninstall keeps such a record while documents still
    reference it (the demo's orders made invoices and transfers, which are
    not the module's), as it keeps its own apps' demo records."""
    installed = env["ir.module.module"].search([("name", "=", module)])
    if not installed.demo:
        return set()
    root = Path(get_module_path(module))
    names = set()
    for demo_file in get_manifest(module).get("demo", []):
        if demo_file.endswith(".xml"):
            tree = etree.parse(str(root / demo_file))
            names.update(tree.xpath("//record/@id"))
    env.cr.execute(
        "SELECT module || '.' || name, name FROM ir_model_data WHERE module = %s",
        [module],
    )
    return {
        xmlid
        for xmlid, name in env.cr.fetchall()
        if name in names or any(name.startswith(f"{n}_") for n in names)
    }


def _demo_kept(snapshot, rows):
    """``rows`` ((model, res_id, xmlid)) split into those of the module's
    demo records (see :func:`_demo_xmlids`) and the others."""
    demo = [row for row in rows if row[2] in snapshot["demo"]]
    return demo, [row for row in rows if row[2] not in snapshot["demo"]]


# --- After a step: nothing of the module remains --------------------------


def _check_module_gone(env, module, snapshot):
    """Nothing of the uninstalled ``module`` remains (``snapshot``: what it
    owned before its uninstall)."""
    _check_module_data_gone(env, module, snapshot)
    _check_owned_records_gone(env, module, snapshot)
    _check_models_gone(env, module, snapshot)
    _check_fields_gone(env, module, snapshot)


def _check_module_data_gone(env, module, snapshot):
    """The module is uninstalled and no external id of it remains but
    those of demo records that documents still reference (reported)."""
    state = env["ir.module.module"].search([("name", "=", module)]).state
    _check(
        state == "uninstalled",
        f"{module}: module state is {state!r}, not 'uninstalled'",
    )

    env.cr.execute(
        "SELECT model, res_id, module || '.' || name FROM ir_model_data"
        " WHERE module = %s ORDER BY model, name",
        [module],
    )
    demo, rows = _demo_kept(snapshot, env.cr.fetchall())
    if demo:
        print(
            f"    {module}: {len(demo)} demo records kept, still referenced "
            "(as Odoo keeps its own apps' demo records)",
            flush=True,
        )
    _check(
        not rows,
        f"{module}: {len(rows)} ir.model.data rows of the uninstalled module remain "
        "(records its uninstall could not delete)",
        (f"{xmlid} ({model}, id {res_id})" for model, res_id, xmlid in rows),
    )


def _check_owned_records_gone(env, module, snapshot):
    """No record the module owned, no view copied from its views and no
    system parameter of it remains."""
    left = []
    for model, res_id, xmlid in _demo_kept(snapshot, snapshot["records"])[1]:
        if model not in env or not sql.table_exists(env.cr, env[model]._table):
            continue
        if env[model].browse(res_id).with_context(active_test=False).exists():
            kind = OWNED_KINDS.get(model, model)
            left.append(f"{kind}: {xmlid} ({model}, id {res_id})")
    _check(not left, f"{module}: records of the uninstalled module remain", left)

    copied = (
        env["ir.ui.view"]
        .with_context(active_test=False)
        .search([("key", "=like", f"{module}.%")])
    )
    _check(
        not copied,
        f"{module}: views copied from its views remain",
        (f"{v.key} (id {v.id})" for v in copied),
    )
    params = env["ir.config_parameter"].sudo().search([("key", "=like", f"{module}.%")])
    _check(
        not params,
        f"{module}: system parameters of the module remain",
        params.mapped("key"),
    )


def _check_models_gone(env, module, snapshot):
    """The module's models are gone from the registry, ir.model and the
    database (table or SQL view)."""
    for name, table in snapshot["models"].items():
        _check(name not in env, f"{module}: model {name} is still in the registry")
        _check(
            not env["ir.model"].search_count([("model", "=", name)]),
            f"{module}: ir.model {name} remains",
        )
        kind = sql.table_kind(env.cr, table)
        _check(kind is None, f"{module}: {kind} {table} of model {name} remains")


def _check_fields_gone(env, module, snapshot):
    """The module's fields on other models are gone from ir.model.fields,
    the registry and the tables' columns."""
    left = []
    for model, name, table in snapshot["fields"]:
        if env["ir.model.fields"].search_count(
            [("model", "=", model), ("name", "=", name)]
        ):
            left.append(f"ir.model.fields {model}.{name}")
        if name in env[model]._fields:
            left.append(f"field {model}.{name} in the registry")
        if sql.column_exists(env.cr, table, name):
            left.append(f"column {table}.{name}")
    _check(not left, f"{module}: fields of the uninstalled module remain", left)


# --- After a step: the schema matches the registry ------------------------


def _check_schema(env):
    missing, blocking = [], []
    env.cr.execute(
        """
        SELECT c.table_name, c.column_name, c.is_nullable, c.column_default
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        """
    )
    columns = {}
    for table, column, nullable, default in env.cr.fetchall():
        columns.setdefault(table, {})[column] = (nullable == "YES", default)
    tables_seen = set()
    for name, model in env.registry.items():
        if model._abstract or not model._auto or model._table in tables_seen:
            continue
        table = model._table
        if table not in columns:
            if sql.table_kind(env.cr, table) is None:
                missing.append(f"table {table} of model {name}")
            continue
        tables_seen.add(table)
        known = {f.name for f in model._fields.values() if f.store and f.column_type}
        for fname, field in model._fields.items():
            if field.store and field.column_type and fname not in columns[table]:
                missing.append(f"column {table}.{fname} of field {name}.{fname}")
        for column, (nullable, default) in columns[table].items():
            if column not in known and not nullable and default is None:
                blocking.append(f"{table}.{column}")
    _check(
        not missing, "the registry expects columns the database does not have", missing
    )
    _check(
        not blocking,
        "columns no field knows are NOT NULL without default "
        "(new records would be refused)",
        blocking,
    )

    orphans = [m.model for m in env["ir.model"].search([]) if m.model not in env]
    _check(not orphans, "ir.model rows without their model in the registry", orphans)
    env.cr.execute("SELECT model, name FROM ir_model_fields")
    orphans = [
        f"{model}.{name}"
        for model, name in env.cr.fetchall()
        if model in env and name not in env[model]._fields
    ]
    _check(
        not orphans, "ir.model.fields rows without their field in the registry", orphans
    )


# --- After a step: what remains is consistent ------------------------------


def _check_views(env, users):
    Views = env["ir.ui.view"].with_context(active_test=False)
    views = Views.search([("model", "in", VIEW_MODELS), ("type", "!=", "qweb")])
    broken = []
    for view in views:
        try:
            with env.cr.savepoint():
                view._check_xml()
        except Exception as exc:  # noqa: BLE001 (reported with the view's name)
            broken.append(
                f"{view.xml_id or view.name} (id {view.id}, {view.model}): {exc}"
            )
    _check(not broken, "views of the main models do not validate", broken)

    for user in users:
        for model in VIEW_MODELS:
            if not env[model].with_user(user).has_access("read"):
                continue  # as in the web client: no menu, no views
            primary = Views.search(
                [
                    ("model", "=", model),
                    ("mode", "=", "primary"),
                    ("type", "in", VIEW_TYPES),
                    ("active", "=", True),
                ]
            )
            requests = [(False, t) for t in VIEW_TYPES] + [
                (v.id, v.type) for v in primary
            ]
            for view_id, view_type in requests:
                try:
                    with env.cr.savepoint():
                        env[model].with_user(user).get_views(
                            [(view_id, view_type)], {"load_filters": True}
                        )
                except Exception as exc:  # noqa: BLE001 (reported with the view)
                    view = Views.browse(view_id) if view_id else None
                    label = (
                        (view.xml_id or view.name) if view else f"default {view_type}"
                    )
                    broken.append(f"{model} {label} as {user.login}: {exc}")
        try:
            with env.cr.savepoint():
                env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        except Exception as exc:  # noqa: BLE001
            broken.append(f"menus as {user.login}: {exc}")
        try:
            with env.cr.savepoint():
                env["res.users"].with_user(user).browse(user.id)._get_activity_groups()
        except Exception as exc:  # noqa: BLE001
            broken.append(f"activity menu as {user.login}: {exc}")
    _check(not broken, "views, menus or the activity menu do not render", broken)


def _rules_and_actions_problems(env):
    """Record rules whose domain no longer resolves, actions and menus on
    what is gone, code calling methods that no longer exist."""
    broken = []
    Rules = env["ir.rule"].with_context(active_test=False)
    for rule in Rules.search([]):
        label = f"record rule {rule.name} (id {rule.id})"
        model = rule.model_id.model
        try:
            with env.cr.savepoint():
                domain = safe_eval(rule.domain_force or "[]", rule._eval_context())
                env[model].sudo()._search(domain)
        except Exception as exc:  # noqa: BLE001
            broken.append(f"{label} on {model}: {exc!r}")

    Actions = env["ir.actions.act_window"].with_context(active_test=False)
    broken += [
        f"window action {a.name} (id {a.id}) on missing model {a.res_model}"
        for a in Actions.search([])
        if a.res_model not in env
    ]
    Menus = env["ir.ui.menu"].with_context(active_test=False)
    broken += [
        f"menu {menu.complete_name} (id {menu.id}): its action is gone"
        for menu in Menus.search([("action", "!=", False)])
        if not menu.action.exists()
    ]

    Servers = env["ir.actions.server"].with_context(active_test=False)
    for action in Servers.search([]):
        label = f"server action {action.name} (id {action.id})"
        model = action.model_id.model
        if model not in env:
            broken.append(f"{label} on missing model {model}")
            continue
        broken += [
            f"{label} calls {model}.{method}(), which does not exist"
            for method in CODE_CALL.findall(action.code or "")
            if action.state == "code" and not hasattr(env[model], method)
        ]
    return broken


def _data_problems(env):
    """Mail templates that no longer render, rows naming a model that is gone,
    default values of fields that are gone."""
    broken = []
    for template in env["mail.template"].search([("model", "in", TEMPLATE_MODELS)]):
        record = env[template.model].search([], limit=1, order="id desc")
        if not record:
            continue
        try:
            with env.cr.savepoint():
                for field in ("subject", "body_html", "email_to", "partner_to"):
                    template._render_field(field, record.ids)
        except Exception as exc:  # noqa: BLE001
            label = f"mail template {template.name} (id {template.id})"
            broken.append(f"{label} on {record}: {exc!r}")

    for table, column in MODEL_NAME_COLUMNS:
        if not sql.column_exists(env.cr, table, column):
            continue
        env.cr.execute(
            SQL(
                "SELECT %s, COUNT(*) FROM %s WHERE %s IS NOT NULL GROUP BY %s",
                *(SQL.identifier(column), SQL.identifier(table)),
                *(SQL.identifier(column), SQL.identifier(column)),
            )
        )
        broken += [
            f"{count} {table} rows of missing model {model} ({column})"
            for model, count in env.cr.fetchall()
            if model not in env
        ]
    broken += [
        f"default value {default.id} of a missing field {default.field_id.name}"
        for default in env["ir.default"].search([])
        if default.field_id.model not in env
        or default.field_id.name not in env[default.field_id.model]._fields
    ]
    return broken


def _check_references(env):
    broken = _rules_and_actions_problems(env) + _data_problems(env)
    _check(not broken, "remaining records refer to what is gone", broken)


def _check_settings(env, admin):
    """The settings open (all their defaults computed) and save unchanged."""
    try:
        with env.cr.savepoint():
            settings = env["res.config.settings"].with_user(admin).create({})
            settings.read(list(settings._fields))
            settings.execute()
    except Exception as exc:  # noqa: BLE001
        _fail(f"the settings do not open and save as the administrator: {exc!r}")


# --- After a step: core sales, delivery and invoicing ----------------------


def _new_users(env):
    """A salesperson, a stock user and an accountant (Invoicing user), each an
    internal user with the core group of the role (the salesperson also with
    Contact Creation, which Odoo gives a new user by default)."""
    suffix = uuid.uuid4().hex[:8]

    def user(role, *groups):
        login = f"unin_{role}_{suffix}"
        return (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": f"Uninstall Check {role.title()}",
                    "login": login,
                    "email": f"{login}@example.com",
                    "groups_id": [
                        Command.set(
                            [env.ref(g).id for g in ("base.group_user", *groups)]
                        )
                    ],
                }
            )
        )

    return {
        # contact creation: in Odoo's default rights of a new user
        "sales": user(
            "salesperson",
            "sales_team.group_sale_salesman",
            "base.group_partner_manager",
        ),
        "stock": user("stock", "stock.group_stock_user"),
        "account": user("accountant", "account.group_account_invoice"),
    }


def _check_sell_deliver_invoice(env, users):
    """A quotation to payment through Odoo's own actions, as plain users."""
    sales, stock, accountant = users["sales"], users["stock"], users["account"]
    product = _stocked_product(env)
    order = _sell(env, sales, product)
    picking = _deliver(order, stock)
    invoice = _invoice_and_pay(env, order, sales, accountant)
    stage = order.o2c_stage if "o2c_stage" in order._fields else "n/a"
    return (
        f"{order.name} delivered by {picking.name}, invoice {invoice.name} "
        f"{invoice.payment_state} (o2c stage: {stage})"
    )


def _stocked_product(env):
    """A storable product invoiced on delivery, 10 units in the company's stock."""
    company = env.company
    product = env["product.product"].create(
        {
            "name": "Uninstall Check Product",
            "type": "consu",
            "is_storable": True,
            "invoice_policy": "delivery",
            "list_price": 100.0,
            "standard_price": 40.0,
        }
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10.0)
    return product


def _sell(env, sales, product):
    """The salesperson creates a customer and confirms an order of 3 ``product``."""
    customer = (
        env["res.partner"]
        .with_user(sales)
        .create({"name": "Uninstall Check Customer", "email": "customer@example.com"})
    )

    order = (
        env["sale.order"]
        .with_user(sales)
        .create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 3})
                ],
            }
        )
    )
    order.action_confirm()
    _check(
        order.state == "sale",
        f"salesperson: confirmed order {order.name} is {order.state!r}",
    )
    return order


def _deliver(order, stock):
    """The stock user validates the order's delivery; returns the delivery."""
    pickings = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
    _check(len(pickings) == 1, f"{order.name}: {len(pickings)} deliveries instead of 1")

    picking = pickings.with_user(stock)
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
        move.picked = True
    result = picking.button_validate()
    _check(
        picking.state == "done",
        f"stock user: delivery {picking.name} is {picking.state!r} after validation "
        f"(the validation answered {result!r})",
    )
    _check(
        order.order_line.qty_delivered == 3,
        f"{order.name}: delivered quantity {order.order_line.qty_delivered}, not 3",
    )
    return picking


def _invoice_and_pay(env, order, sales, accountant):
    """The salesperson invoices the order, the accountant posts the invoice and
    registers its payment; returns the invoice."""
    invoice = order.with_user(sales)._create_invoices()
    _check(
        len(invoice) == 1,
        f"salesperson: {len(invoice)} invoices created for {order.name}",
    )
    invoice = invoice.with_user(accountant)
    invoice.action_post()
    _check(
        invoice.state == "posted",
        f"accountant: invoice is {invoice.state!r} after posting",
    )
    (
        env["account.payment.register"]
        .with_user(accountant)
        .with_context(active_model="account.move", active_ids=invoice.ids)
        .create({})
        ._create_payments()
    )
    _check(
        invoice.payment_state in ("paid", "in_payment"),
        f"accountant: invoice {invoice.name} is {invoice.payment_state!r} "
        "after its payment",
    )
    _check(
        order.invoice_status == "invoiced",
        f"{order.name}: invoice status {order.invoice_status!r}, not 'invoiced'",
    )
    return invoice


# --- After a step: the scheduled actions run -------------------------------


def _crons_to_run(env):
    env.cr.execute(
        """
        SELECT c.id, COALESCE(cd.module || '.' || cd.name, ''),
               (SELECT md.module FROM ir_model_data md
                 WHERE md.model = 'ir.model' AND md.res_id = s.model_id
                 ORDER BY md.id LIMIT 1)
          FROM ir_cron c
          JOIN ir_act_server s ON s.id = c.ir_actions_server_id
          LEFT JOIN ir_model_data cd ON cd.model = 'ir.cron' AND cd.res_id = c.id
         WHERE c.active
         ORDER BY c.id
        """
    )
    run, skipped = [], []
    for cron_id, xmlid, model_module in env.cr.fetchall():
        module = xmlid.split(".")[0]
        if xmlid in NETWORK_CRONS:
            skipped.append(xmlid)
        elif module in CRON_MODULES or model_module in CRON_MODULES:
            run.append((cron_id, xmlid or f"ir.cron {cron_id}"))
    return run, skipped


def _run_crons(db, log):
    with Step(db) as env:
        crons, skipped = _crons_to_run(env)
    failed = run_crons(db, crons)
    _check(not failed, "scheduled actions fail", failed)
    log(f"    scheduled actions run: {', '.join(name for _id, name in crons)}")
    log(f"    not run (network): {', '.join(skipped) or 'none'}")


# --- The steps ------------------------------------------------------------


def _uninstall(db, module):
    with Step(db) as env:
        mod = env["ir.module.module"].search([("name", "=", module)])
        _check(
            mod.state == "installed",
            f"{module} is {mod.state or 'unknown'!r}, not installed: "
            "nothing to uninstall",
        )
        mod.button_immediate_uninstall()
        env.cr.commit()


def _check_after(db, module, snapshot, log):
    with Step(db) as env:
        _check_module_gone(env, module, snapshot)
        log("    nothing of the module remains")
        _check_schema(env)
        log("    schema matches the registry")
        users = _new_users(env)
        admin = env.ref("base.user_admin")
        _check_views(env, [admin, users["sales"]])
        _check_references(env)
        _check_settings(env, admin)
        log("    views, menus, rules, actions, templates, settings are consistent")
        summary = _check_sell_deliver_invoice(env, users)
        log(f"    sales, delivery, invoicing and payment work: {summary}")
        # rolled back: the check leaves no documents or users behind
    _run_crons(db, log)


def uninstall_and_check(db, satellites_first=SATELLITES, log=print):
    """Uninstall the two satellites in the order ``satellites_first``, then
    order_to_cash, from the database ``db`` (``odoo.tools.config`` already
    set up), checking after each step that nothing of the module remains and
    that core sales, delivery and invoicing work. Raises AssertionError with
    the failed check's message. Returns the seconds each step took."""
    satellites_first = tuple(satellites_first)
    _check(
        sorted(satellites_first) == sorted(SATELLITES),
        f"satellites_first must order {SATELLITES}, got {satellites_first}",
    )
    with Step(db) as env:
        states = {
            m.name: m.state
            for m in env["ir.module.module"].search(
                [("name", "in", (CORE, *SATELLITES))]
            )
        }
    not_installed = [m for m in (CORE, *SATELLITES) if states.get(m) != "installed"]
    _check(not not_installed, f"{db}: not installed", not_installed)

    timings = {}
    for module in (*satellites_first, CORE):
        start = time.monotonic()
        log(f"{db}: uninstalling {module}")
        with Step(db) as env:
            snapshot = _snapshot(env, module)
        _uninstall(db, module)
        log(f"    uninstalled in {time.monotonic() - start:.0f} s")
        _check_after(db, module, snapshot, log)
        timings[module] = round(time.monotonic() - start, 1)
        log(f"    {module}: step done in {timings[module]:.0f} s")
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--order", choices=sorted(ORDERS), default="returns-first")
    args, odoo_args = parser.parse_known_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, *odoo_args])
    start = time.monotonic()
    try:
        timings = uninstall_and_check(args.database, ORDERS[args.order])
    except AssertionError as exc:
        print(f"UNINSTALL CHECK FAILED ({args.order}): {exc}", file=sys.stderr)
        return 1
    print(
        f"uninstall check passed ({args.order}) in {time.monotonic() - start:.0f} s: "
        + ", ".join(f"{m} {s:.0f} s" for m, s in timings.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

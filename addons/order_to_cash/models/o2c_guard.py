# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fields that only the lifecycle's actions change.

A model that inherits ``o2c.guarded.mixin`` names such fields once, in
:meth:`~O2cGuardedMixin._o2c_protected_fields` (extended with ``super()``).
``create()`` and ``write()`` refuse them from anyone (web client, XML-RPC,
imports, ``sudo()``), and ``default_*`` keys of the context cannot give them
a value; the actions write them through
:meth:`~O2cGuardedMixin._o2c_action_write` and
:meth:`~O2cGuardedMixin._o2c_action_create`.

What lets an action through is a Python context variable of the running
call, set only by those two private methods for the duration of their own
write: nothing a caller sends (arguments, context keys) can set it, and it
does not leak into other requests (each request runs in its own thread).
The satellite addons use the same mixin for their models. On a model of
another module, name the model too (with two ``_inherit`` entries and no
``_name``, Odoo would define a new model named after the class)::

    class StockPicking(models.Model):
        _name = "stock.picking"
        _inherit = ["stock.picking", "o2c.guarded.mixin"]

        @api.model
        def _o2c_protected_fields(self):
            return super()._o2c_protected_fields() | {"o2c_control_state"}

and write them in the action with ``picking._o2c_action_write(vals)``; an
action that writes a record and lines created through it wraps the write in
``with o2c_action_scope("model.a", "model.b"):``.
"""

import contextlib
import contextvars

from odoo import api, models
from odoo.exceptions import UserError

# Models whose protected fields the running action may write.
_ACTION_MODELS = contextvars.ContextVar("order_to_cash_action_models", default=())


@contextlib.contextmanager
def o2c_action_scope(*model_names):
    """Let the code in the block write the protected fields of the models
    named (an action that writes a record and the lines it creates through
    it names both). For the addons' own code only: never around a write
    whose values come from the caller."""
    token = _ACTION_MODELS.set((*_ACTION_MODELS.get(), *model_names))
    try:
        yield
    finally:
        _ACTION_MODELS.reset(token)


def o2c_in_action_scope(model_name):
    """Whether the running code is an action allowed to write
    ``model_name``'s protected values (see :func:`o2c_action_scope`)."""
    return model_name in _ACTION_MODELS.get()


class O2cGuardedMixin(models.AbstractModel):
    _name = "o2c.guarded.mixin"
    _description = "Order to Cash: fields only actions change"

    @api.model
    def _o2c_protected_fields(self):
        """Names of the fields only the model's actions write; extend with
        ``super()``."""
        return set()

    @api.model_create_multi
    def create(self, vals_list):
        self._o2c_check_protected(vals_list)
        return super(O2cGuardedMixin, self._o2c_without_protected_defaults()).create(
            vals_list
        )

    def write(self, vals):
        self._o2c_check_protected([vals])
        return super().write(vals)

    def copy(self, default=None):
        # the caller's defaults are checked; the record's own values of
        # protected fields that are copied (copy=True) are the ORM's
        self._o2c_check_protected([default or {}])
        with o2c_action_scope(self._name):
            return super().copy(default)

    @api.model
    def _o2c_check_protected(self, vals_list):
        """Refuse values for protected fields outside an action's write."""
        if o2c_in_action_scope(self._name):
            return
        written = {name for vals in vals_list for name in vals}
        protected = sorted(written & self._o2c_protected_fields())
        if protected:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s cannot be set by hand: they change "
                    "only through the actions of the order-to-cash process "
                    "(buttons, or their methods over XML-RPC). %(hint)s",
                    hint=self._o2c_protected_hint(protected),
                    fields=", ".join(
                        f"{self._fields[name]._description_string(self.env)} ({name})"
                        for name in protected
                    ),
                    # sudo: the model's label only, for the message
                    model=self.env["ir.model"].sudo()._get(self._name).name,
                )
            )

    @api.model
    def _o2c_protected_hint(self, names):
        """What to use instead of writing the protected fields ``names``,
        added to the refusal's message ("" when nothing more is to say)."""
        return ""

    def _o2c_without_protected_defaults(self):
        """The recordset without ``default_*`` context keys of protected
        fields: a caller's context never gives them a value (an action gives
        its values explicitly, so not in an action's create either)."""
        keys = {f"default_{name}" for name in self._o2c_protected_fields()}
        if not keys & set(self.env.context):
            return self
        # a new environment: with_context() would keep the keys it is not given
        context = {
            key: value for key, value in self.env.context.items() if key not in keys
        }
        return self.with_env(self.env(context=context))

    def _o2c_action_write(self, vals):
        """``write()`` of an action: protected fields allowed."""
        with o2c_action_scope(self._name):
            return self.write(vals)

    @api.model
    def _o2c_action_create(self, vals_list):
        """``create()`` of an action: protected fields allowed."""
        with o2c_action_scope(self._name):
            return self.create(vals_list)

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order intake: a payload or an e-mail becomes a quotation.

Two doors, both on ``sale.order``:

- ``sale.order.o2c_submit_order(payload)`` (XML-RPC, integrations) calls
  :meth:`O2cOrderIntake._o2c_submit`: the payload is checked field by
  field before anything is written (:meth:`~O2cOrderIntake._o2c_parse_payload`),
  the quotation is built from :meth:`~O2cOrderIntake._prepare_o2c_intake_order_vals`
  and reviewed (``o2c.order.review``);
- ``sale.order.message_new`` (the order intake alias) calls
  :meth:`O2cOrderIntake._o2c_email_intake`: a draft quotation for the
  sender, and a To-Do for the person who enters it.
"""

import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, escape_psql

from ..tools.o2c_input import O2C_MAX_LINES, o2c_date, o2c_lines, o2c_number, o2c_text
from ..tools.o2c_mail import o2c_notifier
from .o2c_sale_channel import O2C_CHANNELS

# Keys a payload of ``o2c_submit_order`` may carry.
PAYLOAD_KEYS = {
    "channel",
    "external_ref",
    "partner",
    "lines",
    "commitment_date",
    "note",
}
PARTNER_KEYS = {
    "name",
    "email",
    "vat",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "country_code",
}
LINE_KEYS = {"product", "qty", "price_unit"}


class O2cOrderIntake(models.AbstractModel):
    """Service of ``sale.order``: quotations from integrations and e-mails.

    Holds no data; extend it with ``_inherit = "o2c.order.intake"`` to adapt
    how payloads are read and what the quotations are made of (the
    ``_prepare_*_vals`` hooks)."""

    _name = "o2c.order.intake"
    _description = "Order to Cash: Order Intake"

    # ------------------------------------------------------------------
    # Intake for integrations: o2c_submit_order(payload)
    # ------------------------------------------------------------------
    @api.model
    def _o2c_submit(self, payload):
        """The body of ``sale.order.o2c_submit_order`` (see there for the
        payload and the answer): the same reference again answers the order
        it created; else the payload is checked, the quotation created and
        reviewed in a savepoint, so that nothing is left of a failure."""
        channel, external_ref = self._o2c_payload_key(payload)
        existing = self._o2c_find_existing(channel, external_ref)
        if existing:
            return self._o2c_intake_result(existing)
        values = self._o2c_parse_payload(payload, channel, external_ref)
        try:
            with self.env.cr.savepoint():
                order = self._o2c_create_order(values)
                self.env["o2c.order.review"]._o2c_review(order)
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != "sale_order_o2c_external_ref_uniq":
                raise
            # another call with the same reference created the order since
            # this transaction started: answer that order (nothing of this
            # call is left, the savepoint rolled it back)
            return self._o2c_intake_concurrent_result(channel, external_ref)
        return self._o2c_intake_result(order)

    @api.model
    def _o2c_payload_key(self, payload):
        """``(channel, external_ref)`` of the payload, checked: what tells
        whether the order was sent before."""
        if not isinstance(payload, dict):
            raise ValidationError(
                self.env._("The payload must be a dictionary (field: payload).")
            )
        unknown = set(payload) - PAYLOAD_KEYS
        if unknown:
            raise ValidationError(
                self.env._(
                    "Unknown field(s) in the payload: %(fields)s.",
                    fields=", ".join(sorted(map(str, unknown))),
                )
            )
        channel = self._o2c_intake_channel(payload.get("channel"))
        external_ref = self._o2c_intake_text(
            payload.get("external_ref"), "external_ref", required=True, size=100
        )
        return channel, external_ref

    @api.model
    def _o2c_parse_payload(self, payload, channel, external_ref):
        """The rest of the payload checked and cleaned, field by field,
        before anything is written: a dict with ``channel``,
        ``external_ref``, ``partner`` (a ``res.partner`` found, or the values
        of a new one), ``lines`` (order line values), ``commitment_date``
        and ``note``. Raises a ``ValidationError`` naming the first bad
        field."""
        return {
            "channel": channel,
            "external_ref": external_ref,
            "partner": self._o2c_intake_partner(payload.get("partner")),
            "lines": self._o2c_intake_lines(payload.get("lines")),
            "commitment_date": self._o2c_intake_date(payload.get("commitment_date")),
            "note": o2c_text(self.env, payload.get("note"), "note", size=10000),
        }

    @api.model
    def _o2c_find_existing(self, channel, external_ref):
        """The order of the current company already made from this
        reference, if any."""
        return self.env["sale.order"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("o2c_channel", "=", channel),
                ("o2c_external_ref", "=", external_ref),
            ],
            limit=1,
        )

    @api.model
    def _o2c_create_order(self, values):
        """Create the quotation of a parsed payload (and its new customer,
        when the payload describes one that was not found)."""
        partner = values["partner"]
        if isinstance(partner, dict):
            partner = self.env["res.partner"].create(partner)
        return self.env["sale.order"].create(
            self._prepare_o2c_intake_order_vals(partner, values)
        )

    @api.model
    def _prepare_o2c_intake_order_vals(self, partner, values):
        """Values of the quotation ``o2c_submit_order`` creates.

        Called by :meth:`_o2c_create_order` once the whole payload is
        checked. An integrator may add values (a sales team per channel, an
        analytic account, a warehouse); the order is reviewed right after.

        :param partner: the customer (``res.partner``)
        :param dict values: the parsed payload (:meth:`_o2c_parse_payload`);
            ``values["lines"]`` are the values of
            :meth:`_prepare_o2c_intake_line_vals`
        """
        return {
            "partner_id": partner.id,
            "o2c_channel": values["channel"],
            "o2c_external_ref": values["external_ref"],
            "commitment_date": values["commitment_date"],
            "note": values["note"],
            "order_line": [Command.create(vals) for vals in values["lines"]],
        }

    @api.model
    def _prepare_o2c_intake_line_vals(self, product, qty, price_unit=None):
        """Values of one order line of an intake payload.

        Called by :meth:`_o2c_intake_lines` for each line, with the product
        found, the quantity checked and rounded to its unit, and the price
        when the payload gives one (else Odoo prices the line from the
        pricelist). An integrator may add values (a route, a description).
        """
        vals = {"product_id": product.id, "product_uom_qty": qty}
        if price_unit is not None:
            vals["price_unit"] = price_unit
        return vals

    @api.model
    def _o2c_intake_concurrent_result(self, channel, external_ref):
        """The result of the order another transaction committed with this
        reference. This transaction's snapshot predates that order (it is
        invisible here): it is read in a new transaction, as the caller."""
        self.env.invalidate_all(flush=False)
        with self.env.registry.cursor() as cr:
            intake = self.with_env(self.env(cr=cr))
            existing = intake._o2c_find_existing(channel, external_ref)
            if not existing:
                raise UserError(
                    self.env._(
                        "An order with the external reference %(ref)s is being "
                        "created by another call: try again.",
                        ref=external_ref,
                    )
                )
            return intake._o2c_intake_result(existing)

    @api.model
    def _o2c_intake_result(self, order):
        """What ``o2c_submit_order`` answers about ``order`` (XML-RPC-safe)."""
        order.ensure_one()
        return {
            "id": order.id,
            "name": order.name,
            "state": order.state,
            "o2c_stage": order.o2c_stage,
            "o2c_promised_date": fields.Datetime.to_string(order.o2c_promised_date)
            or False,
            "checks": order.o2c_check_ids._o2c_summary(),
        }

    # --- The payload's fields --------------------------------------------------

    @api.model
    def _o2c_intake_channel(self, channel):
        codes = dict(O2C_CHANNELS)
        if not isinstance(channel, str) or channel not in codes:
            raise ValidationError(
                self.env._(
                    "Unknown channel %(channel)r (field: channel); use one of "
                    "%(codes)s.",
                    channel=channel,
                    codes=", ".join(codes),
                )
            )
        return channel

    @api.model
    def _o2c_intake_text(self, value, field, required=False, size=None):
        """A single-line text of the payload (see :func:`.o2c_input.o2c_text`)."""
        return o2c_text(
            self.env, value, field, size=size, required=required, multiline=False
        )

    @api.model
    def _o2c_intake_date(self, value):
        """The commitment date: an ISO date or date and time, at most
        ``_o2c_intake_max_years`` years ahead; a naive UTC datetime."""
        today = fields.Date.context_today(self)
        return o2c_date(
            self.env,
            value,
            "commitment_date",
            default=False,
            not_after=today + relativedelta(years=self._o2c_intake_max_years()),
            with_time=True,
        )

    @api.model
    def _o2c_intake_max_years(self):
        """How many years ahead a commitment date may lie.

        Called by :meth:`_o2c_intake_date`."""
        return 10

    @api.model
    def _o2c_intake_partner(self, spec):
        """A ``res.partner`` (found) or a dict of values to create one.

        Called by :meth:`_o2c_parse_payload`."""
        Partner = self.env["res.partner"]
        if isinstance(spec, int) and not isinstance(spec, bool):
            partner = Partner.search([("id", "=", spec)], limit=1)
            if not partner:
                raise ValidationError(
                    self.env._("Unknown customer %(id)s (field: partner).", id=spec)
                )
            return partner
        values = self._o2c_intake_partner_values(spec)
        # exact matches (case-insensitive, no wildcards): VAT, e-mail, name
        for domain in (
            values["vat"] and [("vat", "=ilike", escape_psql(values["vat"]))],
            values["email"] and [("email_normalized", "=", values["email"])],
            values["name"] and [("name", "=ilike", escape_psql(values["name"]))],
        ):
            if not domain:
                continue
            partner = Partner.search(domain, order="parent_id desc, id", limit=1)
            if partner:
                return partner
        return self._prepare_o2c_intake_partner_vals(values)

    @api.model
    def _o2c_intake_partner_values(self, spec):
        """The ``partner`` dict of the payload checked: every key known,
        every value a short single-line text, the VAT number compacted and
        the e-mail address normalized."""
        if not isinstance(spec, dict):
            raise ValidationError(
                self.env._(
                    "The field partner must be a customer id or a dictionary "
                    "with name, email or vat."
                )
            )
        unknown = set(spec) - PARTNER_KEYS
        if unknown:
            raise ValidationError(
                self.env._(
                    "Unknown field(s) in partner: %(fields)s.",
                    fields=", ".join(sorted(map(str, unknown))),
                )
            )
        values = {
            key: self._o2c_intake_text(spec.get(key), f"partner.{key}", size=256)
            for key in PARTNER_KEYS
        }
        email = values["email"] and email_normalize(values["email"])
        if values["email"] and not email:
            raise ValidationError(
                self.env._("The field partner.email is not a valid e-mail address.")
            )
        values["email"] = email
        values["vat"] = values["vat"] and values["vat"].replace(" ", "").upper()
        return values

    @api.model
    def _prepare_o2c_intake_partner_vals(self, values):
        """Values of the new customer of an intake payload.

        Called by :meth:`_o2c_intake_partner` when no customer matches the
        payload's VAT number, e-mail or name (the customer is created with
        the order, after the lines are checked). An integrator may add
        values (a category, a salesperson, payment terms).

        :param dict values: the payload's ``partner`` checked
            (:meth:`_o2c_intake_partner_values`)
        """
        if not (values["name"] or values["email"]):
            raise ValidationError(
                self.env._("The field partner.name (or partner.email) is required.")
            )
        # a new customer: the caller needs the right to create contacts
        self.env["res.partner"].check_access("create")
        values = dict(values)
        country_code = values.pop("country_code")
        if country_code:
            country = self.env["res.country"].search(
                [("code", "=", country_code.upper())], limit=1
            )
            if not country:
                raise ValidationError(
                    self.env._(
                        "Unknown country %(code)s (field: partner.country_code).",
                        code=country_code,
                    )
                )
            values["country_id"] = country.id
        values.update(
            name=values["name"] or values["email"],
            company_type="company" if values["vat"] else "person",
        )
        return {key: value for key, value in values.items() if value}

    @api.model
    def _o2c_intake_lines(self, lines):
        """Order line values of the payload's ``lines`` (at most
        ``O2C_MAX_LINES``), every product, quantity and price checked.

        Called by :meth:`_o2c_parse_payload`."""
        lines = o2c_lines(self.env, lines, "lines", maximum=O2C_MAX_LINES)
        by_id, by_code = self._o2c_intake_products(lines)
        result = []
        for index, line in enumerate(lines):
            field = f"lines[{index}]"
            if not isinstance(line, dict):
                raise ValidationError(
                    self.env._("The field %(field)s must be a dictionary.", field=field)
                )
            unknown = set(line) - LINE_KEYS
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown field(s) in %(field)s: %(fields)s.",
                        field=field,
                        fields=", ".join(sorted(map(str, unknown))),
                    )
                )
            product = self._o2c_intake_line_product(
                field, line.get("product"), by_id, by_code
            )
            # at least the unit's rounding, finite, bounded
            qty = o2c_number(
                self.env,
                line.get("qty"),
                f"{field}.qty",
                minimum=0,
                exclusive_minimum=True,
                rounding=product.uom_id.rounding,
            )
            price_unit = line.get("price_unit")
            if price_unit is not None:
                price_unit = o2c_number(
                    self.env, price_unit, f"{field}.price_unit", minimum=0
                )
            result.append(self._prepare_o2c_intake_line_vals(product, qty, price_unit))
        return result

    @api.model
    def _o2c_intake_line_product(self, field, spec, by_id, by_code):
        """The one sellable product a line names (``spec``: an id or an
        internal reference), among those :meth:`_o2c_intake_products` found."""
        if isinstance(spec, int) and not isinstance(spec, bool):
            products = by_id.get(spec, self.env["product.product"])
        elif isinstance(spec, str) and spec.strip():
            code = self._o2c_intake_text(spec, f"{field}.product", size=256)
            products = by_code.get(code, self.env["product.product"])
        else:
            raise ValidationError(
                self.env._(
                    "The field %(field)s.product must be a product id or "
                    "internal reference.",
                    field=field,
                )
            )
        if not products:
            raise ValidationError(
                self.env._(
                    "%(field)s.product: no single sellable product %(product)r found.",
                    field=field,
                    product=spec,
                )
            )
        if len(products) > 1:
            raise ValidationError(
                self.env._(
                    "%(field)s.product: several products have the internal "
                    "reference %(product)r.",
                    field=field,
                    product=spec,
                )
            )
        return products

    @api.model
    def _o2c_intake_products(self, lines):
        """The sellable products the lines name, found in two queries (not
        one per line): ``({id: product}, {internal reference: products})``;
        a reference of several products maps to all of them."""
        ids, codes = set(), set()
        for line in lines:
            spec = line.get("product") if isinstance(line, dict) else None
            if isinstance(spec, int) and not isinstance(spec, bool):
                if 0 < spec < 2**31:  # a database id (others match nothing)
                    ids.add(spec)
            elif isinstance(spec, str) and spec.strip():
                try:
                    codes.add(self._o2c_intake_text(spec, "product", size=256))
                except ValidationError:
                    continue  # refused with its line's field name
        Product = self.env["product.product"]
        domain = [
            ("company_id", "in", (False, self.env.company.id)),
            ("sale_ok", "=", True),
        ]
        by_id = {
            product.id: product
            for product in (
                Product.search([("id", "in", list(ids)), *domain]) if ids else Product
            )
        }
        by_code = {}
        if codes:
            for product in Product.search(
                [("default_code", "in", list(codes)), *domain]
            ):
                by_code[product.default_code] = (
                    by_code.get(product.default_code, Product) | product
                )
        return by_id, by_code

    # ------------------------------------------------------------------
    # E-mail intake: sale.order.message_new
    # ------------------------------------------------------------------
    @api.model
    def _o2c_email_intake(self, msg_dict, custom_values=None):
        """The body of ``sale.order.message_new``: a draft quotation for the
        sender of a mail to the order intake alias, and a To-Do for the
        person who enters it (:meth:`_o2c_email_intake_notify`)."""
        values = self._prepare_o2c_email_order_vals(msg_dict, custom_values)
        # mail.thread's default would write the subject into the order number
        # (its _rec_name): create the quotation without it
        order = (
            self.env["sale.order"].with_context(default_user_id=False).create(values)
        )
        self._o2c_email_intake_notify(order)
        return order

    @api.model
    def _prepare_o2c_email_order_vals(self, msg_dict, custom_values=None):
        """Values of the quotation a mail to the order intake alias creates.

        Called by :meth:`_o2c_email_intake` (``sale.order.message_new``, run
        by the mail gateway) with the parsed mail and the alias's defaults
        (``custom_values``, which win). The customer is the mail's author,
        found or created from its address. An integrator may add values
        (read from the subject or body, for instance)."""
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not partner and msg_dict.get("email_from"):
            partner = self.env["res.partner"]._find_or_create_from_emails(
                [msg_dict["email_from"]]
            )[:1]
        values.setdefault("o2c_channel", "email")
        values.setdefault("partner_id", partner.id)
        values.setdefault("origin", (msg_dict.get("subject") or "")[:200] or False)
        return values

    @api.model
    def _o2c_email_intake_responsible(self, order):
        """Who enters an e-mailed order: the leader of its sales team (the
        default team of the order's company, or the alias's), else the
        customer's salesperson; an active internal user of the company.

        Called by :meth:`_o2c_email_intake_notify`."""
        order.ensure_one()
        partner = order.partner_id
        for user in (
            order.team_id.user_id,
            partner.user_id or partner.commercial_partner_id.user_id,
        ):
            if user.active and not user.share and order.company_id in user.company_ids:
                return user
        return self.env["res.users"]

    @api.model
    def _o2c_email_intake_notify(self, order):
        """A To-Do activity for the person responsible for the e-mailed
        order, or a note in its chatter when there is nobody."""
        order.ensure_one()
        notifier, author = o2c_notifier(order, order.company_id)
        user = self._o2c_email_intake_responsible(order)
        if not user:
            notifier.message_post(
                body=self.env._(
                    "Nobody was asked to enter this e-mailed order: its sales "
                    "team has no leader and the customer no salesperson. "
                    "Please assign the order to a salesperson."
                ),
                subtype_xmlid="mail.mt_note",
                **author,
            )
            return
        notifier.activity_schedule(
            "order_to_cash.mail_activity_o2c_email_order",
            **self._prepare_o2c_email_activity_vals(order, user),
        )

    @api.model
    def _prepare_o2c_email_activity_vals(self, order, user):
        """Values (besides the activity type) of the To-Do asking ``user`` to
        enter the e-mailed ``order``, as given to ``activity_schedule``.

        Called by :meth:`_o2c_email_intake_notify` with the person
        :meth:`_o2c_email_intake_responsible` found. An integrator may set a
        deadline (``date_deadline``) or a note."""
        activity_type = self.env.ref("order_to_cash.mail_activity_o2c_email_order")
        return {
            "user_id": user.id,
            # the type's summary in the language of the person asked
            "summary": activity_type.with_context(lang=user.lang).summary,
        }

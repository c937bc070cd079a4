# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.o2c_input import o2c_date
from ..tools.o2c_mail import o2c_notifier
from ..tools.o2c_prefetch import fetch_one2many

# Written by the control actions only (never by hand or over RPC).
CONTROL_FIELDS = {
    "o2c_control_state",
    "o2c_control_reason",
    "o2c_control_user_id",
    "o2c_control_date",
    "o2c_shipping_mail_sent",
}

# Written by the credit release of the delivery only.
CREDIT_RELEASE_FIELDS = {
    "o2c_credit_release_date",
    "o2c_credit_release_user_id",
    "o2c_credit_release_reason",
}

CONTROL_STATES = [
    ("todo", "To Control"),
    ("passed", "Passed"),
    ("failed", "Failed"),
]


class StockPicking(models.Model):
    """The shipment control of a delivery: whether it is required, its
    manual control points, the gate every validation passes
    (:meth:`_action_done`, with the credit check) and the passed control;
    the promise moved by a backorder; the delivered date a carrier reports;
    the fields and actions of concerns whose work is done by services
    (AbstractModels taking the transfers): credit at shipping
    (``o2c.shipment.credit``, o2c_shipment_credit.py), the failed control
    (``o2c.control.failure``, o2c_control_failure.py) and its follow-ups
    (``o2c.control.replenishment``, o2c_control_replenishment.py), tracking
    numbers and the shipping confirmation (``o2c.shipping.confirmation``,
    o2c_shipping_confirmation.py)."""

    _name = "stock.picking"
    _inherit = ["stock.picking", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    o2c_control_required = fields.Boolean(
        string="Control Required",
        compute="_compute_o2c_control_required",
        store=True,
        help="The operation type asks for a completeness control before the "
        "transfer is validated (never for returns).",
    )
    o2c_control_state = fields.Selection(
        selection=CONTROL_STATES,
        string="Control",
        compute="_compute_o2c_control_state",
        store=True,
        readonly=True,
        copy=False,
        index=True,
        # not tracked: who passed the control and when are on the transfer
        # (and on each point's line); a failure posts its reason and
        # schedules an activity, a pass after it closes the activity
        help="Completeness control of the transfer: it passes by itself at "
        "validation when the quantities are complete (or the rest goes to a "
        "backorder), the lots/serial numbers are set and every manual control "
        "point is ticked.",
    )
    o2c_control_ids = fields.One2many(
        comodel_name="o2c.picking.control",
        inverse_name="picking_id",
        string="Control Points",
        copy=False,
    )
    o2c_control_reason = fields.Text(
        string="Control Failure Reason", copy=False, readonly=True
    )
    o2c_control_user_id = fields.Many2one(
        comodel_name="res.users", string="Controlled by", copy=False, readonly=True
    )
    o2c_control_date = fields.Datetime(
        string="Controlled on", copy=False, readonly=True
    )
    o2c_can_control_pass = fields.Boolean(
        string="Can Pass Control", compute="_compute_o2c_can_control"
    )
    o2c_can_control_fail = fields.Boolean(
        string="Can Fail Control", compute="_compute_o2c_can_control"
    )
    o2c_shipping_mail_sent = fields.Boolean(
        string="Shipping Confirmation Sent",
        copy=False,
        readonly=True,
        help="Set when the shipping confirmation is sent to the customer, in "
        "the same transaction, so that each transfer mails once.",
    )
    o2c_delivered_date = fields.Date(
        string="Delivered on",
        copy=False,
        readonly=True,
        tracking=True,
        help="Date the customer received the goods, as reported by the carrier. "
        "Until it is known, the on-time figures use the shipping date.",
    )
    o2c_control_followup_ids = fields.One2many(
        comodel_name="o2c.control.followup",
        inverse_name="picking_id",
        string="Control Follow-ups",
        readonly=True,
    )
    o2c_credit_hold = fields.Text(
        string="Credit Hold",
        compute="_compute_o2c_credit_hold",
        help="Why the delivery is held for the customer's credit: it cannot "
        "be validated until a credit manager releases it.",
    )
    o2c_can_release_credit = fields.Boolean(
        string="Can Release Credit", compute="_compute_o2c_credit_hold"
    )
    o2c_credit_release_date = fields.Datetime(
        string="Credit Released on", copy=False, readonly=True
    )
    o2c_credit_release_user_id = fields.Many2one(
        comodel_name="res.users", string="Credit Released by", copy=False, readonly=True
    )
    o2c_credit_release_reason = fields.Text(
        string="Credit Release Reason", copy=False, readonly=True
    )

    @api.depends(
        "picking_type_id.o2c_control_required",
        "picking_type_code",
        "location_dest_id.usage",
    )
    def _compute_o2c_control_required(self):
        for picking in self:
            picking.o2c_control_required = bool(
                picking.picking_type_id.o2c_control_required
                and picking._o2c_is_customer_delivery()
            )

    def _o2c_is_customer_delivery(self):
        """Goods leaving for a customer: deliveries and replacement deliveries
        of a return, not returns to a vendor nor returns from a customer.

        Called by the control's requirement, the shipping confirmation and the order's
        on-time figures."""
        self.ensure_one()
        return (
            self.picking_type_code == "outgoing"
            and self.location_dest_id.usage == "customer"
        )

    @api.depends("o2c_control_required")
    def _compute_o2c_control_state(self):
        for picking in self:
            if not picking.o2c_control_required:
                picking.o2c_control_state = False
            elif not picking.o2c_control_state:
                picking.o2c_control_state = "todo"

    @api.depends("o2c_control_required", "o2c_control_state", "state")
    @api.depends_context("uid")
    def _compute_o2c_can_control(self):
        is_stock_user = self.env.user.has_group("stock.group_stock_user")
        for picking in self:
            open_picking = (
                is_stock_user
                and picking.o2c_control_required
                and picking.state not in ("draft", "done", "cancel")
            )
            picking.o2c_can_control_pass = (
                open_picking and picking.o2c_control_state != "passed"
            )
            picking.o2c_can_control_fail = (
                open_picking and picking.o2c_control_state != "failed"
            )

    # ------------------------------------------------------------------
    # Manual control points of the transfer
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        pickings = super().create(vals_list)
        pickings._o2c_sync_control_lines()
        return pickings

    def write(self, vals):
        if vals.get("state") == "done" and self._o2c_pickings_to_control():
            # done only by the validation, which runs the control gate
            raise UserError(
                self.env._(
                    "A transfer to control is done by validating it "
                    "(button_validate), which checks the shipment control; "
                    "its status cannot be written."
                )
            )
        res = super().write(vals)
        if "picking_type_id" in vals:
            self._o2c_sync_control_lines()
        return res

    @api.model
    def _o2c_protected_fields(self):
        # the control's outcome (action_o2c_control_pass/fail), the
        # delivered date (action_o2c_mark_delivered, which checks it) and the
        # release (action_o2c_release_credit)
        return (
            super()._o2c_protected_fields()
            | CONTROL_FIELDS
            | {"o2c_delivered_date"}
            | CREDIT_RELEASE_FIELDS
        )

    @api.model
    def _o2c_protected_hint(self, names):
        if CONTROL_FIELDS & set(names):
            return self.env._(
                "The shipment control is recorded with the Control Passed and "
                "Control Failed actions (action_o2c_control_pass, "
                "action_o2c_control_fail)."
            )
        if "o2c_delivered_date" in names:
            return self.env._(
                "Use Mark as delivered (action_o2c_mark_delivered), which "
                "checks the date."
            )
        if CREDIT_RELEASE_FIELDS & set(names):
            return self.env._(
                "A credit manager releases a delivery with Release Credit "
                "(action_o2c_release_credit)."
            )
        return super()._o2c_protected_hint(names)

    def _o2c_sync_control_lines(self):
        """Give the open transfers to control a line per manual control point
        of their operation type (points added later are added here too).

        :return: the active control points of the transfers' types (sudoed)
        """
        pickings = self._o2c_pickings_to_control()
        if not pickings:
            return self.env["o2c.control.point"]
        # sudo: the control lines are the transfer's bookkeeping, created
        # whoever creates or validates the transfer (a salesperson confirming
        # an order, another module's automation), limited to its points.
        Point = self.env["o2c.control.point"]
        points = Point._o2c_points_for_types(pickings.picking_type_id)
        if not points:
            return points
        # the lines with their values, in one query
        fetch_one2many(pickings.sudo(), "o2c_control_ids")
        vals_list = []
        for picking in pickings.sudo():
            present = picking.o2c_control_ids.point_id
            for point in points - present:
                if point._o2c_applies_to(picking):
                    vals_list.append(picking._prepare_o2c_control_line_vals(point))
        if vals_list:
            self.env["o2c.picking.control"].sudo().create(vals_list)
        return points

    def _prepare_o2c_control_line_vals(self, point):
        """Values of the ``o2c.picking.control`` line of the manual control
        ``point`` on this transfer (``self`` is sudoed).

        Called by :meth:`_o2c_sync_control_lines` (at the transfer's
        creation and validation) for each point of its operation type that
        applies to it and it has no line for yet. An integrator may add
        values of fields added to the control line."""
        self.ensure_one()
        return {
            "picking_id": self.id,
            "point_id": point.id,
            # the stored related fields, given: no second query
            "company_id": self.company_id.id,
            "sequence": point._o2c_active_points_data()[point.id][2],
        }

    # ------------------------------------------------------------------
    # The control gate: every validation path goes through _action_done
    # ------------------------------------------------------------------
    def _o2c_pickings_to_control(self):
        return self.filtered(
            lambda p: p.o2c_control_required and p.state not in ("done", "cancel")
        )

    def _o2c_control_findings(self, ignore_failed=False):
        """What keeps each transfer from passing control.

        :param bool ignore_failed: leave out an earlier failure (a person
            passing the control again once the cause is resolved)

        :return: dict picking -> list of translated findings (empty lists
            are left out)

        Called by the validation's control gate (:meth:`_action_done`) and
        :meth:`action_o2c_control_pass`; extend it to add an automatic control point.
        """
        points = self._o2c_sync_control_lines()
        missing_lots_by_picking = self._o2c_products_missing_lots()
        findings = {}
        # sudo: the gate must see the control lines and lots whoever runs the
        # validation (another module's code may do it as a salesperson).
        for picking in self.sudo():
            problems = []
            if picking.o2c_control_state == "failed" and not ignore_failed:
                problems.append(
                    self.env._(
                        "the control failed: %(reason)s",
                        reason=picking.o2c_control_reason or "",
                    )
                )
            # lines of points archived or moved to other types since no
            # longer count
            open_points = points and picking.o2c_control_ids.filtered(
                lambda c, p=picking: (
                    not c.is_done
                    and c.point_id in points
                    and c.point_id._o2c_applies_to(p)
                )
            )
            if open_points:
                problems.append(
                    self.env._(
                        "control points not checked yet: %(points)s",
                        points=", ".join(open_points.mapped("name")),
                    )
                )
            missing_lots = missing_lots_by_picking.get(picking.id)
            if missing_lots:
                problems.append(
                    self.env._(
                        "lot/serial number missing for %(products)s",
                        products=", ".join(missing_lots.mapped("display_name")),
                    )
                )
            if problems:
                findings[picking.with_env(self.env)] = problems
        return findings

    def _o2c_products_missing_lots(self):
        """Automatic point: tracked products shipped without lot/serial.

        :return: dict picking id -> products (sudoed), pickings with none
            left out; one query whatever the number of transfers and lines
        """
        if not self:
            return {}
        # sudo: the gate must see the lots whoever runs the validation; the
        # transfers whose operation type uses lots, in the same query
        lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("picking_id", "in", self.ids),
                    "|",
                    ("picking_id.picking_type_id.use_create_lots", "=", True),
                    ("picking_id.picking_type_id.use_existing_lots", "=", True),
                    ("product_id.tracking", "!=", "none"),
                    ("quantity", "!=", 0),
                    ("move_id.picked", "=", True),
                    ("lot_id", "=", False),
                    ("lot_name", "=", False),
                ]
            )
        )
        missing = {}
        for line in lines:
            missing[line.picking_id.id] = (
                missing.get(line.picking_id.id, line.product_id.browse())
                | line.product_id
            )
        return missing

    def _o2c_control_error(self, findings):
        return UserError(
            "\n".join(
                self.env._(
                    "%(picking)s cannot be shipped: %(findings)s.",
                    picking=picking.display_name,
                    findings="; ".join(problems),
                )
                for picking, problems in findings.items()
            )
        )

    def _action_done(self):
        # sudo: the warehouse validates; the customer's orders, invoices and
        # credit figures are read for the check, only its findings are shown
        credit = self.env["o2c.shipment.credit"].sudo()
        held = credit._o2c_held(self.sudo())
        if held:
            raise credit._o2c_held_error(held)
        to_control = self._o2c_pickings_to_control()
        if to_control:
            findings = to_control._o2c_control_findings()
            if findings:
                raise to_control._o2c_control_error(findings)
        res = super()._action_done()
        # the automatic points passed (quantities shipped or left to a
        # backorder the person chose, lots set) and every manual point is
        # ticked: the control passed, recorded with the validation (a control
        # a person passed before keeps its author and date)
        passed = to_control.filtered(
            lambda p: p.state == "done" and p.o2c_control_state != "passed"
        )
        passed._o2c_control_mark_passed()
        return res

    def _o2c_control_mark_passed(self):
        """Record the control passed, by the current user, now."""
        return self._o2c_action_write(
            {
                "o2c_control_state": "passed",
                "o2c_control_user_id": self.env.uid,
                "o2c_control_date": fields.Datetime.now(),
            }
        )

    def _ensure_can_o2c_control(self):
        if not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(
                self.env._("Only inventory users can record a shipment control.")
            )
        wrong = self - self._o2c_pickings_to_control()
        if wrong:
            raise UserError(
                self.env._(
                    "No completeness control to record on %(pickings)s: only open "
                    "transfers whose operation type requires a control are "
                    "controlled (returns never are).",
                    pickings=", ".join(wrong.mapped("display_name")),
                )
            )
        if not self:
            raise UserError(self.env._("Select the transfers to control."))

    def _ensure_can_o2c_control_pass(self):
        self._ensure_can_o2c_control()
        findings = self._o2c_control_findings(ignore_failed=True)
        if findings:
            raise self._o2c_control_error(findings)

    def action_o2c_control_pass(self):
        """Record that the transfers were checked complete and correct."""
        self._ensure_can_o2c_control_pass()
        failed = self.filtered(lambda p: p.o2c_control_state == "failed")
        self._o2c_control_mark_passed()
        for picking in failed:
            # the cause of the failure is resolved: its follow-up is done
            notifier, _author = o2c_notifier(picking, picking.company_id)
            notifier.activity_feedback(
                ["order_to_cash.mail_activity_type_o2c_control_failed"],
                feedback=self.env._("Shipment control passed."),
            )
        return True

    def _o2c_update_promised_dates(self, reason):
        """The promise of the transfers' orders follows what happened to
        them (``reason``: a failed control, a backorder): see
        ``o2c.order.promise._o2c_update_promised_dates``. Called by a failed
        control (``o2c.control.failure._o2c_control_fail``) and
        :meth:`_create_backorder`."""
        orders = self.sale_id.filtered(lambda order: order.state == "sale")
        if orders:
            # sudo: the warehouse's event moves the promise the company gave
            # (the lifecycle's own record, written by this action only); the
            # customer is told once by the order's tracking
            self.env["o2c.order.promise"].sudo()._o2c_update_promised_dates(
                orders.sudo(), reason
            )

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        backorders._o2c_update_promised_dates("backorder")
        return backorders

    # ------------------------------------------------------------------
    # Delivered date (carrier integrations)
    # ------------------------------------------------------------------
    def _o2c_local_date(self, value):
        """Calendar date of a UTC datetime where the company works."""
        tz_name = self.company_id.partner_id.tz or self.env.user.tz or "UTC"
        return pytz.utc.localize(value).astimezone(pytz.timezone(tz_name)).date()

    def _o2c_get_delivered_date(self):
        """Date the goods reached the customer: the carrier's report, else
        the shipping date.

        Called by the order's delivered date and on-time figures."""
        self.ensure_one()
        if self.o2c_delivered_date:
            return self.o2c_delivered_date
        return self.date_done and self._o2c_local_date(self.date_done) or False

    def _o2c_delivered_date_limit(self):
        """The latest delivered date accepted: today where the transfers'
        companies work (or the user's today, if later)."""
        now = fields.Datetime.now()
        return max(
            [fields.Date.context_today(self)]
            + [picking._o2c_local_date(now) for picking in self]
        )

    def _ensure_can_o2c_mark_delivered(self):
        if not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(
                self.env._(
                    "Only inventory users (or a carrier integration with their "
                    "rights) can record the delivery date."
                )
            )
        if not self:
            raise UserError(self.env._("Select the transfers delivered."))

    def action_o2c_mark_delivered(self, date=None):
        """Record the date the customer received the shipped transfers.

        :param date: ISO date (``YYYY-MM-DD``, a datetime string is cut to its
            date); today when not given
        """
        # a date as YYYY-MM-DD (a datetime string is cut to its date), not
        # after today: nothing is delivered in the future
        delivered = o2c_date(
            self.env,
            date,
            "date",
            default=fields.Date.context_today(self),
            not_after=self._o2c_delivered_date_limit(),
        )
        self._ensure_can_o2c_mark_delivered()
        not_shipped = self.filtered(
            lambda p: p.state != "done" or p.picking_type_code != "outgoing"
        )
        if not_shipped:
            raise UserError(
                self.env._(
                    "Only shipped deliveries can be marked delivered: "
                    "%(pickings)s is not.",
                    pickings=", ".join(not_shipped.mapped("display_name")),
                )
            )
        for picking in self:
            shipped = picking._o2c_local_date(picking.date_done)
            if delivered < shipped:
                raise ValidationError(
                    self.env._(
                        "%(picking)s cannot be delivered on %(date)s: it was "
                        "shipped on %(shipped)s.",
                        picking=picking.display_name,
                        date=fields.Date.to_string(delivered),
                        shipped=fields.Date.to_string(shipped),
                    )
                )
        self._o2c_action_write({"o2c_delivered_date": delivered})
        return True

    # ------------------------------------------------------------------
    # Failed control and its follow-ups (o2c.control.failure,
    # o2c.control.replenishment)
    # ------------------------------------------------------------------
    def action_o2c_control_fail(self, reason, missing=None, defective=None):
        """Record a failed control: the transfers cannot be shipped until the
        control passes; the reason is kept and the responsible person gets an
        activity to follow it up (reorder, complaint to the supplier or
        production). See ``o2c.control.failure._o2c_control_fail``.

        :param str reason: what is wrong (at most 2,000 characters)
        :param list missing: optional ``{"product_id": id, "qty": number}``
            of the goods missing, products of the transfers
        :param list defective: the same for goods found defective
        """
        return self.env["o2c.control.failure"]._o2c_control_fail(
            self, reason, missing=missing, defective=defective
        )

    # ------------------------------------------------------------------
    # Credit at shipping (o2c.shipment.credit; the guard: _action_done)
    # ------------------------------------------------------------------
    @api.depends("state", "sale_id.state", "o2c_credit_release_date")
    @api.depends_context("uid", "company")
    def _compute_o2c_credit_hold(self):
        self.env["o2c.shipment.credit"]._o2c_compute_credit_hold(self)

    def action_o2c_release_credit(self, reason):
        """Release the deliveries held for the customer's credit (credit
        managers only): they may be validated, whatever the credit says
        until then; a backorder is checked again. The reason is kept on the
        delivery and in its order's chatter. Returns True. See
        ``o2c.shipment.credit._o2c_release_credit``."""
        return self.env["o2c.shipment.credit"]._o2c_release_credit(self, reason)

    # ------------------------------------------------------------------
    # Tracking numbers and the shipping confirmation
    # (o2c.shipping.confirmation)
    # ------------------------------------------------------------------
    def _compute_carrier_tracking_url(self):
        res = super()._compute_carrier_tracking_url()
        self.env["o2c.shipping.confirmation"]._o2c_compute_tracking_urls(self)
        return res

    def get_o2c_open_items(self):
        """The goods of the order still to come after this transfer (one
        dict per order line: ``product``, ``qty``, ``uom``, ``date``
        expected), listed by the shipping confirmation of a partial
        shipment. Reads what the user may read."""
        self.ensure_one()
        return self.env["o2c.order.promise"]._o2c_open_items(self)

    def get_o2c_tracking_links(self):
        """Tracking numbers of the transfer with the carrier's tracking link.

        :return: list of dicts ``{"number": str, "url": str or False}``
        """
        self.ensure_one()
        return self.env["o2c.shipping.confirmation"]._o2c_tracking_links(self)

    def _send_confirmation_email(self):
        # the carrier (stock_delivery) books the shipment first: its tracking
        # numbers go into the confirmation
        res = super()._send_confirmation_email()
        self.env["o2c.shipping.confirmation"]._o2c_send_shipping_confirmation(self)
        return res

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payment plans: a customer pays the open amount of overdue invoices in
instalments. The invoices' payment reminders pause while the plan is kept;
a daily run reminds the customer of each missed instalment once and breaks
the plan after too many, so that the normal reminders resume."""

import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools.o2c_batch import lock_batch, notify_remaining
from ..tools.o2c_input import o2c_date, o2c_html_text, o2c_number, o2c_text
from .o2c_guard import o2c_action_scope

_logger = logging.getLogger(__name__)

PLAN_STATES = [
    ("running", "Running"),
    ("done", "Done"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
# Most instalments of one plan: ten years of monthly payments.
PLAN_MAX_INSTALMENTS = 120
# Latest instalment: this many days ahead at most.
PLAN_MAX_DAYS = 3660
# Most invoices of one plan.
PLAN_MAX_INVOICES = 500
PLAN_NOTE_SIZE = 2000


class O2cPaymentPlan(models.Model):
    _name = "o2c.payment.plan"
    _description = "Payment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", required=True, readonly=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        readonly=True,
        index="btree_not_null",
        help="Salesperson of the plan's invoices.",
    )
    move_ids = fields.Many2many(
        comodel_name="account.move",
        relation="o2c_payment_plan_account_move_rel",
        column1="plan_id",
        column2="move_id",
        string="Invoices",
        readonly=True,
        check_company=True,
    )
    line_ids = fields.One2many(
        comodel_name="o2c.payment.plan.line",
        inverse_name="plan_id",
        string="Instalments",
        readonly=True,
    )
    state = fields.Selection(
        selection=PLAN_STATES,
        default="running",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    pause_until = fields.Date(
        string="Reminders Paused Until",
        readonly=True,
        help="The invoices' payment reminders pause until this day: the last "
        "instalment's date and the grace days.",
    )
    note = fields.Text()
    amount_total = fields.Monetary(
        string="Total",
        readonly=True,
        help="Open amount of the invoices when the plan was agreed.",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_amounts",
        help="What the invoices' open amount went down by since the plan was "
        "agreed (payments, credit notes).",
    )
    amount_open = fields.Monetary(string="Open", compute="_compute_amounts")
    missed_count = fields.Integer(
        string="Missed Instalments", compute="_compute_missed_count"
    )
    can_cancel = fields.Boolean(compute="_compute_can_cancel")

    @api.model
    def _o2c_protected_fields(self):
        return super()._o2c_protected_fields() | {
            "name",
            "partner_id",
            "company_id",
            "currency_id",
            "user_id",
            "move_ids",
            "line_ids",
            "state",
            "pause_until",
            "amount_total",
        }

    @api.model
    def _o2c_protected_hint(self, names):
        return self.env._(
            "Payment plans are made with Create Payment Plan "
            "(account.move.action_o2c_create_payment_plan) and cancelled with "
            "Cancel (action_cancel)."
        )

    # what is paid follows the reconciliations of the invoices
    # (account.partial.reconcile drops the amounts from the cache), not a
    # dependency on their residuals
    @api.depends("amount_total", "move_ids.state")
    def _compute_amounts(self):
        for plan in self:
            open_amount = sum(plan.move_ids.mapped("amount_residual"))
            paid = plan.amount_total - open_amount
            plan.amount_paid = max(plan.currency_id.round(paid), 0.0)
            plan.amount_open = plan.amount_total - plan.amount_paid

    @api.depends("line_ids.outcome")
    def _compute_missed_count(self):
        for plan in self:
            plan.missed_count = len(
                plan.line_ids.filtered(lambda line: line.outcome == "missed")
            )

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_cancel(self):
        allowed = self.env["account.move"]._o2c_may_pause_reminders()
        for plan in self:
            plan.can_cancel = allowed and plan.state == "running"

    # ------------------------------------------------------------------
    # Creation (account.move.action_o2c_create_payment_plan)
    # ------------------------------------------------------------------
    @api.model
    def _o2c_create_for_moves(self, moves, instalments, note=False):
        """Agree a plan on the open amount of ``moves`` (one customer and
        company), paid in ``instalments`` (``[{"date", "amount"}]``), and
        pause the invoices' reminders until the last instalment and the
        grace days. Returns the plan."""
        self._o2c_check_can_create(moves)
        company = moves.company_id
        currency = moves.currency_id
        lines = self._o2c_instalment_values(instalments, currency, company)
        note = o2c_text(self.env, note, "note", size=PLAN_NOTE_SIZE)
        open_amount = currency.round(sum(moves.mapped("amount_residual")))
        total = currency.round(sum(line["amount"] for line in lines))
        if currency.compare_amounts(total, open_amount):
            raise ValidationError(
                self.env._(
                    "instalments: the amounts add up to %(total)s, the open "
                    "amount of the invoices is %(open)s (difference %(diff)s).",
                    total=tools.format_amount(self.env, total, currency),
                    open=tools.format_amount(self.env, open_amount, currency),
                    diff=tools.format_amount(
                        self.env, currency.round(total - open_amount), currency
                    ),
                )
            )
        pause_until = lines[-1]["date_due"] + timedelta(
            days=company.o2c_payment_plan_grace_days
        )
        vals = self._o2c_prepare_payment_plan_vals(
            moves, lines, note, open_amount, pause_until
        )
        with o2c_action_scope(self._name, "o2c.payment.plan.line"):
            plan = self.create(vals)
        plan._o2c_pause_for_payment_plan(moves)
        plan._o2c_post(
            self.env._(
                "Payment plan agreed: %(count)s instalments, the last on %(date)s.",
                count=len(lines),
                date=tools.format_date(self.env, lines[-1]["date_due"]),
            )
        )
        return plan

    @api.model
    def _o2c_prepare_payment_plan_vals(
        self, moves, lines, note, open_amount, pause_until
    ):
        """Values of the plan agreed on ``moves`` with the instalments
        ``lines`` (checked values of ``o2c.payment.plan.line``).

        Called by ``_o2c_create_for_moves`` (the public
        ``account.move.action_o2c_create_payment_plan`` and the wizard),
        once per plan, inside the action's write. An integrator may add
        values; extend with ``super()``.
        """
        # sudo: the plan's reference from its sequence, which accountants
        # cannot read
        name = self.env["ir.sequence"].sudo().next_by_code("o2c.payment.plan")
        return {
            "name": name or "/",
            "partner_id": moves.commercial_partner_id.id,
            "company_id": moves.company_id.id,
            "currency_id": moves.currency_id.id,
            "user_id": moves.invoice_user_id[:1].id,
            "move_ids": [Command.set(moves.ids)],
            "amount_total": open_amount,
            "pause_until": pause_until,
            "note": note,
            "line_ids": [
                Command.create(self.env["o2c.payment.plan.line"]._prepare_vals(line))
                for line in lines
            ],
        }

    @api.model
    def _o2c_check_can_create(self, moves):
        move_model = self.env["account.move"]
        if not move_model._o2c_may_pause_reminders():
            raise AccessError(
                self.env._("Only accounting staff can agree payment plans.")
            )
        if not moves:
            raise UserError(self.env._("Select the invoices of the payment plan."))
        if len(moves) > PLAN_MAX_INVOICES:
            raise ValidationError(
                self.env._(
                    "A payment plan takes at most %(count)s invoices.",
                    count=PLAN_MAX_INVOICES,
                )
            )
        moves._ensure_can_o2c_pause_reminders()
        for field, label in (
            ("commercial_partner_id", self.env._("customer")),
            ("company_id", self.env._("company")),
            ("currency_id", self.env._("currency")),
        ):
            if len(moves[field]) > 1:
                raise UserError(
                    self.env._(
                        "A payment plan covers invoices of one %(what)s only; "
                        "these have several: %(values)s.",
                        what=label,
                        values=", ".join(moves[field].mapped("display_name")),
                    )
                )
        # sudo: a running plan of another user's invoices counts too (a
        # salesperson's own-documents rule does not apply to accountants,
        # but an integration account may see fewer plans)
        running = (
            self.sudo()
            .search([("state", "=", "running"), ("move_ids", "in", moves.ids)])
            .move_ids
            & moves
        )
        if running:
            raise UserError(
                self.env._(
                    "These invoices are in a running payment plan already: %(moves)s.",
                    moves=", ".join(running[:10].mapped("display_name")),
                )
            )

    @api.model
    def _o2c_instalment_values(self, instalments, currency, company):
        """The instalments given by a caller, checked: a list of ``{"date":
        "YYYY-MM-DD", "amount": number}``, dates from today on, each after
        the one before, amounts above zero in the currency's rounding.
        Returns ``[{"sequence", "date_due", "amount"}]``."""
        if not isinstance(instalments, list | tuple) or not instalments:
            raise ValidationError(
                self.env._(
                    "instalments: give a list of instalments, each with a "
                    "date and an amount."
                )
            )
        if len(instalments) > PLAN_MAX_INSTALMENTS:
            raise ValidationError(
                self.env._(
                    "instalments: at most %(count)s instalments.",
                    count=PLAN_MAX_INSTALMENTS,
                )
            )
        today = fields.Date.to_date(self.env["account.move"]._o2c_today())
        lines = []
        for index, instalment in enumerate(instalments):
            previous = lines[-1]["date_due"] if lines else False
            lines.append(
                self._o2c_instalment_line(index, instalment, previous, currency, today)
            )
        return lines

    @api.model
    def _o2c_instalment_line(self, index, instalment, previous, currency, today):
        """The instalment number ``index`` (from 0) given by a caller,
        checked: its date from ``today`` on and after ``previous`` (the date
        of the one before, False for the first), its amount above zero.

        Called by :meth:`_o2c_instalment_values` for each instalment.

        :return: ``{"sequence", "date_due", "amount"}``
        """
        # computed before the calls: Odoo's term extraction evaluates
        # the arguments of env._() and knows no local names
        label = f"instalments[{index}]"
        date_label = f"{label}.date"
        if not isinstance(instalment, dict) or set(instalment) != {
            "date",
            "amount",
        }:
            raise ValidationError(
                self.env._(
                    "%(field)s: give a dictionary with exactly the keys "
                    "date and amount.",
                    field=label,
                )
            )
        day = o2c_date(
            self.env,
            instalment["date"],
            date_label,
            not_before=today,
            not_after=today + timedelta(days=PLAN_MAX_DAYS),
        )
        if previous and day <= previous:
            raise ValidationError(
                self.env._(
                    "%(field)s: each instalment must fall after the one "
                    "before (%(date)s).",
                    field=date_label,
                    date=fields.Date.to_string(previous),
                )
            )
        amount = o2c_number(
            self.env,
            instalment["amount"],
            f"{label}.amount",
            minimum=0,
            exclusive_minimum=True,
            rounding=currency.rounding,
        )
        return {"sequence": index + 1, "date_due": day, "amount": amount}

    @api.model
    def _o2c_split(self, total, count, first_date, interval_months, currency):
        """``count`` instalments of ``total`` (rounded in ``currency``; the
        last takes the rest), the first on ``first_date``, then every
        ``interval_months`` months: ``[{"date", "amount"}]`` as
        ``action_o2c_create_payment_plan`` takes them."""
        share = currency.round(total / count)
        instalments = []
        for index in range(count):
            amount = (
                share
                if index < count - 1
                else currency.round(total - share * (count - 1))
            )
            day = first_date + relativedelta(months=index * interval_months)
            instalments.append({"date": fields.Date.to_string(day), "amount": amount})
        return instalments

    # ------------------------------------------------------------------
    # Cancel
    # ------------------------------------------------------------------
    def action_cancel(self):
        """Cancel the running plans: the invoices' payment reminders go on
        from the next run. Accounting staff only. Returns True."""
        if not self.env["account.move"]._o2c_may_pause_reminders():
            raise AccessError(
                self.env._("Only accounting staff can cancel payment plans.")
            )
        refused = self.filtered(lambda plan: plan.state != "running")
        if refused:
            raise UserError(
                self.env._(
                    "Only running payment plans can be cancelled: %(plans)s.",
                    plans=", ".join(refused.mapped("display_name")),
                )
            )
        self._o2c_end("cancelled", self.env._("Payment plan cancelled."))
        return True

    def _o2c_end(self, state, message):
        """End the plans in ``state``, lift the pauses they set and post
        ``message``."""
        self._o2c_action_write({"state": state})
        for plan in self:
            plan._o2c_end_payment_plan_pause(plan.move_ids)
            plan._o2c_post(message)

    def _o2c_pause_for_payment_plan(self, moves):
        """Pause the reminders of the invoices ``moves`` for this plan
        (reason: payment agreement) until its ``pause_until``. Called by
        :meth:`_o2c_create_for_moves` once the plan is created."""
        self.ensure_one()
        # written through the pause's own protected path, not
        # action_o2c_pause_reminders: a plan may run longer than the year
        # a person may pause for, and its dates were checked already
        moves._o2c_action_write(
            {
                "o2c_reminder_paused_until": self.pause_until,
                "o2c_reminder_pause_reason": "agreement",
                "o2c_reminder_pause_note": self.name,
            }
        )
        moves._o2c_post_note(
            self.env._(
                "Payment reminders paused until %(date)s: payment plan %(plan)s.",
                date=tools.format_date(self.env, self.pause_until),
                plan=self.name,
            )
        )

    def _o2c_end_payment_plan_pause(self, moves):
        """Lift the pause this plan set on the invoices ``moves``, where it
        is still the plan's (a person may have paused them otherwise since).
        Called by :meth:`_o2c_end`."""
        self.ensure_one()
        moves = moves.filtered(
            lambda move: (
                move.o2c_reminder_pause_reason == "agreement"
                and move.o2c_reminder_paused_until == self.pause_until
                and move.o2c_reminder_pause_note == self.name
            )
        )
        if not moves:
            return
        moves._o2c_action_write(
            {
                "o2c_reminder_paused_until": False,
                "o2c_reminder_pause_reason": False,
                "o2c_reminder_pause_note": False,
            }
        )
        moves._o2c_post_note(
            self.env._(
                "Payment reminders resumed: payment plan %(plan)s ended.",
                plan=self.name,
            )
        )

    def _o2c_post(self, body):
        for plan in self:
            # sudo: an internal note of an action the user (or the run) may
            # take; core refuses authors without an email address otherwise
            plan.sudo().message_post(
                body=body,
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    @api.model
    def _o2c_plan_query(self, today):
        """Running plans with something to do ``today``: every invoice paid
        or cancelled (done; one reset to draft is still owed), or an
        instalment not judged yet whose grace days ended."""
        return SQL(
            """
            SELECT plan.id
              FROM o2c_payment_plan plan
              JOIN res_company company ON company.id = plan.company_id
             WHERE plan.state = 'running'
               AND (NOT EXISTS (
                        SELECT 1
                          FROM o2c_payment_plan_account_move_rel rel
                          JOIN account_move move ON move.id = rel.move_id
                         WHERE rel.plan_id = plan.id
                           AND (move.state = 'draft'
                                OR (move.state = 'posted'
                                    AND move.payment_state
                                        IN ('not_paid', 'partial'))))
                    OR EXISTS (
                        SELECT 1
                          FROM o2c_payment_plan_line line
                         WHERE line.plan_id = plan.id
                           AND line.outcome IS NULL
                           AND line.date_due
                               + COALESCE(company.o2c_payment_plan_grace_days, 0)
                               < %(today)s))
            """,
            today=today,
        )

    @api.model
    def _o2c_cron_payment_plans(self, batch_size=100):
        """Scheduled action: end the plans whose invoices are paid; judge
        each instalment whose grace days ended, once: kept when the
        payments on the invoices cover it and those before, else missed:
        the customer is reminded of it once, and the plan breaks after the
        company's number of missed instalments (the invoices' reminders
        resume).

        One batch per call, locked (``FOR UPDATE SKIP LOCKED``), a savepoint
        per plan; the judgement is written in the transaction that queues
        the reminder: a rerun never reminds twice. Plans exist only since
        the feature does: no history to leave alone."""
        today = fields.Date.to_date(self.env["account.move"]._o2c_today())
        self.env.flush_all()
        query = self._o2c_plan_query(today)
        rows = lock_batch(self.env.cr, query, "plan", batch_size)
        plans = self.browse([plan_id for (plan_id,) in rows])
        for plan in plans:
            try:
                with self.env.cr.savepoint():
                    plan.with_company(plan.company_id)._o2c_run(today)
            except Exception as error:  # noqa: BLE001 - shown to a person
                _logger.warning("Payment plan %s failed: %s", plan.name, error)
                plan._o2c_run_failed(error)
        notify_remaining(self.env, query, len(rows))
        return plans

    def _o2c_run(self, today):
        self.ensure_one()
        # an invoice reset to draft is being corrected: still owed
        if not any(
            move.state == "draft" or move._o2c_pausable() for move in self.move_ids
        ):
            self._o2c_end(
                "done", self.env._("Payment plan done: the invoices are paid.")
            )
            return
        grace = timedelta(days=self.company_id.o2c_payment_plan_grace_days)
        paid = self.amount_paid
        covered = 0.0
        for line in self.line_ids.sorted(lambda line: (line.date_due, line.id)):
            covered += line.amount
            if line.outcome or line.date_due + grace >= today:
                continue
            if self.currency_id.compare_amounts(paid, covered) >= 0:
                line._o2c_action_write({"outcome": "kept"})
                continue
            line._o2c_action_write({"outcome": "missed"})
            try:
                with self.env.cr.savepoint():
                    line._o2c_send_missed_reminder()
            except Exception as error:  # noqa: BLE001 - shown to a person
                # missed all the same: judged once, the failure left to a person
                _logger.warning("Reminder of plan %s failed: %s", self.name, error)
                message = tools.exception_to_unicode(error)
                line._o2c_action_write({"reminder_error": message})
                self._o2c_run_failed(error)
        if self.missed_count >= self.company_id.o2c_payment_plan_max_missed:
            self._o2c_end(
                "broken",
                self.env._(
                    "Payment plan broken: %(count)s instalments missed. The "
                    "payment reminders of the invoices resume.",
                    count=self.missed_count,
                ),
            )

    def _o2c_run_failed(self, error):
        self.ensure_one()
        message = tools.exception_to_unicode(error)
        self.activity_schedule(**self._prepare_o2c_run_failed_activity_vals(message))

    def _prepare_o2c_run_failed_activity_vals(self, message):
        """Arguments of ``activity_schedule`` for the activity telling a
        person that the plan could not be followed up (``message``: the
        error).

        Called by :meth:`_o2c_run_failed` when the daily check of the plan
        fails; an integrator may change the type, deadline or whom it is
        assigned to (the plan's responsible, else the cron's user)."""
        self.ensure_one()
        return {
            "act_type_xmlid": "mail.mail_activity_data_todo",
            "summary": self.env._("Payment plan could not be followed up"),
            # HTML: the error shown as raised, escaped
            "note": o2c_html_text(message),
            "user_id": self.user_id.id or self.env.user.id,
        }


class O2cPaymentPlanLine(models.Model):
    _name = "o2c.payment.plan.line"
    _description = "Payment Plan Instalment"
    _inherit = "o2c.guarded.mixin"
    _order = "plan_id, date_due, id"

    plan_id = fields.Many2one(
        comodel_name="o2c.payment.plan",
        string="Payment Plan",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(readonly=True)
    date_due = fields.Date(string="Due", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    amount_paid = fields.Monetary(string="Paid", compute="_compute_state")
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("due", "Due"),
            ("paid", "Paid"),
            ("missed", "Missed"),
        ],
        compute="_compute_state",
        help="From the payments on the plan's invoices: paid when they cover "
        "the instalment and those before it; due from its date; missed once "
        "the grace days have passed.",
    )
    outcome = fields.Selection(
        selection=[("kept", "Kept"), ("missed", "Missed")],
        readonly=True,
        copy=False,
        help="What the daily run found when the instalment's grace days ended.",
    )
    reminder_error = fields.Text(readonly=True, copy=False)

    @api.model
    def _o2c_protected_fields(self):
        return super()._o2c_protected_fields() | {
            "plan_id",
            "sequence",
            "date_due",
            "amount",
            "outcome",
            "reminder_error",
        }

    @api.model
    def _prepare_vals(self, line):
        """Values of an instalment from the checked ``line`` (``sequence``,
        ``date_due``, ``amount``). Called by
        ``o2c.payment.plan._o2c_prepare_payment_plan_vals`` once per
        instalment; extend with ``super()``."""
        return dict(line)

    @api.depends_context("tz")
    @api.depends("amount", "date_due", "plan_id.amount_paid")
    def _compute_state(self):
        today = fields.Date.to_date(self.env["account.move"]._o2c_today())
        for plan in self.plan_id:
            paid = plan.amount_paid
            grace = timedelta(days=plan.company_id.o2c_payment_plan_grace_days)
            for line in plan.line_ids.sorted(lambda line: (line.date_due, line.id)):
                line.amount_paid = plan.currency_id.round(
                    min(max(paid, 0.0), line.amount)
                )
                paid -= line.amount
                if not plan.currency_id.compare_amounts(line.amount_paid, line.amount):
                    line.state = "paid"
                elif line.date_due + grace < today:
                    line.state = "missed"
                elif line.date_due <= today:
                    line.state = "due"
                else:
                    line.state = "open"
        for line in self - self.plan_id.line_ids:
            line.amount_paid = 0.0
            line.state = "open"

    def _o2c_send_missed_reminder(self):
        """Queue the customer's reminder of this missed instalment on the
        plan (template ``mail_template_o2c_payment_plan_missed``)."""
        self.ensure_one()
        plan = self.plan_id
        if not plan.partner_id.email:
            raise UserError(
                self.env._(
                    "The customer %(partner)s has no email address.",
                    partner=plan.partner_id.display_name,
                )
            )
        template = self.env.ref("order_to_cash.mail_template_o2c_payment_plan_missed")
        rendered = template._generate_template(
            self.ids, ("subject", "body_html", "email_from", "partner_to")
        )[self.id]
        plan.message_post(**self._o2c_prepare_missed_message_vals(rendered))

    def _o2c_prepare_missed_message_vals(self, rendered):
        """Arguments of ``message_post`` (on the plan) for the reminder of
        this missed instalment, from the template's ``rendered`` values.

        Called by ``_o2c_send_missed_reminder`` (the daily run), once per
        missed instalment. An integrator may change the recipients
        (``partner_ids``), the layout or add attachments; extend with
        ``super()``.
        """
        self.ensure_one()
        return {
            "body": rendered.get("body_html", ""),
            "subject": rendered.get("subject"),
            "email_from": rendered.get("email_from"),
            "partner_ids": rendered.get("partner_ids", []),
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
            "email_layout_xmlid": (
                "mail.mail_notification_layout_with_responsible_signature"
            ),
        }

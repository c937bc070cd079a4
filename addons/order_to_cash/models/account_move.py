# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools.o2c_batch import lock_batch, notify_remaining
from ..tools.o2c_input import o2c_date, o2c_html_text, o2c_text

_logger = logging.getLogger(__name__)

# Why the payment reminders of an invoice are paused.
PAUSE_REASONS = [
    ("dispute", "In Dispute"),
    ("promise", "Promise to Pay"),
    ("agreement", "Payment Agreement"),
]
# Longest pause: a year ahead at most; a longer one is a decision to stop
# reminding the customer (exclude them from reminders instead).
PAUSE_MAX_DAYS = 366
# Most characters of the pause's note.
PAUSE_NOTE_SIZE = 2000
# A promise to pay ending within this many days is "expiring" in the queue.
PROMISE_EXPIRING_DAYS = 7
PAUSE_FIELDS = frozenset(
    {
        "o2c_reminder_paused_until",
        "o2c_reminder_pause_reason",
        "o2c_reminder_pause_note",
    }
)


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    o2c_reminder_level_id = fields.Many2one(
        comodel_name="o2c.reminder.level",
        string="Reminder Level",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Last payment reminder sent for this invoice.",
    )
    o2c_last_reminder_date = fields.Date(
        string="Last Reminder",
        readonly=True,
        copy=False,
        help="Date the last payment reminder was sent.",
    )
    o2c_reminder_error = fields.Text(
        string="Reminder Error",
        readonly=True,
        copy=False,
        help="Why the last payment reminder could not be sent. The reminder "
        "run skips the invoice until someone retries it.",
    )
    o2c_days_overdue = fields.Integer(
        string="Days Overdue",
        compute="_compute_o2c_days_overdue",
        help="Days since the earliest open instalment fell due.",
    )
    o2c_reminder_paused_until = fields.Date(
        string="Reminders Paused Until",
        readonly=True,
        copy=False,
        tracking=True,
        help="The reminder run skips the invoice before this date and goes on "
        "from it, at the level where it stopped.",
    )
    o2c_reminder_pause_reason = fields.Selection(
        selection=PAUSE_REASONS,
        string="Pause Reason",
        readonly=True,
        copy=False,
        tracking=True,
    )
    o2c_reminder_pause_note = fields.Text(
        string="Pause Note",
        readonly=True,
        copy=False,
        tracking=True,
    )
    o2c_reminder_paused = fields.Boolean(
        string="Reminders Paused",
        compute="_compute_o2c_reminder_paused",
        search="_search_o2c_reminder_paused",
        help="The reminders of the invoice are paused after today.",
    )
    o2c_reminder_promise_expiring = fields.Boolean(
        string="Promise Expiring",
        compute="_compute_o2c_reminder_paused",
        search="_search_o2c_reminder_promise_expiring",
        help="Paused for a promise to pay that ends within a week.",
    )
    o2c_can_pause_reminders = fields.Boolean(
        compute="_compute_o2c_can_pause_reminders",
    )
    o2c_can_resume_reminders = fields.Boolean(
        compute="_compute_o2c_can_pause_reminders",
    )
    o2c_payment_plan_ids = fields.Many2many(
        comodel_name="o2c.payment.plan",
        relation="o2c_payment_plan_account_move_rel",
        column1="move_id",
        column2="plan_id",
        string="Payment Plans",
        readonly=True,
        copy=False,
    )

    @api.model
    def _o2c_protected_fields(self):
        # what the reminder run sent, and why it failed
        return (
            super()._o2c_protected_fields()
            | {
                "o2c_reminder_level_id",
                "o2c_last_reminder_date",
                "o2c_reminder_error",
            }
            | PAUSE_FIELDS
            | {"o2c_payment_plan_ids"}
        )

    @api.model
    def _o2c_protected_hint(self, names):
        if PAUSE_FIELDS & set(names):
            return self.env._(
                "Reminders are paused and resumed with the Pause Reminders and "
                "Resume Reminders actions (action_o2c_pause_reminders, "
                "action_o2c_resume_reminders)."
            )
        return super()._o2c_protected_hint(names)

    @api.depends("line_ids.date_maturity", "line_ids.reconciled", "payment_state")
    def _compute_o2c_days_overdue(self):
        today = self._o2c_today()
        for move in self:
            open_dates = [
                line.date_maturity
                for line in move.line_ids
                if line.display_type == "payment_term"
                and not line.reconciled
                and line.date_maturity
            ]
            if move.state != "posted" or not open_dates:
                move.o2c_days_overdue = 0
            else:
                move.o2c_days_overdue = max((today - min(open_dates)).days, 0)

    def _o2c_today(self):
        return fields.Date.context_today(self)

    # ------------------------------------------------------------------
    # Payment reminders
    # ------------------------------------------------------------------
    def _o2c_reminder_open_items(self):
        """Open receivable items of the invoice's customer in its company,
        earliest due first (listed in the reminder emails)."""
        self.ensure_one()
        return self.env["account.move.line"].search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "payment_term"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", "!=", 0.0),
            ],
            order="date_maturity, id",
        )

    @api.model
    def _o2c_reminder_query(self, today, history_company=None):
        """Posted, not fully paid customer invoices of customers not excluded
        from reminders, with the next reminder level due for each
        (``move_id``, ``level_id``).

        Invoices whose reminders are paused until a date after ``today``
        are left out; from that date on they get the level that follows the
        last one sent (none skipped, whatever the days overdue by then).

        Levels are sent in order, none skipped: an invoice that never got a
        reminder gets the first level, whatever its days overdue; then each
        next level once the days since the earliest open instalment fell due
        reach it and as many days have passed since the last reminder as lie
        between the two levels (``_o2c_reminder_level_joins``).

        The company's history is left alone (``_o2c_reminder_period``). With
        ``history_company``, the query selects instead the invoices of that
        company left alone for their date, which a person may include.
        Called by the reminder run and the settings' report and history.
        """
        return SQL(
            """
            SELECT move.id AS move_id, next_level.id AS level_id
              FROM account_move move
              JOIN res_company company ON company.id = move.company_id
              JOIN res_partner partner ON partner.id = move.commercial_partner_id
              %(levels)s
             WHERE move.move_type = 'out_invoice'
               AND move.state = 'posted'
               AND move.payment_state IN ('not_paid', 'partial')
               AND move.o2c_reminder_error IS NULL
               AND partner.o2c_reminder_excluded IS NOT TRUE
               AND (current_level.id IS NULL
                    OR move.o2c_last_reminder_date IS NULL
                    OR move.o2c_last_reminder_date
                       <= %(today)s::date - (next_level.days_overdue
                                             - current_level.days_overdue))
               AND %(period)s
            """,
            levels=self._o2c_reminder_level_joins(today),
            today=today,
            period=self._o2c_reminder_period(today, history_company),
        )

    @api.model
    def _o2c_reminder_level_joins(self, today):
        """The ``JOIN``s of ``_o2c_reminder_query`` on ``move``: ``due``, the
        earliest open instalment, due before ``today``; ``current_level``,
        the last level sent (if any); ``next_level``, the company's (or a
        shared) active level after it, once the days overdue reach it."""
        return SQL(
            """
              JOIN LATERAL (
                    SELECT MIN(line.date_maturity) AS date_due
                      FROM account_move_line line
                     WHERE line.move_id = move.id
                       AND line.display_type = 'payment_term'
                       AND NOT line.reconciled
                   ) due ON due.date_due < %(today)s
              LEFT JOIN o2c_reminder_level current_level
                     ON current_level.id = move.o2c_reminder_level_id
              JOIN LATERAL (
                    SELECT level.id, level.days_overdue
                      FROM o2c_reminder_level level
                     WHERE level.active
                       AND (level.company_id IS NULL
                            OR level.company_id = move.company_id)
                       AND level.days_overdue
                           > COALESCE(current_level.days_overdue, 0)
                     ORDER BY level.days_overdue, level.id
                     LIMIT 1
                   ) next_level
                ON next_level.days_overdue <= %(today)s - due.date_due
            """,
            today=today,
        )

    @api.model
    def _o2c_reminder_period(self, today, history_company=None):
        """The condition of ``_o2c_reminder_query`` on the invoice's date
        and pause: an invoice dated before its company's *Remind Invoices
        From* date is taken only when it was reminded already, a paused one
        from the end of its pause on. With ``history_company``: the
        invoices of that company left alone for their date instead (never
        reminded, dated before it)."""
        if history_company:
            return SQL(
                """move.company_id = %(company)s
               AND move.o2c_reminder_level_id IS NULL
               AND COALESCE(move.invoice_date, move.date)
                   < company.o2c_reminder_start_date""",
                company=history_company.id,
            )
        # paused invoices wait for the end of their pause (a paused invoice
        # of the history still counts as history: including it is a
        # decision about its date, the pause applies after)
        return SQL(
            """(move.o2c_reminder_level_id IS NOT NULL
                    OR company.o2c_reminder_start_date IS NULL
                    OR COALESCE(move.invoice_date, move.date)
                       >= company.o2c_reminder_start_date)
               AND (move.o2c_reminder_paused_until IS NULL
                    OR move.o2c_reminder_paused_until <= %(today)s)""",
            today=today,
        )

    @api.model
    def _o2c_cron_send_reminders(self, batch_size=100):
        """Scheduled action: send every customer one reminder letter listing
        their overdue invoices, each at its next level. Returns the invoices
        reminded.

        One batch per call; the cron commits after each call and calls again
        while ``remaining`` is reported. A batch takes about ``batch_size``
        invoices, and every selected invoice of their customers (one letter
        per customer and company a run). The invoices of the batch are
        locked (``FOR UPDATE SKIP LOCKED``), so a second worker takes other
        invoices, and the levels are written in the same transaction that
        queues the letter: a rerun, a concurrent run or a crash never sends
        a level twice. A failing letter gives its invoices an activity with
        the error; they are skipped until someone retries them; the batch
        goes on.
        """
        today = fields.Date.to_date(self._o2c_today())
        self.env.flush_all()
        query = self._o2c_reminder_query(today)
        rows = lock_batch(self.env.cr, query, "move", batch_size)
        rows = self._o2c_reminder_customer_rows(query, rows)
        letters = self._o2c_send_reminder_letters(rows, today)
        notify_remaining(self.env, query, len(rows))
        return letters.line_ids.move_id

    @api.model
    def _o2c_reminder_customer_rows(self, query, rows):
        """``rows`` (move id, level id) of a locked batch, completed with
        the other invoices ``query`` selects of the same customers and
        companies (locked too), so each customer gets one letter a run."""
        if not rows:
            return rows
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT commercial_partner_id, company_id
                     FROM account_move WHERE id IN %s""",
                tuple(move_id for move_id, _level_id in rows),
            )
        )
        customers = self.env.cr.fetchall()
        more = lock_batch(
            self.env.cr,
            SQL(
                "%s AND (move.commercial_partner_id, move.company_id) IN %s",
                query,
                tuple(customers),
            ),
            "move",
            None,
        )
        seen = {move_id for move_id, _level_id in rows}
        return rows + [row for row in more if row[0] not in seen]

    @api.model
    def _o2c_send_reminder_letters(self, rows, today):
        """Create and send the letters of ``rows`` (move id, level id), one
        per customer and company, each in a savepoint; record the level and
        date on the invoices. Returns the letters sent."""
        moves = self.browse([move_id for move_id, _level_id in rows])
        levels = self.env["o2c.reminder.level"].browse(
            [level_id for _move_id, level_id in rows]
        )
        sent = self.env["o2c.reminder.letter"]
        if not rows:
            return sent
        letters = self.env["o2c.reminder.letter"]._o2c_create_letters(
            moves, levels, today
        )
        for letter in letters:
            letter_moves = letter.line_ids.move_id
            level = letter.level_id
            try:
                with self.env.cr.savepoint():
                    letter_moves._o2c_record_reminder(letter, today)
                    letter.with_company(letter.company_id)._o2c_send()
                sent |= letter
            except Exception as error:  # noqa: BLE001 - shown to a person
                _logger.warning(
                    "Payment reminder letter %s failed: %s", letter.name, error
                )
                # the letter was not sent: it is not kept
                letter.sudo().unlink()
                for move in letter_moves:
                    move._o2c_reminder_failed(level, error)
        return sent

    def _o2c_record_reminder(self, letter, today):
        """Write on the invoices the level each got in ``letter``: one
        update per level."""
        # core's write of an invoice reads the taxes of its lines, one
        # invoice after the other: read them for all at once
        self.line_ids.mapped("tax_ids")
        by_level = defaultdict(list)
        for line in letter.line_ids:
            by_level[line.level_id.id].append(line.move_id.id)
        for level_id, move_ids in by_level.items():
            self.browse(move_ids)._o2c_action_write(
                {"o2c_reminder_level_id": level_id, "o2c_last_reminder_date": today}
            )

    def _o2c_reminder_failed(self, level, error):
        self.ensure_one()
        message = tools.exception_to_unicode(error)
        self._o2c_action_write({"o2c_reminder_error": message})
        self.activity_schedule(
            **self._o2c_prepare_reminder_activity_vals(level, message)
        )

    def _o2c_prepare_reminder_activity_vals(self, level, message):
        """Arguments of ``activity_schedule`` for the activity that shows a
        person the reminder of ``level`` could not be sent (``message``:
        the error).

        Called by ``_o2c_reminder_failed`` (the reminder run), once per
        failing invoice; the invoice is skipped until someone retries it.
        An integrator may change the activity type (``act_type_xmlid``),
        the person (``user_id``), the deadline (``date_deadline``), the
        summary or the note; extend with ``super()``.
        """
        self.ensure_one()
        return {
            "act_type_xmlid": "mail.mail_activity_data_todo",
            "summary": self.env._(
                "Payment reminder %(level)s could not be sent", level=level.name
            ),
            # HTML: the error may repeat customer data (names, addresses)
            "note": o2c_html_text(message),
            "user_id": self.invoice_user_id.id or self.env.user.id,
        }

    def action_o2c_retry_reminder(self):
        """Clear the reminder error so the next reminder run retries."""
        moves = self.filtered("o2c_reminder_error")
        moves._ensure_can_o2c_retry_reminder()
        moves._o2c_action_write({"o2c_reminder_error": False})
        return True

    def _ensure_can_o2c_retry_reminder(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only accounting staff can retry payment reminders.")
            )

    # ------------------------------------------------------------------
    # Pausing payment reminders
    # ------------------------------------------------------------------
    @api.depends_context("tz")
    @api.depends("o2c_reminder_paused_until", "o2c_reminder_pause_reason")
    def _compute_o2c_reminder_paused(self):
        today = fields.Date.to_date(self._o2c_today())
        expiring = today + timedelta(days=PROMISE_EXPIRING_DAYS)
        for move in self:
            until = move.o2c_reminder_paused_until
            move.o2c_reminder_paused = bool(until and until > today)
            move.o2c_reminder_promise_expiring = bool(
                move.o2c_reminder_paused
                and move.o2c_reminder_pause_reason == "promise"
                and until <= expiring
            )

    def _search_o2c_reminder_paused(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Operation not supported."))
        today = fields.Date.to_date(self._o2c_today())
        if (operator == "=") == bool(value):
            return [("o2c_reminder_paused_until", ">", today)]
        return [
            "|",
            ("o2c_reminder_paused_until", "=", False),
            ("o2c_reminder_paused_until", "<=", today),
        ]

    def _search_o2c_reminder_promise_expiring(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Operation not supported."))
        today = fields.Date.to_date(self._o2c_today())
        limit = today + timedelta(days=PROMISE_EXPIRING_DAYS)
        if (operator == "=") == bool(value):
            return [
                ("o2c_reminder_pause_reason", "=", "promise"),
                ("o2c_reminder_paused_until", ">", today),
                ("o2c_reminder_paused_until", "<=", limit),
            ]
        # spelled out: a negation of the above would leave out empty dates
        return [
            "|",
            "|",
            "|",
            ("o2c_reminder_pause_reason", "!=", "promise"),
            ("o2c_reminder_paused_until", "=", False),
            ("o2c_reminder_paused_until", "<=", today),
            ("o2c_reminder_paused_until", ">", limit),
        ]

    @api.depends_context("uid")
    @api.depends("move_type", "state", "payment_state", "o2c_reminder_paused_until")
    def _compute_o2c_can_pause_reminders(self):
        allowed = self._o2c_may_pause_reminders()
        for move in self:
            move.o2c_can_pause_reminders = allowed and move._o2c_pausable()
            move.o2c_can_resume_reminders = allowed and bool(
                move.o2c_reminder_paused_until
            )

    def _o2c_pausable(self):
        """Whether the invoice's reminders may be paused: a posted customer
        invoice not fully paid (what the reminder run takes)."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and self.payment_state in ("not_paid", "partial")
        )

    @api.model
    def _o2c_may_pause_reminders(self):
        """Who may pause and resume reminders: accounting staff, who see the
        reminder queue and retry reminders."""
        return self.env.user.has_group("account.group_account_invoice")

    def action_o2c_pause_reminders(self, until, reason, note=False):
        """Pause the payment reminders of the invoices until ``until`` (an
        ISO date, from tomorrow to a year ahead), for ``reason`` (``dispute``,
        ``promise`` or ``agreement``), with an optional ``note``. The
        reminder run skips them before that date and goes on from it at the
        level where it stopped. A new pause replaces the previous one; the
        pause is kept in the chatter. Returns True."""
        self._ensure_can_o2c_pause_reminders()
        values = self._o2c_pause_values(until, reason, note)
        self._o2c_action_write(values)
        reason_field = self._fields["o2c_reminder_pause_reason"]
        label = dict(reason_field._description_selection(self.env))[reason]
        body = self.env._(
            "Payment reminders paused until %(date)s: %(reason)s.",
            date=tools.format_date(self.env, values["o2c_reminder_paused_until"]),
            reason=label,
        )
        if values["o2c_reminder_pause_note"]:
            body = Markup("%s<br/>%s") % (
                body,
                o2c_html_text(values["o2c_reminder_pause_note"]),
            )
        self._o2c_post_note(body)
        return True

    def _o2c_pause_values(self, until, reason, note):
        """The pause's values from the caller's arguments, checked."""
        today = fields.Date.to_date(self._o2c_today())
        until = o2c_date(
            self.env,
            until,
            "until",
            not_before=today + timedelta(days=1),
            not_after=today + timedelta(days=PAUSE_MAX_DAYS),
        )
        reasons = [key for key, _label in PAUSE_REASONS]
        if not isinstance(reason, str) or reason not in reasons:
            raise ValidationError(
                self.env._(
                    "Invalid reason %(value)s: give one of %(reasons)s.",
                    value=repr(reason)[:50],
                    reasons=", ".join(reasons),
                )
            )
        note = o2c_text(self.env, note, "note", size=PAUSE_NOTE_SIZE)
        return {
            "o2c_reminder_paused_until": until,
            "o2c_reminder_pause_reason": reason,
            "o2c_reminder_pause_note": note,
        }

    def _ensure_can_o2c_pause_reminders(self):
        if not self._o2c_may_pause_reminders():
            raise AccessError(
                self.env._("Only accounting staff can pause payment reminders.")
            )
        refused = self.filtered(lambda move: not move._o2c_pausable())
        if refused:
            raise UserError(
                self.env._(
                    "Payment reminders can be paused only on posted customer "
                    "invoices not fully paid: %(moves)s.",
                    # the first ten: a message, not a listing
                    moves=", ".join(refused[:10].mapped("display_name"))
                    + (", ..." if len(refused) > 10 else ""),
                )
            )

    def action_o2c_resume_reminders(self):
        """End the pause of the invoices' payment reminders: the next run
        reminds them again. Returns True."""
        if not self._o2c_may_pause_reminders():
            raise AccessError(
                self.env._("Only accounting staff can resume payment reminders.")
            )
        moves = self.filtered("o2c_reminder_paused_until")
        moves._o2c_action_write(dict.fromkeys(PAUSE_FIELDS, False))
        moves._o2c_post_note(self.env._("Payment reminders resumed."))
        return True

    def _o2c_post_note(self, body):
        """Post ``body`` as an internal note on each invoice, in the current
        user's name."""
        for move in self:
            # sudo: an internal note of an action the user may take; without
            # it core refuses authors with no email address (integration
            # accounts often have none)
            move.sudo().message_post(**move._o2c_prepare_note_vals(body))

    def _o2c_prepare_note_vals(self, body):
        """Arguments of ``message_post`` for the internal note ``body`` on
        this invoice, in the current user's name.

        Called by ``_o2c_post_note`` when a person pauses or resumes the
        invoice's payment reminders. An integrator may change the subtype
        (e.g. to notify the followers) or add partners to notify
        (``partner_ids``); extend with ``super()``.
        """
        self.ensure_one()
        return {
            "body": body,
            "author_id": self.env.user.partner_id.id,
            "subtype_xmlid": "mail.mt_note",
        }

    # ------------------------------------------------------------------
    # Sending invoices
    # ------------------------------------------------------------------
    @api.model
    def _o2c_can_render_pdf(self):
        """Whether invoice PDFs can be rendered here (wkhtmltopdf works)."""
        return self.env["ir.actions.report"].get_wkhtmltopdf_state() == "ok"

    def _o2c_send_invoices(self):
        """Email the posted invoices to their customers; queue those of
        customers whose documents go by post for printing
        (``o2c.print.job``).

        Uses Odoo's invoice sending (PDF attached); where no PDF can be
        rendered (no wkhtmltopdf), the invoice email template is sent
        without attachment instead of failing, the customer finds the
        invoice in the portal.
        """
        by_post = self.filtered(lambda move: move.partner_id._o2c_by_post())
        if by_post:
            self.env["o2c.print.job"]._o2c_queue(by_post, "account.account_invoices")
            by_post.is_move_sent = True
        invoices = (self - by_post).filtered(lambda move: move.partner_id.email)
        if not invoices:
            return
        if self._o2c_can_render_pdf():
            self.env["account.move.send"]._generate_and_send_invoices(
                invoices, sending_methods={"email"}
            )
            return
        template = self.env.ref(
            "account.email_template_edi_invoice", raise_if_not_found=False
        )
        if not template:
            return
        # the template's fields only, rendered in one batch (its report
        # attachment is what cannot be rendered here)
        rendered = template._generate_template(
            invoices.ids, ("subject", "body_html", "email_from", "partner_to")
        )
        for invoice in invoices:
            invoice.with_context(no_new_invoice=True).message_post(
                **invoice._o2c_prepare_invoice_mail_vals(rendered[invoice.id])
            )
            invoice.is_move_sent = True

    def _o2c_prepare_invoice_mail_vals(self, rendered):
        """Arguments of ``message_post`` for the mail that sends this
        invoice to the customer without its PDF, from the invoice template's
        ``rendered`` values (subject, body, sender, recipients).

        Called by ``_o2c_send_invoices`` (automatic invoicing) where no PDF
        can be rendered (no wkhtmltopdf): the customer finds the invoice in
        the portal. An integrator may change the recipients
        (``partner_ids``), the layout (``email_layout_xmlid``), add
        attachments (``attachment_ids``); extend with ``super()``.
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

    # ------------------------------------------------------------------
    # Payment plans (o2c.payment.plan)
    # ------------------------------------------------------------------
    def action_o2c_create_payment_plan(self, instalments, note=False):
        """Agree a payment plan on the open amount of these invoices (of one
        customer and company): ``instalments`` is a list of ``{"date":
        "YYYY-MM-DD", "amount": number}`` adding up to the open amount,
        dates from today on in ascending order; ``note`` an optional text.
        The invoices' payment reminders pause until the last instalment and
        the company's grace days. Accounting staff only. Returns the plan's
        id."""
        plan = self.env["o2c.payment.plan"]._o2c_create_for_moves(
            self, instalments, note
        )
        return plan.id

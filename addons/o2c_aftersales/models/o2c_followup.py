# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The after-sales follow-up of a delivered order and its lifecycle.

scheduled (when the order's goods are all delivered) -> sent (the rating
mail) -> answered (an answer without rating, for a person to read) or
escalated (a rating at or below the company's threshold, an activity for
the salesperson) or done (a good rating, closed by hand, or no answer after
the reminder). The scheduled action's batching lives in
``o2c.followup.cron`` (``o2c_followup_cron.py``), the answers' checks from
every channel in ``o2c.followup.answer.intake``
(``o2c_followup_answer_intake.py``); every record this model creates is
built by a ``_prepare_*`` hook below.
"""

import logging
from datetime import timedelta

from markupsafe import Markup
from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import exception_to_unicode

from odoo.addons.order_to_cash.tools.o2c_input import o2c_html_text

_logger = logging.getLogger(__name__)

# after-sales staff: the follow-up fields of orders and customers are theirs
AFTERSALES_GROUP = "o2c_aftersales.group_o2c_aftersales_user"

FOLLOWUP_STATES = [
    ("scheduled", "Scheduled"),
    ("sent", "Sent"),
    ("answered", "Answered"),
    ("escalated", "Escalated"),
    ("done", "Done"),
]
ANSWER_CHANNELS = [
    ("web", "Rating Page"),
    ("email", "E-mail Reply"),
    ("phone", "Phone Call"),
    ("visit", "Visit"),
    ("api", "Integration (RPC)"),
    ("other", "Other"),
]
# states in which an answer can still be recorded
OPEN_STATES = ("scheduled", "sent", "answered")
FEEDBACK_MAX_LENGTH = 10000


class O2cFollowup(models.Model):
    _name = "o2c.followup"
    _description = "After-Sales Follow-up"
    _inherit = (
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "o2c.guarded.mixin",
    )
    _order = "date_due desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", compute="_compute_name", store=True, readonly=True
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        help="Contact who is asked for the rating.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        related="order_id.user_id",
        string="Salesperson",
        store=True,
        index=True,
        readonly=True,
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="o2c_followup_product_rel",
        column1="followup_id",
        column2="product_id",
        string="Products",
        readonly=True,
        help="Delivered products the follow-up asks about.",
    )
    date_delivered = fields.Datetime(
        string="Delivered on",
        readonly=True,
        help="Latest completion of the order's outgoing deliveries.",
    )
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Day the follow-up is sent: delivery plus the company's follow-up delay.",
    )
    state = fields.Selection(
        selection=FOLLOWUP_STATES,
        default="scheduled",
        required=True,
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    rating = fields.Integer(
        readonly=True,
        copy=False,
        aggregator=False,
        tracking=True,
        help="Customer's rating from 1 (very dissatisfied) to 5 (very "
        "satisfied); 0 while not rated.",
    )
    feedback = fields.Text(readonly=True, copy=False)
    channel = fields.Selection(
        selection=ANSWER_CHANNELS,
        string="Answer Channel",
        readonly=True,
        copy=False,
        help="Where the customer's answer came from.",
    )
    date_sent = fields.Datetime(string="Sent on", readonly=True, copy=False)
    date_reminded = fields.Datetime(string="Reminded on", readonly=True, copy=False)
    date_answered = fields.Datetime(string="Answered on", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed on", readonly=True, copy=False)
    close_reason = fields.Selection(
        selection=[
            ("good_rating", "Good Rating"),
            ("no_answer", "No Answer"),
            ("resolved", "Resolved"),
            ("manual", "Closed by Staff"),
        ],
        readonly=True,
        copy=False,
    )
    was_escalated = fields.Boolean(
        string="Escalated",
        readonly=True,
        copy=False,
        help="The customer's rating was at or below the escalation threshold.",
    )
    send_error = fields.Text(
        string="Sending Error",
        readonly=True,
        copy=False,
        help="Why the last automatic sending failed; the follow-up is left "
        "to a person until it is sent by hand.",
    )
    can_send = fields.Boolean(compute="_compute_can_flags")
    can_record_answer = fields.Boolean(compute="_compute_can_flags")
    can_close = fields.Boolean(compute="_compute_can_flags")

    _sql_constraints = (
        (
            "order_uniq",
            "UNIQUE(order_id)",
            "An order has exactly one after-sales follow-up.",
        ),
        (
            "rating_range",
            "CHECK(rating IS NULL OR rating BETWEEN 0 AND 5)",
            "The rating is between 1 and 5.",
        ),
    )

    @api.model
    def _o2c_protected_fields(self):
        # what the scheduling, sending, the answer, the escalation, closing
        # and the scheduled action record: nobody types them in
        return super()._o2c_protected_fields() | {
            "date_delivered",
            "product_ids",
            "state",
            "rating",
            "feedback",
            "channel",
            "date_sent",
            "date_reminded",
            "date_answered",
            "date_closed",
            "close_reason",
            "was_escalated",
            "send_error",
        }

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("order_id.name")
    def _compute_name(self):
        for followup in self:
            followup.name = followup.order_id.name or False

    @api.depends("date_delivered")
    def _compute_date_due(self):
        # the company's delay as it is when the order is delivered: changing
        # the setting later does not move follow-ups already scheduled
        for followup in self:
            if not followup.date_delivered:
                followup.date_due = followup.date_due or False
                continue
            followup.date_due = followup._o2c_due_date(
                followup.date_delivered, followup.company_id
            )

    @api.model
    def _o2c_due_date(self, date_delivered, company):
        """Day a follow-up of goods delivered at ``date_delivered`` is due."""
        return date_delivered.date() + timedelta(days=company.o2c_followup_delay_days)

    @api.depends("state")
    def _compute_can_flags(self):
        for followup in self:
            followup.can_send = followup.state == "scheduled"
            followup.can_record_answer = followup.state in OPEN_STATES
            followup.can_close = followup.state in OPEN_STATES + ("escalated",)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for followup in self:
            followup.access_url = f"/aftersales/followup/{followup.id}"
        return result

    # ------------------------------------------------------------------
    # Scheduling (called from sale.order when its lifecycle leaves delivery)
    # ------------------------------------------------------------------
    @api.model
    def _o2c_schedule_for_orders(self, orders):
        """Create the follow-up of each fully delivered order that has none.

        Idempotent: an order that already has a follow-up, is not fully
        delivered or is excluded is skipped; the unique constraint on
        ``order_id`` settles two transactions delivering the same order at
        once (the later one skips). Returns the created follow-ups.
        """
        if not orders:
            return self.browse()
        # through the orders' field: the follow-ups created below join it
        # in memory, where the order's escalation flag reads them again
        existing = orders.sudo().o2c_followup_ids.order_id
        created = self.browse()
        # no "created" note: the follow-up's chatter starts when it is sent
        # the follow-up's delivery date and products are protected: given
        # here, the context of whoever delivered gives no other value
        create = (
            self.with_context(mail_create_nolog=True)
            ._o2c_without_protected_defaults()
            ._o2c_action_create
        )
        for order in orders - existing:
            vals = self._prepare_followup_vals(order)
            if not vals:
                continue
            try:
                with self.env.cr.savepoint():
                    created |= create([vals])
            except IntegrityError:
                # another transaction scheduled the same order meanwhile
                _logger.info("Follow-up of order %s already scheduled", order.id)
        return created

    @api.model
    def _prepare_followup_vals(self, order):
        """Values of the follow-up of ``order``, or ``False`` when the order
        is not (yet) to be followed up.

        Called by :meth:`_o2c_schedule_for_orders` when an order's lifecycle
        leaves delivery (``sale.order._o2c_on_stage_change``); an integrator
        may follow up fewer orders (return ``False``), other products or
        another contact, or move the due date. The delivery date and the
        products are protected fields, set here only.
        """
        if order.state != "sale" or not order._o2c_followup_fully_delivered():
            return False
        partner = order.partner_id
        if (
            partner.o2c_followup_exclude
            or partner.commercial_partner_id.o2c_followup_exclude
        ):
            return False
        products = order._o2c_followup_products()
        if not products:
            return False
        date_delivered = order._o2c_followup_delivery_date()
        return {
            "order_id": order.id,
            "partner_id": partner.id,
            "product_ids": [fields.Command.set(products.ids)],
            "date_delivered": date_delivered,
            # the stored computed and related fields, given: no second query
            "name": order.name,
            "commercial_partner_id": partner.commercial_partner_id.id,
            "company_id": order.company_id.id,
            "user_id": order.user_id.id,
            "date_due": self._o2c_due_date(date_delivered, order.company_id),
        }

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def action_send(self):
        """Send the follow-up now (scheduled follow-ups only)."""
        self.check_access("write")
        followups = self.filtered("can_send")
        self._ensure_can_send(followups)
        for followup in followups:
            followup._o2c_cron_send()
        return True

    def _ensure_can_send(self, followups):
        if not followups:
            raise UserError(
                self.env._(
                    "Only scheduled follow-ups can be sent; %(names)s already were.",
                    names=", ".join(self.mapped("display_name")),
                )
            )
        no_email = followups.filtered(lambda f: not f.partner_id.email)
        if no_email:
            raise UserError(
                self.env._(
                    "The customer %(partner)s of follow-up %(followup)s has no "
                    "e-mail address.",
                    partner=no_email[0].partner_id.display_name,
                    followup=no_email[0].display_name,
                )
            )

    def _o2c_send_mail(self, template_xmlid):
        """Post the template in the chatter, mailed to the customer, so that
        the customer's reply lands in this follow-up's chatter."""
        self.ensure_one()
        if not self.partner_id.email:
            raise UserError(
                self.env._(
                    "The customer %(partner)s has no e-mail address.",
                    partner=self.partner_id.display_name,
                )
            )
        self._portal_ensure_token()
        template = self.env.ref(template_xmlid)
        self.message_post_with_source(**self._prepare_mail_values(template))

    def _prepare_mail_values(self, template):
        """Arguments of ``message_post_with_source`` for a mail to the
        customer: the follow-up (``o2c_aftersales.mail_template_o2c_followup``)
        or its reminder (``..._reminder``), given as ``template``.

        Called by :meth:`_o2c_send_mail` (sending by hand, the scheduled
        action's sending and reminder); posted as a comment so that the
        customer's reply lands in the chatter and is recorded as an answer.
        An integrator may e.g. add attachments or another subtype.
        """
        self.ensure_one()
        return {
            "source_ref": template,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }

    def _o2c_rating_url(self, score=None):
        """Public URL of the rating page, with the follow-up's secret token."""
        self.ensure_one()
        token = self._portal_ensure_token()
        url = f"{self.get_base_url()}{self.access_url}?access_token={token}"
        if score:
            url += f"&rating={int(score)}"
        return url

    # ------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------
    def action_record_answer(self, rating, feedback=False, channel="phone"):
        """Record the customer's answer, from any channel.

        :param int rating: 1 (very dissatisfied) to 5 (very satisfied), or
            ``False``/0 for an answer without rating (then ``feedback`` is
            required); a rating at or below the company's threshold escalates
            the follow-up, a better one closes it, an answer without rating
            leaves it ``answered`` for a person to read.
        :param str feedback: the customer's comment
        :param str channel: one of ``web``, ``email``, ``phone``, ``visit``,
            ``api``, ``other``
        :return: True
        """
        Intake = self.env["o2c.followup.answer.intake"]
        rating, feedback, channel = Intake._check_answer(rating, feedback, channel)
        if not self:
            raise UserError(self.env._("No follow-up given to record the answer on."))
        self.check_access("write")
        self._ensure_can_record_answer()
        Intake._apply(self, rating, feedback, channel)
        return True

    def _ensure_can_record_answer(self):
        closed = self.filtered(lambda f: not f.can_record_answer)
        if closed:
            raise UserError(
                self.env._(
                    "Follow-up %(followup)s is already %(state)s: it takes no "
                    "further answer.",
                    followup=closed[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                )
            )

    def _o2c_post_answer(self, rating, feedback, channel):
        """Note the rating in the chatter."""
        self.ensure_one()
        self.message_post(
            **self._prepare_answer_message_vals(rating, feedback, channel)
        )

    def _prepare_answer_message_vals(self, rating, feedback, channel):
        """Arguments of ``message_post`` for the note of an answer: the
        rating and the channel, then the customer's words (escaped), in the
        customer's name when it came from the rating page.

        Called by :meth:`_o2c_post_answer` when an answer with a rating is
        recorded (:meth:`action_record_answer`, the rating page).
        """
        self.ensure_one()
        channel_name = dict(self._fields["channel"]._description_selection(self.env))[
            channel
        ]
        body = Markup("<p>%s</p>") % self.env._(
            "Rating %(rating)s of 5 (%(channel)s).",
            rating=rating,
            channel=channel_name,
        )
        if feedback:
            body += Markup("<p>%s</p>") % feedback
        author = self.partner_id if channel == "web" else self.env.user.partner_id
        return {"body": body, "author_id": author.id, "subtype_xmlid": "mail.mt_note"}

    def _o2c_escalate(self):
        """Hand a bad rating to a person: an activity for the salesperson (or
        the after-sales responsible) on the follow-up."""
        for followup in self:
            followup._o2c_schedule_activity(
                followup._prepare_escalation_activity_vals()
            )

    def _o2c_responsible(self):
        """User who handles this follow-up's problems: the salesperson, else
        the company's after-sales responsible, else the administrator."""
        self.ensure_one()
        for user in (self.user_id, self.company_id.o2c_followup_user_id):
            if user and user.active and not user.share:
                return user
        if not self.env.user.share and not self.env.user._is_superuser():
            return self.env.user
        return (
            self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        )

    def _o2c_schedule_activity(self, vals):
        """Schedule the activity of ``vals`` (one of the hooks below)."""
        self.ensure_one()
        # sudo: answers arrive from the public rating page and the mail
        # gateway; the activity is assigned to staff whatever the author.
        self.sudo().activity_schedule(**vals)

    def _prepare_activity_vals(self, summary, note=False):
        """Arguments of ``activity_schedule`` for an activity of this
        follow-up: a to-do for its responsible (:meth:`_o2c_responsible`),
        ``note`` (the customer's or the error's words) escaped.

        Called by the hooks of each activity below; an integrator may change
        the type, deadline or responsible of all of them here.
        """
        self.ensure_one()
        return {
            "act_type_xmlid": "mail.mail_activity_data_todo",
            "summary": summary,
            # HTML: the customer's words shown as written, escaped
            "note": o2c_html_text(note) if note else False,
            "user_id": self._o2c_responsible().id,
        }

    def _prepare_escalation_activity_vals(self):
        """The activity handing a bad rating to a person.

        Called by :meth:`_o2c_escalate` when a rating at or below the
        company's threshold is recorded.
        """
        self.ensure_one()
        return self._prepare_activity_vals(
            self.env._(
                "Customer dissatisfied: rating %(rating)s of 5",
                rating=self.rating,
            ),
            self.feedback,
        )

    def _prepare_answer_activity_vals(self):
        """The activity asking to read an answer without rating.

        Called by :meth:`_o2c_record_answer` (a reply by e-mail, an answer
        recorded without rating).
        """
        self.ensure_one()
        return self._prepare_activity_vals(
            self.env._("Read the customer's answer"), self.feedback
        )

    def _prepare_failure_activity_vals(self, message):
        """The activity telling a person that the follow-up could not be
        sent (``message``: the error).

        Called by :meth:`_o2c_report_failure` at the first failure of the
        scheduled action on this follow-up.
        """
        self.ensure_one()
        return self._prepare_activity_vals(
            self.env._("After-sales follow-up could not be sent"), message
        )

    def _o2c_answer_from_token_page(self, rating, feedback):
        """Answer given on the public page (the caller checked the token)."""
        self.ensure_one()
        self.env["o2c.followup.answer.intake"]._from_token_page(self, rating, feedback)

    def _o2c_token_page_open(self):
        """Whether the public page still accepts a rating: once rated, the
        link is used up."""
        self.ensure_one()
        return self.state in ("sent", "answered") and not self.rating

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def action_close(self):
        """Close the follow-up: resolves an escalation, or closes by hand."""
        followups = self.filtered("can_close")
        if not self or followups != self:
            raise UserError(
                self.env._("Only open or escalated follow-ups can be closed.")
            )
        now = fields.Datetime.now()
        for followup in followups:
            reason = "resolved" if followup.state == "escalated" else "manual"
            followup._o2c_action_write(
                {"state": "done", "close_reason": reason, "date_closed": now}
            )
        followups.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    # ------------------------------------------------------------------
    # Mail gateway: a reply to the follow-up's e-mail is an answer
    # ------------------------------------------------------------------
    def message_update(self, msg_dict, update_vals=None):
        result = super().message_update(msg_dict, update_vals=update_vals)
        self.env["o2c.followup.answer.intake"]._from_email(self, msg_dict)
        return result

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_process_followups(self, batch_size=None):
        """Send due follow-ups, remind once, close the unanswered ones: one
        batch (see ``o2c.followup.cron._process``)."""
        Cron = self.env["o2c.followup.cron"]
        if batch_size is None:
            return Cron._process()
        return Cron._process(batch_size=batch_size)

    def _o2c_cron_send(self):
        self._o2c_send_mail("o2c_aftersales.mail_template_o2c_followup")
        self._o2c_action_write(
            {"state": "sent", "date_sent": fields.Datetime.now(), "send_error": False}
        )

    def _o2c_cron_remind(self):
        self._o2c_send_mail("o2c_aftersales.mail_template_o2c_followup_reminder")
        self._o2c_action_write({"date_reminded": fields.Datetime.now()})

    def _o2c_cron_close(self):
        self._o2c_action_write(
            {
                "state": "done",
                "close_reason": "no_answer",
                "date_closed": fields.Datetime.now(),
            }
        )

    def _o2c_report_failure(self, error):
        """Keep the error on the follow-up and give it to a person, once."""
        self.ensure_one()
        message = exception_to_unicode(error)
        first_failure = not self.send_error
        self._o2c_action_write({"send_error": message or repr(error)})
        if first_failure:
            self._o2c_schedule_activity(self._prepare_failure_activity_vals(message))

    def action_retry(self):
        """Clear the sending error so the scheduled action tries again."""
        self._o2c_action_write({"send_error": False})
        return True

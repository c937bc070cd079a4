# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

_logger = logging.getLogger(__name__)

# Days of the year interest is computed on (German practice: actual/365).
INTEREST_DAYS_PER_YEAR = 365


class O2cReminderLetter(models.Model):
    """One payment reminder (dunning letter) sent to a customer of a
    company by the reminder run: every invoice of the customer due for its
    next level, with their fees and interest. Created and sent by the run
    only (``account.move._o2c_send_reminder_letters``); read-only to people.
    """

    _name = "o2c.reminder.letter"
    _description = "Order to Cash Payment Reminder Letter"
    _inherit = ["mail.thread"]  # noqa: RUF012 (Odoo's declaration)
    _order = "date desc, id desc"

    name = fields.Char(string="Number", readonly=True, required=True, copy=False)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        readonly=True,
        required=True,
        index=True,
        help="The commercial partner reminded.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", readonly=True, required=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_id = fields.Many2one(
        comodel_name="o2c.reminder.level",
        string="Reminder Level",
        readonly=True,
        required=True,
        ondelete="restrict",
        help="The highest level of the letter's invoices: its wording.",
    )
    date = fields.Date(readonly=True, required=True, index=True)
    line_ids = fields.One2many(
        comodel_name="o2c.reminder.letter.line",
        inverse_name="letter_id",
        string="Invoices",
        readonly=True,
    )
    fee_amount = fields.Monetary(
        string="Reminder Fee",
        readonly=True,
        help="The fee of the letter's level.",
    )
    amount_residual = fields.Monetary(
        string="Open Amount", compute="_compute_amounts", store=True
    )
    amount_interest = fields.Monetary(
        string="Interest", compute="_compute_amounts", store=True
    )
    amount_flat_fee = fields.Monetary(
        string="Flat Fees", compute="_compute_amounts", store=True
    )
    amount_total = fields.Monetary(
        string="Total Due", compute="_compute_amounts", store=True
    )
    fee_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Fee Invoice",
        readonly=True,
        help="The customer invoice of the letter's fees and interest, booked "
        "when the letter was sent (company setting).",
    )

    @api.depends(
        "fee_amount",
        "line_ids.amount_residual",
        "line_ids.interest_amount",
        "line_ids.flat_fee_amount",
    )
    def _compute_amounts(self):
        for letter in self:
            lines = letter.line_ids
            letter.amount_residual = sum(lines.mapped("amount_residual"))
            letter.amount_interest = sum(lines.mapped("interest_amount"))
            letter.amount_flat_fee = sum(lines.mapped("flat_fee_amount"))
            letter.amount_total = (
                letter.amount_residual
                + letter.amount_interest
                + letter.amount_flat_fee
                + letter.fee_amount
            )

    def _o2c_charges_total(self):
        """Fees and interest of the letter (what a fee invoice books)."""
        self.ensure_one()
        return self.fee_amount + self.amount_flat_fee + self.amount_interest

    # ------------------------------------------------------------------
    # Creation by the reminder run
    # ------------------------------------------------------------------
    @api.model
    def _o2c_create_letters(self, moves, levels, today):
        """Create one letter per customer and company for the invoices
        ``moves`` due for ``levels`` (parallel recordsets) on ``today``.
        Returns the letters. Queries do not grow with the invoices: one
        read of the earlier letter lines, one insert per model."""
        groups = defaultdict(list)
        for move, level in zip(moves, levels, strict=True):
            groups[(move.commercial_partner_id, move.company_id)].append((move, level))
        history = self._o2c_reminded_before(moves)
        vals_list = [
            self._o2c_prepare_letter_vals(partner, company, pairs, today, history)
            for (partner, company), pairs in groups.items()
        ]
        # sudo: letters are written only by the reminder run (people read
        # them); the run's user is accounting staff or the cron
        return self.sudo().create(vals_list).with_env(self.env)

    @api.model
    def _o2c_reminded_before(self, moves):
        """{move id: interest of the move's last letter line} for the
        ``moves`` already listed in a reminder letter (one query)."""
        if not moves:
            return {}
        self.env["o2c.reminder.letter.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (move_id) move_id, interest_amount
                     FROM o2c_reminder_letter_line
                    WHERE move_id IN %s
                    ORDER BY move_id, id DESC""",
                tuple(moves.ids),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _o2c_prepare_letter_vals(self, partner, company, pairs, today, history):
        """Values of the letter to ``partner`` (commercial) of ``company``
        for ``pairs`` (invoice, level due) on ``today``; ``history`` from
        ``_o2c_reminded_before``.

        Called by ``_o2c_create_letters`` (the reminder run), once per
        customer and company. An integrator may add values; extend with
        ``super()``.
        """
        level = max((level for _move, level in pairs), key=lambda lvl: lvl.days_overdue)
        lines = [
            self.env["o2c.reminder.letter.line"]._o2c_prepare_line_vals(
                move, move_level, today, history
            )
            for move, move_level in pairs
        ]
        # earliest due first, as the lines are listed
        lines.sort(key=lambda vals: (vals["date_due"] or today, vals["move_id"]))
        return {
            "name": self.env["ir.sequence"]
            .with_company(company)
            .next_by_code("o2c.reminder.letter")
            or "/",
            "partner_id": partner.id,
            "company_id": company.id,
            "level_id": level.id,
            "date": today,
            "fee_amount": company.currency_id.round(level.fee_amount),
            "line_ids": [Command.create(vals) for vals in lines],
        }

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _o2c_send(self):
        """Email the letter (its level's template, the PDF letter attached)
        to the customer, or queue it for printing when the customer's
        documents go by post (``o2c.print.job``), and book the fee invoice
        where the company wants it, in the current transaction."""
        self.ensure_one()
        if self.company_id.o2c_reminder_fee_invoice and self._o2c_charges_total():
            self._o2c_book_fee_invoice()
        if self.partner_id._o2c_by_post():
            # on paper: the letter's PDF queued for printing, no e-mail
            self.env["o2c.print.job"]._o2c_queue(
                self, "order_to_cash.action_report_o2c_reminder_letter"
            )
            return
        if not self.partner_id.email:
            raise UserError(
                self.env._(
                    "The customer %(partner)s has no email address.",
                    partner=self.partner_id.display_name,
                )
            )
        # sudo: the run's user may not write the letter (read-only to
        # people); posting on it is part of the run
        self.sudo().with_context(no_new_invoice=True).message_post_with_source(
            **self._o2c_prepare_message_vals()
        )

    def _o2c_prepare_message_vals(self):
        """Arguments of ``message_post_with_source`` for the email of the
        letter: the level's template (to the customer), with the PDF letter.

        Called by ``_o2c_send`` (the reminder run), once per letter. An
        integrator may change the template (``source_ref``), the recipients
        (``partner_ids``), the attachments or the layout; extend with
        ``super()``.
        """
        self.ensure_one()
        vals = {
            "source_ref": self.level_id.mail_template_id,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
        attachment = self._o2c_letter_attachment()
        if attachment:
            vals["attachment_ids"] = attachment.ids
        return vals

    def _o2c_letter_attachment(self):
        """The PDF letter, rendered by Odoo's report engine and attached to
        the letter; none where wkhtmltopdf does not work or the company
        sends no PDF."""
        self.ensure_one()
        if not self.company_id.o2c_reminder_letter_pdf:
            return self.env["ir.attachment"]
        if not self.env["account.move"]._o2c_can_render_pdf():
            return self.env["ir.attachment"]
        report = self.env.ref("order_to_cash.action_report_o2c_reminder_letter")
        pdf, _type = (
            self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, self.ids)
        )
        # sudo: the attachment belongs to the letter, read-only to people
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(self._prepare_o2c_attachment_vals(pdf))
        )

    def _prepare_o2c_attachment_vals(self, pdf):
        """Values of the letter's PDF attachment (``ir.attachment``, created
        as superuser) holding the rendered ``pdf``.

        Called by :meth:`_o2c_letter_attachment` when the letter's message
        is prepared. An integrator may change the file name or add values;
        the attachment stays the letter's (``res_model``, ``res_id``)."""
        self.ensure_one()
        return {
            "name": f"{self.name.replace('/', '_')}.pdf",
            "raw": pdf,
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        }

    def _o2c_book_fee_invoice(self):
        """Book the letter's fees and interest as a customer invoice (no
        tax: damages for late payment), posted."""
        self.ensure_one()
        # sudo: booked by the reminder run for the letter; the run's user
        # may be an invoicing clerk who may create invoices anyway
        move = self.env["account.move"].sudo().create(self._o2c_prepare_fee_move_vals())
        move.action_post()
        self.sudo().fee_move_id = move

    def _o2c_prepare_fee_move_vals(self):
        """Values of the fee invoice of the letter: one line per charge.

        Called by ``_o2c_book_fee_invoice`` when the letter is sent and the
        company books fees (*Book Reminder Fees*). An integrator may set
        an account, a product or taxes; extend with ``super()``.
        """
        self.ensure_one()
        lines = []
        if self.fee_amount:
            lines.append(
                (
                    self.env._("Reminder fee (%(level)s)", level=self.level_id.name),
                    self.fee_amount,
                )
            )
        for line in self.line_ids:
            if line.flat_fee_amount:
                lines.append(
                    (
                        self.env._(
                            "Flat fee for late payment, %(invoice)s",
                            invoice=line.move_id.name,
                        ),
                        line.flat_fee_amount,
                    )
                )
            if line.interest_booked:
                lines.append(
                    (
                        self.env._(
                            "Default interest, %(invoice)s", invoice=line.move_id.name
                        ),
                        line.interest_booked,
                    )
                )
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": self.date,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create({"name": name, "price_unit": amount, "tax_ids": []})
                for name, amount in lines
            ],
        }


class O2cReminderLetterLine(models.Model):
    """An invoice listed in a reminder letter, with the level it got and
    its interest and fees on the letter's date."""

    _name = "o2c.reminder.letter.line"
    _description = "Order to Cash Payment Reminder Letter Line"
    _order = "letter_id, date_due, id"

    letter_id = fields.Many2one(
        comodel_name="o2c.reminder.letter",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True)
    currency_id = fields.Many2one(related="letter_id.currency_id")
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    level_id = fields.Many2one(
        comodel_name="o2c.reminder.level",
        string="Reminder Level",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    date_due = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True)
    amount_residual = fields.Monetary(string="Open Amount", readonly=True)
    interest_rate = fields.Float(
        string="Interest Rate (%)",
        readonly=True,
        digits=(16, 2),
        help="Yearly rate: the company's base rate plus the points for "
        "businesses or consumers.",
    )
    interest_amount = fields.Monetary(
        string="Interest",
        readonly=True,
        help="Interest on the open amount from the due date to the letter's date.",
    )
    interest_booked = fields.Monetary(
        string="New Interest",
        readonly=True,
        help="Interest not charged in an earlier letter (what a fee invoice books).",
    )
    flat_fee_amount = fields.Monetary(
        string="Flat Fee",
        readonly=True,
        help="Flat fee for late payment between businesses, charged once per invoice.",
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", store=True
    )

    @api.depends("amount_residual", "interest_amount", "flat_fee_amount")
    def _compute_amount_total(self):
        for line in self:
            line.amount_total = (
                line.amount_residual + line.interest_amount + line.flat_fee_amount
            )

    @api.model
    def _o2c_prepare_line_vals(self, move, level, today, history):
        """Values of the letter line of ``move`` reminded at ``level`` on
        ``today``: open amount (company currency), days overdue, interest
        from the due date, the flat fee for businesses the first time.
        ``history``: from ``O2cReminderLetter._o2c_reminded_before``.

        Called by ``O2cReminderLetter._o2c_prepare_letter_vals`` (the
        reminder run), once per invoice. Extend with ``super()``.
        """
        company = move.company_id
        currency = company.currency_id
        open_dates = [
            line.date_maturity
            for line in move.line_ids
            if line.display_type == "payment_term"
            and not line.reconciled
            and line.date_maturity
        ]
        date_due = min(open_dates) if open_dates else move.invoice_date_due
        days = max((today - date_due).days, 0) if date_due else 0
        residual = move.amount_residual_signed
        business = move.commercial_partner_id.is_company
        rate = company._o2c_interest_rate(business)
        interest = currency.round(
            residual * rate / 100.0 * days / INTEREST_DAYS_PER_YEAR
        )
        charged = history.get(move.id)
        flat_fee = 0.0
        if business and charged is None:
            flat_fee = currency.round(company.o2c_reminder_flat_fee_b2b)
        return {
            "move_id": move.id,
            "level_id": level.id,
            "date_due": date_due,
            "days_overdue": days,
            "amount_residual": residual,
            "interest_rate": float_round(rate, precision_digits=2),
            "interest_amount": interest,
            "interest_booked": max(interest - (charged or 0.0), 0.0),
            "flat_fee_amount": flat_fee,
        }

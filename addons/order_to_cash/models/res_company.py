# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Intake and review -------------------------------------------------

    o2c_availability_blocking = fields.Boolean(
        string="Short Stock Blocks Orders",
        help="When a quotation line cannot be delivered on the requested date, "
        "hold the order for a sales manager instead of only warning.",
    )
    o2c_notify_availability = fields.Boolean(
        string="Tell Customers the Next Delivery Date",
        default=True,
        help="When the review finds short stock, e-mail the customer the next "
        "possible delivery date at once.",
    )
    o2c_overdue_block = fields.Boolean(
        string="Block Customers with Overdue Invoices",
        default=True,
    )
    o2c_overdue_days = fields.Integer(
        string="Overdue Days Before Blocking",
        default=30,
        help="An invoice overdue for more than this number of days holds new "
        "orders of the customer for a credit manager.",
    )
    o2c_review_validity_minutes = fields.Integer(
        string="Review Valid For (Minutes)",
        default=60,
        help="At confirmation, an order reviewed less than this many minutes "
        "ago and unchanged since is only checked again for credit; otherwise "
        "the whole review runs again. 0: always review the whole order again.",
    )
    o2c_max_discount = fields.Float(
        string="Allowed Discount (%)",
        default=10.0,
        digits=(5, 2),
        help="Largest discount below the pricelist price a salesperson may "
        "give without a sales manager's release.",
    )
    o2c_auto_confirm = fields.Boolean(
        string="Confirm Clean Orders Automatically",
        help="Confirm an order as soon as its review finds nothing, when it "
        "came in through one of the chosen channels.",
    )
    o2c_auto_confirm_channel_ids = fields.Many2many(
        comodel_name="o2c.sale.channel",
        relation="res_company_o2c_auto_confirm_channel_rel",
        string="Channels Confirmed Automatically",
    )
    o2c_send_confirmation = fields.Boolean(
        string="E-mail the Order Confirmation",
        default=True,
        help="Send the customer the order confirmation, with the promised "
        "delivery date per line and the prices, when an order is confirmed, "
        "and an updated confirmation when the promised date changes.",
    )
    o2c_credit_responsible_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit Controller",
        domain="[('share', '=', False)]",
        help="Receives the activity to decide on orders held for credit; "
        "when empty, the first credit manager of the company.",
    )

    # --- Fulfilment ----------------------------------------------------------
    o2c_shipment_credit_check = fields.Selection(
        selection=[
            ("hold", "Hold the shipment"),
            ("allow", "Ship"),
        ],
        string="Credit at Shipping",
        default="hold",
        required=True,
        help="Before a delivery of a confirmed order is validated, the "
        "customer's credit is checked again (overdue invoices, final "
        "notices, the credit limit). Hold: the delivery waits for a credit "
        "manager's release, as orders do; Ship: it leaves.",
    )
    o2c_shipping_confirmation = fields.Boolean(
        string="Shipping Confirmation",
        default=True,
        help="Send the customer a shipping confirmation with the items and "
        "the tracking numbers when a delivery is validated.",
    )

    # --- Invoicing and payment ---------------------------------------------
    o2c_auto_invoice = fields.Boolean(
        string="Automatic Invoicing",
        help="A scheduled action invoices what confirmed orders have to "
        "invoice (per the products' invoicing policy), posts the invoices and "
        "emails them to the customers.",
    )
    o2c_auto_invoice_start_date = fields.Date(
        string="Invoice Orders From",
        # evaluated at install for every existing company (its install
        # date), at creation for a new one. The UTC day, as the selection
        # compares the orders' date_order (UTC) by day: the user's day
        # (context_today) is tomorrow for the last hours of a UTC day east of
        # Greenwich, and left the orders confirmed then to a person.
        default=fields.Date.today,
        help="Automatic invoicing takes the orders dated (confirmed) on or "
        "after this day (UTC); older orders are left to a person until they "
        "are included. Set to the install date; empty: every order.",
    )
    o2c_reminder_start_date = fields.Date(
        string="Remind Invoices From",
        default=fields.Date.context_today,
        help="Payment reminders go to the invoices dated on or after this day "
        "(and to those already reminded); older invoices are left to a person "
        "until they are included. Set to the install date; empty: every invoice.",
    )

    o2c_payment_plan_grace_days = fields.Integer(
        string="Payment Plan Grace Days",
        default=5,
        help="Days after an instalment's date before it counts as missed "
        "when the payments do not cover it.",
    )
    o2c_payment_plan_max_missed = fields.Integer(
        string="Missed Instalments Before Breaking",
        default=2,
        help="A payment plan breaks when this many instalments are missed: "
        "the payment reminders of its invoices resume.",
    )

    _sql_constraints = [  # noqa: RUF012 (Odoo's declaration)
        (
            "o2c_payment_plan_grace_days_positive",
            "CHECK(o2c_payment_plan_grace_days >= 0)",
            "The payment plans' grace days cannot be negative.",
        ),
        (
            "o2c_payment_plan_max_missed_positive",
            "CHECK(o2c_payment_plan_max_missed >= 1)",
            "A payment plan breaks after one missed instalment at the earliest.",
        ),
    ]

    # --- Payment reminders: fees and interest -------------------------------
    o2c_reminder_base_rate = fields.Float(
        string="Base Interest Rate (%)",
        digits=(16, 2),
        default=0.0,
        help="The base rate default interest is computed on (in Germany the "
        "Basiszinssatz of the Bundesbank, published every January and July); "
        "keep it up to date.",
    )
    o2c_reminder_points_b2b = fields.Float(
        string="Interest Points (Businesses)",
        digits=(16, 2),
        default=9.0,
        help="Points above the base rate charged to customers that are companies.",
    )
    o2c_reminder_points_b2c = fields.Float(
        string="Interest Points (Consumers)",
        digits=(16, 2),
        default=5.0,
        help="Points above the base rate charged to customers that are persons.",
    )
    o2c_reminder_flat_fee_b2b = fields.Monetary(
        string="Flat Fee per Invoice (Businesses)",
        currency_field="currency_id",
        default=40.0,
        help="Flat fee for late payment charged once per overdue invoice of a "
        "customer that is a company (in Germany 40 EUR); 0 charges none.",
    )
    o2c_reminder_fee_invoice = fields.Boolean(
        string="Book Reminder Fees",
        help="When a reminder letter is sent, its fees and interest are booked "
        "as a customer invoice.",
    )
    o2c_reminder_letter_pdf = fields.Boolean(
        string="Attach Reminder Letter PDF",
        default=True,
        help="The reminder email carries the letter as a PDF.",
    )

    @api.constrains(
        "o2c_reminder_base_rate",
        "o2c_reminder_points_b2b",
        "o2c_reminder_points_b2c",
        "o2c_reminder_flat_fee_b2b",
    )
    def _check_o2c_reminder_charges(self):
        for company in self:
            if not -20.0 <= company.o2c_reminder_base_rate <= 50.0:
                raise ValidationError(
                    self.env._(
                        "The base interest rate must lie between -20 and 50 "
                        "percent (%(rate)s).",
                        rate=company.o2c_reminder_base_rate,
                    )
                )
            for points in (
                company.o2c_reminder_points_b2b,
                company.o2c_reminder_points_b2c,
            ):
                if not 0.0 <= points <= 50.0:
                    raise ValidationError(
                        self.env._(
                            "The interest points must lie between 0 and 50 "
                            "(%(points)s).",
                            points=points,
                        )
                    )
            if company.o2c_reminder_flat_fee_b2b < 0:
                raise ValidationError(
                    self.env._("The flat fee per invoice cannot be negative.")
                )

    def _o2c_interest_rate(self, business):
        """Yearly default interest rate (percent) of the company for a
        customer that is a company (``business``) or a person; never
        below zero."""
        self.ensure_one()
        points = (
            self.o2c_reminder_points_b2b if business else self.o2c_reminder_points_b2c
        )
        return max(self.o2c_reminder_base_rate + points, 0.0)

    # --- History left alone: what the automations leave to a person -------

    def _o2c_auto_invoice_candidates_sql(self, before_start=False, switched_on=False):
        """``SELECT`` (id, record_date) of the orders automatic invoicing
        takes: confirmed, something to invoice, not waiting for a person
        after a failure, dated (confirmed) from their company's *Invoice
        Orders From* date on; with ``before_start``, those dated before it
        instead (the history left to a person until included).

        The one statement of the selection, composed by the scheduled
        action (``o2c.order.invoicing._o2c_auto_invoice_query``: ``switched_on``,
        every company), by the install report
        (``_o2c_auto_invoice_report_query``) and by the history left alone
        (``_o2c_auto_invoice_history_query``). Extend with ``super()``,
        appending ``AND`` conditions on ``sale_order`` (all three follow).

        :param self: the companies whose orders are selected; an empty
            recordset: every company
        :param before_start: the orders before the start date instead of
            those from it on (a company without a date has none before it)
        :param switched_on: only the companies with automatic invoicing on
        """
        if before_start:
            period = SQL("sale_order.date_order < company.o2c_auto_invoice_start_date")
        else:
            period = SQL(
                """(company.o2c_auto_invoice_start_date IS NULL
                    OR sale_order.date_order
                       >= company.o2c_auto_invoice_start_date)"""
            )
        companies = SQL("AND company.id IN %s", tuple(self.ids)) if self else SQL()
        switch = SQL("AND company.o2c_auto_invoice") if switched_on else SQL()
        return SQL(
            """
            SELECT sale_order.id, sale_order.date_order::date AS record_date
              FROM sale_order
              JOIN res_company company ON company.id = sale_order.company_id
             WHERE sale_order.state = 'sale'
               AND sale_order.invoice_status = 'to invoice'
               AND sale_order.o2c_invoice_error IS NULL
               AND %(period)s
               %(companies)s
               %(switch)s
            """,
            period=period,
            companies=companies,
            switch=switch,
        )

    def _o2c_auto_invoice_history_query(self):
        """Orders automatic invoicing would take but for the company's start
        date (whether it is switched on or not): their ids and dates."""
        self.ensure_one()
        return self._o2c_auto_invoice_candidates_sql(before_start=True)

    def _o2c_reminder_history_query(self):
        """Overdue invoices the reminder run would remind but for the
        company's start date: their ids and dates."""
        self.ensure_one()
        moves = self.env["account.move"]
        today = fields.Date.to_date(moves._o2c_today())
        return SQL(
            """
            SELECT move.id, COALESCE(move.invoice_date, move.date) AS record_date
              FROM account_move move
             WHERE move.id IN (SELECT todo.move_id FROM (%(query)s) todo)
            """,
            query=moves._o2c_reminder_query(today, history_company=self),
        )

    def _o2c_history(self, query):
        """(count, earliest date) of the records ``query`` selects."""
        self.env.flush_all()
        [(count, earliest)] = self.env.execute_query(
            SQL("SELECT COUNT(*), MIN(h.record_date) FROM (%s) h", query)
        )
        return count, earliest

    def _o2c_include_history(self, field_name, query):
        """Move the start date ``field_name`` back to the earliest record
        ``query`` selects, so the automation takes them; returns how many."""
        self.ensure_one()
        count, earliest = self._o2c_history(query)
        if count:
            self[field_name] = earliest
            _logger.info(
                "%s: %s moved back to %s by user %s (%s records included)",
                self.name,
                field_name,
                earliest,
                self.env.uid,
                count,
            )
        return count

    # --- Install report: what the addons found, read only -----------------

    def _o2c_stage_counts(self):
        """Orders of the company per lifecycle stage: {stage: count}, one
        grouped query."""
        self.ensure_one()
        # sudo: a settings administrator sees the company's figures without
        # needing the sales rights to read every order; counts only
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group([("company_id", "=", self.id)], ["o2c_stage"], ["__count"])
        )
        return {stage: count for stage, count in groups}

    def _o2c_auto_invoice_report_query(self):
        """Orders automatic invoicing would invoice at its next run, whether
        it is switched on or not: the scheduled action's selection for this
        company, from its start date on; their ids and dates."""
        self.ensure_one()
        return self._o2c_auto_invoice_candidates_sql()

    def _o2c_reminder_report_query(self):
        """Invoices of the company the reminder run would remind today (the
        run's own selection): their ids and dates."""
        self.ensure_one()
        moves = self.env["account.move"]
        today = fields.Date.to_date(moves._o2c_today())
        return SQL(
            """
            SELECT move.id, COALESCE(move.invoice_date, move.date) AS record_date
              FROM account_move move
             WHERE move.company_id = %(company)s
               AND move.id IN (SELECT todo.move_id FROM (%(query)s) todo)
            """,
            company=self.id,
            query=moves._o2c_reminder_query(today),
        )

    def _o2c_credit_held_partner_ids(self):
        """Commercial partners the credit check of the review would hold at
        their next order in this company (sorted ids), without looking at
        each customer: ``res.partner._o2c_credit_held_ids`` (the review's
        own rules, ``res.partner._o2c_credit_blocks``, and its limit) over
        the customers who owe the company something or have confirmed
        orders. A constant number of queries, plus a conversion per foreign
        currency and a read of the limits per thousand customers with an
        exposure."""
        self.ensure_one()
        partners = self.env["res.partner"].with_company(self)
        candidates = [
            partner_id
            for (partner_id,) in self.env.execute_query(
                self._o2c_credit_candidates_query()
            )
        ]
        if not candidates:
            return []
        return sorted(partners._o2c_credit_held_ids(self, candidates))

    def _o2c_credit_candidates_query(self):
        """``SELECT`` of the commercial partner ids the credit rules may
        hold in this company: an open receivable, or a confirmed order."""
        self.ensure_one()
        self.env["sale.order"].flush_model(["state", "company_id", "partner_id"])
        return SQL(
            """
            SELECT partner.commercial_partner_id %(receivables)s
               AND aml.amount_residual != 0
             UNION
            SELECT partner.commercial_partner_id
              FROM sale_order so
              JOIN res_partner partner ON partner.id = so.partner_id
             WHERE so.company_id = %(company)s
               AND so.state = 'sale'
            """,
            receivables=self.env["res.partner"]._o2c_open_receivable_lines(
                self, drafts=True
            ),
            company=self.id,
        )

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.o2c_batch import lock_batch


class ResPartner(models.Model):
    _inherit = "res.partner"

    # --- Intake and review -------------------------------------------------

    o2c_credit_currency_id = fields.Many2one(
        comodel_name="res.currency",
        string="Credit Currency",
        compute="_compute_o2c_credit",
        groups="order_to_cash.group_o2c_user",
    )
    o2c_credit_exposure = fields.Monetary(
        string="Credit Exposure",
        currency_field="o2c_credit_currency_id",
        compute="_compute_o2c_credit",
        groups="order_to_cash.group_o2c_user",
        help="Open receivables of the customer, its draft invoices and its "
        "confirmed orders not invoiced yet, in the company currency.",
    )
    o2c_credit_limited = fields.Boolean(
        string="Credit Limit Applies",
        compute="_compute_o2c_credit",
        groups="order_to_cash.group_o2c_user",
        help="The company checks credit limits and the customer has a limit "
        "(its own or the company default).",
    )
    o2c_credit_available = fields.Monetary(
        string="Credit Available",
        currency_field="o2c_credit_currency_id",
        compute="_compute_o2c_credit",
        groups="order_to_cash.group_o2c_user",
        help="Credit limit minus credit exposure (only where a limit applies).",
    )

    @api.depends_context("company")
    def _compute_o2c_credit(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        exposures = self._o2c_credit_exposure_by_partner(company, commercial.ids)
        limits = commercial._o2c_credit_limits(company)
        for partner in self:
            commercial_id = partner.commercial_partner_id.id
            limit = limits.get(commercial_id, 0.0)
            exposure = exposures.get(commercial_id, 0.0)
            partner.o2c_credit_currency_id = company.currency_id
            partner.o2c_credit_exposure = exposure
            partner.o2c_credit_limited = bool(limit)
            partner.o2c_credit_available = limit - exposure if limit else 0.0

    def _o2c_credit_limits(self, company):
        """Credit limit per commercial partner id in ``company``: the
        partner's own limit, else the company default; 0.0 when the company
        does not check credit limits (Odoo's *Sales Credit Limit* setting)."""
        if not company.account_use_credit_limit:
            return {}
        # sudo: the credit limit fields are readable by accounting only, but
        # the review of a salesperson's quotation must compare against them.
        # (company dependent: a partner without its own limit reads the
        # company default)
        partners = self.sudo().with_company(company)
        return {partner.id: partner.credit_limit or 0.0 for partner in partners}

    @api.model
    def _o2c_credit_exposure_by_partner(self, company, partner_ids, exclude_orders=()):
        """Credit exposure per commercial partner id, in company currency.

        Open (unreconciled) receivables of posted and draft invoices and
        credit notes, plus the part of confirmed sales orders not on an
        invoice yet: each amount counted once (core counts an order's draft
        invoice as invoiced, so it must be counted as a receivable). Two
        aggregate queries whatever the customers' history, plus a
        conversion per foreign currency.

        :param company: ``res.company`` whose books are read
        :param partner_ids: commercial partner ids
        :param exclude_orders: ids of sales orders left out (the order under
            review, which the credit check adds itself)
        """
        if not partner_ids:
            return {}
        exposure = dict.fromkeys(partner_ids, 0.0)
        for partner_id, amount in self._o2c_open_receivables(company, partner_ids):
            exposure[partner_id] += amount or 0.0
        today = fields.Date.context_today(self)
        uninvoiced = self._o2c_uninvoiced_orders(company, partner_ids, exclude_orders)
        for partner_id, currency_id, amount in uninvoiced:
            currency = self.env["res.currency"].browse(currency_id)
            exposure[partner_id] += currency._convert(
                amount or 0.0, company.currency_id, company, today
            )
        return exposure

    @api.model
    def _o2c_open_receivables(self, company, partner_ids):
        """(commercial partner id, open receivable amount) rows of
        ``partner_ids`` in ``company``, in company currency, draft invoices
        and credit notes included: the first half of the exposure."""
        return self.env.execute_query(
            SQL(
                "SELECT partner.commercial_partner_id, SUM(aml.amount_residual) %s"
                " GROUP BY partner.commercial_partner_id",
                self._o2c_open_receivable_lines(company, partner_ids, drafts=True),
            )
        )

    @api.model
    def _o2c_uninvoiced_orders(self, company, partner_ids, exclude_orders=()):
        """(commercial partner id, currency id, amount) rows of what the
        confirmed orders of ``partner_ids`` in ``company`` have not invoiced
        yet (taxes included), per order currency: the second half of the
        exposure."""
        self.env["sale.order.line"].flush_model(
            ["order_id", "price_total", "product_uom_qty", "qty_invoiced"]
            + ["display_type", "is_downpayment"]
        )
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_id", "currency_id"]
        )
        return self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id, so.currency_id,
                       SUM(sol.price_total
                           * (sol.product_uom_qty - sol.qty_invoiced)
                           / sol.product_uom_qty)
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner partner ON partner.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND so.company_id = %(company)s
                   AND partner.commercial_partner_id IN %(partners)s
                   AND so.id NOT IN %(exclude)s
                   AND sol.display_type IS NULL
                   AND sol.is_downpayment IS NOT TRUE
                   AND sol.product_uom_qty > 0
                   AND sol.qty_invoiced < sol.product_uom_qty
              GROUP BY partner.commercial_partner_id, so.currency_id
                """,
                company=company.id,
                partners=tuple(partner_ids),
                exclude=tuple(exclude_orders) or (0,),
            )
        )

    @api.model
    def _o2c_open_receivable_lines(
        self, company, commercial_partner_ids=None, drafts=False, exclude_move_ids=()
    ):
        """``FROM ... WHERE`` of the open (posted, unreconciled) receivable
        lines of these commercial partners (``None``: of every customer) in
        ``company``, the tables flushed; the lines are ``aml``, their
        partner ``partner``. With ``drafts``, the lines of draft invoices
        and credit notes too (their whole amount is open): what the
        customer owes or will owe once they are posted, the credit exposure.
        The lines of the moves ``exclude_move_ids`` are left out (the credit
        rules at shipping: the shipped order's own invoices).
        """
        self.env["account.move.line"].flush_model(
            ["account_id", "amount_residual", "company_id", "parent_state"]
            + ["partner_id", "reconciled", "date_maturity", "move_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        partners = (
            SQL(
                "AND partner.commercial_partner_id IN %s", tuple(commercial_partner_ids)
            )
            if commercial_partner_ids is not None
            else SQL()
        )
        excluded = (
            SQL("AND aml.move_id NOT IN %s", tuple(exclude_move_ids))
            if exclude_move_ids
            else SQL()
        )
        return SQL(
            """
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state IN %s
               AND aml.reconciled IS NOT TRUE
               AND aml.company_id = %s
               %s
               %s
            """,
            ("posted", "draft") if drafts else ("posted",),
            company.id,
            partners,
            excluded,
        )

    # --- Credit rules: one statement, for one customer or all at once ------

    @api.model
    def _o2c_credit_blocks(self, company, partner_ids, exclude_move_ids=()):
        """The reasons that block credit whatever the order's amount, per
        commercial partner of ``partner_ids`` in ``company``: ``{commercial
        partner id: [translated reasons]}``, customers without a reason left
        out. One statement for all the rules
        (:meth:`_o2c_run_credit_rules`), however many customers. The
        invoices ``exclude_move_ids`` count for no rule.

        Called by
        ``_o2c_credit_block_reasons`` (the credit check of the review and
        the credit check at shipping, one customer) and by
        ``_o2c_credit_held_ids`` (the install report's customers the check
        would hold, every customer at once). Extend with ``super()`` to add
        a rule, passing ``exclude_move_ids`` on to it: all follow.
        """
        if not partner_ids:
            return {}
        return self._o2c_run_credit_rules(
            [
                self._o2c_overdue_blocks(company, partner_ids, exclude_move_ids),
                self._o2c_final_notice_blocks(company, partner_ids, exclude_move_ids),
            ]
        )

    @api.model
    def _o2c_run_credit_rules(self, rules):
        """``{commercial partner id: [translated reasons]}`` of the credit
        ``rules`` (``(query, reason)`` of the rule methods, ``None`` for a
        rule that is off), in one statement, the reasons in the rules'
        order."""
        rules = [rule for rule in rules if rule]
        if not rules:
            return {}
        rows = self.env.execute_query(
            SQL(
                "SELECT rule, partner_id, value FROM (%s) blocks ORDER BY rule",
                SQL(" UNION ALL ").join(
                    SQL(
                        "(SELECT %s AS rule, rows.* FROM (%s) rows(partner_id, value))",
                        index,
                        query,
                    )
                    for index, (query, _reason) in enumerate(rules)
                ),
            )
        )
        blocks = defaultdict(list)
        for index, partner_id, value in rows:
            blocks[partner_id].append(rules[index][1](value))
        return dict(blocks)

    @api.model
    def _o2c_overdue_blocks(self, company, partner_ids, exclude_move_ids=()):
        """Rule of ``_o2c_credit_blocks``: open invoices of the customers
        (and their contacts) in ``company`` due more than the company's
        number of days ago, when the company blocks them, but those of
        ``exclude_move_ids``. ``(query, reason)`` (``None`` when the rule is
        off): an aggregate query of rows (commercial partner id, value), and
        the translated reason of a value."""
        if not company.o2c_overdue_block:
            return None
        limit_date = fields.Date.context_today(self) - timedelta(
            days=max(company.o2c_overdue_days, 0)
        )
        query = SQL(
            "SELECT partner.commercial_partner_id,"
            " JSON_BUILD_ARRAY(COUNT(DISTINCT aml.move_id),"
            " COALESCE(SUM(aml.amount_residual), 0)) %s"
            " AND aml.amount_residual > 0 AND aml.date_maturity < %s"
            " GROUP BY partner.commercial_partner_id",
            self._o2c_open_receivable_lines(
                company, partner_ids, exclude_move_ids=exclude_move_ids
            ),
            limit_date,
        )

        def reason(value):
            count, amount = value
            return self.env._(
                "%(count)s invoice(s) overdue by more than %(days)s days, "
                "%(amount)s open.",
                count=count,
                days=company.o2c_overdue_days,
                amount=company.currency_id.format(amount),
            )

        return query, reason

    @api.model
    def _o2c_final_notice_blocks(self, company, partner_ids, exclude_move_ids=()):
        """Rule of ``_o2c_credit_blocks``: open invoices of the customers in
        ``company`` that received the company's final payment notice (the
        last of ``o2c.reminder.level._o2c_levels_for_company``; another
        company's notices block in that company only), but those of
        ``exclude_move_ids``. ``(query, reason)`` as ``_o2c_overdue_blocks``.
        """
        self.env["o2c.reminder.level"].flush_model(
            ["active", "company_id", "days_overdue"]
        )
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "company_id", "move_type", "state"]
            + ["payment_state", "o2c_reminder_level_id", "name", "date"]
            + ["invoice_date"]
        )
        # SQL, not the ORM: the credit check runs for sales staff who may not
        # read every invoice of the customer; only the numbers are returned
        # (in the invoices' default order)
        excluded = (
            SQL("AND move.id NOT IN %s", tuple(exclude_move_ids))
            if exclude_move_ids
            else SQL()
        )
        query = SQL(
            """
            SELECT move.commercial_partner_id,
                   TO_JSON(ARRAY_AGG(move.name ORDER BY move.date DESC,
                                     move.name DESC, move.invoice_date DESC,
                                     move.id DESC))
              FROM account_move move
             WHERE move.commercial_partner_id IN %(partners)s
               AND move.company_id = %(company)s
               AND move.move_type = 'out_invoice'
               AND move.state = 'posted'
               AND move.payment_state IN ('not_paid', 'partial')
               AND move.o2c_reminder_level_id = (
                    SELECT level.id
                      FROM o2c_reminder_level level
                     WHERE level.active
                       AND (level.company_id IS NULL
                            OR level.company_id = %(company)s)
                     ORDER BY level.days_overdue DESC, level.id DESC
                     LIMIT 1)
               %(excluded)s
             GROUP BY move.commercial_partner_id
            """,
            partners=tuple(partner_ids),
            company=company.id,
            excluded=excluded,
        )

        def reason(names):
            return self.env._(
                "Final payment notice sent and still unpaid: %(invoices)s.",
                invoices=", ".join(names),
            )

        return query, reason

    @api.model
    def _o2c_credit_held_ids(self, company, partner_ids):
        """Commercial partner ids of ``partner_ids`` the credit check of the
        review would hold at their next order in ``company``: a reason of
        ``_o2c_credit_blocks``, or a credit exposure at or above the credit
        limit (``o2c.order.review._o2c_check_credit`` holds an order when the
        exposure plus the order is above the limit: any further order is).
        Called by ``res.company._o2c_credit_held_partner_ids`` (the install
        report). The queries of the rules and the exposure, plus a read of
        the limits per thousand customers with an exposure."""
        held = set(self._o2c_credit_blocks(company, partner_ids))
        exposures = self._o2c_credit_exposure_by_partner(company, partner_ids)
        exposed = self.browse(
            [partner_id for partner_id, amount in exposures.items() if amount > 0]
        )
        limits = exposed._o2c_credit_limits(company)
        held.update(
            partner_id
            for partner_id, limit in limits.items()
            if limit
            and company.currency_id.compare_amounts(exposures[partner_id], limit) >= 0
        )
        return held

    def _o2c_credit_block_reasons(self, exclude_move_ids=()):
        """Reasons (translated strings) that block credit for this customer
        in the current company: ``_o2c_credit_blocks`` for one customer,
        the invoices ``exclude_move_ids`` left out.

        Called on a commercial partner by the credit check of the review
        (``o2c.order.review._o2c_check_credit``; each reason found makes the
        credit finding blocking) and by the credit check at shipping
        (``o2c.shipment.credit._o2c_findings``, leaving out the shipped
        order's own invoices). Add a rule in ``_o2c_credit_blocks``, so
        that the install report and the shipping check count it too.
        """
        self.ensure_one()
        partner = self.commercial_partner_id
        blocks = self._o2c_credit_blocks(
            self.env.company, partner.ids, exclude_move_ids
        )
        return blocks.get(partner.id, [])

    def _o2c_overdue_block_reasons(self):
        """Blocking reasons from overdue invoices, for this customer in the
        current company (``_o2c_overdue_blocks``)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.ids:
            return []
        blocks = self._o2c_run_credit_rules(
            [self._o2c_overdue_blocks(self.env.company, partner.ids)]
        )
        return blocks.get(partner.id, [])

    def _o2c_reminder_block_reasons(self):
        """Blocking reasons from payment reminders, for this customer in the
        current company (``_o2c_final_notice_blocks``): whichever companies
        the user selected, another company's notices block in that company
        only."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.ids:
            return []
        blocks = self._o2c_run_credit_rules(
            [self._o2c_final_notice_blocks(self.env.company, partner.ids)]
        )
        return blocks.get(partner.id, [])

    # --- Documents -----------------------------------------------------------

    o2c_document_channel = fields.Selection(
        selection=[("email", "E-mail"), ("post", "Post")],
        string="Documents by",
        default="email",
        help="How the customer gets its order confirmations and invoices: by "
        "e-mail, or on paper: the PDF is queued for printing and posting "
        "(Order to Cash > Work Queues > To Print).",
    )

    def _o2c_by_post(self):
        """Whether the customer's documents go on paper (its company's
        choice, as the invoice address's)."""
        self.ensure_one()
        return self.commercial_partner_id.o2c_document_channel == "post"

    # --- Invoicing and payment ---------------------------------------------

    o2c_reminder_excluded = fields.Boolean(
        string="No Payment Reminders",
        help="Overdue invoices of this customer get no payment reminders.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "o2c_reminder_excluded",
            "o2c_document_channel",
        ]

    def action_o2c_send_reminders(self):
        """Run the payment reminders now for these customers in the current
        company: each gets one letter listing their overdue invoices due
        for their next level (paused, excluded and history invoices left
        out, as in the scheduled run). Accounting staff only. Returns the
        ids of the letters sent (an empty list when nothing is due)."""
        self._ensure_can_o2c_send_reminders()
        moves = self.env["account.move"]
        today = fields.Date.to_date(moves._o2c_today())
        self.env.flush_all()
        query = SQL(
            "%s AND move.commercial_partner_id IN %s AND move.company_id = %s",
            moves._o2c_reminder_query(today),
            tuple(self.commercial_partner_id.ids),
            self.env.company.id,
        )
        rows = lock_batch(self.env.cr, query, "move", None)
        return moves._o2c_send_reminder_letters(rows, today).ids

    def action_o2c_send_reminders_open(self):
        """Button of the customer form: send the reminders now and show the
        letters sent (a notification when nothing was due)."""
        letter_ids = self.action_o2c_send_reminders()
        if not letter_ids:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "No payment reminder is due for this customer."
                    ),
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_to_cash.o2c_reminder_letter_action"
        )
        action["domain"] = [("id", "in", letter_ids)]
        return action

    def _ensure_can_o2c_send_reminders(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only accounting staff can send payment reminders.")
            )
        if not self:
            raise UserError(self.env._("Give the customers to remind."))
        self.check_access("read")

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


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
        help="Open receivables of the customer plus its confirmed orders not "
        "invoiced yet, in the company currency.",
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

        Open (unreconciled, posted) receivables plus the part of confirmed
        sales orders not invoiced yet. Two aggregate queries whatever the
        customers' history, plus a conversion per foreign currency.

        :param company: ``res.company`` whose books are read
        :param partner_ids: commercial partner ids
        :param exclude_orders: ids of sales orders left out (the order under
            review, which the credit check adds itself)
        """
        if not partner_ids:
            return {}
        self.env["sale.order.line"].flush_model(
            ["order_id", "price_total", "product_uom_qty", "qty_invoiced"]
            + ["display_type", "is_downpayment"]
        )
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_id", "currency_id"]
        )
        exposure = dict.fromkeys(partner_ids, 0.0)
        receivables = self.env.execute_query(
            SQL(
                "SELECT partner.commercial_partner_id, SUM(aml.amount_residual) %s"
                " GROUP BY partner.commercial_partner_id",
                self._o2c_open_receivable_lines(company, partner_ids),
            )
        )
        for partner_id, amount in receivables:
            exposure[partner_id] += amount or 0.0
        uninvoiced = self.env.execute_query(
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
        today = fields.Date.context_today(self)
        for partner_id, currency_id, amount in uninvoiced:
            currency = self.env["res.currency"].browse(currency_id)
            exposure[partner_id] += currency._convert(
                amount or 0.0, company.currency_id, company, today
            )
        return exposure

    @api.model
    def _o2c_open_receivable_lines(self, company, commercial_partner_ids):
        """``FROM ... WHERE`` of the open (posted, unreconciled) receivable
        lines of these commercial partners in ``company``, the tables
        flushed; the lines are ``aml``, their partner ``partner``."""
        self.env["account.move.line"].flush_model(
            ["account_id", "amount_residual", "company_id", "parent_state"]
            + ["partner_id", "reconciled", "date_maturity", "move_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        return SQL(
            """
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND aml.reconciled IS NOT TRUE
               AND aml.company_id = %s
               AND partner.commercial_partner_id IN %s
            """,
            company.id,
            tuple(commercial_partner_ids),
        )

    def _o2c_overdue_block_reasons(self):
        """Blocking reasons from overdue invoices (intake and review).

        Invoices of the customer (and its contacts) in the current company
        whose due date is more than the company's configured number of days
        past block new orders. One aggregate query.
        """
        self.ensure_one()
        company = self.env.company
        if not company.o2c_overdue_block:
            return []
        limit_date = fields.Date.context_today(self) - timedelta(
            days=max(company.o2c_overdue_days, 0)
        )
        [(count, amount)] = self.env.execute_query(
            SQL(
                "SELECT COUNT(DISTINCT aml.move_id),"
                " COALESCE(SUM(aml.amount_residual), 0) %s"
                " AND aml.amount_residual > 0 AND aml.date_maturity < %s",
                self._o2c_open_receivable_lines(
                    company, self.commercial_partner_id.ids
                ),
                limit_date,
            )
        )
        if not count:
            return []
        return [
            self.env._(
                "%(count)s invoice(s) overdue by more than %(days)s days, "
                "%(amount)s open.",
                count=count,
                days=company.o2c_overdue_days,
                amount=company.currency_id.format(amount),
            )
        ]

    def _o2c_credit_block_reasons(self):
        """Reasons (translated strings) that block credit for this customer.

        Called on a commercial partner by the credit check of the review;
        each reason found makes the credit finding blocking. Extend with
        ``super()`` to add reasons.
        """
        self.ensure_one()
        return self._o2c_overdue_block_reasons() + self._o2c_reminder_block_reasons()

    # --- Fulfilment ----------------------------------------------------------

    # --- Invoicing and payment ---------------------------------------------

    o2c_reminder_excluded = fields.Boolean(
        string="No Payment Reminders",
        help="Overdue invoices of this customer get no payment reminders.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["o2c_reminder_excluded"]

    def _o2c_reminder_block_reasons(self):
        """Blocking reasons from payment reminders: an open invoice of the
        customer in the current company (the company of the order under
        review) that received the final notice. Another company's notices
        block in that company only, whichever companies the user selected."""
        self.ensure_one()
        # sudo: the credit check runs for sales staff who may not read every
        # invoice of the customer; only the invoice numbers are returned.
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("o2c_reminder_level_id", "!=", False),
                ]
            )
        )
        levels = self.env["o2c.reminder.level"]
        final = {  # one search per company, not per invoice
            company: levels._o2c_levels_for_company(company)[-1:]
            for company in invoices.company_id
        }
        final_invoices = invoices.filtered(
            lambda move: move.o2c_reminder_level_id == final[move.company_id]
        )
        if not final_invoices:
            return []
        return [
            self.env._(
                "Final payment notice sent and still unpaid: %(invoices)s.",
                invoices=", ".join(final_invoices.mapped("name")),
            )
        ]

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import fields, models
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
        # date), at creation for a new one
        default=fields.Date.context_today,
        help="Automatic invoicing takes the orders dated (confirmed) on or "
        "after this day; older orders are left to a person until they are "
        "included. Set to the install date; empty: every order.",
    )
    o2c_reminder_start_date = fields.Date(
        string="Remind Invoices From",
        default=fields.Date.context_today,
        help="Payment reminders go to the invoices dated on or after this day "
        "(and to those already reminded); older invoices are left to a person "
        "until they are included. Set to the install date; empty: every invoice.",
    )

    # --- History left alone: what the automations leave to a person -------

    def _o2c_auto_invoice_history_query(self):
        """Orders automatic invoicing would take but for the company's start
        date (whether it is switched on or not): their ids and dates."""
        self.ensure_one()
        return SQL(
            """
            SELECT sale_order.id, sale_order.date_order::date AS record_date
              FROM sale_order
              JOIN res_company company ON company.id = sale_order.company_id
             WHERE sale_order.state = 'sale'
               AND sale_order.invoice_status = 'to invoice'
               AND sale_order.o2c_invoice_error IS NULL
               AND company.id = %(company)s
               AND sale_order.date_order < company.o2c_auto_invoice_start_date
            """,
            company=self.id,
        )

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

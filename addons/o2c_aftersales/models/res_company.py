# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_followup_delay_days = fields.Integer(
        string="Follow-up Delay (Days)",
        default=7,
        help="Days between the delivery of an order and its satisfaction follow-up.",
    )
    o2c_followup_reminder_days = fields.Integer(
        string="Reminder after (Days)",
        default=7,
        help="Days without an answer after the follow-up was sent before one "
        "reminder is sent.",
    )
    o2c_followup_close_days = fields.Integer(
        string="Close after Reminder (Days)",
        default=7,
        help="Days without an answer after the reminder before the follow-up "
        "is closed.",
    )
    o2c_followup_rating_threshold = fields.Integer(
        string="Escalation Threshold",
        default=2,
        help="A rating at or below this value (1 to 5) escalates the follow-up.",
    )
    o2c_followup_user_id = fields.Many2one(
        comodel_name="res.users",
        string="After-Sales Responsible",
        domain=[("share", "=", False)],
        help="Gets the escalations of orders without salesperson and the "
        "follow-ups that could not be sent.",
    )

    o2c_followup_start_date = fields.Date(
        string="Follow Up Deliveries From",
        # evaluated at install for every existing company (its install
        # date), at creation for a new one
        default=fields.Date.context_today,
        help="The scheduled action sends the follow-ups of deliveries made on "
        "or after this day; follow-ups of older deliveries wait for a person "
        "(sent by hand, or included). Set to the install date; empty: all.",
    )

    def _o2c_followup_history_query(self):
        """Scheduled follow-ups the scheduled action would send but for the
        company's start date: their ids and delivery dates."""
        self.ensure_one()
        return SQL(
            """
            SELECT followup.id, followup.date_delivered::date AS record_date
              FROM o2c_followup followup
              JOIN res_company company ON company.id = followup.company_id
             WHERE followup.state = 'scheduled'
               AND followup.send_error IS NULL
               AND company.id = %(company)s
               AND followup.date_delivered < company.o2c_followup_start_date
            """,
            company=self.id,
        )

    _sql_constraints = (
        (
            "o2c_followup_delays_positive",
            (
                "CHECK(o2c_followup_delay_days >= 0 "
                "AND o2c_followup_reminder_days >= 0 "
                "AND o2c_followup_close_days >= 0)"
            ),
            "The follow-up delays cannot be negative.",
        ),
        (
            "o2c_followup_threshold_range",
            "CHECK(o2c_followup_rating_threshold BETWEEN 0 AND 4)",
            "The escalation threshold must be between 0 (never escalate) and 4.",
        ),
    )

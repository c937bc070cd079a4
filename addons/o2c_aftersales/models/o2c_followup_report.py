# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .o2c_followup import ANSWER_CHANNELS, FOLLOWUP_STATES


class O2cFollowupReport(models.Model):
    """Customer satisfaction analysis: one row per sent follow-up.

    A database view, so that averages leave unrated follow-ups out (their
    rating is NULL here) and the rates are averages of 0/100 per follow-up.
    Its products share the follow-ups' relation table, so the analysis can be
    grouped by product.
    """

    _name = "o2c.followup.report"
    _description = "Customer Satisfaction Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date_sent desc"

    followup_id = fields.Many2one("o2c.followup", string="Follow-up", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="o2c_followup_product_rel",
        column1="followup_id",
        column2="product_id",
        readonly=True,
    )
    state = fields.Selection(FOLLOWUP_STATES, readonly=True)
    channel = fields.Selection(ANSWER_CHANNELS, string="Answer Channel", readonly=True)
    date_delivered = fields.Datetime(string="Delivered on", readonly=True)
    date_sent = fields.Datetime(string="Sent on", readonly=True)
    rating = fields.Float(
        string="Average Rating", aggregator="avg", digits=(16, 2), readonly=True
    )
    response_rate = fields.Float(
        string="Response Rate (%)", aggregator="avg", digits=(16, 1), readonly=True
    )
    escalation_rate = fields.Float(
        string="Escalation Rate (%)", aggregator="avg", digits=(16, 1), readonly=True
    )
    escalation_count = fields.Integer(
        string="Escalations", aggregator="sum", readonly=True
    )
    followup_count = fields.Integer(
        string="Follow-ups", aggregator="sum", readonly=True
    )

    def _query(self):
        return SQL(
            """
            SELECT f.id AS id,
                   f.id AS followup_id,
                   f.order_id,
                   f.commercial_partner_id AS partner_id,
                   f.user_id,
                   f.company_id,
                   f.state,
                   f.channel,
                   f.date_delivered,
                   f.date_sent,
                   NULLIF(f.rating, 0)::float AS rating,
                   CASE WHEN f.date_answered IS NOT NULL THEN 100.0 ELSE 0.0 END
                       AS response_rate,
                   CASE WHEN f.was_escalated THEN 100.0 ELSE 0.0 END
                       AS escalation_rate,
                   CASE WHEN f.was_escalated THEN 1 ELSE 0 END AS escalation_count,
                   1 AS followup_count
              FROM o2c_followup f
             WHERE f.date_sent IS NOT NULL OR f.date_answered IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

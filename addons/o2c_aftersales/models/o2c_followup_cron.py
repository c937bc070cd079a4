# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The follow-ups' scheduled action: send the due ones, remind once, close
the unanswered ones (``o2c.followup._cron_process_followups``).

Batched, each follow-up locked and processed in its own savepoint, failures
given to a person; the company's start date keeps its history out."""

import logging
from datetime import datetime, time

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CRON_BATCH_SIZE = 50


class O2cFollowupCron(models.AbstractModel):
    _name = "o2c.followup.cron"
    _description = "After-Sales Follow-ups: Scheduled Action"

    @api.model
    def _process(self, batch_size=CRON_BATCH_SIZE):
        """One batch of the steps (send, remind, close), at most
        ``batch_size`` follow-ups in all; the cron framework commits after
        each call and calls again while ``_notify_progress`` reports work
        remaining. Each follow-up is locked (``FOR UPDATE SKIP LOCKED``),
        re-checked and processed in its own savepoint: its state changes in
        the same transaction as its mail is queued, so a rerun never sends
        twice and two workers never process the same follow-up.
        """
        Followup = self.env["o2c.followup"]
        done = remaining = 0
        for domain, method in self._steps():
            budget = batch_size - done
            candidates = (
                Followup.search(domain, limit=budget, order="id")
                if budget > 0
                else Followup
            )
            remaining += Followup.search_count(domain) - len(candidates)
            for followup in self._lock(candidates).filtered_domain(domain):
                done += 1
                self._run_step(followup, method)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    @api.model
    def _steps(self):
        """``(domain, method of o2c.followup)`` of each step, in order."""
        today = fields.Date.context_today(self)
        return [
            (self._domain_to_send(today), "_o2c_cron_send"),
            (self._domain_to_remind(), "_o2c_cron_remind"),
            (self._domain_to_close(), "_o2c_cron_close"),
        ]

    @api.model
    def _run_step(self, followup, method):
        """``followup.method()`` in a savepoint; a failure goes to a person."""
        try:
            with self.env.cr.savepoint():
                # in the follow-up's company, as the other scheduled actions:
                # its mail and activity are that company's
                getattr(followup.with_company(followup.company_id), method)()
        except Exception as error:  # noqa: BLE001 - any failure goes to a person
            _logger.warning("After-sales follow-up %s failed: %s", followup.id, error)
            followup._o2c_report_failure(error)

    @api.model
    def _lock(self, followups):
        """The ``followups`` no other transaction holds, locked; their
        cached values are dropped so the re-check reads the locked rows."""
        if not followups:
            return followups
        self.env.cr.execute(
            SQL(
                "SELECT id FROM o2c_followup WHERE id IN %s FOR UPDATE SKIP LOCKED",
                tuple(followups.ids),
            )
        )
        locked = followups.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()
        return locked

    @api.model
    def _domain_to_send(self, today):
        return [
            ("state", "=", "scheduled"),
            ("date_due", "<=", today),
            ("send_error", "=", False),
        ] + self._domain_from_start_date()

    @api.model
    def _domain_from_start_date(self):
        """Follow-ups of deliveries on or after their company's start date
        (the company's history is left to a person), or without delivery
        date (made by a person). One query for the companies' dates."""
        # sudo: the dates are company settings the scheduled action applies
        # to every company, whoever runs it
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([], ["o2c_followup_start_date"])
        )
        starts = {}
        for company in companies:
            starts.setdefault(company.o2c_followup_start_date, []).append(company.id)
        domains = []
        for start, company_ids in starts.items():
            if not start:
                domains.append([("company_id", "in", company_ids)])
                continue
            domains.append(
                [
                    ("company_id", "in", company_ids),
                    "|",
                    ("date_delivered", "=", False),
                    ("date_delivered", ">=", datetime.combine(start, time.min)),
                ]
            )
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.model
    def _domain_to_remind(self):
        # the delay is per company: compare in SQL after a coarse filter
        return [
            ("state", "=", "sent"),
            ("date_reminded", "=", False),
            ("send_error", "=", False),
            (
                "id",
                "in",
                self._ids_past_delay("date_sent", "o2c_followup_reminder_days"),
            ),
        ]

    @api.model
    def _domain_to_close(self):
        return [
            ("state", "=", "sent"),
            ("date_reminded", "!=", False),
            (
                "id",
                "in",
                self._ids_past_delay("date_reminded", "o2c_followup_close_days"),
            ),
        ]

    @api.model
    def _ids_past_delay(self, date_field, company_field):
        """Ids of sent follow-ups whose ``date_field`` is older than their
        company's delay in days (one query for all companies)."""
        self.env["o2c.followup"].flush_model([date_field, "state", "company_id"])
        self.env["res.company"].flush_model([company_field])
        self.env.cr.execute(
            SQL(
                """
                SELECT f.id FROM o2c_followup f
                JOIN res_company c ON c.id = f.company_id
                WHERE f.state = 'sent' AND f.%(date)s IS NOT NULL
                  AND f.%(date)s <= %(now)s - make_interval(days => c.%(delay)s)
                """,
                date=SQL.identifier(date_field),
                delay=SQL.identifier(company_field),
                now=fields.Datetime.now(),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

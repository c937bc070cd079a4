# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer e-mails of the lifecycle, sent off the request path.

A person who confirms an order or validates a delivery should not wait
while the customer's e-mail is rendered (the template, Odoo's mail layout,
the notification): the request only queues the mail (one row here, see
:meth:`O2cMailQueue._o2c_enqueue`) and wakes the scheduled action *Order to
Cash: send customer e-mails*, which renders and posts it within a minute,
in batches, as Odoo's mass mailing does. The marker that says the customer
is (to be) told is written by the request itself, so a rollback undoes
both and a rerun queues nothing twice.
"""

import logging

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools.o2c_batch import lock_batch, notify_remaining
from ..tools.o2c_input import o2c_html_text

_logger = logging.getLogger(__name__)

# tries before a failing mail is handed to a person (an activity)
MAX_ATTEMPTS = 3


class O2cMailQueue(models.Model):
    _name = "o2c.mail.queue"
    _description = "Order to Cash: Queued Customer E-mail"
    _order = "id"
    _rec_name = "kind"

    kind = fields.Selection(
        [
            ("order_confirmation", "Order Confirmation"),
            ("shipping_confirmation", "Shipping Confirmation"),
        ],
        required=True,
        readonly=True,
        help="Which e-mail: the kinds and the method sending each are listed "
        "by _o2c_mail_senders.",
    )
    res_id = fields.Integer(
        "Document ID", required=True, readonly=True, help="The order or transfer."
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    attempts = fields.Integer(readonly=True)
    error = fields.Text(readonly=True, help="Why the last try failed.")

    _sql_constraints = (
        (
            "o2c_mail_queue_unique",
            "unique(kind, res_id)",
            "A document's e-mail is queued once.",
        ),
    )

    @api.model
    def _o2c_mail_senders(self):
        """The kinds of queued e-mail: kind -> (model of the records, model
        of the service, method of the service sending the mail for them).

        Called by :meth:`_o2c_send`. An addon adding a kind extends the
        selection ``kind`` with ``selection_add`` and this with
        ``super()``; its method takes the records (as the user who queued
        them, in their company) and posts the mail."""
        return {
            "order_confirmation": (
                "sale.order",
                "o2c.order.mail",
                "_o2c_send_queued_confirmation",
            ),
            "shipping_confirmation": (
                "stock.picking",
                "o2c.shipping.confirmation",
                "_o2c_send_queued_shipping_confirmation",
            ),
        }

    @api.model
    def _o2c_enqueue(self, kind, records):
        """Queue the ``kind`` e-mail of ``records`` (once per record: a
        second call for a queued record adds nothing) and wake the
        scheduled action. Called in the request that makes the mail due
        (confirmation, validation)."""
        if not records:
            return
        records.flush_recordset(["company_id"])
        # SQL: one statement for the batch, and ON CONFLICT keeps a record
        # queued once when two requests queue it at the same time. Staff have
        # no access to the queue: the rows only name records they act on.
        self.env.cr.execute(
            SQL(
                """INSERT INTO o2c_mail_queue
                       (kind, res_id, company_id, attempts, create_uid,
                        create_date, write_uid, write_date)
                   SELECT %(kind)s, rec.id, rec.company_id, 0, %(uid)s,
                          NOW() AT TIME ZONE 'UTC', %(uid)s,
                          NOW() AT TIME ZONE 'UTC'
                     FROM %(table)s rec
                    WHERE rec.id IN %(ids)s
                   ON CONFLICT (kind, res_id) DO NOTHING""",
                kind=kind,
                uid=self.env.uid,
                table=SQL.identifier(records._table),
                ids=tuple(records.ids),
            )
        )
        self.env.ref("order_to_cash.ir_cron_o2c_mail_queue")._trigger()

    @api.model
    def _o2c_queue_query(self):
        """The queued mails still to try (id first)."""
        return SQL(
            "SELECT o2c_mail_queue.id FROM o2c_mail_queue"
            " WHERE o2c_mail_queue.attempts < %s",
            MAX_ATTEMPTS,
        )

    @api.model
    def _o2c_cron_send(self, batch_size=50):
        """Scheduled action: render and post one batch of queued mails.

        The rows of the batch are locked (``FOR UPDATE SKIP LOCKED``): a
        second worker takes other rows, and a row is deleted in the
        transaction that posts its mail, so no mail goes out twice. The cron
        commits after each call and calls again while ``remaining`` is
        reported."""
        self.env.flush_all()
        query = self._o2c_queue_query()
        rows = self.browse(
            [
                row[0]
                for row in lock_batch(self.env.cr, query, "o2c_mail_queue", batch_size)
            ]
        )
        rows._o2c_send()
        notify_remaining(self.env, query, len(rows))

    def _o2c_send(self):
        """Post the mail of each row, as the user who queued it, in the
        record's company; delete the rows sent. A row whose mail fails is
        rolled back to its savepoint and tried again by the next run; after
        :data:`MAX_ATTEMPTS` tries a person gets an activity on the
        document."""
        senders = self._o2c_mail_senders()
        for row in self:
            model, service, method = senders[row.kind]
            record = (
                self.env[model]
                .with_user(row.create_uid)
                .with_company(row.company_id)
                .browse(row.res_id)
                .exists()
            )
            try:
                with self.env.cr.savepoint():
                    if record:
                        getattr(record.env[service], method)(record)
                    row.unlink()
            except Exception as error:  # noqa: BLE001 - shown to a person
                _logger.warning(
                    "Queued %s e-mail of %s,%s failed: %s",
                    row.kind,
                    model,
                    row.res_id,
                    error,
                )
                row._o2c_send_failed(record.sudo(), error)

    def _o2c_send_failed(self, record, error):
        """Count the failed try; after the last one, tell a person on the
        document and drop the row."""
        self.ensure_one()
        message = tools.exception_to_unicode(error)
        # sudo: the queue's own bookkeeping (the cron's user may be anyone)
        row = self.sudo()
        row.write({"attempts": row.attempts + 1, "error": message})
        if row.attempts < MAX_ATTEMPTS:
            return
        if record:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                **self._prepare_o2c_mail_failed_activity_vals(record, message),
            )
        row.unlink()

    def _prepare_o2c_mail_failed_activity_vals(self, record, message):
        """Values (besides Odoo's To-Do type) of the activity telling a
        person that the customer's e-mail could not be sent, as given to
        ``activity_schedule`` on the order or transfer.

        Called by :meth:`_o2c_send_failed` after the last try. An
        integrator may assign it to a team or set a deadline."""
        self.ensure_one()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        return {
            "summary": self.env._(
                "E-mail to the customer not sent: %(kind)s", kind=kind
            ),
            # HTML: the error may repeat customer data
            "note": o2c_html_text(message),
            "user_id": record.user_id.id or self.create_uid.id,
        }

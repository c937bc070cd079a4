# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents on paper: the "to print" queue.

A customer whose documents go by post (``res.partner.o2c_document_channel``)
gets no e-mail of its order confirmation or invoice: the document's PDF is
rendered by Odoo's report (wkhtmltopdf) and queued here for staff to print
and post (*Order to Cash > Work Queues > To Print*). Callers:
``o2c.order.mail._o2c_send_queued_confirmation`` and
``account.move._o2c_send_invoices``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class O2cPrintJob(models.Model):
    _name = "o2c.print.job"
    _inherit = ["o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)
    _description = "Document to Print"
    _order = "state desc, id"

    name = fields.Char(string="Document", required=True, readonly=True)
    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True
    )
    report_id = fields.Many2one(
        comodel_name="ir.actions.report", required=True, readonly=True
    )
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment", string="PDF", readonly=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Recipient", required=True, readonly=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    state = fields.Selection(
        selection=[("to_print", "To Print"), ("printed", "Printed")],
        default="to_print",
        required=True,
        readonly=True,
        index=True,
    )
    printed_by_id = fields.Many2one(
        comodel_name="res.users", string="Printed by", readonly=True
    )
    printed_date = fields.Datetime(string="Printed on", readonly=True)

    _sql_constraints = [  # noqa: RUF012 (Odoo's declaration)
        (
            "document_report_unique",
            "UNIQUE(res_model, res_id, report_id, name)",
            "This document is already queued for printing.",
        )
    ]

    @api.model
    def _o2c_protected_fields(self):
        # what is printed, for whom, and whether it was: only the queueing
        # and the Mark Printed action write them
        return super()._o2c_protected_fields() | {
            "name",
            "res_model",
            "res_id",
            "report_id",
            "attachment_id",
            "partner_id",
            "company_id",
            "state",
            "printed_by_id",
            "printed_date",
        }

    @api.model
    def _o2c_queue(self, records, report_xmlid):
        """Render the report ``report_xmlid`` of each of ``records`` as PDF
        and queue it for printing (once per document and report: a rerun
        queues nothing twice). Returns the jobs created."""
        report = self.env.ref(report_xmlid)
        jobs = self
        for record in records:
            vals = self._prepare_o2c_print_job_vals(record, report)
            # sudo: the queue of the whole company is looked at, whoever sends
            if self.sudo().search_count(
                [
                    ("res_model", "=", vals["res_model"]),
                    ("res_id", "=", vals["res_id"]),
                    ("report_id", "=", report.id),
                    ("name", "=", vals["name"]),
                ]
            ):
                continue
            # sudo: the queue is the company's post room, written by the
            # sending of the document, not by the user who triggered it
            jobs |= self.sudo()._o2c_action_create([vals])
        for job in jobs:
            job._o2c_render()
        return jobs

    @api.model
    def _prepare_o2c_print_job_vals(self, record, report):
        """Values of the print job of ``record``'s ``report``. Called by
        :meth:`_o2c_queue`; an integrator may address it to another contact
        (an invoice address) or name it otherwise."""
        partner = record.partner_id
        return {
            "name": record.display_name,
            "res_model": record._name,
            "res_id": record.id,
            "report_id": report.id,
            "partner_id": partner.id,
            "company_id": record.company_id.id,
        }

    def _o2c_render(self):
        """Render the PDF of the job (Odoo's report engine) and keep it as
        the job's attachment."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        content, _type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(self.report_id.report_name, record.ids)
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(self._prepare_o2c_attachment_vals(content))
        )
        self._o2c_action_write({"attachment_id": attachment.id})

    def _prepare_o2c_attachment_vals(self, content):
        """Values of the job's PDF attachment (``ir.attachment``, created as
        superuser) holding the rendered ``content``.

        Called by :meth:`_o2c_render` when the job is queued. An integrator
        may change the file name or add values; the attachment stays the
        job's (``res_model``, ``res_id``)."""
        self.ensure_one()
        return {
            "name": f"{self.name}.pdf".replace("/", "_"),
            "raw": content,
            "mimetype": "application/pdf",
            "res_model": self._name,
            "res_id": self.id,
        }

    def action_o2c_mark_printed(self):
        """Mark the jobs printed (by the current user, now); returns True."""
        if self.filtered(lambda job: job.state != "to_print"):
            raise UserError(
                self.env._("Only documents to print can be marked printed.")
            )
        self.check_access("write")
        self._o2c_action_write(
            {
                "state": "printed",
                "printed_by_id": self.env.uid,
                "printed_date": fields.Datetime.now(),
            }
        )
        return True

    def action_o2c_download(self):
        """Open the PDF of the job (to print it)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Where the expected date of a follow-up's document is read, per model
# (the models of purchase and mrp only when those apps are installed).
EXPECTED_DATE_FIELDS = {
    "stock.picking": "scheduled_date",
    "purchase.order": "date_planned",
    "mrp.production": "date_finished",
}

FOLLOWUP_KINDS = [
    ("replenishment", "Replenishment"),
    ("claim", "Complaint to the Vendor"),
]


class O2cControlFollowup(models.Model):
    """What a failed shipment control set going for one product of one
    transfer: a replenishment of the missing quantity or a complaint to the
    vendor about defective goods. Written by
    ``stock.picking.action_o2c_control_fail`` only (no one has write access);
    shown on the sale order."""

    _name = "o2c.control.followup"
    _description = "Failed Control Follow-up"
    _order = "id desc"
    _check_company_auto = True

    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Controlled Transfer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sales Order",
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    kind = fields.Selection(selection=FOLLOWUP_KINDS, string="Type", required=True)
    product_id = fields.Many2one(comodel_name="product.product", required=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    origin = fields.Char(
        string="Source Document",
        help="The order and the transfer, as named in the replenishment's or "
        "the complaint's source document.",
    )
    document_ref = fields.Reference(
        selection="_selection_document_model",
        string="Document",
        help="The request for quotation, manufacturing order, transfer or "
        "return to the vendor created for it; empty when a person has to act "
        "(see the note).",
    )
    vendor_id = fields.Many2one(comodel_name="res.partner")
    note = fields.Text(
        help="What was done, or why nothing could be created automatically."
    )
    date_expected = fields.Datetime(
        string="Expected",
        compute="_compute_date_expected",
        help="When the replenishment is expected (the document's scheduled date).",
    )

    @api.model
    def _selection_document_model(self):
        models_ = [model for model in EXPECTED_DATE_FIELDS if model in self.env]
        # sudo: the models' display names, for the selection only
        records = self.env["ir.model"].sudo().search([("model", "in", models_)])
        return [(record.model, record.name) for record in records]

    @api.depends("document_ref")
    def _compute_date_expected(self):
        for followup in self:
            document = followup.document_ref
            field = document and EXPECTED_DATE_FIELDS.get(document._name)
            # sudo: a salesperson sees when the goods are expected without
            # access to the purchase or manufacturing order itself
            followup.date_expected = field and document.sudo().exists()[field] or False

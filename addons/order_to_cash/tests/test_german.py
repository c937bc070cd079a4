# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""German users first: every e-mail template of the three addons reaches a
German customer in German once the language is loaded. A template's body is
translated as one text, so a body that changes (even its indentation) loses
its translation: this catches it."""

from odoo.tests import TransactionCase, tagged

ADDONS = ("order_to_cash", "o2c_returns", "o2c_aftersales")


@tagged("post_install", "-at_install")
class TestO2cGermanTemplates(TransactionCase):
    def test_every_template_is_german(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", ADDONS), ("state", "=", "installed")]
        )
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            installed.mapped("name"), ["de_DE"], overwrite=True
        )
        data = self.env["ir.model.data"].search(
            [
                ("module", "in", installed.mapped("name")),
                ("model", "=", "mail.template"),
            ]
        )
        templates = self.env["mail.template"].browse(data.mapped("res_id"))
        self.assertGreaterEqual(len(templates), 10)
        untranslated = [
            (name, field)
            for template, name in zip(templates, data.mapped("name"), strict=True)
            for field in ("subject", "body_html")
            if template[field]
            and template.with_context(lang="de_DE")[field]
            == template.with_context(lang="en_US")[field]
        ]
        self.assertEqual(untranslated, [], "templates without German text")

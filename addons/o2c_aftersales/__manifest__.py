# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order to Cash: After-Sales",
    "summary": "Follow-ups after delivery: satisfaction rating, answers from "
    "any channel, escalation",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/o2c-odoo/order-to-cash",
    "author": "Order-to-Cash Team",
    "license": "LGPL-3",
    "pre_init_hook": "pre_init_hook",
    "depends": ["order_to_cash", "portal"],
    "demo": ["demo/o2c_aftersales_demo.xml"],
    "data": [
        "security/o2c_aftersales_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/o2c_followup_answer_views.xml",
        "views/o2c_followup_views.xml",
        "views/o2c_followup_report_views.xml",
        "views/o2c_followup_templates.xml",
        "views/o2c_followup_portal_order_templates.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/o2c_aftersales_menus.xml",
        "data/o2c_kpi_data.xml",
    ],
}

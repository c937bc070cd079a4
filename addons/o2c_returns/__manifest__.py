# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order to Cash: Returns",
    "summary": "Returns with receipt confirmation, inspection and restock, "
    "scrap, refund or replacement",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/o2c-odoo/order-to-cash",
    "author": "Order-to-Cash Team",
    "license": "LGPL-3",
    "depends": ["order_to_cash", "portal", "stock_account"],
    "demo": ["demo/o2c_returns_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "o2c_returns/static/tests/tours/**/*",
        ],
    },
    "data": [
        "security/o2c_returns_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/o2c_return_reason_data.xml",
        "data/mail_template_data.xml",
        "data/mail_alias_data.xml",
        "views/o2c_return_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_config_settings_views.xml",
        "views/o2c_return_portal_templates.xml",
        "views/o2c_return_portal_order_templates.xml",
        "report/o2c_return_report_views.xml",
        "views/o2c_returns_menus.xml",
        "data/o2c_kpi_data.xml",
    ],
}

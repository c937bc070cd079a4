# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order to Cash",
    "summary": "Explicit order-to-cash lifecycle: intake, review, hold, "
    "fulfilment, invoicing and payment follow-through",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/o2c-odoo/order-to-cash",
    "author": "Order-to-Cash Team",
    "license": "LGPL-3",
    "application": True,
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "depends": [
        "mail",
        "sale_management",
        "sale_stock",
        "account",
        "stock_delivery",
        "sale_margin",
    ],
    "assets": {
        "web.assets_tests": [
            "order_to_cash/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/o2c_demo.xml",
        "demo/o2c_portal_demo.xml",
    ],
    "data": [
        "security/order_to_cash_security.xml",
        "security/ir.model.access.csv",
        # intake and review: data, then views
        "data/o2c_sale_channel_data.xml",
        "data/o2c_review_data.xml",
        "data/mail_template_review.xml",
        "wizards/o2c_order_release_views.xml",
        "wizards/o2c_shipment_release_views.xml",
        "views/sale_order_review_views.xml",
        "views/res_partner_review_views.xml",
        "views/sale_portal_templates_review.xml",
        "views/sale_portal_templates.xml",
        # fulfilment: data, then views
        "data/mail_template_shipping.xml",
        "data/mail_activity_type_data.xml",
        "views/o2c_control_point_views.xml",
        "views/stock_picking_views.xml",
        "views/o2c_control_followup_views.xml",
        "views/sale_order_fulfilment_views.xml",
        "report/o2c_delivery_report_views.xml",
        # invoicing and payment: data, then views
        "data/ir_cron_data.xml",
        "data/mail_template_reminder_letter.xml",
        "data/o2c_reminder_level_data.xml",
        "views/o2c_reminder_level_views.xml",
        "report/o2c_reminder_letter_report.xml",
        "views/o2c_reminder_letter_views.xml",
        "wizards/o2c_reminder_pause_wizard_views.xml",
        "views/account_move_views.xml",
        "data/o2c_payment_plan_data.xml",
        "views/o2c_payment_plan_views.xml",
        "wizards/o2c_payment_plan_wizard_views.xml",
        "views/sale_order_payment_views.xml",
        "views/res_partner_views.xml",
        "views/o2c_receivable_report_views.xml",
        "views/o2c_stage_log_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        # staff experience: holds and costs analyses, dashboard
        "views/o2c_order_check_views.xml",
        "views/o2c_kpi_views.xml",
        "data/o2c_kpi_data.xml",
        "views/o2c_menus.xml",
        "views/o2c_print_job_views.xml",
        # invoicing and payment: menus (below the shared menus)
        "views/o2c_payment_menus.xml",
        # intake and review: menus (need the root menu above)
        "views/o2c_review_menus.xml",
    ],
}

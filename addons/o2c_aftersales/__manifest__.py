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
    "installable": True,
    "depends": ["order_to_cash"],
    "data": [
        "security/o2c_aftersales_security.xml",
        "views/o2c_aftersales_menus.xml",
    ],
}

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
    "installable": True,
    "depends": ["order_to_cash"],
    "data": [
        "security/o2c_returns_security.xml",
        "views/o2c_returns_menus.xml",
    ],
}

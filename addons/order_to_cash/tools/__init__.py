# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain Python helpers of the three addons, not models (they hold no data
and need no inheritance): validation of input from outside
(:mod:`.o2c_input`), the batch pattern of the scheduled actions
(:mod:`.o2c_batch`) and who posts the lifecycle's notices (:mod:`.o2c_mail`).
Import them as ``from odoo.addons.order_to_cash.tools.o2c_input import ...``.
"""

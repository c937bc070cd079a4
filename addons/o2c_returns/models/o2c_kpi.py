# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class O2cKpi(models.Model):
    _inherit = "o2c.kpi"

    def _o2c_kpi_value_return_rate(self):
        """Returned quantity per delivered quantity, deliveries of the
        period (o2c.return.report)."""
        sums = self._o2c_kpi_sums(
            "o2c.return.report",
            [("date", ">=", self._o2c_kpi_start())],
            ["qty_returned:sum", "qty_delivered:sum"],
        )
        return self._o2c_kpi_percent(
            sums["qty_returned:sum"], sums["qty_delivered:sum"]
        )

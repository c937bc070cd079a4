# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import formatLang


class O2cKpi(models.Model):
    _inherit = "o2c.kpi"

    def _o2c_kpi_value_satisfaction(self):
        """Average rating (1-5) of the follow-ups answered in the period."""
        sums = self._o2c_kpi_sums(
            "o2c.followup.report",
            [("rating", ">", 0), ("date_sent", ">=", self._o2c_kpi_start())],
            ["rating:avg"],
        )
        rating = sums["rating:avg"]
        if not rating:
            return 0.0, "-"
        return rating, f"{formatLang(self.env, rating, digits=1)} / 5"

# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestO2cTour(HttpCase):
    def test_smoke_tour(self):
        self.start_tour("/odoo", "o2c_smoke_tour", login="admin")

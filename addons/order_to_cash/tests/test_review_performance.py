# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_review import O2cReviewCommon


@tagged("post_install", "-at_install")
class TestO2cReviewPerformance(O2cReviewCommon):
    """The credit check reads aggregates: its cost does not depend on the
    customer's history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        address = {
            "street": "Industriestraße 9",
            "zip": "70173",
            "city": "Stuttgart",
            "country_id": cls.env.ref("base.de").id,
            "property_payment_term_id": cls.payment_term.id,
        }
        cls.new_customer = cls.env["res.partner"].create(
            {"name": "Neukunde AG", **address}
        )
        cls.regular = cls.env["res.partner"].create(
            {"name": "Stammkunde KG", **address}
        )
        for partner in (cls.new_customer, cls.regular):
            partner.with_company(cls.company).credit_limit = 1_000_000.0
        cls._create_invoices(cls.new_customer, 1)
        cls._create_invoices(cls.regular, 50)

    @classmethod
    def _create_invoices(cls, partner, count):
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-01-10",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.service.id,
                                "quantity": 1,
                                "price_unit": 10.0 + index,
                            }
                        )
                    ],
                }
                for index in range(count)
            ]
        )
        invoices.action_post()

    def _order_with_history(self, partner, confirmed_orders):
        for _index in range(confirmed_orders):
            self._confirm(self._create_order([(self.goods, 1)], partner=partner))
        return self._create_order([(self.goods, 2)], partner=partner).with_user(
            self.salesman
        )

    def _check_credit(self, order):
        # as the review runs it: in the order's environment (the salesperson)
        return order.env["o2c.order.review"]._o2c_check_credit(order)

    def _count_queries(self, func, *args):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func(*args)
        return self.env.cr.sql_log_count - before, result

    @freeze_time("2026-01-20")
    def test_credit_check_queries_do_not_grow_with_history(self):
        young = self._order_with_history(self.new_customer, 1)
        old = self._order_with_history(self.regular, 10)
        # warm caches (access rules, currencies), as a running server has them
        self._count_queries(self._check_credit, young)
        self._count_queries(self._check_credit, old)
        with_one, findings_young = self._count_queries(self._check_credit, young)
        with_fifty, findings_old = self._count_queries(self._check_credit, old)
        self.assertEqual(with_one, with_fifty)
        # 12 at most for the rules and the exposure (10 measured); what the
        # customer paid in advance is not read when nothing would hold
        self.assertLessEqual(with_fifty, 12)
        for findings in (findings_young, findings_old):
            self.assertEqual([f["result"] for f in findings], ["ok"])
        # the exposure reaches the limit: the same queries find the block,
        # and one more reads what the customer paid in advance
        self.regular.with_company(self.company).credit_limit = 600.0
        with_fifty, findings = self._count_queries(self._check_credit, old)
        self.assertEqual([f["result"] for f in findings], ["blocking"])
        self.assertEqual(with_fifty, with_one + 1)

    @freeze_time("2026-01-20")
    def test_exposure_of_many_partners_is_batched(self):
        def exposures(partners):
            return partners.with_user(self.salesman).mapped("o2c_credit_exposure")

        both = self.new_customer | self.regular
        # warm caches (access rules, currencies) from the state the measures
        # start from, an empty record cache: warmed with the records
        # setUpClass left in the cache (this test first in its class), the
        # single measure needed 7 queries more than the batch
        self._count_queries(lambda: exposures(both))
        single, _result = self._count_queries(lambda: exposures(self.new_customer))
        batch, result = self._count_queries(lambda: exposures(both))
        self.assertEqual(batch, single)
        # 50 invoices of 10 to 59, plus 15 % tax
        self.assertAlmostEqual(result[1], sum(range(10, 60)) * 1.15)

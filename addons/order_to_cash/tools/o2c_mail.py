# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who the lifecycle's notices are posted by."""


def o2c_notifier(records, company):
    """The records to post a lifecycle notice, schedule or close an activity
    with, and the author values of the message.

    As the acting user, as a rule. Mail refuses an author without an e-mail
    address (for a message, and for the notice an activity sends to its
    assignee). Accounts without one, integrations and shop-floor staff, post
    in the name of ``company`` (its address, else the mail server's default
    sender); the records they create keep them as creator.
    """
    if records.env.user.email:
        return records, {}
    # sudo: only the superuser may post without an author's address
    return records.sudo(), {"author_id": company.partner_id.id}

"""Plurals right everywhere (issue 12, bug 8): '1 anslutning', '1 kommun', 'Per anslutet system'."""

from django.utils import translation

from billing import messages as billing_messages
from billing.models.costs import KeyChoice
from onboarding.planning.messages import MSG_QUARTER_STARTED


def test_counted_messages_use_the_singular_for_one():
    with translation.override("sv"):
        assert str(MSG_QUARTER_STARTED % {"n": 1}) == "1 anslutning är påbörjad."
        assert str(MSG_QUARTER_STARTED % {"n": 3}) == "3 anslutningar är påbörjade."
        assert "(1 kommun ändrad)" in str(billing_messages.MSG_BASES_FROM_PLATFORM % {"n": 1})
        assert "1 fakturaunderlag är utfärdat." == str(billing_messages.MSG_STATEMENTS_ISSUED % {"n": 1})


def test_the_allocation_key_per_system_agrees_in_gender():
    with translation.override("sv"):
        assert str(KeyChoice.SYSTEMS.label) == "Per anslutet system"

"""The view tests' cross-kommun helper (tests/isolation.py) can fail: an open page is seen, a missing one not."""

import pytest

from tests import isolation


def test_intruders_and_readers_follow_the_world(lund, consortium):
    assert isolation.intruders(lund) == ["kontakt_bjuv", "arkivarie_bjuv"]
    assert isolation.readers(lund) == ["arkivarie_lund", "forvaltare"]
    assert isolation.intruders(consortium) == ["kontakt_lund", "arkivarie_lund", "kontakt_bjuv", "arkivarie_bjuv"]


def test_assert_hidden_fails_on_a_page_anyone_may_read(lund, cross_kommun):
    with pytest.raises(AssertionError, match=r"GET lund\.\S+/tillganglighet/ as kontakt_bjuv: 200"):
        cross_kommun.assert_hidden(lund, "/tillganglighet/")


def test_assert_hidden_on_their_own_sites_asks_there(lund, cross_kommun):
    """Bjuv's people on Bjuv's own site see Bjuv's start page: the helper asked there, and says so."""
    with pytest.raises(AssertionError, match=r"GET bjuv\.\S+/ as arkivarie_bjuv: 200"):
        cross_kommun.assert_hidden(lund, "/", also_on_their_sites=True)


def test_assert_found_fails_on_a_url_that_names_nothing(lund, cross_kommun):
    with pytest.raises(AssertionError, match=r"/system/999999/ as arkivarie_lund: 404"):
        cross_kommun.assert_found(lund, "/system/999999/")

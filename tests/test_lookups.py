"""The charter's lookups: rule, meeting and post by id, a label for any reference, the zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.model import NameLookupError, UnknownIdError
from jointmeeting.errors import JointMeetingError
from tests.conftest import CHARTERS, ROOT


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: p.name)
def test_every_item_is_found_by_its_id_and_labelled_by_its_name(path: Path) -> None:
    charter = jointmeeting.load_charter(path)
    for rule in charter.reporting:
        assert charter.rule(rule.id) is rule
        assert charter.label(rule.id) in {rule.name, *(u.name for u in charter.units)}
    for meeting in charter.meetings:
        assert charter.meeting(meeting.id) is meeting
    for post in charter.posts:
        assert charter.post(post.id) is post
        assert charter.label(post.id) == post.title
    for unit in charter.units:
        assert charter.label(unit.id) == unit.name
    if charter.office is not None:  # a notice may set up no office (office: null)
        assert charter.label(charter.office.id) == charter.office.name
    assert charter.label("no-such-thing") == "no-such-thing"
    assert charter.zone.key == charter.timezone
    assert charter.zone is charter.zone


@pytest.mark.parametrize("lookup", ["rule", "meeting", "post"])
def test_an_unknown_id_is_a_typed_error_naming_what_there_is(
        hulin: jointmeeting.Charter, lookup: str) -> None:
    with pytest.raises(UnknownIdError) as raised:
        getattr(hulin, lookup)("nope")
    error = raised.value
    assert isinstance(error, NameLookupError) and isinstance(error, JointMeetingError)
    items = {"rule": hulin.reporting, "meeting": hulin.meetings, "post": hulin.posts}[lookup]
    # A sentence for a person (not KeyError's quoted repr), listing the ids the charter has.
    assert str(error).startswith("no ") and "'nope'" in str(error)
    assert items[0].id in str(error)


def test_a_group_is_labelled_in_the_charters_words(hulin: jointmeeting.Charter) -> None:
    assert hulin.label("members") == "各成员单位"
    english = jointmeeting.load_charter(ROOT / "examples" / "charters" / "riverside-english.yaml")
    assert english.label("members") != "members" and english.label("members").isascii()


def test_lookups_follow_a_changed_copy_and_an_assigned_list(hulin: jointmeeting.Charter) -> None:
    rule = hulin.reporting[0]
    renamed = rule.model_copy(update={"id": "renamed", "name": "改名的规则"})
    copy = hulin.model_copy(update={"reporting": [renamed, *hulin.reporting[1:]],
                                    "timezone": "Europe/London"})
    assert copy.rule("renamed") is renamed and copy.label("renamed") == "改名的规则"
    with pytest.raises(UnknownIdError):
        copy.rule(rule.id)
    assert hulin.rule(rule.id) is rule  # the original's tables are its own
    assert copy.zone.key == "Europe/London" and hulin.zone.key == hulin.timezone
    assert dt.datetime(2025, 1, 1, tzinfo=copy.zone).utcoffset() == dt.timedelta(0)

    mutable = hulin.model_copy(deep=True)
    post = mutable.posts[0]
    mutable.posts = [post.model_copy(update={"title": "新职务"})]
    assert mutable.post(post.id).title == "新职务" and mutable.label(post.id) == "新职务"


def test_holder_of_an_unknown_post_is_the_same_typed_error(hulin: jointmeeting.Charter) -> None:
    with pytest.raises(UnknownIdError, match="no post 'nope'"):
        hulin.holder("nope")

"""The access table: every command has an owner, refusals name what is needed."""

from __future__ import annotations

from bot.domain.access import ACCESS, Who, allowed, refusal
from bot.domain.actor import Actor, ReviewScope

REVIEW = ReviewScope(review_id=1, sur="KEN", reviewers=frozenset({"AUT", "JPN"}))


def test_secretariat_only_commands_refuse_everyone_else():
    chair = Actor(user_id=1, is_chair=True)
    expert = Actor(user_id=2, party="KEN", person_role="expert", review=REVIEW)
    for action, kinds in ACCESS.items():
        if kinds == {Who.SECRETARIAT}:
            assert not allowed(action, chair), action
            assert not allowed(action, expert), action
            assert "secretariat role" in str(refusal(action, expert))


def test_triad_rules_follow_the_review():
    sur_expert = Actor(user_id=3, party="KEN", person_role="expert", review=REVIEW)
    reviewer_expert = Actor(user_id=4, party="AUT", person_role="expert", review=REVIEW)
    observer = Actor(user_id=5, party="AUT", person_role="observer", review=REVIEW)
    outsider = Actor(user_id=6, party="BRA", person_role="focal_point", review=REVIEW)
    assert allowed("clarify ask", reviewer_expert)
    assert not allowed("clarify ask", sur_expert)
    assert allowed("clarify answer", sur_expert)
    assert not allowed("clarify ask", observer)
    assert allowed("clarify list", observer)
    assert not allowed("clarify list", outsider)
    assert not allowed("call schedule", outsider)


def test_unknown_actions_are_refused():
    assert not allowed("drop tables", Actor(user_id=1, is_secretariat=True, is_chair=True))


def test_commands_outside_a_review_channel_say_so():
    assert str(refusal("clarify ask", Actor(user_id=1, party="AUT"))) == (
        "This command works only inside a review channel."
    )

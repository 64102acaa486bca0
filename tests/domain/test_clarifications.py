"""Clarification requests: lifecycle, due dates, titles, follow-ups, notices and long messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.domain.clarifications import (
    Action,
    Audience,
    ClarificationError,
    ClarificationRefused,
    ClarificationStatus,
    DueDateError,
    FollowUp,
    FollowUpKind,
    FollowUpPolicy,
    RequestRef,
    Standing,
    answer_review_reminder_at,
    due_after_pause,
    followup_schedule,
    followups_active,
    iter_followups,
    next_overdue,
    parse_due,
    split_for_discord,
    thread_title,
    transition,
)
from bot.domain.errors import Refused
from bot.domain.inputs import safe_name
from bot.domain.reviews import Stage
from bot.services.clarifications._followup_text import followup_text
from tests.domain.test_reviews import blame_words_in

OPEN, ANSWERED = ClarificationStatus.OPEN, ClarificationStatus.ANSWERED
ACCEPTED, WITHDRAWN = ClarificationStatus.ACCEPTED, ClarificationStatus.WITHDRAWN
ASKER = Standing(is_asker=True)
SUR = Standing(is_addressee=True)
SECRETARIAT = Standing(is_secretariat=True)
TODAY = date(2025, 3, 1)
POLICY = FollowUpPolicy()


# ---------------------------------------------------------------- lifecycle


def test_a_request_is_answered_then_accepted() -> None:
    assert transition(OPEN, Action.ANSWER, SUR) is ANSWERED
    assert transition(ANSWERED, Action.ACCEPT, ASKER) is ACCEPTED


def test_a_follow_up_reopens_an_answered_request() -> None:
    assert transition(ANSWERED, Action.FOLLOW_UP, ASKER) is OPEN


@pytest.mark.parametrize("who", [ASKER, SECRETARIAT])
@pytest.mark.parametrize("status", [OPEN, ANSWERED])
def test_the_asker_or_the_secretariat_may_withdraw(
    who: Standing, status: ClarificationStatus
) -> None:
    assert transition(status, Action.WITHDRAW, who) is WITHDRAWN


@pytest.mark.parametrize(
    ("status", "action", "who", "message"),
    [
        (OPEN, Action.ACCEPT, ASKER, "no answer yet"),
        (WITHDRAWN, Action.ANSWER, SUR, "closed"),
        (ACCEPTED, Action.FOLLOW_UP, ASKER, "closed"),
        (ANSWERED, Action.ANSWER, SUR, "already has an answer"),
        (OPEN, Action.FOLLOW_UP, ASKER, "once the request has an answer"),
    ],
)
def test_moves_that_make_no_sense_are_refused_plainly(
    status: ClarificationStatus, action: Action, who: Standing, message: str
) -> None:
    with pytest.raises(ClarificationError, match=message):
        transition(status, action, who)


@pytest.mark.parametrize(
    ("status", "action", "who", "message"),
    [
        (OPEN, Action.WITHDRAW, SUR, "State that asked or the secretariat"),
        (OPEN, Action.ANSWER, ASKER, "State that was asked"),
        (OPEN, Action.ANSWER, SECRETARIAT, "State that was asked"),
        (ANSWERED, Action.ACCEPT, SUR, "State that asked"),
        (ANSWERED, Action.ACCEPT, SECRETARIAT, "State that asked"),
    ],
)
def test_people_without_the_right_are_refused(
    status: ClarificationStatus, action: Action, who: Standing, message: str
) -> None:
    with pytest.raises(ClarificationRefused, match=message) as caught:
        transition(status, action, who)
    assert isinstance(caught.value, Refused)


actors = st.builds(Standing, is_asker=st.booleans(), is_addressee=st.booleans(),
                   is_secretariat=st.booleans())


@given(steps=st.lists(st.tuples(st.sampled_from(list(Action)), actors), max_size=12))
def test_any_sequence_of_moves_keeps_a_closed_request_closed(
    steps: list[tuple[Action, Standing]],
) -> None:
    status = OPEN
    for action, who in steps:
        before = status
        try:
            status = transition(status, action, who)
        except ClarificationError as refused:
            assert str(refused)
            continue
        assert not before.is_final


# ---------------------------------------------------------------- due dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", date(2025, 3, 31)),
        (None, date(2025, 3, 31)),
        ("14", date(2025, 3, 15)),
        ("14 days", date(2025, 3, 15)),
        (" 1 day ", date(2025, 3, 2)),
        ("2025-04-30", date(2025, 4, 30)),
        ("365", date(2026, 3, 1)),
    ],
)
def test_a_due_date_is_a_date_or_a_number_of_days(text: str | None, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-28", "must be after today"),
        ("2025-03-01", "must be after today"),
        ("0", "at least 1"),
        ("-3", "at least 1"),
        ("366", "at most 365 days"),
        ("2026-06-01", "at most 365 days"),
        ("2025-02-30", "no such day as 2025-02-30"),
        ("next Tuesday", "Write a date as YYYY-MM-DD"),
    ],
)
def test_unusable_due_dates_get_a_clear_answer(text: str, message: str) -> None:
    with pytest.raises(DueDateError, match=message):
        parse_due(text, TODAY)


@given(text=st.text(max_size=30), today=st.dates(min_value=date(2000, 1, 1),
                                                 max_value=date(2100, 1, 1)))
def test_a_parsed_due_date_always_lies_within_the_coming_year(text: str, today: date) -> None:
    try:
        due = parse_due(text, today)
    except DueDateError as refused:
        assert str(refused)
        return
    assert today < due <= today + timedelta(days=365)


# ---------------------------------------------------------------- thread titles


def test_the_thread_title_names_number_article_and_question() -> None:
    assert thread_title(3, "Art. 5 UNTOC", "Is conspiracy an offence?") == (
        "CR-3 · Art. 5 UNTOC · Is conspiracy an offence?"
    )
    assert thread_title(12, None, "Who keeps\nthe  records?") == "CR-12 · Who keeps the records?"


def test_a_long_question_is_cut_between_words_with_an_ellipsis() -> None:
    question = "Does the law on organized criminal groups cover groups whose members never " \
               "meet in person, and how is the existence of such a group proved in court?"
    title = thread_title(3, "Art. 5 UNTOC", question)
    assert title == ("CR-3 · Art. 5 UNTOC · Does the law on organized criminal groups cover "
                     "groups whose members never…")
    assert len(title) <= 100


def test_a_single_enormous_word_is_cut_inside() -> None:
    title = thread_title(1, "", "x" * 300)
    assert len(title) == 100 and title.startswith("CR-1 · xxx") and title.endswith("x…")


@given(number=st.integers(1, 10**6), article=st.none() | st.text(max_size=120),
       question=st.text(max_size=300))
def test_every_thread_title_fits_discord(number: int, article: str | None, question: str) -> None:
    title = thread_title(number, article, question)
    assert 1 <= len(title) <= 100
    assert title.startswith(f"CR-{number}")
    words = safe_name(question, 1000)  # the question as a name may carry it: no mentions
    if words and words not in title:
        assert title.endswith("…")
    assert "@everyone" not in title and "@here" not in title and "<@" not in title


# ---------------------------------------------------------------- follow-ups


def test_the_default_policy_and_its_limits() -> None:
    assert (POLICY.days_before, POLICY.on_due, POLICY.overdue_every,
            POLICY.escalate_after_overdue_notices, POLICY.review_answer_after) == (7, True, 7, 2, 7)
    with pytest.raises(ValidationError):
        FollowUpPolicy(overdue_every=0)


def test_follow_ups_before_on_and_after_the_due_date_in_the_states_zone() -> None:
    items = followup_schedule(date(2025, 3, 31), POLICY, "Africa/Nairobi", overdue_notices=3)
    assert [(i.kind, i.at, i.audience, i.number) for i in items] == [
        (FollowUpKind.BEFORE_DUE, datetime(2025, 3, 24, 6, tzinfo=UTC), Audience.SUR, 0),
        (FollowUpKind.ON_DUE, datetime(2025, 3, 31, 6, tzinfo=UTC), Audience.SUR, 0),
        (FollowUpKind.OVERDUE, datetime(2025, 4, 7, 6, tzinfo=UTC), Audience.SUR, 1),
        (FollowUpKind.OVERDUE, datetime(2025, 4, 14, 6, tzinfo=UTC), Audience.SUR, 2),
        (FollowUpKind.ESCALATION, datetime(2025, 4, 14, 6, tzinfo=UTC), Audience.SECRETARIAT, 2),
        (FollowUpKind.OVERDUE, datetime(2025, 4, 21, 6, tzinfo=UTC), Audience.SUR, 3),
    ]


def test_by_default_the_schedule_stops_at_the_first_notice_after_the_due_date() -> None:
    items = followup_schedule(date(2025, 3, 31), POLICY)
    assert [i.kind for i in items] == [FollowUpKind.BEFORE_DUE, FollowUpKind.ON_DUE,
                                       FollowUpKind.OVERDUE]


def test_the_service_chains_notices_after_the_due_date_one_at_a_time() -> None:
    due = date(2025, 3, 31)
    chained: list[FollowUp] = []
    sent = 0
    while sent < 5:
        chained += next_overdue(due, sent, POLICY, "Asia/Tokyo")
        sent += 1
    expected = [i for i in followup_schedule(due, POLICY, "Asia/Tokyo", overdue_notices=5)
                if i.kind in (FollowUpKind.OVERDUE, FollowUpKind.ESCALATION)]
    assert chained == expected
    assert chained[-1].at == datetime(2025, 5, 5, 0, tzinfo=UTC)  # 09:00 in Tokyo


def test_turning_escalation_and_early_notices_off() -> None:
    quiet = FollowUpPolicy(days_before=0, on_due=False, escalate_after_overdue_notices=0)
    items = followup_schedule(date(2025, 3, 31), quiet, overdue_notices=6)
    assert [i.kind for i in items] == [FollowUpKind.OVERDUE] * 6


def test_a_new_due_date_after_a_follow_up_starts_a_fresh_schedule() -> None:
    asked_again = datetime(2025, 4, 16, 12, tzinfo=UTC)  # after escalation on the first date
    fresh = followup_schedule(date(2025, 4, 20), POLICY, after=asked_again, overdue_notices=2)
    assert [(i.kind, i.at.date(), i.number) for i in fresh] == [
        (FollowUpKind.ON_DUE, date(2025, 4, 20), 0),  # the notice a week before has passed
        (FollowUpKind.OVERDUE, date(2025, 4, 27), 1),
        (FollowUpKind.OVERDUE, date(2025, 5, 4), 2),
        (FollowUpKind.ESCALATION, date(2025, 5, 4), 2),
    ]


policies = st.builds(
    FollowUpPolicy,
    days_before=st.integers(0, 60),
    on_due=st.booleans(),
    overdue_every=st.integers(1, 60),
    escalate_after_overdue_notices=st.integers(0, 20),
    hour=st.integers(0, 23),
)
zones = st.sampled_from(["UTC", "Africa/Nairobi", "America/Santiago", "Europe/Vienna",
                         "Asia/Kathmandu", "Pacific/Apia", "Australia/Lord_Howe"])
dues = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 1, 1))


@given(due=dues, policy=policies, tz=zones, n=st.integers(1, 25))
def test_follow_up_times_strictly_increase_and_escalation_follows_its_notice(
    due: date, policy: FollowUpPolicy, tz: str, n: int
) -> None:
    items = followup_schedule(due, policy, tz, overdue_notices=n)
    to_sur = [i for i in items if i.audience is Audience.SUR]
    assert all(a.at < b.at for a, b in zip(to_sur, to_sur[1:], strict=False))
    assert [i.number for i in to_sur if i.kind is FollowUpKind.OVERDUE] == list(range(1, n + 1))
    escalations = [k for k, i in enumerate(items) if i.kind is FollowUpKind.ESCALATION]
    limit = policy.escalate_after_overdue_notices
    if limit and limit <= n:
        assert len(escalations) == 1
        before = items[escalations[0] - 1]
        assert (before.kind, before.number) == (FollowUpKind.OVERDUE, limit)
        assert items[escalations[0]].at == before.at
        assert items[escalations[0]].audience is Audience.SECRETARIAT
    else:
        assert escalations == []
    assert all(i.at.utcoffset() == timedelta(0) for i in items)


@given(due=dues, moved=st.integers(1, 365), policy=policies, tz=zones)
def test_a_changed_due_date_gives_a_schedule_of_its_own(
    due: date, moved: int, policy: FollowUpPolicy, tz: str
) -> None:
    new_due = due + timedelta(days=moved)
    first = followup_schedule(due, policy, tz, overdue_notices=3)
    fresh = followup_schedule(new_due, policy, tz, overdue_notices=3)
    overdue = [i for i in fresh if i.kind is FollowUpKind.OVERDUE]
    assert overdue[0].number == 1
    assert overdue[0].at > first[0].at and fresh != first
    assert next(iter_followups(new_due, policy, tz)) == fresh[0]


def test_an_answer_waiting_a_week_reminds_the_askers() -> None:
    answered = datetime(2025, 3, 10, 15, 30, tzinfo=UTC)
    assert answer_review_reminder_at(answered, POLICY) == datetime(2025, 3, 17, 15, 30, tzinfo=UTC)
    assert answer_review_reminder_at(answered, FollowUpPolicy(review_answer_after=0)) is None


def test_pausing_stops_follow_ups_and_resuming_moves_the_due_date() -> None:
    assert followups_active(Stage.DIALOGUE, paused=False)
    assert not followups_active(Stage.DIALOGUE, paused=True)
    assert not followups_active(Stage.CLOSED, paused=False)
    assert due_after_pause(date(2025, 4, 1), date(2025, 3, 20), date(2025, 3, 30)) == date(
        2025, 4, 11
    )


# ---------------------------------------------------------------- notices


REF = RequestRef(number=4, article="Art. 5 UNTOC", question="Is conspiracy an offence?")
DUE = date(2025, 3, 31)


@pytest.mark.parametrize("kind", list(FollowUpKind))
def test_every_notice_names_the_request_says_when_and_blames_no_one(kind: FollowUpKind) -> None:
    item = FollowUp(kind, datetime(2025, 3, 24, tzinfo=UTC), Audience.SUR, 2)
    text = str(followup_text(item, REF, DUE, POLICY, mentions=["<@42>"],
                             review_label="KEN · 1", answered_on=date(2025, 3, 20)))
    assert blame_words_in(text) == []
    assert "CR-4 · Art. 5 UNTOC · Is conspiracy an offence?" in text
    if kind is FollowUpKind.ANSWER_REVIEW:
        assert "Thursday 20 March 2025" in text and "accept" in text
    else:
        assert "Monday 31 March 2025" in text
    if kind is FollowUpKind.ESCALATION:
        assert "<@42>" not in text and "KEN · 1" in text and "2 follow-up notices" in text
    else:
        assert text.startswith("<@42> ")
    if kind in (FollowUpKind.BEFORE_DUE, FollowUpKind.ON_DUE):
        assert "thank you" in text


# ---------------------------------------------------------------- long messages


def test_a_long_message_is_split_at_paragraph_breaks_first() -> None:
    text = ("a" * 1200 + "\n\n") + ("b" * 900 + "\n") + "c" * 500
    parts = split_for_discord(text)
    assert parts == ["a" * 1200 + "\n\n", "b" * 900 + "\n" + "c" * 500]


def test_a_word_longer_than_a_message_is_cut_inside() -> None:
    assert split_for_discord("x" * 4500) == ["x" * 2000, "x" * 2000, "x" * 500]
    assert split_for_discord("") == []


@given(text=st.text(alphabet=st.sampled_from("ab \n\t.é😀"), max_size=600),
       limit=st.integers(1, 120))
def test_splitting_is_exactly_lossless_and_respects_the_limit(text: str, limit: int) -> None:
    parts = split_for_discord(text, limit)
    assert "".join(parts) == text
    assert all(1 <= len(p) <= limit for p in parts)


@given(words=st.lists(st.text(alphabet="abcdef", min_size=1, max_size=15), min_size=1,
                      max_size=200))
def test_words_shorter_than_the_limit_are_never_broken(words: list[str]) -> None:
    text = " ".join(words)
    parts = split_for_discord(text, 40)
    assert "".join(parts) == text
    for part in parts[:-1]:
        assert part.endswith(" ")

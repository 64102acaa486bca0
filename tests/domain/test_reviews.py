"""Review stages, who records them, deadlines, reminders, channel names and categories."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.domain.errors import InputError, Refused
from bot.domain.reviews import (
    CATEGORY_CHANNEL_MAX,
    CapacityError,
    Deadline,
    DeadlineKey,
    Party,
    ReminderKind,
    ReviewFacts,
    RoleFacts,
    Stage,
    StageError,
    StageRefused,
    add_months,
    category_name,
    channel_name,
    check_stage_change,
    deadline_reminder_schedule,
    deadlines,
    next_deadline,
    pending_deadlines,
    plan_categories,
    recordable_stages,
)
from bot.i18n import Verbatim
from bot.services.reviews._text import deadline_reminder

# Words that would make a notice sound like a reproach. Shared with the clarification tests.
BLAME_WORDS = ("late", "lateness", "fail", "failed", "failure", "overdue", "missed", "miss",
               "delay", "delayed", "behind", "must", "urgent", "urgently", "immediately",
               "non-compliance", "penalty", "regret", "unfortunately", "still not")


def blame_words_in(text: str) -> list[str]:
    lowered = text.lower()
    return [w for w in BLAME_WORDS if re.search(rf"\b{re.escape(w)}\b", lowered)]


SUR_FP = RoleFacts(is_focal_point_of_sur=True)
REVIEWER_FP = RoleFacts(is_focal_point_of_reviewer=True)
SECRETARIAT = RoleFacts(is_secretariat=True)
NOBODY = RoleFacts()
ANSWERS = date(2026, 1, 15)


def test_stage_values_are_stable_and_in_order() -> None:
    assert [s.value for s in Stage] == [
        "opened", "questionnaire_submitted", "written_feedback_sent", "dialogue",
        "observations_agreed", "summary_agreed", "closed",
    ]
    assert Stage.OBSERVATIONS_AGREED.display == "List of observations agreed"
    assert all(s.display and s.display[0].isupper() for s in Stage)


def test_the_sur_focal_point_records_the_questionnaire_but_not_the_feedback() -> None:
    check_stage_change(Stage.OPENED, Stage.QUESTIONNAIRE_SUBMITTED, SUR_FP)
    with pytest.raises(StageRefused, match="focal point of a reviewing State"):
        check_stage_change(Stage.QUESTIONNAIRE_SUBMITTED, Stage.WRITTEN_FEEDBACK_SENT, SUR_FP)


def test_a_reviewer_focal_point_records_the_feedback_but_not_the_questionnaire() -> None:
    check_stage_change(Stage.QUESTIONNAIRE_SUBMITTED, Stage.WRITTEN_FEEDBACK_SENT, REVIEWER_FP)
    with pytest.raises(StageRefused, match="State under review"):
        check_stage_change(Stage.OPENED, Stage.QUESTIONNAIRE_SUBMITTED, REVIEWER_FP)


def test_someone_who_is_no_focal_point_cannot_record_a_stage() -> None:
    with pytest.raises(Refused):
        check_stage_change(Stage.WRITTEN_FEEDBACK_SENT, Stage.DIALOGUE, NOBODY)


@pytest.mark.parametrize("facts", [SUR_FP, REVIEWER_FP])
def test_either_side_records_the_joint_stages(facts: RoleFacts) -> None:
    check_stage_change(Stage.WRITTEN_FEEDBACK_SENT, Stage.DIALOGUE, facts)
    check_stage_change(Stage.DIALOGUE, Stage.OBSERVATIONS_AGREED, facts)
    check_stage_change(Stage.OBSERVATIONS_AGREED, Stage.SUMMARY_AGREED, facts)


def test_a_focal_point_cannot_skip_a_stage_and_is_told_the_next_one() -> None:
    with pytest.raises(StageError, match="next stage is “Written feedback sent”") as caught:
        check_stage_change(Stage.QUESTIONNAIRE_SUBMITTED, Stage.DIALOGUE, REVIEWER_FP)
    assert not isinstance(caught.value, Refused)


def test_the_secretariat_may_catch_up_forward_and_correct_one_step_back() -> None:
    check_stage_change(Stage.OPENED, Stage.DIALOGUE, SECRETARIAT)
    check_stage_change(Stage.DIALOGUE, Stage.WRITTEN_FEEDBACK_SENT, SECRETARIAT)
    with pytest.raises(StageError, match="one stage at a time"):
        check_stage_change(Stage.DIALOGUE, Stage.OPENED, SECRETARIAT)
    with pytest.raises(StageRefused, match="Only the secretariat"):
        check_stage_change(Stage.DIALOGUE, Stage.WRITTEN_FEEDBACK_SENT, SUR_FP)


@pytest.mark.parametrize("stage", [s for s in Stage if s is not Stage.CLOSED])
def test_only_the_secretariat_closes_and_from_any_stage(stage: Stage) -> None:
    check_stage_change(stage, Stage.CLOSED, SECRETARIAT)
    with pytest.raises(StageRefused, match="Only the secretariat can close"):
        check_stage_change(stage, Stage.CLOSED, RoleFacts(is_focal_point_of_sur=True,
                                                           is_focal_point_of_reviewer=True))


def test_a_closed_review_is_final_and_repeating_a_stage_is_refused() -> None:
    for target in Stage:
        with pytest.raises(StageError):
            check_stage_change(Stage.CLOSED, target, SECRETARIAT)
    with pytest.raises(StageError, match="already at the stage"):
        check_stage_change(Stage.DIALOGUE, Stage.DIALOGUE, SECRETARIAT)


def test_the_choice_list_offers_only_what_the_person_may_record() -> None:
    assert recordable_stages(Stage.OPENED, SUR_FP) == [Stage.QUESTIONNAIRE_SUBMITTED]
    assert recordable_stages(Stage.OPENED, REVIEWER_FP) == []
    assert recordable_stages(Stage.DIALOGUE, SECRETARIAT) == [
        Stage.WRITTEN_FEEDBACK_SENT, Stage.OBSERVATIONS_AGREED, Stage.SUMMARY_AGREED, Stage.CLOSED,
    ]
    assert recordable_stages(Stage.CLOSED, SECRETARIAT) == []


# ---------------------------------------------------------------- deadlines


def _by_key(items: list[Deadline]) -> dict[DeadlineKey, Deadline]:
    return {d.key: d for d in items}


def test_deadlines_follow_from_the_start_with_month_end_clamping() -> None:
    items = _by_key(deadlines(ReviewFacts(start=date(2025, 8, 31))))
    assert items[DeadlineKey.FOCAL_POINTS].due == date(2025, 9, 14)
    assert items[DeadlineKey.EXPERTS].due == date(2025, 9, 28)
    assert items[DeadlineKey.QUESTIONNAIRE].due == date(2026, 2, 28)
    assert DeadlineKey.WRITTEN_FEEDBACK not in items
    assert deadlines(ReviewFacts(start=date(2023, 8, 31)))[-1].due == date(2024, 2, 29)
    assert items[DeadlineKey.QUESTIONNAIRE].who is Party.SUR
    assert items[DeadlineKey.FOCAL_POINTS].who is Party.ALL


def test_written_feedback_is_due_six_months_after_the_answers_arrive() -> None:
    facts = ReviewFacts(start=date(2025, 7, 1), stage=Stage.QUESTIONNAIRE_SUBMITTED,
                        answers_received=ANSWERS)
    items = _by_key(deadlines(facts))
    feedback = items[DeadlineKey.WRITTEN_FEEDBACK]
    assert (feedback.due, feedback.who) == (date(2026, 7, 15), Party.REVIEWERS)
    assert not feedback.done
    assert items[DeadlineKey.QUESTIONNAIRE].done


def test_the_next_deadline_skips_what_is_done_and_a_closed_review_has_none() -> None:
    start = date(2025, 3, 3)
    facts = ReviewFacts(start=start, focal_points_appointed=True)
    upcoming = next_deadline(facts, today=start)
    assert upcoming is not None and upcoming.key is DeadlineKey.EXPERTS
    later = next_deadline(facts, today=start + timedelta(weeks=5))
    assert later is not None and later.key is DeadlineKey.QUESTIONNAIRE
    closed = ReviewFacts(start=start, stage=Stage.CLOSED)
    assert pending_deadlines(closed) == [] and next_deadline(closed, start) is None


def test_review_facts_refuse_a_questionnaire_stage_without_the_answers_date() -> None:
    with pytest.raises(ValidationError, match="answers arrived is missing"):
        ReviewFacts(start=date(2025, 1, 1), stage=Stage.DIALOGUE)
    with pytest.raises(ValidationError, match="before the review started"):
        ReviewFacts(start=date(2025, 1, 1), stage=Stage.DIALOGUE, answers_received=date(2024, 1, 1))


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(start=starts, stage=st.sampled_from(list(Stage)), later=st.integers(0, 400),
       fp=st.booleans(), ex=st.booleans())
def test_every_deadline_falls_after_the_start(
    start: date, stage: Stage, later: int, fp: bool, ex: bool
) -> None:
    answers = None if stage is Stage.OPENED else start + timedelta(days=later)
    facts = ReviewFacts(start=start, stage=stage, answers_received=answers,
                        focal_points_appointed=fp, experts_appointed=ex)
    items = deadlines(facts)
    assert all(d.due > start for d in items)
    assert [d.due for d in items] == sorted(d.due for d in items)
    questionnaire = _by_key(items)[DeadlineKey.QUESTIONNAIRE]
    assert 181 <= (questionnaire.due - start).days <= 184


@given(day=starts, months=st.integers(0, 1200))
def test_month_arithmetic_never_raises_and_lands_in_the_right_month(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(1)).day == 1)


# ---------------------------------------------------------------- reminders


def test_reminders_go_a_week_before_and_on_the_day_then_to_the_secretariat() -> None:
    deadline = Deadline(key=DeadlineKey.QUESTIONNAIRE, who=Party.SUR, due=date(2026, 2, 28))
    schedule = deadline_reminder_schedule(deadline, "Africa/Nairobi")
    assert [(r.kind, r.at, r.audience) for r in schedule] == [
        (ReminderKind.WEEK_BEFORE, datetime(2026, 2, 21, 6, tzinfo=UTC), Party.SUR),
        (ReminderKind.ON_THE_DAY, datetime(2026, 2, 28, 6, tzinfo=UTC), Party.SUR),
        (ReminderKind.MISSED, datetime(2026, 3, 1, 6, tzinfo=UTC), Party.SECRETARIAT),
    ]


def test_reminders_follow_summer_time_in_the_states_zone() -> None:
    deadline = Deadline(key=DeadlineKey.EXPERTS, who=Party.ALL, due=date(2025, 4, 1))
    before, on_day, _ = deadline_reminder_schedule(deadline, "Europe/Vienna", hour=10)
    assert before.at == datetime(2025, 3, 25, 9, tzinfo=UTC)  # still winter time
    assert on_day.at == datetime(2025, 4, 1, 8, tzinfo=UTC)  # summer time




@pytest.mark.parametrize("key", list(DeadlineKey))
@pytest.mark.parametrize("kind", list(ReminderKind))
def test_reminder_texts_are_courteous_and_say_what_is_due_when(
    key: DeadlineKey, kind: ReminderKind
) -> None:
    deadline = Deadline(key=key, who=Party.ALL, due=date(2026, 2, 28))
    text = str(deadline_reminder(deadline, kind, review=Verbatim("KEN · Criminalization"),
                                 mentions=["<@111>"]))
    assert blame_words_in(text) == []
    assert "Saturday 28 February 2026" in text and deadline.what in text
    assert "KEN · Criminalization" in text
    if kind is ReminderKind.MISSED:
        assert "<@111>" not in text and text.startswith("For information")
    else:
        assert text.startswith("<@111> ") and "thank you" in text


# ---------------------------------------------------------------- channels and categories


def test_channel_names_are_lowercase_and_discord_safe() -> None:
    assert channel_name("KEN", "criminalization") == "ken-criminalization"
    assert channel_name("EU", "International cooperation, MLA & confiscation") == (
        "eu-international-cooperation-mla-confiscation"
    )
    assert len(channel_name("X" * 80, "y" * 80)) == 100
    with pytest.raises(InputError):
        channel_name("  ", "criminalization")


@given(code=st.text(max_size=120), cluster=st.text(max_size=120))
def test_any_channel_name_is_valid_or_refused_plainly(code: str, cluster: str) -> None:
    try:
        name = channel_name(code, cluster)
    except InputError:
        return
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) and len(name) <= 100


def test_category_names_number_the_overflow_and_fit_discord() -> None:
    assert category_name("Criminalization", 1) == "Reviews · Criminalization"
    assert category_name("Criminalization", 2) == "Reviews · Criminalization (2)"
    long = category_name("word " * 40, 12)
    assert len(long) <= 100 and long.endswith(" (12)")


def test_a_new_category_opens_when_the_others_are_full() -> None:
    plan = plan_categories("Criminalization", [50, 48], new_channels=3, guild_channels=120)
    assert plan.assignments == (2, 2, 3)
    assert plan.categories_to_create == ("Reviews · Criminalization (3)",)
    assert plan.guild_channels_after == 124 and plan.warning is None


def test_a_free_place_in_an_earlier_category_is_used_first() -> None:
    plan = plan_categories("Criminalization", [49, 50], guild_channels=10)
    assert plan.assignments == (1,) and plan.categories_to_create == ()


def test_nearing_the_server_limit_warns_and_passing_it_is_refused() -> None:
    plan = plan_categories("Criminalization", [], new_channels=2, guild_channels=447)
    assert plan.warning is not None and plan.warning.channels_after == 450
    assert "450 of at most 500" in plan.warning.message
    with pytest.raises(CapacityError, match="above Discord's limit of 500"):
        plan_categories("Criminalization", [50], new_channels=1, guild_channels=499)
    at_limit = plan_categories("Criminalization", [50], new_channels=1, guild_channels=498)
    assert at_limit.guild_channels_after == 500  # a new category counts as a channel too


@given(counts=st.lists(st.integers(0, CATEGORY_CHANNEL_MAX), max_size=8),
       new=st.integers(0, 120))
def test_no_category_ever_holds_more_than_fifty(counts: list[int], new: int) -> None:
    plan = plan_categories("Prevention", counts, new_channels=new)
    filled = counts + [0] * len(plan.categories_to_create)
    for index in plan.assignments:
        filled[index - 1] += 1
    assert max(filled, default=0) <= CATEGORY_CHANNEL_MAX
    assert len(plan.assignments) == new
    assert plan.guild_channels_after == new + len(plan.categories_to_create)

"""The status report's aggregation and the replay of history, as pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.mechanism import Cluster
from bot.domain.review_history import (
    PersonChange,
    RequestEntry,
    StageChange,
    people_at,
    places_filled,
    request_at,
    stages_at,
)
from bot.domain.reviews import Stage
from bot.domain.status_report import (
    Bucket,
    CallRow,
    ClarificationRow,
    ReviewRow,
    next_month_start,
    status_report,
)

AS_OF = date(2026, 6, 30)


def review(cluster=1, start=date(2026, 1, 1), stage=Stage.OPENED, states=3, focal=0, experts=0):
    return ReviewRow(cluster=Cluster(cluster), start=start, stage=stage, states=states,
                     focal_points=focal, with_experts=experts)


def test_a_review_whose_start_is_ahead_has_not_started_and_closed_ones_need_no_people():
    rows = [review(start=date(2026, 7, 1)), review(stage=Stage.DIALOGUE, focal=3, experts=1),
            review(cluster=2, stage=Stage.CLOSED, focal=0), review(cluster=2, focal=2)]
    report = status_report(AS_OF, rows)
    assert report.overall.of(Bucket.NOT_STARTED) == 1 and report.overall.in_progress == 2
    assert report.overall.of(Bucket.CLOSED) == 1 and report.overall.total == 4
    assert [(c.value, t.total) for c, t in report.by_cluster] == [(1, 2), (2, 2), (3, 0), (4, 0)]
    people = report.appointments
    assert (people.places, people.focal_points, people.with_experts) == (9, 5, 1)
    assert (people.reviews, people.reviews_all_focal_points) == (3, 1)
    assert report.outputs_cleared is None  # not tracked: never reported as zero


def test_requests_and_calls_count_as_of_the_day_and_a_cluster_narrows_everything():
    requests = [ClarificationRow(cluster=Cluster(1), state="open", due=date(2026, 6, 29)),
                ClarificationRow(cluster=Cluster(1), state="open", due=AS_OF),
                ClarificationRow(cluster=Cluster(1), state="accepted", due=date(2026, 5, 1)),
                ClarificationRow(cluster=Cluster(2), state="answered", due=date(2026, 5, 1))]
    calls = [CallRow(cluster=Cluster(1), ends=datetime(2026, 6, 30, 23, 0, tzinfo=UTC)),
             CallRow(cluster=Cluster(1), ends=datetime(2026, 7, 1, 1, 0, tzinfo=UTC)),
             CallRow(cluster=Cluster(2), ends=datetime(2026, 6, 1, tzinfo=UTC), cancelled=True)]
    report = status_report(AS_OF, [review(), review(cluster=2)], requests, calls)
    c = report.clarifications
    assert (c.asked, c.answered, c.accepted, c.open, c.overdue) == (4, 2, 1, 2, 1)
    assert report.calls_held == 1
    one = status_report(AS_OF, [review(), review(cluster=2)], requests, calls,
                        cluster=Cluster(2))
    assert one.overall.total == 1 and [c for c, _ in one.by_cluster] == [Cluster(2)]
    assert one.clarifications.asked == 1 and one.calls_held == 0


@given(st.lists(st.tuples(st.sampled_from(list(Cluster)), st.integers(2019, 2027),
                          st.sampled_from(list(Stage))), max_size=40))
def test_every_review_is_counted_once_by_cluster_and_once_by_start_group(specs):
    rows = [review(cluster=c, start=date(y, 3, 1),
                   stage=s if date(y, 3, 1) <= AS_OF else Stage.OPENED) for c, y, s in specs]
    report = status_report(AS_OF, rows)
    assert report.overall.total == len(rows)
    assert sum(t.total for _, t in report.by_cluster) == len(rows)
    assert sum(t.total for _, t in report.by_start_group) == len(rows)
    for index in range(len(report.overall.counts)):
        assert report.overall.counts[index] == sum(t.counts[index] for _, t in report.by_cluster)
    assert [y for y, _ in report.by_start_group] == sorted({y for _, y, _ in specs})


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_history_is_replayed_up_to_the_instant():
    changes = [StageChange(1, at(2), Stage.QUESTIONNAIRE_SUBMITTED),
               StageChange(1, at(5), Stage.WRITTEN_FEEDBACK_SENT), StageChange(2, at(9),
                                                                              Stage.CLOSED)]
    assert stages_at(changes, at(4)) == {1: Stage.QUESTIONNAIRE_SUBMITTED}
    people = [PersonChange(at(1), 10, "KEN", "expert"), PersonChange(at(2), 10, "KEN",
                                                                     "focal_point"),
              PersonChange(at(3), 11, "GHA", "focal_point"), PersonChange(at(6), 11, None, None)]
    assert people_at(people, at(4)) == {10: ("KEN", "focal_point"), 11: ("GHA", "focal_point")}
    assert places_filled(("KEN", "GHA", "FRA"), people_at(people, at(7))) == (1, 0)
    entries = [RequestEntry(1, at(1), "question"), RequestEntry(1, at(3), "answer"),
               RequestEntry(1, at(4), "follow_up", date(2026, 4, 30)),
               RequestEntry(1, at(8), "accept")]
    assert request_at(entries, date(2026, 3, 31), at(1, 0)) is None
    assert request_at(entries, date(2026, 3, 31), at(3, 13)) == ("answered", date(2026, 3, 31))
    assert request_at(entries, date(2026, 3, 31), at(5)) == ("open", date(2026, 4, 30))
    assert request_at(entries, date(2026, 3, 31), at(9)) == ("accepted", date(2026, 4, 30))


def test_the_monthly_report_falls_on_the_first_at_the_local_hour():
    vienna = "Europe/Vienna"
    first, when = next_month_start(datetime(2026, 1, 1, 7, 59, tzinfo=UTC), vienna, 9)
    assert first == date(2026, 1, 1) and when == datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    first, when = next_month_start(datetime(2026, 1, 1, 8, 0, tzinfo=UTC), vienna, 9)
    assert first == date(2026, 2, 1)
    first, when = next_month_start(datetime(2026, 12, 15, tzinfo=UTC), vienna, 9)
    assert first == date(2027, 1, 1) and when == datetime(2027, 1, 1, 8, 0, tzinfo=UTC)
    _, summer = next_month_start(datetime(2026, 6, 2, tzinfo=UTC), vienna, 9)
    assert summer == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)  # clocks run on summer time


def test_the_text_fits_one_message_however_many_start_groups():
    from bot.services.reports._render import report_text

    rows = [review(cluster=1 + n % 4, start=date(2000 + n, 1, 1), stage=stage)
            for n in range(26) for stage in Stage]
    text = report_text(status_report(AS_OF, rows), head="Monthly status report.", note="Late.")
    assert len(text) <= 2000
    assert "By start group: every figure is in the CSV file." in text
    assert "Outputs cleared: not yet recorded by the bot." in text

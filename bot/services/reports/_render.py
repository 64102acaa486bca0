"""The status report as a short text and as a CSV file."""

from __future__ import annotations

import csv
import io

from bot.domain.inputs import MESSAGE_LIMIT, fit
from bot.domain.spreadsheet import neutral_row
from bot.domain.status_report import BUCKETS, Bucket, StatusReport, Tally
from bot.i18n import Language, Msg, render
from bot.services.reports import _wording as w

TEXT_LIMIT = MESSAGE_LIMIT  # one Discord message


def _parts(tally: Tally, language: Language) -> str:
    parts = [w.say(w.PART, language, name=w.BUCKET_NAMES[b], count=tally.of(b))
             for b in BUCKETS if tally.of(b)]
    return ", ".join(parts) or render(w.NOTHING, language)


def plain(text: str) -> str:
    """The message text without its Discord markup, for a text file."""
    lines = [line.removeprefix("-# ") for line in text.splitlines()]
    return "\n".join(lines).replace("**", "") + "\n"


def report_text(report: StatusReport, language: Language = Language.EN, *,
                head: Msg | None = None, note: Msg | None = None) -> str:
    """A short text for a message: totals, by cluster, by start group, people, requests."""
    def say(template: Msg, **params: object) -> str:
        return w.say(template, language, **params)

    overall = report.overall
    lines = [render(head, language)] if head else []
    lines.append(f"**{say(w.TITLE, day=w.day(report.as_of, language))}**")
    scope = (say(w.SCOPE_ALL) if report.cluster is None else
             say(w.SCOPE_ONE, number=report.cluster.value,
                 title=w.CLUSTER[report.cluster]))
    lines.append(f"{scope} {say(w.AGGREGATES)}")
    by_group = say(w.BY_GROUP)
    if overall.total == 0:
        lines.append(say(w.NO_REVIEWS))
    else:
        lines.append(say(w.TOTALS, total=overall.total, progress=overall.in_progress,
                         not_started=overall.of(Bucket.NOT_STARTED),
                         closed=overall.of(Bucket.CLOSED)))
        lines.append(say(w.BY_STAGE, parts=_parts(overall, language)))
        if report.cluster is None:
            lines.append(say(w.BY_CLUSTER))
            lines += [say(w.CLUSTER_LINE, name=w.cluster_name(c, language), total=t.total,
                          parts=_parts(t, language)) for c, t in report.by_cluster]
        lines.append(by_group)
        lines += [say(w.GROUP_LINE, year=y, total=t.total, parts=_parts(t, language))
                  for y, t in report.by_start_group]
    a = report.appointments
    lines.append(say(w.FOCAL_POINTS, filled=a.focal_points, places=a.places,
                     complete=a.reviews_all_focal_points, reviews=a.reviews))
    lines.append(say(w.EXPERTS, filled=a.with_experts, places=a.places))
    c = report.clarifications
    lines.append(say(w.CLARIFICATIONS, asked=c.asked, answered=c.answered, accepted=c.accepted,
                     open=c.open, overdue=c.overdue, withdrawn=c.withdrawn))
    lines.append(say(w.CALLS, held=report.calls_held))
    lines.append(say(w.OUTPUTS_UNTRACKED) if report.outputs_cleared is None
                 else say(w.OUTPUTS, count=report.outputs_cleared))
    lines.append(say(w.FILES))
    if note:
        lines.append(f"-# {render(note, language)}")
    text = "\n".join(lines)
    if len(text) > TEXT_LIMIT and by_group in lines:  # many start groups: the CSV holds all
        groups = lines.index(by_group)
        lines[groups:groups + 1 + len(report.by_start_group)] = [say(w.GROUPS_IN_CSV)]
        text = fit("\n".join(lines), TEXT_LIMIT)
    return text


def report_csv(report: StatusReport, language: Language = Language.EN) -> bytes:
    """Every figure, one per line: as_of, measure, cluster, start_group, stage, value, note."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def put(*cells: object) -> None:  # no cell a spreadsheet could run
        writer.writerow(neutral_row(list(cells)))

    put(*(render(h, language) for h in w.CSV_HEADER))
    day, every = report.as_of.isoformat(), w.CSV_ALL
    scope = every if report.cluster is None else str(report.cluster.value)

    def tally(cluster: str, group: str, counts: Tally) -> None:
        for bucket in BUCKETS:
            put(day, "reviews", cluster, group, bucket.value, counts.of(bucket), "")
        put(day, "reviews", cluster, group, "total", counts.total, "")

    tally(scope, every, report.overall)
    if report.cluster is None:
        for cluster, counts in report.by_cluster:
            tally(str(cluster.value), every, counts)
    for year, counts in report.by_start_group:
        tally(scope, str(year), counts)
    a, c = report.appointments, report.clarifications
    for measure, value in (
        ("places", a.places), ("focal_points_appointed", a.focal_points),
        ("places_with_experts", a.with_experts),
        ("reviews_not_closed", a.reviews), ("reviews_with_every_focal_point",
                                            a.reviews_all_focal_points),
        ("clarifications_asked", c.asked), ("clarifications_answered", c.answered),
        ("clarifications_accepted", c.accepted), ("clarifications_awaiting_answer", c.open),
        ("clarifications_overdue", c.overdue), ("clarifications_withdrawn", c.withdrawn),
        ("calls_held", report.calls_held),
    ):
        put(day, measure, scope, every, every, value, "")
    if report.outputs_cleared is None:
        put(day, "outputs_cleared", scope, every, every, "",
            render(w.CSV_NOT_TRACKED, language))
    else:
        put(day, "outputs_cleared", scope, every, every, report.outputs_cleared, "")
    return out.getvalue().encode("utf-8")

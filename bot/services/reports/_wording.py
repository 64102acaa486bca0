"""Every word the status report and the overview use, in one place (to be translated).

Nothing here names a State: the report's text, CSV and chart speak of reviews only. The
overview, for the secretariat's follow-up, names the State under review of each line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.mechanism import Cluster
from bot.domain.reviews import STAGE_LABEL, Stage
from bot.domain.status_report import Bucket
from bot.i18n import Day, Language, Msg, _, _p
from bot.services.reviews import CLUSTER


def fill(template: Msg, **params: Any) -> Msg:
    """The message with its values (the templates below are written once, filled many times)."""
    return Msg(template.source, tuple(params.items()), context=template.context)


def say(template: Msg, language: Language, **params: Any) -> str:
    return fill(template, **params).render(language)


BUCKET_NAMES: dict[Bucket, Msg] = {
    Bucket.NOT_STARTED: _("Not started yet"),
    Bucket.OPENED: _("Opened"),
    Bucket.QUESTIONNAIRE_SUBMITTED: _("Questionnaire submitted"),
    Bucket.WRITTEN_FEEDBACK_SENT: _("Written feedback sent"),
    Bucket.DIALOGUE: _("Dialogue"),
    Bucket.OBSERVATIONS_AGREED: _("Observations agreed"),
    Bucket.SUMMARY_AGREED: _("Summary agreed"),
    Bucket.CLOSED: _("Closed"),
}


def day(value: date, language: Language = Language.EN) -> str:
    """'28 February 2025', '28 février 2025'."""
    return Day(value).render(language)


def cluster_name(cluster: Cluster, language: Language = Language.EN) -> str:
    return say(_("Cluster {number} ({title})"), language, number=cluster.value,
               title=CLUSTER[cluster])


def cluster_axis(cluster: Cluster) -> str:
    return f"Cluster {cluster.value}"


# ---------------------------------------------------------------- the report text

TITLE = _("Status of the country reviews (as of {day})")
SCOPE_ALL = _("All clusters.")
SCOPE_ONE = _("Cluster {number}: {title} only.")
AGGREGATES = _("All figures are aggregates across all reviews; no State is named or compared.")
NO_REVIEWS = _("No review had been opened by that date.")
TOTALS = _("Reviews: **{total}** in all — {progress} in progress, {not_started} not started "
          "yet, {closed} closed.")
BY_STAGE = _("By stage: {parts}.")
BY_CLUSTER = _("By cluster:")
BY_GROUP = _("By start group (year the reviews started):")
GROUPS_IN_CSV = _("By start group: every figure is in the CSV file.")
GROUP_LINE = _("- {year}: {total} reviews — {parts}")
CLUSTER_LINE = _("- {name}: {total} reviews — {parts}")
PART = _("{name} {count}")
NOTHING = _("none")
FOCAL_POINTS = _("Focal points: {filled} of {places} places appointed (a place is one State in "
                "one review not closed); every focal point appointed in {complete} of {reviews} "
                "reviews.")
EXPERTS = _("Governmental experts: appointed in {filled} of {places} places.")
CLARIFICATIONS = _("Clarification requests: {asked} asked, {answered} answered ({accepted} of "
                  "them accepted), {open} awaiting an answer, {overdue} of those past their due "
                  "date, {withdrawn} withdrawn.")
CALLS = _("Conference calls held: {held}.")
OUTPUTS_UNTRACKED = _("Outputs cleared: not yet recorded by the bot.")
OUTPUTS = _("Outputs cleared: {count}.")
FILES = _("The figures are attached as a CSV file and a chart.")
MONTHLY_HEAD = _("Monthly status report for the working groups.")
LATE_NOTE = _("This report is late: the bot was offline at the scheduled time.")

# ---------------------------------------------------------------- the CSV

CSV_HEADER = (_p("csv column", "as_of"), _p("csv column", "measure"), _p("csv column", "cluster"),
              _p("csv column", "start_group"), _p("csv column", "stage"),
              _p("csv column", "value"), _p("csv column", "note"))
CSV_ALL = "all"  # a value in the data, not a heading
CSV_NOT_TRACKED = _("not yet recorded by the bot")

# ---------------------------------------------------------------- the chart

CHART_TITLE = _("Reviews by stage and cluster")
CHART_Y = _("Number of reviews")
CHART_CAPTION = _("Status as of {day}. Figures are aggregates across all reviews; "
                 "no State is named or compared.")
CHART_EMPTY = _("No review recorded")

# ---------------------------------------------------------------- input

DAY_FIELD = _("date of the report")
BAD_DAY = _("Write the date as YYYY-MM-DD, for example 2026-09-30. Nothing was produced.")
FUTURE_DAY = _("The report can only describe a day that has ended or today ({today}); "
              "{day} is still ahead.")
BAD_STAGE = _("Unknown stage “{value}”; use one of {names}.")
BAD_CLUSTER = _("The cluster is a number from 1 to 4 (Table 1 of resolution 8/2).")

# ---------------------------------------------------------------- the overview

OVERVIEW_HEAD = _("**Reviews for the secretariat's follow-up** (not for publication), by State "
                 "code — {count} {what}, page {page} of {pages}:")
OVERVIEW_WHAT_ALL = _("reviews not closed")
OVERVIEW_WHAT_STAGE = _("reviews at “{stage}”")
OVERVIEW_WHAT_OVERDUE = _("with something late")
OVERVIEW_NONE = _("No review matches: {what}.")
OVERVIEW_LINE = _("**{code}** · cluster {cluster} · {stage}{paused} · {next}")
OVERVIEW_PAUSED = _(" (paused)")
OVERVIEW_NEXT = _("next: {what} by {day}")
OVERVIEW_NO_NEXT = _("no deadline ahead")
OVERVIEW_LATE = _("late: {items}")
OVERVIEW_MISSING = _("missing: {items}")
OVERVIEW_LATE_DEADLINE = _("{what} (due {day})")
OVERVIEW_NO_REVIEWERS = _("reviewing States not assigned")
OVERVIEW_NO_FOCAL = _("focal point of {codes}")
OVERVIEW_NO_EXPERT = _("experts of {codes}")
OVERVIEW_OVERDUE_REQUESTS = _("clarification requests past due: {count}")
PREVIOUS = _("Previous")
NEXT = _("Next")
SHORT_DEADLINE = {
    "focal_points": _("focal points"),
    "experts": _("governmental experts"),
    "questionnaire": _("questionnaire answers"),
    "written_feedback": _("written feedback"),
}


def stage_name(stage: Stage, language: Language = Language.EN) -> str:
    return STAGE_LABEL[stage].render(language)

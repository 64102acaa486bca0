"""Every word the status report and the overview use, in one place (to be translated).

Nothing here names a State: the report's text, CSV and chart speak of reviews only. The
overview, for the secretariat's follow-up, names the State under review of each line.
"""

from __future__ import annotations

from datetime import date

from bot.domain.mechanism import Cluster
from bot.domain.reviews import Stage, long_date
from bot.domain.status_report import Bucket

BUCKET_NAMES: dict[Bucket, str] = {
    Bucket.NOT_STARTED: "Not started yet",
    Bucket.OPENED: "Opened",
    Bucket.QUESTIONNAIRE_SUBMITTED: "Questionnaire submitted",
    Bucket.WRITTEN_FEEDBACK_SENT: "Written feedback sent",
    Bucket.DIALOGUE: "Dialogue",
    Bucket.OBSERVATIONS_AGREED: "Observations agreed",
    Bucket.SUMMARY_AGREED: "Summary agreed",
    Bucket.CLOSED: "Closed",
}


def day(value: date) -> str:
    """'28 February 2025'."""
    return long_date(value).split(" ", 1)[1]


def cluster_name(cluster: Cluster) -> str:
    return f"Cluster {cluster.value} ({cluster.title})"


def cluster_axis(cluster: Cluster) -> str:
    return f"Cluster {cluster.value}"


# ---------------------------------------------------------------- the report text

TITLE = "Status of the country reviews (as of {day})"
SCOPE_ALL = "All clusters."
SCOPE_ONE = "Cluster {number}: {title} only."
AGGREGATES = "All figures are aggregates across all reviews; no State is named or compared."
NO_REVIEWS = "No review had been opened by that date."
TOTALS = ("Reviews: **{total}** in all — {progress} in progress, {not_started} not started "
          "yet, {closed} closed.")
BY_STAGE = "By stage: {parts}."
BY_CLUSTER = "By cluster:"
BY_GROUP = "By start group (year the reviews started):"
GROUPS_IN_CSV = "By start group: every figure is in the CSV file."
GROUP_LINE = "- {year}: {total} reviews — {parts}"
CLUSTER_LINE = "- {name}: {total} reviews — {parts}"
PART = "{name} {count}"
NOTHING = "none"
FOCAL_POINTS = ("Focal points: {filled} of {places} places appointed (a place is one State in "
                "one review not closed); every focal point appointed in {complete} of {reviews} "
                "reviews.")
EXPERTS = "Governmental experts: appointed in {filled} of {places} places."
CLARIFICATIONS = ("Clarification requests: {asked} asked, {answered} answered ({accepted} of "
                  "them accepted), {open} awaiting an answer, {overdue} of those past their due "
                  "date, {withdrawn} withdrawn.")
CALLS = "Conference calls held: {held}."
OUTPUTS_UNTRACKED = "Outputs cleared: not yet recorded by the bot."
OUTPUTS = "Outputs cleared: {count}."
FILES = "The figures are attached as a CSV file and a chart."
MONTHLY_HEAD = "Monthly status report for the working groups."
LATE_NOTE = "This report is late: the bot was offline at the scheduled time."

# ---------------------------------------------------------------- the CSV

CSV_HEADER = ("as_of", "measure", "cluster", "start_group", "stage", "value", "note")
CSV_ALL = "all"
CSV_NOT_TRACKED = "not yet recorded by the bot"

# ---------------------------------------------------------------- the chart

CHART_TITLE = "Reviews by stage and cluster"
CHART_Y = "Number of reviews"
CHART_CAPTION = ("Status as of {day}. Figures are aggregates across all reviews; "
                 "no State is named or compared.")
CHART_EMPTY = "No review recorded"

# ---------------------------------------------------------------- input

DAY_FIELD = "date of the report"
BAD_DAY = "Write the date as YYYY-MM-DD, for example 2026-09-30. Nothing was produced."
FUTURE_DAY = ("The report can only describe a day that has ended or today ({today}); "
              "{day} is still ahead.")
BAD_STAGE = "Unknown stage “{value}”; use one of {names}."
BAD_CLUSTER = "The cluster is a number from 1 to 4 (Table 1 of resolution 8/2)."

# ---------------------------------------------------------------- the overview

OVERVIEW_HEAD = ("**Reviews for the secretariat's follow-up** (not for publication), by State "
                 "code — {count} {what}, page {page} of {pages}:")
OVERVIEW_WHAT_ALL = "reviews not closed"
OVERVIEW_WHAT_STAGE = "reviews at “{stage}”"
OVERVIEW_WHAT_OVERDUE = "with something late"
OVERVIEW_NONE = "No review matches: {what}."
OVERVIEW_LINE = "**{code}** · cluster {cluster} · {stage}{paused} · {next}"
OVERVIEW_PAUSED = " (paused)"
OVERVIEW_NEXT = "next: {what} by {day}"
OVERVIEW_NO_NEXT = "no deadline ahead"
OVERVIEW_LATE = "late: {items}"
OVERVIEW_MISSING = "missing: {items}"
OVERVIEW_LATE_DEADLINE = "{what} (due {day})"
OVERVIEW_NO_REVIEWERS = "reviewing States not assigned"
OVERVIEW_NO_FOCAL = "focal point of {codes}"
OVERVIEW_NO_EXPERT = "experts of {codes}"
OVERVIEW_OVERDUE_REQUESTS = "clarification requests past due: {count}"
PREVIOUS = "Previous"
NEXT = "Next"
SHORT_DEADLINE = {
    "focal_points": "focal points",
    "experts": "governmental experts",
    "questionnaire": "questionnaire answers",
    "written_feedback": "written feedback",
}


def stage_name(stage: Stage) -> str:
    return stage.display

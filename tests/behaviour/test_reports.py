"""The status report and the secretariat's overview, as the secretariat receives them."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sqlite3
from datetime import date

import pytest
from PIL import Image
from simcord import SetupError

from bot.cli import main
from bot.domain.status_report import BUCKETS
from bot.services.reports.chart import SIZE_PX, build_figure, figure_texts
from tests.behaviour.review_support import REASON, register

pytestmark = pytest.mark.usefixtures("answered_errors_only")

DAY = 86400
# (State under review, cluster, same group, other group, start); started on 1 January unless said
REVIEWS = (
    ("ARG", 1, "MEX", "FRA", None), ("AUT", 1, "DEU", "KEN", None),
    ("BRA", 2, "CHL", "JPN", None), ("GHA", 1, "NGA", "ESP", None),
    ("KEN", 1, "GHA", "FRA", None), ("NGA", 2, "SEN", "ITA", "2026-03-01"),
    ("PER", 2, "COL", "AUT", "2026-02-15"), ("SEN", 1, "MLI", "CAN", None),
)


async def open_review(world, sur, cluster, same, other, start):
    options = {"sur": sur, "cluster": cluster} | ({"start": start} if start else {})
    opened = await world.secretary.slash(world.secretariat_channel, "review-admin open", **options)
    assert "is open from" in opened.response.content, opened.response.content
    assigned = await world.secretary.slash(world.secretariat_channel, "review-admin assign",
                                           sur=sur, cluster=cluster, same_group=same,
                                           other_group=other, reason=REASON)
    assert "Reviewing States of" in assigned.response.content, assigned.response.content


async def stage(world, sur, cluster, value, **options):
    result = await world.secretary.slash(world.secretariat_channel, "review stage", stage=value,
                                         sur=sur, cluster=cluster, **options)
    assert "Recorded:" in result.response.content, result.response.content


@pytest.fixture
async def mechanism(world):
    """Eight reviews across clusters 1 and 2 at several stages, people, requests and a call."""
    people = {}
    for name, party, role in (("ken_fp", "KEN", "focal_point"), ("gha_fp", "GHA", "focal_point"),
                              ("fra_fp", "FRA", "focal_point"), ("fra_ex", "FRA", "expert"),
                              ("ken_ex", "KEN", "expert"), ("bra_fp", "BRA", "focal_point")):
        people[name] = world.member(name)
        await register(world, people[name], party, role)
    for review in REVIEWS:
        await open_review(world, *review)
    await world.env.advance_time(3 * DAY)
    await stage(world, "KEN", 1, "questionnaire_submitted")
    await stage(world, "GHA", 1, "questionnaire_submitted")
    await stage(world, "BRA", 2, "questionnaire_submitted")
    await stage(world, "GHA", 1, "written_feedback_sent")
    await stage(world, "ARG", 1, "dialogue")
    closed = await world.secretary.slash(world.secretariat_channel, "review-admin close", sur="SEN",
                                         cluster=1)
    assert "is closed" in closed.response.content
    room = world.guild.channels["ken-criminalization"]
    for question, due in (("Is participation an offence?", "5"), ("Which courts?", "40")):
        asked = await people["fra_ex"].slash(room, "clarify ask", question=question, due=due)
        assert asked.ephemeral
    call = await world.secretary.slash(room, "call schedule", title="Dialogue",
                                       start="2026-01-05T14:00 UTC", duration="60")
    assert call.ephemeral
    await world.env.advance_time(7 * DAY)  # 11 January: the first request is past its due date
    return people


def rows_today(settings, today: date) -> dict[str, int]:
    """The figures, computed here straight from the tables (the present is today)."""
    db = sqlite3.connect(settings.database)
    reviews = db.execute("SELECT id, sur, cluster, start_date, stage FROM reviews").fetchall()
    out: dict[str, int] = {}
    for _id, _sur, cluster, start, stage_ in reviews:
        bucket = "not_started" if stage_ == "opened" and start > today.isoformat() else stage_
        for key in (f"all/{bucket}", f"{cluster}/{bucket}", "all/total"):
            out[key] = out.get(key, 0) + 1
    people = set(db.execute("SELECT party, role FROM people").fetchall())
    places = focal = 0
    for review_id, sur, *_rest in (r for r in reviews if r[4] != "closed"):
        states = [sur] + [p for (p,) in db.execute(
            "SELECT party FROM review_reviewers WHERE review_id = ?", (review_id,))]
        places += len(states)
        focal += sum((s, "focal_point") in people for s in states)
    out["places"], out["focal_points_appointed"] = places, focal
    requests = db.execute("SELECT status, due_date FROM clarification_requests").fetchall()
    out["clarifications_asked"] = len(requests)
    out["clarifications_overdue"] = sum(s == "open" and d < today.isoformat() for s, d in requests)
    out["calls_held"] = db.execute(
        "SELECT COUNT(*) FROM calls WHERE status = 'scheduled'"
        " AND datetime(start_utc, '+' || duration_minutes || ' minutes') <= ?",
        (f"{today.isoformat()} 23:59:59",)).fetchone()[0]
    db.close()
    return out


def figures(data: bytes) -> dict[str, int]:
    out = {}
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        if not row["value"]:
            continue
        if row["measure"] == "reviews":
            if row["start_group"] == "all":
                out[f"{row['cluster']}/{row['stage']}"] = int(row["value"])
        else:
            out[row["measure"]] = int(row["value"])
    return out


def state_words(settings) -> list[re.Pattern[str]]:
    """A pattern for every party in the registry: its code (as written) and its name."""
    db = sqlite3.connect(settings.database)
    parties = db.execute("SELECT code, name FROM parties").fetchall()
    db.close()
    assert len(parties) > 150
    return [re.compile(rf"\b{code}\b") for code, _ in parties] + [
        re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE) for _, name in parties]


def names_no_state(text: str, patterns) -> list[str]:
    return [p.pattern for p in patterns if p.search(text)]


async def files_of(message) -> dict[str, bytes]:
    return {a.filename: await a.read() for a in message.attachments}


async def test_the_report_counts_what_the_tables_hold_and_names_no_state(
    world, mechanism, settings
):
    result = await world.secretary.slash(world.secretariat_channel, "report status")
    assert result.ephemeral
    (message,) = result.followups or [result.response]
    attached = await files_of(message)
    assert sorted(attached) == ["status-2026-01-11.csv", "status-2026-01-11.png"]
    got = figures(attached["status-2026-01-11.csv"])
    expected = rows_today(settings, date(2026, 1, 11))
    for key, value in expected.items():
        assert got.get(key, 0) == value, key
    # the scenario covers what it means to: two clusters, several stages, one not started yet
    assert got["1/total"] == 5 and got["2/total"] == 3 and got["all/not_started"] == 2
    assert got["all/closed"] == 1 and got["clarifications_overdue"] == 1 and got["calls_held"] == 1
    text = message.content
    assert "Status of the country reviews (as of 11 January 2026)" in text
    assert "Reviews: **8** in all — 5 in progress, 2 not started yet, 1 closed." in text
    assert "Outputs cleared: not yet recorded by the bot." in text
    image = Image.open(io.BytesIO(attached["status-2026-01-11.png"]))
    image.verify()
    assert image.format == "PNG" and image.size == SIZE_PX
    # nothing names a State: not the text, not the CSV, not a single label of the chart
    report = await world.bot.services.reports.status(date(2026, 1, 11))
    labels = figure_texts(build_figure(report))
    assert "Cluster 1\nCriminalization and\njurisdiction" in labels
    assert any("aggregates" in t and "11 January 2026" in t for t in labels)
    patterns = state_words(settings)
    for shown in (text, attached["status-2026-01-11.csv"].decode(), "\n".join(labels)):
        assert names_no_state(shown, patterns) == []


async def test_a_past_day_and_one_cluster_are_reported_as_they_stood(world, mechanism):
    reports = world.bot.services.reports
    before = await reports.status(date(2026, 1, 2))  # before any stage was recorded
    assert before.overall.of(BUCKETS[1]) == 6 and before.clarifications.asked == 0
    assert before.calls_held == 0
    result = await world.secretary.slash(world.secretariat_channel, "report status",
                                         as_of="2026-01-02", cluster=2)
    (message,) = result.followups or [result.response]
    got = figures((await files_of(message))["status-2026-01-02-cluster-2.csv"])
    assert got["2/total"] == 3 and got["2/opened"] == 1 and got["2/not_started"] == 2
    assert "1/total" not in got and "Cluster 2: Prevention" in message.content
    for bad, answer in (("2026-13-01", "Write the date as YYYY-MM-DD"),
                        ("2026-02-01", "is still ahead")):
        refused = await world.secretary.slash(world.secretariat_channel, "report status",
                                              as_of=bad)
        assert refused.ephemeral and answer in refused.response.content


async def test_only_the_secretariat_gets_the_report_and_the_overview(world, mechanism):
    # Discord hides both from members without the staff grant the administrator gives
    for who in (world.outsider, mechanism["ken_fp"]):
        shown = who.available_commands(world.general)
        assert "report status" not in shown and "review-admin overview" not in shown
    assert "review-admin overview" in world.secretary.available_commands(world.general)
    # and with Discord's gate opened to everyone, the bot's own table still refuses them
    world.grant_staff_commands(world.guild.default_role)
    for who in (world.outsider, mechanism["ken_fp"]):
        for command in ("report status", "review-admin overview"):
            refused = await who.slash(world.general, command)
            assert refused.ephemeral
            assert refused.response.content == (
                f"`/{command}` needs the secretariat role. Nothing was changed.")
            assert not refused.response.attachments


async def test_the_overview_lists_reviews_by_state_code_with_what_is_late(world, mechanism):
    await world.env.advance_time(5 * DAY)  # 16 January: focal points were due on the 15th
    result = await world.secretary.slash(world.secretariat_channel, "review-admin overview")
    assert result.ephemeral
    (page,) = result.followups or [result.response]
    lines = page.content.splitlines()
    assert "not for publication" in lines[0] and "7 reviews not closed" in lines[0]
    codes = [re.match(r"\*\*([A-Z]{3})\*\*", line)[1] for line in lines[1:]]
    assert codes == ["ARG", "AUT", "BRA", "GHA", "KEN", "NGA", "PER"]
    ken = next(line for line in lines if line.startswith("**KEN**"))
    assert "Questionnaire submitted" not in ken  # the stage's full name is shown
    assert "Self-assessment questionnaire submitted" in ken
    assert "clarification requests past due: 1" in ken and "missing: experts of GHA" in ken
    aut = next(line for line in lines if line.startswith("**AUT**"))
    assert "late: focal points (due 2026-01-15)" in aut
    assert "focal point of AUT, DEU" in aut and "clarification" not in aut
    late = await world.secretary.slash(world.secretariat_channel, "review-admin overview",
                                       stage="dialogue", overdue=True)
    (only,) = late.followups or [late.response]
    assert [line[:9] for line in only.content.splitlines()[1:]] == ["**ARG** ·"]


async def test_a_long_overview_is_paged_within_discords_limits(world):
    codes = ["ALB", "ARM", "AZE", "BLR", "BIH", "BGR", "HRV", "CZE", "EST", "GEO", "HUN", "LVA",
             "LTU", "MDA", "MNE", "MKD", "POL", "ROU", "RUS", "SRB", "SVK", "SVN", "UKR"]
    for code in codes:
        opened = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                             sur=code, cluster=1)
        assert "is open from" in opened.response.content, opened.response.content
    result = await world.secretary.slash(world.secretariat_channel, "review-admin overview")
    (page,) = result.followups or [result.response]
    seen, pages = [], 0
    while True:
        pages += 1
        assert len(page.content) <= 2000 and f"page {pages} of" in page.content
        seen += re.findall(r"^\*\*([A-Z]{3})\*\*", page.content, re.MULTILINE)
        if not any(b["label"] == "Next" for row in page.components for b in row["components"]):
            break
        clicked = await world.secretary.click(page, label="Next")
        page = clicked.response
    assert pages >= 2 and seen == sorted(codes)
    back = await world.secretary.click(page, label="Previous")
    assert f"page {pages - 1} of {pages}" in back.response.content
    with pytest.raises(SetupError, match="not visible to this user"):  # private to the asker
        await world.outsider.click(back.response, label="Previous")


async def test_the_monthly_report_is_posted_once_a_month_across_a_restart(world, bot_factory):
    await open_review(world, "KEN", 1, "GHA", "FRA", None)

    def monthly():
        return sorted((m for m in world.secretariat_channel.history()
                       if m.content.startswith("Monthly status report")), key=lambda m: m.id)

    await world.env.advance_time(9 * 3600 + 60)  # 1 January, 09:01 UTC: the month just ended
    (january,) = monthly()
    assert "(as of 31 December 2025)" in january.content
    await world.env.advance_time(31 * DAY - 120)  # 1 February, 08:59
    assert len(monthly()) == 1
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(120)
    _, february = monthly()
    assert "(as of 31 January 2026)" in february.content
    assert "Reviews: **1** in all — 1 in progress" in february.content
    assert sorted(a.filename for a in february.attachments) == [
        "status-2026-01-31.csv", "status-2026-01-31.png"]
    await world.env.restart_bot(bot_factory())  # right after it was posted
    await world.env.advance_time(DAY)
    assert len(monthly()) == 2
    # the bot is down on 1 March and comes back the day after: posted once, marked late
    await world.bot.services.timers.stop()
    await world.env.advance_time(28 * DAY)  # 2 March, 09:01
    assert len(monthly()) == 2
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(0)
    *_, march = monthly()
    assert len(monthly()) == 3 and "(as of 28 February 2026)" in march.content
    assert "This report is late: the bot was offline" in march.content
    await world.env.advance_time(DAY)
    assert len(monthly()) == 3


async def test_the_command_line_writes_the_same_three_files(world, mechanism, settings,
                                                            tmp_path):
    result = await world.secretary.slash(world.secretariat_channel, "report status")
    (message,) = result.followups or [result.response]
    in_discord = await files_of(message)
    out = tmp_path / "out"
    code = await asyncio.to_thread(main, ["--database", str(settings.database), "report",
                                          "status", "--as-of", "2026-01-11", "--out", str(out)])
    assert code == 0
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(written) == ["status-2026-01-11.csv", "status-2026-01-11.png",
                               "status-2026-01-11.txt"]
    assert written["status-2026-01-11.csv"] == in_discord["status-2026-01-11.csv"]
    assert Image.open(out / "status-2026-01-11.png").size == SIZE_PX
    text = written["status-2026-01-11.txt"].decode()
    assert "Reviews: 8 in all — 5 in progress" in text and "**" not in text
    assert text.strip().splitlines()[0] == message.content.splitlines()[0].replace("**", "")

"""`deskreview demo` end to end, as a newcomer runs it, and the facts of what it leaves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar


def deskreview(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, check=False, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])


def test_the_demo_plays_the_whole_cycle_and_leaves_checkable_records(tmp_path):
    out = tmp_path / "demo"
    run = deskreview("demo", "--out", str(out))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    # a progress line per step, and the recorded beacon said to be recorded
    assert run.stdout.count("simulated)") >= 10
    assert "RECORDED" in run.stdout

    facts = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert facts["outsiders_saw_review_channel"] == []
    # the State under review's answers, submitted and cleared by its focal point, move the stage
    assert facts["questionnaire_cleared"].startswith("Version 1 is cleared for Kenya.")
    assert "Self-assessment questionnaire submitted" in facts["stage_after_answers"]
    reminders = facts["clarification_reminders"]
    assert len(reminders) == 2 and len(set(reminders)) == 2  # before the due date, on it: once each
    calls = facts["call_reminders"]
    assert len(calls) == 3 and len(set(calls)) == 3  # 24 h, 1 h, at the start: once each
    # the call was held in its private room, which then closed; its attendance was posted
    record = facts["call_attendance"]
    assert record.startswith("Attendance of the call **Dialogue on cluster 1** (call 1)")
    assert "**Kenya (KEN):**" in record and "**Secretariat:**" in record
    assert facts["call_room_closed"] is True
    assert any(name.endswith(".zip") for name in facts["transcripts"])

    (log,) = out.glob("draw-*.jsonl")
    verify = deskreview("draw", "verify", str(log))
    # every check held, publication times included; only the recorded beacon is not verified
    assert verify.returncode == 3, verify.stdout + verify.stderr
    (item,) = [line for line in verify.stdout.splitlines() if "not verified:" in line]
    assert "beacon round 123" in item and "not live drand quicknet" in item
    assert facts["draw_log_status"] == 3 and facts["draw_log_verified"] is True
    audit = deskreview("--database", str(out / "deskreview.sqlite3"), "audit", "verify")
    assert audit.returncode == 0 and "intact" in audit.stdout

    calendar = Calendar.from_ical((out / "call.ics").read_bytes())
    (event,) = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert "Dialogue on cluster 1" in str(event["SUMMARY"])

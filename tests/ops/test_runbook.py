"""README's runbook, followed line by line against a real database; `health` and `restore`
from the command line."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
from contextlib import ExitStack
from pathlib import Path

import pytest

from bot import runlock
from bot.cli import build_parser, main
from bot.startup import Exit

ROOT = Path(__file__).resolve().parents[2]


def runbook() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- runbook -->\n```sh\n(.*?)```\n<!-- /runbook -->", text, re.S)
    assert block is not None, "README has lost its runbook"
    steps = []
    for line in block.group(1).splitlines():
        command = line.split("#", 1)[0].strip()
        if command:
            steps.append(shlex.split(command))
    return steps


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [n for n in os.environ if n.startswith("DESKREVIEW_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_runbook_restores_and_upgrades_a_database(folder, capfd):
    assert main(["db", "upgrade"]) == 0  # a database in use, with its registry and audit log
    database = folder / "deskreview.sqlite3"
    bot = ExitStack()
    bot.enter_context(runlock.hold(database))  # the bot is running
    done: list[str] = []
    printed = ""
    for step in runbook():
        if step[:2] == ["systemctl", "stop"]:
            # restoring is refused while the bot runs
            backup = folder / "backups" / "before-upgrade.sqlite3"
            assert main(["restore", str(backup)]) == Exit.ALREADY_RUNNING
            assert "stop it first" in capfd.readouterr().err
            bot.close()
            done.append("stop")
            continue
        if step[:2] == ["systemctl", "start"]:
            done.append("start")
            break  # serving again is the bot's part (tests/ops/test_serving.py, test_doctor.py)
        assert step[0] == "deskreview", step
        code = main(step[1:])
        out, err = capfd.readouterr()
        assert code == 0, (step, out, err)
        printed += out
        done.append(" ".join(step[1:3]))
    out = printed
    assert done == ["backup backups/before-upgrade.sqlite3", "stop",
                    "restore backups/before-upgrade.sqlite3", "db upgrade", "audit verify",
                    "start"]
    assert "integrity and audit chain checked" in out
    assert "the database it replaced is kept as" in out
    assert "Audit chain intact" in out
    assert list(folder.glob("deskreview.sqlite3.replaced-*"))


def test_every_runbook_command_exists():
    parser = build_parser()
    for step in runbook():
        if step[0] == "deskreview":
            parser.parse_args(step[1:])  # exits on an unknown command


def test_health_needs_a_fresh_heartbeat(folder, capfd):
    assert main(["health"]) == Exit.CHECK_FAILED
    assert "no database" in capfd.readouterr().err
    assert main(["db", "upgrade"]) == 0
    assert main(["health"]) == Exit.CHECK_FAILED
    assert "never written a heartbeat" in capfd.readouterr().err

    async def one_beat() -> None:
        from bot.clock import SystemClock
        from bot.services.health import Heartbeat
        from bot.services.timers import Timekeeper
        from storage.db import Store

        store = await Store.open(folder / "deskreview.sqlite3")
        try:
            timers = Timekeeper(store, SystemClock())
            await Heartbeat(store, SystemClock(), timers).start()
            assert await timers.run_due() == 1
        finally:
            await store.close()

    asyncio.run(one_beat())
    assert main(["health"]) == 0
    assert capfd.readouterr().out.startswith("healthy: last heartbeat")
    # a bot that beat a moment ago is probably running (on another host, say): no restore
    assert main(["backup", "copy.sqlite3"]) == 0
    assert main(["restore", "copy.sqlite3"]) == Exit.ALREADY_RUNNING
    assert "probably still running" in capfd.readouterr().err


def test_a_damaged_backup_is_not_restored(folder, capfd):
    assert main(["db", "upgrade"]) == 0
    before = (folder / "deskreview.sqlite3").read_bytes()
    (folder / "broken.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert main(["restore", "broken.sqlite3"]) == Exit.CHECK_FAILED
    assert "is not a sound backup" in capfd.readouterr().err
    assert (folder / "deskreview.sqlite3").read_bytes() == before
    assert not list(folder.glob("*.replaced-*"))

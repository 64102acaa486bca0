"""A new deployment's first steps: plain sentences, typos named, a ready database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.drawlog import join_log
from bot.startup import Exit
from tests.domain.draw_support import vector_log

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [n for n in os.environ if n.startswith("DESKREVIEW_")]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def one_line(capfd: pytest.CaptureFixture[str]) -> str:
    out, err = capfd.readouterr()
    assert "Traceback" not in err
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_the_copied_example_asks_for_the_token_in_plain_words(folder, capfd):
    shutil.copy(ROOT / ".env.example", folder / ".env")
    assert main(["run"]) == Exit.SETTINGS
    line = one_line(capfd)
    assert line.startswith("deskreview: DISCORD_TOKEN is not set")
    assert "validation" not in line.lower() and "input should" not in line.lower()


def test_the_example_with_a_token_asks_for_the_server_id(folder, capfd):
    text = (ROOT / ".env.example").read_text().replace("DISCORD_TOKEN=\n", "DISCORD_TOKEN=x\n")
    (folder / ".env").write_text(text)
    assert main(["run"]) == Exit.SETTINGS
    assert "DESKREVIEW_GUILD_ID is not set" in one_line(capfd)


def test_a_misspelt_setting_in_env_file_is_named_with_the_closest(folder, capfd):
    (folder / ".env").write_text("DISCORD_TOKEN=x\nDESKREVIEW_GUILD_ID=1\n"
                                 "DESKREVIEW_SECRETARIAT_CHANEL=sekretariat\n")
    assert main(["run"]) == Exit.SETTINGS
    line = one_line(capfd)
    assert "DESKREVIEW_SECRETARIAT_CHANEL" in line
    assert "did you mean DESKREVIEW_SECRETARIAT_CHANNEL?" in line and ".env" in line


def test_a_misspelt_setting_in_the_environment_is_named(folder, capfd, monkeypatch):
    monkeypatch.setenv("DESKREVIEW_TIMEZNE", "Europe/Vienna")
    assert main(["health"]) == Exit.SETTINGS
    line = one_line(capfd)
    assert "DESKREVIEW_TIMEZNE in the environment" in line
    assert "did you mean DESKREVIEW_TIMEZONE?" in line


def test_draw_tools_run_whatever_env_holds(folder, capfd):
    (folder / ".env").write_text("DESKREVIEW_GUILD_ID=not-a-number\nDESKREVIEW_TYPO=1\n")
    assert main(["draw", "verifier", "--out", "verify_draw.py"]) == 0
    assert (folder / "verify_draw.py").is_file()
    capfd.readouterr()
    (folder / "draw.jsonl").write_bytes(join_log(vector_log()))
    assert main(["draw", "verify", "draw.jsonl"]) == 0
    out, err = capfd.readouterr()
    assert "GUILD_ID" not in out + err and "unknown setting" not in out + err
    assert main(["draw", "verify", "missing.jsonl"]) == 2
    assert "no log file at missing.jsonl" in one_line(capfd)
    with pytest.raises(SystemExit) as help_exit:
        main(["--help"])
    assert help_exit.value.code == 0


def test_db_upgrade_then_export_writes_the_bundled_registry(folder, capfd):
    assert main(["db", "upgrade"]) == 0
    out = capfd.readouterr().out
    assert "registry seeded with the" in out
    assert main(["parties", "export", "parties.csv"]) == 0
    exported = (folder / "parties.csv").read_text(encoding="utf-8")
    bundled = (ROOT / "bot" / "data" / "parties.csv").read_text(encoding="utf-8")
    codes = {line.split(",")[0] for line in bundled.splitlines()[1:] if line}
    assert codes and all(code in exported for code in codes)
    assert main(["db", "upgrade"]) == 0  # a second run changes nothing
    assert "seeded" not in capfd.readouterr().out

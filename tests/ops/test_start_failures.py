"""`deskreview run` fails to start in one plain sentence, with an exit code per cause."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
import yarl

from bot.cli import main
from bot.startup import Exit
from tests.support.fake_discord import fake_discord, free_port

SECRET = "MTIz.fake-token-for-tests.never-printed"


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder with a filled-in .env, as an IT officer leaves it."""
    for name in [n for n in __import__("os").environ if n.startswith("DESKREVIEW_")]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={SECRET}\nDESKREVIEW_GUILD_ID=4242\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_against(host: str, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
                command: str = "run") -> tuple[int, list[str]]:
    """`deskreview run` (or `doctor`), with discord.py pointed at `host` instead of Discord."""
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://{host}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(f"ws://{host}/gateway"))
    code = main([command])
    out, err = capfd.readouterr()
    assert SECRET not in out + err
    assert "Traceback" not in err and "Warning" not in err, err
    return code, [line for line in (out + err).splitlines() if line.strip()]


def test_unreachable_discord_is_one_sentence_and_exit_3(deployment, monkeypatch, capfd):
    code, lines = run_against(f"127.0.0.1:{free_port()}", monkeypatch, capfd)
    assert code == Exit.UNREACHABLE == 3
    assert len(lines) == 1 and lines[0].startswith("deskreview: cannot reach Discord")
    assert "network" in lines[0]


def test_a_refused_token_is_one_sentence_and_exit_4(deployment, monkeypatch, capfd):
    with fake_discord("refuse_token") as (base, seen):
        code, lines = run_against(base, monkeypatch, capfd)
    assert code == Exit.TOKEN_REFUSED == 4
    assert seen == ["GET /api/v10/users/@me"]
    assert len(lines) == 1 and "Discord refused the bot token" in lines[0]
    assert "Reset Token" in lines[0] and "DISCORD_TOKEN" in lines[0]


def test_a_missing_intent_is_one_sentence_and_exit_5(deployment, monkeypatch, capfd):
    with fake_discord("refuse_intent") as (base, seen):
        code, lines = run_against(base, monkeypatch, capfd)
    assert code == Exit.INTENT_MISSING == 5
    assert "IDENTIFY" in seen
    assert len(lines) == 1 and "Message Content" in lines[0]
    assert "Privileged Gateway Intents" in lines[0]


def test_a_server_the_bot_is_not_in_is_one_sentence_and_exit_6(deployment, monkeypatch, capfd):
    with fake_discord("no_guilds") as (base, seen):
        code, lines = run_against(base, monkeypatch, capfd)
    assert code == Exit.NOT_IN_SERVER == 6
    assert len(lines) == 1, lines
    assert "the bot is not in the server 4242 (DESKREVIEW_GUILD_ID)" in lines[0]
    assert "invite link" in lines[0]


def test_a_second_bot_on_the_same_database_is_refused(deployment, capfd):
    from bot import runlock

    with runlock.hold(deployment / "deskreview.sqlite3"):
        code = main(["run"])
    err = capfd.readouterr().err
    assert code == Exit.ALREADY_RUNNING
    assert err.count("\n") == 1 and "already running" in err


def test_doctor_fails_to_connect_in_the_same_plain_words(deployment, monkeypatch, capfd):
    with fake_discord("refuse_token") as (base, _seen):
        code, lines = run_against(base, monkeypatch, capfd, "doctor")
    assert code == Exit.TOKEN_REFUSED
    assert len(lines) == 1 and "Discord refused the bot token" in lines[0]
    code, lines = run_against(f"127.0.0.1:{free_port()}", monkeypatch, capfd, "doctor")
    assert code == Exit.UNREACHABLE and len(lines) == 1

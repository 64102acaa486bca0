"""The deployment files, read as Docker, Compose and systemd would read them."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import yaml

from bot.cli import build_parser
from bot.startup import Exit

ROOT = Path(__file__).resolve().parents[2]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the final stage, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.strip().startswith("#")]
    stages: list[list[tuple[str, str]]] = []
    for line in lines:
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            stages.append([])
        stages[-1].append((word.upper(), rest.strip()))
    return stages[-1]


def command_exists(argv: list[str]) -> None:
    assert argv[0] == "deskreview", argv
    build_parser().parse_args(argv[1:])


def test_the_image_is_small_runs_unprivileged_and_checks_its_health():
    final = dict(dockerfile())
    assert final["FROM"].startswith("python:3.11-slim")
    assert final["USER"] not in ("root", "0")
    assert "/data" in final["VOLUME"] and "DESKREVIEW_DATABASE=/data/" in final["ENV"]
    health = final["HEALTHCHECK"].split("CMD", 1)[1]
    command_exists(yaml.safe_load(health))
    command_exists(yaml.safe_load(final["CMD"]))


def test_compose_keeps_the_database_on_a_volume():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    service = compose["services"]["deskreview"]
    assert service["env_file"] == ".env" and service["restart"] == "unless-stopped"
    volume, mount = service["volumes"][0].split(":")
    assert volume in compose["volumes"] and mount == "/data"
    assert service["environment"]["DESKREVIEW_DATABASE"].startswith("/data/")


def test_the_systemd_unit_runs_the_bot_and_does_not_loop_on_bad_settings():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "deskreview.service")
    service = unit["Service"]
    start = shlex.split(service["ExecStart"])
    assert start[0].endswith("/deskreview")
    command_exists(["deskreview", *start[1:]])
    assert service["User"] != "root" and service["Restart"] == "on-failure"
    no_restart = {int(code) for code in service["RestartPreventExitStatus"].split()}
    assert {Exit.SETTINGS, Exit.TOKEN_REFUSED, Exit.INTENT_MISSING} <= no_restart
    assert Exit.UNREACHABLE not in no_restart
    assert unit["Install"]["WantedBy"] == "multi-user.target"

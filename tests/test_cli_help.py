"""Every command of `deskreview` says in its own `--help` what it does."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import pytest

from bot.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from commands(child, (*path, name))


def test_every_command_describes_itself_in_its_help(capsys):
    found = dict(commands(build_parser()))
    assert {("run",), ("db", "upgrade"), ("audit", "verify"), ("demo",), ("sandbox",)} <= set(found)
    for path in found:
        with pytest.raises(SystemExit):
            main([*path, "--help"])
        text = capsys.readouterr().out
        usage, _, rest = text.partition("\n\n")
        description = rest.split("\n\n")[0]
        assert description and not description.startswith(("positional", "options")), (
            path, text)


def test_the_sandbox_names_an_extra_the_project_has(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "bot.demo.sandbox", None)  # as if it could not be imported
    assert main(["sandbox"]) == 2
    said = capsys.readouterr().err
    assert "pip install -e '.[test]'" in said
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert "test" in extras

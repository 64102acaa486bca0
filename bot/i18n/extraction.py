"""Extraction of every translatable text with Babel, slash commands included.

Messages in code are marked ``_()``, ``_n()`` and ``_p()`` (see ``message.py``). The names,
descriptions and choices of the slash commands are read from the cog classes themselves, so
that choices built from data (clusters, statuses) are extracted too: names carry the context
``command name`` (Discord's rules for names apply), descriptions and choices ``command text``.
``babel.cfg`` maps the files; ``pybabel extract -F babel.cfg -k _n:1,2 -k _p:1c,2`` gives the
same template as ``deskreview i18n extract``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python

NAME, TEXT = "command name", "command text"
KEYWORDS: dict[str, Any] = {"_": None, "_n": (1, 2), "_p": ((1, "c"), 2)}
ROOT = Path(__file__).resolve().parents[2]
PROJECT = "deskreview"


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[Any]:
    """Babel extraction method for cog modules: their marked messages, then their commands."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    path = Path(getattr(fileobj, "name", "")).resolve()
    try:
        relative = path.relative_to(ROOT).with_suffix("")
    except ValueError:
        return
    module = importlib.import_module(".".join(relative.parts))
    for name, (_source, description) in getattr(module, "STAFF_GROUPS", {}).items():
        yield 0, "_p", (NAME, name), []
        yield 0, "_p", (TEXT, description), []
    for _name, value in inspect.getmembers(module):
        if type(value).__name__ in ("Command", "Group") and hasattr(value, "qualified_name"):
            yield from _command_strings(value)
    for _name, cls in inspect.getmembers(module, inspect.isclass):
        if cls.__module__ != module.__name__:
            continue
        group = getattr(cls, "__cog_group_name__", None)
        if getattr(cls, "__cog_is_app_commands_group__", False) and group:
            yield 0, "_p", (NAME, str(group)), []
            yield 0, "_p", (TEXT, str(getattr(cls, "__cog_group_description__", "…"))), []
        for command in getattr(cls, "__cog_app_commands__", ()):
            yield from _command_strings(command)


def _command_strings(command: Any) -> Iterator[Any]:
    yield 0, "_p", (NAME, str(command.name)), []
    description = getattr(command, "description", None)
    if description:
        yield 0, "_p", (TEXT, str(description)), []
    for child in getattr(command, "commands", ()):
        yield from _command_strings(child)
    for param in getattr(command, "_params", {}).values():
        yield 0, "_p", (NAME, str(param.display_name)), []
        if param.description:
            yield 0, "_p", (TEXT, str(param.description)), []
        for choice in param.choices or ():
            yield 0, "_p", (TEXT, str(choice.name)), []


def source_catalogue(root: Path = ROOT) -> Catalog:
    """Every message the code holds, as a template catalogue."""
    catalogue = Catalog(project=PROJECT, version=version("deskreview"), charset="utf-8",
                        copyright_holder="The deskreview team",
                        creation_date=datetime(2026, 12, 1, tzinfo=UTC))
    method_map = [("cogs/*.py", "bot.i18n.extraction.extract"),
                  ("**/tree.py", "bot.i18n.extraction.extract"), ("bot/**.py", "python"),
                  ("cogs/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, keywords=KEYWORDS, comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        if filename.startswith(("bot/data", "bot/demo")):
            continue
        catalogue.add(message, None, [(filename, lineno)], auto_comments=comments,
                      context=context, flags=_flags(message))
    return catalogue


def _flags(message: Any) -> tuple[str, ...]:
    text = " ".join(message) if isinstance(message, tuple) else message
    return ("python-brace-format",) if "{" in text else ()

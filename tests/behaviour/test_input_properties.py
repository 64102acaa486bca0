"""Generated input to every option of every command: never an incident, never an answer
Discord would refuse for its length, never a stored control character, never a ping.

Hypothesis generates the inputs (text with control, invisible and mention characters, dates of
any year, huge numbers, hostile file names) with a fixed seed and a bounded number of examples
per command, so the run is quick and the same every time; the real bot answers each through
SimCord in a review channel, as the secretariat (the chair for the chair's commands).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.inputs import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TITLE_LIMIT,
    MESSAGE_LIMIT,
)
from tests.behaviour.review_support import CHANNEL, open_triad, register
from tests.behaviour.test_access_refusals import leaf_commands

pytestmark = pytest.mark.usefixtures("answered_errors_only")

EXAMPLES = 4  # per command; each is a real interaction with the bot

PIECES = [
    "@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>", "<#1>", "\x00",
    "\x1b[2J", "\u200b", "\u200d\ufeff", "\u202e", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(1)",
    "\t", "\r\n", "9999-12-31", "0001-01-01T00:30+01:00", "9999-12-31T23:00-12:00",
    "2026-03-03T14:00 Europe/Vienna", "Pacific/Pago_Pago", "KEN", "AFRICA", "1h30", "../../x",
    "9" * 60, "é", "e\u0301", "\U0001f600",
]
HOSTILE = st.sampled_from(PIECES)
TARGETED = 2  # hostile pieces tried in each text or file option, rotating through PIECES
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(HOSTILE, st.text(max_size=8)), min_size=1, max_size=6).map("".join),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["x" * 5999, "9" * 6000, "K" * 1500, "\u200b" * 300]),
)
# values that pass each option's own rules, so that the hostile parts reach the real work
VALID: dict[str, Any] = {
    "party": "KEN", "sur": "KEN", "same_group": "GHA", "other_group": "FRA", "additional": "NGA",
    "requested_by": "KEN", "parties": "KEN", "start": "2026-03-03T14:00 Europe/Vienna",
    "duration": "60", "timezone": "Europe/Vienna", "due": "30", "article": "5",
    "slots": "2026-03-03T14:00 Europe/Vienna, 2026-03-04T14:00 Europe/Vienna",
    "link": "https://meet.example.org/room", "call": 1, "request": 1, "poll": 1, "slot": 1,
    "cluster": 1, "draw": "1",
}
FILE_NAMES = st.one_of(
    st.text(min_size=1, max_size=30),
    st.lists(HOSTILE, min_size=1, max_size=3).map(lambda p: "".join(p) + ".csv"),
)


def strategy(parameter: app_commands_parameter, world: Any) -> st.SearchStrategy[Any]:
    if parameter.choices:
        return st.sampled_from([c.value for c in parameter.choices])
    kind = parameter.type
    option = discord.AppCommandOptionType
    if kind in (option.user, option.mentionable):
        return st.sampled_from([world.secretary, world.chair, world.outsider])
    if kind is option.channel:
        return st.just(world.general)
    if kind is option.boolean:
        return st.booleans()
    if kind is option.attachment:
        return st.tuples(FILE_NAMES, st.binary(max_size=64))
    if kind is option.integer:
        low = int(parameter.min_value) if parameter.min_value is not None else -(2**53)
        high = int(parameter.max_value) if parameter.max_value is not None else 2**53
        return st.integers(low, high)
    if kind is option.number:
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    low, high = int(parameter.min_value or 1), int(parameter.max_value or 6000)  # lengths
    valid = VALID.get(parameter.name, "A question about article 5")
    hostile = st.tuples(st.just(valid), HOSTILE, st.booleans()).map(
        lambda v: v[1] + v[0] if v[2] else v[0] + " " + v[1])
    return st.one_of(TEXT, hostile, hostile).map(
        lambda t: (t or "x") * (low // max(1, len(t or "x")) + 1)).map(lambda t: t[:high])


app_commands_parameter = discord.app_commands.Parameter


_ROTATION = itertools.count()


def plausible(parameter: app_commands_parameter, world: Any) -> Any:
    if parameter.choices:
        return parameter.choices[0].value
    kind, option = parameter.type, discord.AppCommandOptionType
    if kind in (option.user, option.mentionable):
        return world.outsider
    if kind is option.boolean:
        return False
    if kind is option.attachment:
        return ("notes.txt", b"notes")
    if kind is option.channel:
        return world.general
    value = VALID.get(parameter.name, 1 if kind is option.integer else "A question on article 5")
    if kind is option.integer and parameter.min_value is not None:
        value = max(int(parameter.min_value), value)
    return value


def examples(command: Any, world: Any) -> list[dict[str, Any]]:
    """Generated option sets for this command (Hypothesis, derandomized): wholly generated
    ones, and for each text or file option one where every other option is plausible, so the
    hostile part reaches the command's real work."""
    found: list[dict[str, Any]] = []
    params = list(command.parameters)
    option = discord.AppCommandOptionType
    for target in params:
        if target.type not in (option.string, option.attachment) or target.choices:
            continue
        for _ in range(TARGETED):
            piece = PIECES[next(_ROTATION) % len(PIECES)]
            options = {p.name: plausible(p, world) for p in params}
            if target.type is option.attachment:
                options[target.name] = (piece + ".txt", b"data")
            else:
                good = str(options[target.name])
                joined = piece + good if len(found) % 2 else good + " " + piece
                options[target.name] = joined[: int(target.max_value or 6000)]
            found.append(options)

    @settings(max_examples=EXAMPLES, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        options = {}
        for p in params:
            if p.required or data.draw(st.booleans()):
                options[p.name] = data.draw(strategy(p, world), label=p.name)
        found.append(options)

    draw()
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        out = [value]
        if value[:1] in "{[":
            try:
                out.extend(_strings(json.loads(value)))
            except ValueError:
                pass
        return out
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def stored_controls(database: Path) -> list[tuple[str, str]]:
    bad = []
    with sqlite3.connect(database) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in raw.execute(f"SELECT * FROM {table}"):  # noqa: S608 - our own tables
                for text in (s for v in row for s in _strings(v)):
                    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"
                           for c in text):
                        bad.append((table, text[:60]))
    return bad


def body_problems(body: Any, known_users: set[str]) -> list[str]:
    """What in a REST body would break a Discord limit or ping someone."""
    found = []
    data = body.get("data", body) if isinstance(body, dict) else {}
    if not isinstance(data, dict):
        return found
    if len(data.get("content") or "") > MESSAGE_LIMIT:
        found.append(f"content of {len(data['content'])} characters")
    for embed in data.get("embeds") or []:
        if len(embed.get("description") or "") > EMBED_DESCRIPTION_LIMIT:
            found.append("embed description too long")
        if len(embed.get("title") or "") > EMBED_TITLE_LIMIT:
            found.append("embed title too long")
        for f in embed.get("fields") or []:
            if len(f.get("value") or "") > EMBED_FIELD_VALUE_LIMIT:
                found.append("embed field too long")
    mentions = data.get("allowed_mentions")
    if (data.get("content") or data.get("embeds")) and mentions is None:
        found.append("a message without allowed_mentions")
    if isinstance(mentions, dict):
        if set(mentions.get("parse") or []) & {"everyone", "roles", "users"}:
            found.append(f"allowed_mentions parses {mentions['parse']}")
        stray = {str(u) for u in mentions.get("users") or []} - known_users
        if stray:
            found.append(f"pings users the bot does not know: {stray}")
    name = data.get("name")
    if isinstance(name, str) and any(m in name for m in ("@everyone", "@here", "<@", "<#")):
        found.append(f"a name carrying a mention: {name!r}")
    return found


async def registered(world: Any) -> set[str]:
    """The people the bot may mention: those registered for a State party."""
    async with world.bot.services.store.read() as tx:
        rows = await tx.fetchall("SELECT user_id FROM people")
    return {str(r["user_id"]) for r in rows}


async def test_generated_input_to_every_option_of_every_command(world, settings):
    people = {}
    for name, party, role in (("ken", "KEN", "focal_point"), ("gha", "GHA", "focal_point"),
                              ("fra", "FRA", "focal_point")):
        people[name] = world.member(name)
        await register(world, people[name], party, role)
    await open_triad(world)
    room = world.guild.channels[CHANNEL]
    # something for the commands that act on a request, a call or a poll (number 1 each)
    asked = await people["fra"].slash(room, "clarify ask", question="Does article 5 apply?")
    assert "CR-1" in (asked.followups[-1].content if asked.followups else asked.response.content)
    for command, extra in (("call schedule", {"start": "2026-03-03T14:00 Europe/Vienna"}),
                           ("call propose", {"slots": VALID["slots"]})):
        await people["ken"].slash(room, command, title="Dialogue", duration="60", **extra)
    commands = leaf_commands(world.bot.tree)
    assert len(commands) >= 40
    known = await registered(world) | {str(world.bot.user.id)}
    ran, problems = 0, []
    for name, command in sorted(commands.items()):
        chair = name.startswith("draw")
        who, where = (world.chair, world.draws) if chair else (world.secretary, room)
        for options in examples(command, world):
            since = len(world.env.http_requests)
            result = await who.slash(where, name, **options)
            ran += 1
            texts = [result.response.content if result.response else ""]
            texts += [f.content for f in result.followups]
            for text in texts:
                if "incident" in (text or ""):
                    problems.append(f"/{name} {options!r}: {text[:200]}")
            known |= await registered(world)  # ever registered: cards keep naming them
            for entry in world.env.http_requests[since:]:
                for problem in body_problems(entry.json, known):
                    problems.append(f"/{name}: {entry.method} {entry.path}: {problem}")
    assert ran >= 40 * EXAMPLES // 2
    assert problems == [], "\n".join(problems[:20])
    assert stored_controls(Path(settings.database)) == []

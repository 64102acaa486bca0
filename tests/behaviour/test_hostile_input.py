"""Input that could hurt gets a plain answer and changes nothing (issue: crashing inputs,
wrong acceptances, answers too long for Discord, spreadsheet formulas)."""

from __future__ import annotations

import csv

import pytest

from tests.behaviour.review_support import CHANNEL, open_triad, register

pytestmark = pytest.mark.usefixtures("answered_errors_only")

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff \u00ad\u3164"


def said(result) -> str:
    return result.followups[-1].content if result.followups else result.response.content


async def audit_size(world) -> int:
    async with world.bot.services.store.read() as tx:
        row = await tx.fetchone("SELECT count(*) AS n FROM audit_log")
    return int(row["n"])


async def assert_plain_and_unchanged(world, result, *needles: str) -> None:
    text = said(result)
    assert result.ephemeral and "incident" not in text, text
    assert len(text) <= 2000
    assert "Nothing was changed" in text or any(n in text for n in needles), text


@pytest.fixture
async def people(world):
    found = {}
    for name, party, role in (("ken", "KEN", "focal_point"), ("gha", "GHA", "focal_point"),
                              ("fra", "FRA", "focal_point")):
        found[name] = world.member(name)
        await register(world, found[name], party, role)
    await open_triad(world)
    return found


async def test_the_crashing_inputs_get_a_plain_answer_and_change_nothing(world, people):
    room = world.guild.channels[CHANNEL]
    before = await audit_size(world)
    for start in ("9999-12-31", "0001-01-01", "2101-01-01"):
        result = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                             sur="AUT", cluster=2, start=start)
        await assert_plain_and_unchanged(world, result, "between the years 2000 and 2100")
    for start in ("9999-12-31T23:00-12:00", "9999-12-31T23:30 Pacific/Pago_Pago",
                  "0001-01-01T00:30+01:00"):
        result = await people["ken"].slash(room, "call schedule", title="Dialogue",
                                           start=start, duration="60")
        await assert_plain_and_unchanged(world, result, "between the years 2000 and 2100")
    result = await people["ken"].slash(room, "call schedule", title="Dialogue",
                                       start="2026-03-03T14:00 Europe/Vienna",
                                       duration="9" * 6000)
    await assert_plain_and_unchanged(world, result, "at most 8 hours")
    assert await audit_size(world) == before
    assert not any(m.content.startswith("Conference call") for m in room.history())


async def test_text_of_invisible_characters_or_control_characters_is_refused(world, people):
    room = world.guild.channels[CHANNEL]
    before = await audit_size(world)
    attempts = [
        (world.secretary, world.secretariat_channel, "registry set",
         {"party": "AUT", "field": "name", "value": INVISIBLE}),
        (world.secretary, world.secretariat_channel, "registry set",
         {"party": "AUT", "field": "name", "value": "Aus\x00tria"}),
        (people["fra"], room, "clarify ask", {"question": INVISIBLE}),
        (people["fra"], room, "clarify ask", {"question": "Why\x1b[2J?"}),
        (people["ken"], room, "call schedule",
         {"title": INVISIBLE, "start": "2026-03-03T14:00 Europe/Vienna", "duration": "60"}),
        (world.chair, world.draws, "draw-admin open",
         {"title": INVISIBLE * 2, "parties": "KEN", "cluster": 1}),
    ]
    for who, where, command, options in attempts:
        result = await who.slash(where, command, **options)
        await assert_plain_and_unchanged(world, result)
        assert "is empty" in said(result) or "control character" in said(result), said(result)
    assert await audit_size(world) == before
    assert room.threads == [] and world.draws.last_message is None


async def test_an_echo_of_a_huge_input_is_shortened_and_delivered(world):
    result = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                         sur="K" * 1500, cluster=1)
    text = said(result)
    assert "No State party with the code" in text and len(text) < 400
    result = await world.secretary.slash(world.secretariat_channel, "party show",
                                         party="@everyone " + "Z" * 1900)
    assert len(said(result)) <= 2000 and "@everyone" not in said(result)


async def test_no_exported_cell_can_run_as_a_formula_file_names_included(world, people):
    room = world.guild.channels[CHANNEL]
    asked = await people["fra"].slash(room, "clarify ask", question="+Is article 5 covered?",
                                      attachment=('=HYPERLINK(A1;"y").txt', b"x"))
    assert "CR-1" in said(asked)
    thread = room.threads[0]
    await people["ken"].slash(thread, "clarify answer", text="@SUM(1+1) yes",
                              attachment=("-notes.txt", b"n"))
    export = await people["gha"].slash(room, "clarify export")
    message = export.followups[-1] if export.followups else export.response
    (csv_file,) = [a for a in message.attachments if a.filename.endswith(".csv")]
    table = (await csv_file.read()).decode("utf-8-sig")
    cells = [cell for row in csv.reader(table.splitlines()) for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells
    assert "'+Is article 5 covered?" in cells and "'@SUM(1+1) yes" in cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)

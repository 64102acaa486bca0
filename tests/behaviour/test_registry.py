"""The registry, as the secretariat, the experts and everyone else see it in Discord."""

from __future__ import annotations

import csv
import io
import json

from bot.domain.errors import InputError
from bot.domain.handoffs import PARTIES_CHANGED
from bot.domain.parties_csv import parse_parties_csv

SECRETARIAT_ONLY = "needs the secretariat role"


def input_errors_only(world, count: int) -> None:
    """The refusals seen in the test were bad input answered plainly, never a crash."""
    causes = [e.__cause__ or e for e in world.env.errors]
    assert len(causes) == count and all(isinstance(c, InputError) for c in causes), causes


def answer(result) -> str:
    """What the person sees in reply (a deferred command answers in a follow-up)."""
    if result.followups:
        return result.followups[-1].content
    return result.response.content


async def export(world) -> bytes:
    result = await world.secretary.slash(world.secretariat_channel, "registry export")
    assert result.ephemeral
    (attachment,) = result.response.attachments
    assert attachment.filename.endswith(".csv")
    return await attachment.read()


def edit_csv(data: bytes, changes: dict[tuple[str, str], str]) -> bytes:
    """The same file with some cells changed: {(code, column): new value}."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        for (code, column), value in changes.items():
            if row[0] == code:
                row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def line_of(data: bytes, code: str) -> int:
    lines = data.decode("utf-8-sig").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if text.startswith(code + ","))


def dms(member) -> list[str]:
    return [m.content for m in member.user.dm_channel.history()]


async def show(world, who, party: str):
    result = await who.slash(world.general, "party show", party=party)
    assert result.ephemeral
    return result


def embed_text(result) -> str:
    (embed,) = result.response.embeds
    return "\n".join([embed.title or ""] + [f"{f.name}: {f.value}" for f in embed.fields])


# --------------------------------------------------------------------------- parties


async def test_a_file_with_errors_is_refused_whole_with_line_numbers(world):
    before = await export(world)
    bad = edit_csv(before, {
        ("FRA", "name"): "République française",  # a good change, which must not be applied
        ("KEN", "timezone"): "Africa/Nairobbi",
        ("CIV", "uncac"): "maybe",
    })
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.csv", bad))
    assert result.ephemeral
    text = answer(result)
    assert "The file was not imported. Nothing was changed." in text
    kenya = line_of(bad, "KEN")
    assert f"Line {kenya}, column timezone: “Africa/Nairobbi” is not a time zone" in text
    assert f"Line {line_of(bad, 'CIV')}, column uncac" in text
    assert "France (FRA)" in embed_text(await show(world, world.secretary, "FRA"))
    assert await export(world) == before
    input_errors_only(world, 1)


async def test_a_long_list_of_problems_fits_one_screen_and_counts_the_rest(world):
    before = await export(world)
    codes = [r.split(",")[0] for r in before.decode("utf-8-sig").splitlines()[1:41]]
    bad = edit_csv(before, {(code, "timezone"): "Nowhere/Town" for code in codes})
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.csv", bad))
    text = answer(result)
    assert len(text) < 2000
    assert text.count("is not a time zone") <= 15
    shown = text.count("is not a time zone")
    assert f"… and {40 - shown} more problems." in text
    assert await export(world) == before
    input_errors_only(world, 1)


async def test_a_good_file_is_applied_audited_and_exports_back_unchanged(world):
    before = await export(world)
    good = edit_csv(before, {("FRA", "legal_system"): "civil", ("FRA", "unconfirmed"): ""})
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("registry.CSV", good))
    assert answer(result).startswith("Imported: 0 added, 1 changed, 0 removed.")
    shown = embed_text(await show(world, world.outsider, "FRA"))
    assert "Legal system: civil law" in shown
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=5)
    assert "**registry.import** parties" in audit.response.content

    # the secretariat sets one field; export, import the export: nothing changes
    result = await world.secretary.slash(world.secretariat_channel, "registry set", party="KEN",
                                         field="legal", value="common + customary")
    assert result.ephemeral
    assert result.response.content == (
        "Kenya (KEN): legal system set to **common law + customary law** (was not recorded). "
        "Recorded in the audit log."
    )
    exported = await export(world)
    kenya = next(p for p in parse_parties_csv(exported).parties if p.code == "KEN")
    assert [f.value for f in kenya.legal] == ["common", "customary"]
    assert "legal_system" in kenya.provenance.edited
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.csv", exported))
    assert answer(result).startswith("The file matches the registry; nothing needed to change.")
    assert await export(world) == exported


def without(data: bytes, code: str) -> bytes:
    lines = data.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(x for x in lines if not x.startswith(code + ",")).encode("utf-8")


async def test_parties_left_out_of_a_file_are_kept_unless_removal_is_asked(world):
    before = await export(world)
    amina = world.member("amina")
    await world.secretary.slash(world.secretariat_channel, "expert add", member=amina,
                                party="KEN", role="expert",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    short = without(without(before, "KEN"), "AND")
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.csv", short))
    assert answer(result) == (
        "The file matches the registry; nothing needed to change. 2 parties are not in the "
        "file and kept as before (AND, KEN); to remove parties, import the file again with "
        "remove_missing set to True. The registry now has 192 parties."
    )
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.csv", short), remove_missing=True)
    assert "still have registered people: KEN" in answer(result)
    assert await export(world) == before
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.csv", without(before, "AND")),
                                         remove_missing=True)
    assert answer(result).startswith("Imported: 0 added, 0 changed, 1 removed.")
    assert answer(result).endswith("The registry now has 191 parties.")
    missing = await world.outsider.slash(world.general, "party show", party="AND")
    assert missing.response.content.startswith("There is no party “AND”")
    input_errors_only(world, 2)


async def test_set_explains_a_bad_value_and_refuses_a_name_clash(world):
    result = await world.secretary.slash(world.secretariat_channel, "registry set", party="KEN",
                                         field="timezone", value="Nairobi")
    assert result.ephemeral
    assert "Did you mean Africa/Nairobi?" in result.response.content
    assert "Nothing was changed." in result.response.content
    result = await world.secretary.slash(world.secretariat_channel, "registry set", party="KEN",
                                         field="name", value="france")
    assert "already used by France (FRA)" in result.response.content
    assert "Kenya (KEN)" in embed_text(await show(world, world.outsider, "KEN"))
    input_errors_only(world, 2)


async def test_show_gives_the_entry_with_its_provenance_to_anyone(world):
    result = await show(world, world.outsider, "Côte d'Ivoire")
    text = embed_text(result)
    assert text.startswith("Côte d'Ivoire (CIV)")
    assert "Legal system: civil law + customary law" in text
    assert "Smuggling of Migrants Protocol: not party (unconfirmed)" in text
    assert "Source: parties-draft.csv" in text and "as of 2026-11-26" in text
    assert "Unconfirmed: Smuggling of Migrants Protocol." in text


async def test_party_codes_and_names_autocomplete(world):
    choices = await world.outsider.autocomplete(world.general, "party show", "party", "ken")
    assert {"name": "Kenya (KEN)", "value": "KEN"} in choices
    choices = await world.outsider.autocomplete(world.general, "party show", "party", "ivoire")
    assert [c["value"] for c in choices] == ["CIV"]
    choices = await world.outsider.autocomplete(world.general, "party show", "party", "")
    assert len(choices) == 25
    choices = await world.secretary.autocomplete(world.secretariat_channel, "registry set", "value",
                                                 "nairo", party="KEN", field="timezone")
    assert [c["value"] for c in choices] == ["Africa/Nairobi"]


async def test_an_unknown_party_gets_a_clear_answer(world):
    result = await world.outsider.slash(world.general, "party show", party="XYZ")
    assert result.ephemeral
    assert result.response.content.startswith("There is no party “XYZ” in the registry.")
    input_errors_only(world, 1)


async def test_import_refuses_files_that_are_not_csv_or_too_large(world):
    before = await export(world)
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("parties.xlsx", before))
    assert result.ephemeral
    assert "is not a CSV file" in answer(result)
    result = await world.secretary.slash(world.secretariat_channel, "registry import",
                                         file=("big.csv", before + b" " * 1_000_000))
    assert "the limit is 1,000,000 bytes" in answer(result)
    input_errors_only(world, 2)


async def test_provenance_counts_unconfirmed_values_by_source(world):
    result = await world.secretary.slash(world.secretariat_channel, "registry provenance")
    assert result.ephemeral
    (embed,) = result.response.embeds
    assert embed.description.startswith("192 parties;")
    assert "Source: parties-draft.csv" in embed.description
    assert "as of 2026-11-26: 192 parties" in embed.description


async def test_only_the_secretariat_changes_the_registry(world):
    for command, options in (("registry set", {"party": "KEN", "field": "uncac", "value": "no"}),
                             ("registry export", {}), ("registry provenance", {}),
                             ("expert list", {})):
        result = await world.chair.slash(world.general, command, **options)
        assert result.ephemeral and SECRETARIAT_ONLY in result.response.content


# --------------------------------------------------------------------------- people


async def test_an_expert_can_show_but_not_set_and_is_told_what_they_can_do(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    amina = world.member("amina")
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=amina, party="KEN", role="expert",
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert result.ephemeral
    assert result.response.content.startswith(
        f"{amina.mention} is now appointed as an expert of Kenya (KEN) for all of its reviews, "
        "on note verbale NV/2025/1 of 15 Jun 2020.")
    assert "told by direct message" in result.response.content
    (notice,) = dms(amina)
    assert "registered you as an **expert** of Kenya (KEN)" in notice
    assert "What you can see" in notice and "What you can do" in notice
    assert "<@" not in notice  # nobody else is named
    assert "Kenya (KEN)" in embed_text(await show(world, amina, "KEN"))
    refused = await amina.slash(world.general, "registry set", party="KEN", field="uncac",
                                value="no")
    assert refused.ephemeral and SECRETARIAT_ONLY in refused.response.content


async def test_naming_a_second_focal_point_replaces_the_first(world):
    first, second = world.member("first"), world.member("second")
    await world.secretary.slash(world.secretariat_channel, "expert add", member=first,
                                party="KEN", role="focal_point",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=second, party="KEN", role="focal_point",
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert f"{first.mention} was the focal point there and is now an expert" in (
        result.response.content)
    listing = await world.secretary.slash(world.secretariat_channel, "expert list", party="KEN")
    assert listing.ephemeral
    assert listing.response.content == (
        f"**Kenya (KEN)**\n{second.mention}: focal point, for all of its reviews; note verbale "
        f"NV/2025/1 of 15 Jun 2020\n{first.mention}: expert, for all of its reviews; note "
        "verbale NV/2025/1 of 15 Jun 2020"
    )
    assert "named a new focal point for Kenya (KEN)" in dms(first)[-1]
    assert second.mention not in dms(first)[-1]
    assert "registered you as the **focal point** of Kenya (KEN)" in dms(second)[0]
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=3)
    assert f"**expert.role** KEN {first.mention}" in audit.response.content
    # the review channels follow the registry through a hand-off, done at once
    async with world.bot.services.store.read() as tx:
        handed = await tx.fetchall("SELECT payload, status FROM jobs WHERE kind = ? "
                                   "ORDER BY id", (PARTIES_CHANGED,))
    last = json.loads(handed[-1]["payload"])
    assert (last["parties"], last["users"], last["people"]) == (["KEN"], [second.id, first.id],
                                                                True)
    assert handed[-1]["status"] == "done"


async def test_a_member_serves_one_party_only(world):
    amina = world.member("amina")
    await world.secretary.slash(world.secretariat_channel, "expert add", member=amina,
                                party="KEN", role="observer",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=amina, party="FRA", role="expert",
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert result.ephemeral
    assert result.response.content.startswith(
        f"{amina.mention} already serves Kenya (KEN). A person serves one State party only"
    )
    listing = await world.secretary.slash(world.secretariat_channel, "expert list")
    assert listing.response.content == (
        f"**Kenya (KEN)**\n{amina.mention}: observer, for all of its reviews; note verbale "
        "NV/2025/1 of 15 Jun 2020"
    )
    assert len(dms(amina)) == 1
    input_errors_only(world, 1)


async def test_removal_is_announced_and_closed_dms_do_not_block_a_change(world):
    amina = world.member("amina")
    world.env.inject_error("POST", f"/channels/{amina.user.dm_channel.id}/messages",
                           status=403, code=50007, message="Cannot send messages to this user")
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=amina, party="KEN", role="expert",
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert "Their direct messages are closed" in result.response.content
    assert dms(amina) == []
    result = await world.secretary.slash(world.secretariat_channel, "expert remove",
                                         member=amina, party="FRA")
    assert "is not appointed for France (FRA). Nothing was changed." in result.response.content
    result = await world.secretary.slash(world.secretariat_channel, "expert remove",
                                         member=amina, party="KEN")
    assert result.response.content.startswith(
        f"{amina.mention} no longer serves Kenya (KEN) in any review")
    assert "removed you from the registered people of Kenya (KEN)" in dms(amina)[-1]
    listing = await world.secretary.slash(world.secretariat_channel, "expert list")
    assert listing.response.content == "No one is appointed for any State party yet."
    input_errors_only(world, 1)


async def test_the_registry_and_people_survive_a_restart(world, bot_factory):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    amina = world.member("amina")
    await world.secretary.slash(world.secretariat_channel, "expert add", member=amina,
                                party="KEN", role="focal_point",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    before = await export(world)
    await world.env.restart_bot(bot_factory())
    assert await export(world) == before
    refused = await amina.slash(world.general, "registry set", party="KEN", field="uncac",
                                value="no")
    assert SECRETARIAT_ONLY in refused.response.content
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=50)
    assert audit.response.content.count("registry.seed") == 1

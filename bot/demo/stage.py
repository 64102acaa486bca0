"""The simulated server of the demonstration: its people, a draw, and a review channel."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.app import DeskReviewBot
from bot.demo.record import Transcript

SURS = ("KEN", "AUT")
OUTSIDE_PARTY = "BRA"


@dataclass
class Stage:
    guild: Any
    general: Any
    draws: Any
    chair: Any
    secretary: Any
    passer_by: Any
    channel: Any
    draw: str
    first: str
    second: str
    people: dict[str, Any] = field(default_factory=dict)


def _last(channel: Any) -> discord.Message:
    history = channel.history()
    if not history:
        raise RuntimeError(f"nothing was posted in #{channel.name}")
    return history[-1]


def text_of(message: Any) -> str:
    """A message as a person reads it: its text, then its cards."""
    if message is None:
        return ""
    parts = [message.content or ""]
    for embed in getattr(message, "embeds", []) or []:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{field.name}: {field.value}" for field in embed.fields]
    return "\n".join(p for p in parts if p)


def answer_of(result: Any) -> str:
    if result.followups:
        return text_of(result.followups[-1])
    return text_of(result.response)


def grant_staff_commands(env: Any, guild: Any, *targets: Any) -> None:
    """What the server's administrator does in Server Settings → Integrations: allow the
    staff-only commands (hidden by default) for these roles, members or ``@everyone``."""
    for command in env.backend.commands.get(None, {}).values():
        if command.get("default_member_permissions") not in (None, "0"):
            guild.set_command_permissions(int(command["id"]),
                                          {target: True for target in targets})


async def set_stage(env: Any, bot: DeskReviewBot, story: Transcript) -> Stage:
    guild = env.create_guild(name="UNTOC review mechanism (simulated)")
    chair_role = guild.create_role("Chair")
    secretariat_role = guild.create_role("Secretariat")
    general = guild.create_text_channel("general")
    guild.create_text_channel("secretariat")
    draws = guild.create_text_channel("draws")
    guild.create_text_channel("audit-checkpoints")
    chair = guild.add_member(env.create_user("chair"), roles=[chair_role])
    secretary = guild.add_member(env.create_user("secretary"), roles=[secretariat_role])
    passer_by = guild.add_member(env.create_user("passer-by"))
    for member in (chair, secretary, passer_by):
        story.names[member.id] = member.name
    await env.settle()
    grant_staff_commands(env, guild, chair_role, secretariat_role)

    story.step("The registry, seeded from the bundled draft", bot.clock.now())
    shown = await passer_by.slash(general, "party show", party="KEN")
    story.saw("passer-by (/party show KEN)", answer_of(shown), 300)
    provenance = await secretary.slash(general, "registry provenance")
    story.saw("secretary (/registry provenance)", answer_of(provenance), 300)

    story.step("The chair opens a draw; the manifest is published", bot.clock.now())
    opened = await chair.slash(general, "draw-admin open", title="Demonstration draw, cluster 1",
                               parties=", ".join(SURS), cluster=1)
    story.saw("chair", answer_of(opened), 300)
    manifest_post = _last(draws)
    story.saw("everyone in #draws", manifest_post.content, 300)
    draw_id = re.search(r"\*\*([^*]+)\*\*", answer_of(opened))
    if draw_id is None:
        raise RuntimeError("the draw id was not announced")
    draw = draw_id.group(1)

    story.step("Beacon round 123 is replayed from the recording; results posted",
               bot.clock.now())
    await env.advance_time(20 * 60)
    result_post = _last(draws)
    story.saw("everyone in #draws", result_post.content, 400)
    reviews = await bot.services.reviews.views()  # type: ignore[union-attr]
    review = next(v for v in reviews if v.sur.code == SURS[0])
    first, second = review.reviewer_codes[:2]
    story.note(f"Review opened: {review.sur.code} is reviewed by {first} and {second}.")

    story.step("The secretariat registers the people of five parties", bot.clock.now())
    people: dict[str, Any] = {}
    cast = [("ken-focal", SURS[0], "focal_point"), ("ken-expert", SURS[0], "expert"),
            (f"{first.lower()}-focal", first, "focal_point"),
            (f"{second.lower()}-focal", second, "focal_point"),
            (f"{second.lower()}-observer", second, "observer"),
            ("aut-focal", SURS[1], "focal_point"),
            (f"{OUTSIDE_PARTY.lower()}-expert", OUTSIDE_PARTY, "expert")]
    for name, party, role in cast:
        if party == SURS[1] and party in (first, second):
            continue
        member = guild.add_member(env.create_user(name))
        story.names[member.id] = name
        people[name] = member
        added = await secretary.slash(general, "expert add", member=member, party=party,
                                      role=role,
                                      note_verbale="NV/2025/1", note_date="2020-06-15")
        story.saw(f"secretary (/expert add {name})", answer_of(added).split("\n")[0], 200)
    await env.settle()

    channel = next(c for c in guild.channels.values()
                   if c.name and c.name.startswith(SURS[0].lower() + "-"))
    story.step(f"Confidentiality of #{channel.name}", bot.clock.now())
    seen, unseen = [], []
    for name, member in [*people.items(), ("secretary", secretary), ("passer-by", passer_by),
                         ("chair", chair)]:
        try:
            channel.history(viewer=member)
            seen.append(name)
        except Exception:  # SimCord refuses a viewer who cannot read the channel
            unseen.append(name)
    story.note("can read it: " + ", ".join(seen))
    story.note("cannot see it at all: " + ", ".join(unseen))
    story.facts["outsiders_saw_review_channel"] = [n for n in seen
                                                   if n in ("passer-by", "chair",
                                                            f"{OUTSIDE_PARTY.lower()}-expert")]

    return Stage(guild, general, draws, chair, secretary, passer_by, channel, draw, first,
                 second, people)

"""Helpers for the review behaviour tests."""

from __future__ import annotations

from simcord import SetupError

CHANNEL = "ken-criminalization"
REASON = "Agreed with the States concerned at the intersessional meeting"


async def register(world, member, party: str, role: str) -> None:
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=member, party=party, role=role,
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert " is now " in result.response.content, result.response.content


async def open_triad(world, sur: str = "KEN", same: str = "GHA", other: str = "FRA"):
    opened = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                         sur=sur, cluster=1)
    assert opened.ephemeral and "is open from 2026-01-01" in opened.response.content
    assigned = await world.secretary.slash(world.secretariat_channel, "review-admin assign",
                                           sur=sur, cluster=1, same_group=same, other_group=other,
                                           reason=REASON)
    assert "Reviewing States of" in assigned.response.content, assigned.response.content


def sees(channel, member) -> bool:
    """Whether the member can open the channel and read its history in their client."""
    try:
        channel.history(viewer=member)
    except SetupError:
        return False
    return True


def rest_calls(world, since: int) -> list[str]:
    """REST requests of the bot since `since`, other than answering the command itself."""
    return [f"{e.method} {e.path}" for e in world.env.http_requests[since:]
            if not e.path.startswith(("/interactions/", "/webhooks/"))]


def card_of(channel):
    (card,) = channel.pinned_messages()
    return card

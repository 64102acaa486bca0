"""Reviews waiting for room: when the server holds Discord's 500 channels, a review that cannot
get one is recorded as waiting (a row), told once, and served in the order it was opened as
soon as room is made; the requester hears when its channel exists."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.reviews import GUILD_CHANNEL_MAX
from bot.i18n import Day, Msg, Verbatim, _
from bot.services.reviews._views import ReviewView


class Placement(BaseModel):
    """Where a review's channel stands right after it was looked at."""

    model_config = ConfigDict(frozen=True)
    channel_id: int | None = None
    waiting: int | None = None  # its place in line (1 = next) when the server is full
    refused: bool = False  # Discord refused just now; retried automatically


def requester(view: ReviewView) -> tuple[int, ...]:
    who = view.review.created_by
    return (int(who),) if who.isdigit() else ()


def waits_notice(view: ReviewView, place: int, count: int) -> Msg:
    return _("The review of {state} in cluster {cluster} waits for a channel: the server holds "
             "{count} of Discord's {max} channels. It is number {place} in line and gets its "
             "channel as soon as room is made — when the channel of a closed review leaves the "
             "server at the end of its retention period (`/review-admin archive` does it now), "
             "or when any channel is deleted.",
             state=view.sur.label, cluster=view.review.cluster, count=count,
             max=GUILD_CHANNEL_MAX, place=place)


def served_notice(view: ReviewView, channel_id: int, since: datetime) -> Msg:
    people = " ".join(f"<@{u}>" for u in requester(view))
    return _("{who}The review of {state} in cluster {cluster} has its channel now: {channel} "
             "(it waited for room from {day}).",
             who=Verbatim(people + " " if people else ""), state=view.sur.label,
             cluster=view.review.cluster, channel=Verbatim(f"<#{channel_id}>"),
             day=Day(since.date()))


def opened_reply(view: ReviewView, placed: Placement, count: int) -> Msg:
    """The answer to `/review-admin open`: true about the channel, whatever happened."""
    head = _("The review of {state} in cluster {cluster} is open from {start}.",
             state=view.sur.label, cluster=view.review.cluster,
             start=Verbatim(view.review.start.isoformat()))
    if placed.channel_id is not None:
        tail = _("Its channel: {channel}. Name its reviewing States with "
                 "`/review-admin assign` unless a draw does.",
                 channel=Verbatim(f"<#{placed.channel_id}>"))
    elif placed.waiting is not None:
        tail = _("It has no channel yet: the server holds {count} of Discord's {max} channels. "
                 "The review is recorded and is number {place} in line; its channel is made as "
                 "soon as room is made, and you are told in the secretariat channel.",
                 count=count, max=GUILD_CHANNEL_MAX, place=placed.waiting)
    else:
        tail = _("Discord refused to make its channel just now; the bot tries again within "
                 "minutes and tells the secretariat if it keeps failing.")
    return _("{head} {tail}", head=head, tail=tail)

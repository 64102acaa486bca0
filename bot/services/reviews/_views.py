"""A review with everything around it (its States, their people, its channel) and its card.

``ReviewView`` is what the status card, the reminders, the reconciler and the status lists
read. It is loaded from rows in one consistent read and never changes afterwards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.mechanism import Cluster, Instrument
from bot.domain.parties import Party
from bot.domain.reviews import (
    Deadline,
    DeadlineKey,
    ReviewFacts,
    channel_name,
    deadlines,
    local_instant,
    next_deadline,
)
from bot.domain.reviews import Party as Audience
from bot.domain.timefmt import discord_ts
from bot.i18n import Language, Msg, Verbatim, _, lines, render, render_all
from bot.ports import Card, OutMessage
from bot.services.reviews._text import (
    CLUSTER,
    DEADLINE,
    DEADLINE_HEADING,
    INSTRUMENT,
    STAGE,
    articles,
    long_day,
    review_label,
)
from storage.appointments import people_in_review
from storage.db import Tx
from storage.languages import review_languages
from storage.parties import get_party
from storage.people import Person
from storage.reviews import ChannelRow, Review, Reviewer, review_channel, reviewers_of

REMINDER_HOUR = 9  # local hour of reminders and of the deadline shown on the card

_SLOT_TEXT = {"same_group": _("same regional group"), "other_group": _("another regional group")}


@dataclass(frozen=True)
class ReviewView:
    review: Review
    sur: Party
    reviewers: tuple[tuple[Reviewer, Party], ...]
    people: tuple[Person, ...]
    channel: ChannelRow | None
    languages: tuple[Language, ...] = (Language.EN,)

    @property
    def id(self) -> int:
        return self.review.id

    @property
    def cluster(self) -> Cluster:
        return Cluster(self.review.cluster)

    @property
    def reviewer_codes(self) -> tuple[str, ...]:
        return tuple(r.party for r, _ in self.reviewers)

    @property
    def states(self) -> tuple[str, ...]:
        return (self.sur.code, *self.reviewer_codes)

    @property
    def label(self) -> Msg:
        """'KEN, cluster 1' — short, for reminders and lists."""
        return review_label(self.sur.code, self.review.cluster)

    @property
    def channel_name(self) -> str:
        return channel_name(self.sur.code, self.cluster.slug)

    @property
    def channel_id(self) -> int | None:
        return self.channel.channel_id if self.channel else None

    @property
    def scope(self) -> dict[Instrument, tuple[int, ...]]:
        return self.sur.review_scope(self.review.cluster)

    def people_of(self, code: str) -> list[Person]:
        return [p for p in self.people if p.party == code]

    def focal_point_ids(self, codes: Iterable[str]) -> tuple[int, ...]:
        wanted = set(codes)
        return tuple(p.user_id for p in self.people
                     if p.party in wanted and p.role == "focal_point")

    @property
    def facts(self) -> ReviewFacts:
        states = self.states
        roles = {(p.party, p.role) for p in self.people}
        return ReviewFacts(
            start=self.review.start, stage=self.review.stage,
            answers_received=self.review.answers_received,
            focal_points_appointed=all((s, "focal_point") in roles for s in states),
            experts_appointed=all((s, "expert") in roles for s in states),
        )

    def audience_codes(self, who: Audience) -> tuple[str, ...]:
        if who is Audience.SUR:
            return (self.sur.code,)
        if who is Audience.REVIEWERS:
            return self.reviewer_codes
        if who is Audience.ALL:
            return self.states
        return ()

    def deadline_zone(self, deadline: Deadline, default_zone: str) -> str:
        """The State under review's zone for its own deadline; the secretariat's otherwise."""
        return self.sur.timezone if deadline.who is Audience.SUR else default_zone

    def next_deadline(self, today: date) -> Deadline | None:
        return next_deadline(self.facts, today)


async def load_views(tx: Tx, reviews: Iterable[Review]) -> list[ReviewView]:
    """Views of these reviews, in the order given."""
    parties: dict[str, Party] = {}

    async def party(code: str) -> Party:
        if code not in parties:
            found = await get_party(tx, code)
            if found is None:  # the foreign key makes this impossible; say so if it happens
                raise LookupError(f"party {code} of a review is missing from the registry")
            parties[code] = found
        return parties[code]

    out = []
    for review in reviews:
        sur = await party(review.sur)
        assigned = await reviewers_of(tx, review.id)
        pairs = tuple([(r, await party(r.party)) for r in assigned])
        everyone = tuple(await people_in_review(  # as appointed for this review
            tx, review.id, [review.sur, *(r.party for r in assigned)]))
        row = await review_channel(tx, review.id)
        languages = await review_languages(tx, review.id) or (Language.EN,)
        out.append(ReviewView(review, sur, pairs, everyone, row, languages))
    return out


# ---------------------------------------------------------------------------- the card


def _deadline_line(view: ReviewView, d: Deadline, zone: str) -> Msg:
    when = local_instant(d.due, view.deadline_zone(d, zone), REMINDER_HOUR)
    state = _("done") if d.done else Verbatim(discord_ts(when, "R"))
    return _("{what}: {day} ({state})", what=DEADLINE_HEADING[d.key],
             day=Verbatim(discord_ts(when, "D")), state=state)


def _stage(view: ReviewView) -> Msg:
    if view.review.paused:
        return _("{stage} — paused by the secretariat", stage=STAGE[view.review.stage])
    return STAGE[view.review.stage]


def status_card(view: ReviewView, zone: str) -> Card:
    """The pinned card: instruments, articles, reviewers, focal points, stage, deadlines."""
    review = view.review
    cluster = view.cluster
    scope = lines(*(_("**{instrument}**: {articles}", instrument=INSTRUMENT[inst],
                      articles=articles(arts)) for inst, arts in view.scope.items())) \
        if view.scope else "—"
    reviewers = lines(*(
        _("{party}, {slot} ({how})", party=p.label,
          slot=_SLOT_TEXT.get(r.slot, _("additional reviewer")),
          how=_("drawn by lot") if r.source == "draw" else _("assigned by the secretariat"))
        for r, p in view.reviewers)) if view.reviewers else _("Not assigned yet.")
    focal = []
    for code in view.states:
        ids = view.focal_point_ids([code])
        focal.append(_("{code}: {people}", code=Verbatim(code), people=Verbatim(
            ", ".join(f"<@{i}>" for i in ids)) if ids else _("not appointed yet")))
    stage = _stage(view)
    return Card(
        title=_("Review of {party} — cluster {number}: {cluster}", party=view.sur.label,
                number=cluster.value, cluster=CLUSTER[cluster]),
        description=_("Started on {day}. Stage: **{stage}**.", day=long_day(review.start),
                      stage=stage),
        fields=(
            (_("Instruments and articles under review"), scope),
            (_("Reviewing States"), reviewers),
            (_("Focal points"), lines(*focal)),
            (_("Stage"), stage),
            (_("Deadlines"), lines(*(_deadline_line(view, d, zone)
                                     for d in deadlines(view.facts))) or "—"),
        ),
        footer=_("Confidential: visible only to the States of this review, the secretariat "
                 "and the bot. This card is kept up to date by the bot."),
    )


def card_message(view: ReviewView, zone: str) -> OutMessage:
    return OutMessage("", cards=(status_card(view, zone),), languages=view.languages)


def card_digest(message: OutMessage) -> str:
    """A fingerprint of what the card shows, in its languages: equal digests need no edit."""
    languages = message.languages or (Language.EN,)
    data = {
        "languages": [lang.value for lang in languages],
        "text": render_all(message.text, languages),
        "cards": [[render(c.title, lang), render(c.description, lang),
                   [[render(n, lang), render(v, lang)] for n, v in c.fields],
                   render(c.footer, lang)] for c in message.cards for lang in languages],
    }
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


def status_line(view: ReviewView, today: date, zone: str) -> Msg:
    """One line of `/review status`: where the review is, per review only."""
    review = view.review
    where = Verbatim(f"<#{view.channel_id}>" if view.channel_id else view.channel_name)
    stage = _("{stage} (paused)", stage=STAGE[review.stage]) if review.paused \
        else STAGE[review.stage]
    nxt = view.next_deadline(today)
    if nxt is None:
        return _("**{party}**, cluster {cluster} ({where}): {stage}", party=view.sur.label,
                 cluster=review.cluster, where=where, stage=stage)
    when = local_instant(nxt.due, view.deadline_zone(nxt, zone), REMINDER_HOUR)
    return _("**{party}**, cluster {cluster} ({where}): {stage}; next deadline {day}: {what}",
             party=view.sur.label, cluster=review.cluster, where=where, stage=stage,
             day=Verbatim(discord_ts(when, "D")), what=DEADLINE[nxt.key])


__all__ = [
    "DeadlineKey", "ReviewView", "card_digest", "card_message", "load_views", "status_card",
    "status_line",
]  # fmt: skip

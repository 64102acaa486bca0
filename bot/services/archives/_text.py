"""The words of an archive in the six languages: its headings and the notes around the
conversation (what people wrote stays as written)."""

from __future__ import annotations

from bot.i18n import Language, Listed, Moment, Msg, Num, Verbatim, _, _n, render
from bot.services.archives._context import ArchiveContext
from bot.services.reviews import CLUSTER


def title(ctx: ArchiveContext) -> Msg:
    return _("Transcript of #{channel}", channel=Verbatim(ctx.transcript.channel_name))


def about(ctx: ArchiveContext) -> list[Msg]:
    """The lines under the title: the review, its States, its dates, who may read it."""
    view, review = ctx.view, ctx.view.review
    reviewers = tuple(p.label for _, p in view.reviewers)
    closed = Moment(review.closed_at, "UTC", "medium") if review.closed_at else Verbatim("—")
    return [
        _("Review of {state}, cluster {cluster} ({title}).", state=view.sur.label,
          cluster=review.cluster, title=CLUSTER[view.cluster]),
        (_("Reviewing States: {states}.", states=Listed(reviewers)) if reviewers
         else _("No reviewing State was named.")),
        _("Started on {start}; closed on {closed}; archived on {archived}.",
          start=Verbatim(review.start.isoformat()), closed=closed,
          archived=Moment(ctx.exported, "UTC", "medium")),
        _("Times are given in UTC and in the time of {state} ({zone}).",
          state=view.sur.name, zone=Verbatim(ctx.zone)),
        _("Confidential: for the States of this review and the secretariat only."),
    ]


def channel_heading(count: int) -> Msg:
    return _n("The channel ({count} message)", "The channel ({count} messages)", count)


def thread_heading(name: str, count: int) -> Msg:
    return _n("Thread “{name}” ({count} message)", "Thread “{name}” ({count} messages)", count,
              name=Verbatim(name))


def reaction_line(ctx: ArchiveContext, emoji: str, people: list[str], count: int) -> str:
    if people:
        return render(_("{emoji} {count}: {people}", emoji=Verbatim(emoji), count=count,
                        people=Listed(tuple(people))), ctx.language)
    return f"{emoji} {count}"


ATTACHMENTS = _("Attachments")
CONTENTS = _("Contents of this archive")
NO_ATTACHMENT = _("No attachment.")
NO_MESSAGE = _("No message.")
EDITED = _("edited")
MISSING = _("Discord did not give the bytes of this file; only its name is kept.")
CONTENT_LINES = {
    "transcript.html": _("this conversation as a page for a browser (works offline)"),
    "transcript.md": _("the same as text (Markdown)"),
    "transcript.json": _("the same for machines (JSON)"),
    "attachments/": _("every file posted in the channel and its threads, as posted"),
    "outputs/": _("the review's documents, each version with its clearances"),
}


def size(n: int, language: Language) -> str:
    if n < 1024:
        return render(_n("{count} byte", "{count} bytes", n), language)
    if n < 1024 ** 2:
        return render(_("{size} KB", size=Num(round(n / 1024, 1))), language)
    return render(_("{size} MB", size=Num(round(n / 1024 ** 2, 1))), language)

"""What the bot says about archives, in the six languages."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import Day, Language, Msg, Verbatim, _, _n
from bot.services.reviews import ReviewView
from storage.archives import ArchiveRow

NOT_YOURS = _("Only the people of this review's States and the secretariat can have its "
              "archive. Nothing was sent.")
NO_ARCHIVE_YET = _("This review has no archive yet: it is made when the review is closed.")


def _what(row: ArchiveRow) -> Msg:
    return _("{messages} and {files}; SHA-256 `{sha}`",
             messages=_n("{count} message", "{count} messages", row.messages),
             files=_n("{count} attached file", "{count} attached files", row.attachments),
             sha=Verbatim(row.sha256))


def handed_over(view: ReviewView, row: ArchiveRow, channel_id: int | None,
                retention_days: int) -> Msg:
    channel = Verbatim(f"<#{channel_id}>") if channel_id else Verbatim(view.channel_name)
    closed = view.review.closed_at
    until = (closed.date() if closed else row.made_at.date()) + timedelta(days=retention_days)
    return _("The review of {state} in cluster {cluster} is closed; its channel {channel} is "
             "read only. Its archive is attached ({what}): open transcript.html in a browser. "
             "The bot keeps it; `/review transcript` gives it again to the review's people "
             "and the secretariat. The channel leaves the server after {days} days, on "
             "{day}.",
             state=view.sur.label, cluster=view.review.cluster, channel=channel,
             what=_what(row), days=retention_days, day=Day(until))


def delivered(view: ReviewView, row: ArchiveRow) -> Msg:
    return _("The archive of the review of {state} in cluster {cluster}, made on {day} "
             "({what}). Open transcript.html in a browser; it works offline.",
             state=view.sur.label, cluster=view.review.cluster, day=Day(row.made_at.date()),
             what=_what(row))


def delivered_translated(view: ReviewView, row: ArchiveRow, kept_in: Language) -> Msg:
    return _("The archive of the review of {state} in cluster {cluster}, made on {day}, with "
             "its headings in your language: the messages and every file are those kept by the "
             "bot. The archive as kept, in {language}, has {what}. Open transcript.html in a "
             "browser; it works offline.",
             state=view.sur.label, cluster=view.review.cluster, day=Day(row.made_at.date()),
             language=Verbatim(kept_in.native_name), what=_what(row))


def too_large(view: ReviewView, row: ArchiveRow) -> Msg:
    return _("The archive of the review of {state} in cluster {cluster} is kept by the bot "
             "({what}) but is too large to attach to a Discord message; the secretariat can "
             "copy it from the bot's database backup.",
             state=view.sur.label, cluster=view.review.cluster, what=_what(row))


NOT_CLOSED = _("Only the channel of a closed review can leave the server; close the review "
               "first with `/review-admin close`. Nothing was changed.")
NO_CHANNEL = _("This review has no channel on the server any more; its archive is kept "
               "(`/review transcript`). Nothing was changed.")


def removed(view: ReviewView, row: ArchiveRow) -> Msg:
    return _("The channel of the review of {state} in cluster {cluster} has left the server. "
             "Its archive is kept and verified ({what}); `/review transcript` gives it to the "
             "review's people and the secretariat.",
             state=view.sur.label, cluster=view.review.cluster, what=_what(row))


def not_removed(view: ReviewView, why: str) -> Msg:
    return _("The channel of the review of {state} in cluster {cluster} stays for now: its "
             "archive could not be made complete and verified ({why}). The bot tries again in "
             "a few minutes and tells the secretariat if it keeps failing.",
             state=view.sur.label, cluster=view.review.cluster, why=Verbatim(why))

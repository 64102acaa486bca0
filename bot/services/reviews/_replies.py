"""Answers about a review's channel and archive, in the six languages."""

from __future__ import annotations

from bot.i18n import Msg, Verbatim, _
from bot.services.reviews._text import STAGE
from bot.services.reviews._views import ReviewView


def closed_reply(view: ReviewView) -> Msg:
    """The answer to `/review-admin close`: true about the channel and the archive."""
    head = _("The review of {state} in cluster {cluster} is closed.", state=view.sur.label,
             cluster=view.review.cluster)
    channel = view.channel
    if channel is None or channel.channel_id is None:
        tail = _("It had no channel, so there is nothing to archive; it no longer waits for one.")
    elif channel.transcript_sent:
        tail = _("Its channel {channel} is archived and read only; its archive (a ZIP with the "
                 "transcript and every file) was given to the secretariat channel, and "
                 "`/review transcript` gives it again.",
                 channel=Verbatim(f"<#{channel.channel_id}>"))
    else:
        tail = _("Its channel {channel} is archived and read only; its archive could not be made "
                 "yet: the next check (`/review-admin reconcile`, or the bot within minutes) "
                 "makes it and gives it to the secretariat channel.",
                 channel=Verbatim(f"<#{channel.channel_id}>"))
    return _("{head} {tail}", head=head, tail=tail)


def review_choice(view: ReviewView) -> Msg:
    """How a review is named in the list of `/review transcript` (never compared to others)."""
    return _("{state}, cluster {cluster} ({stage})", state=view.sur.label,
             cluster=view.review.cluster, stage=STAGE[view.review.stage])

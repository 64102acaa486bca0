"""What the person who asked or answered is told: only what has happened.

The question or answer is recorded first; its thread is brought up to date right after. When
Discord did not take the thread, the card or the entry yet, the reply says so, and that the bot
keeps trying and the people concerned are told in the thread as soon as it is posted.
"""

from __future__ import annotations

from bot.i18n import Msg, Verbatim, _
from bot.services.reviews import long_day
from storage.clarifications import Request


def shown(request: Request) -> bool:
    """Whether the thread shows everything recorded about the request."""
    return request.thread_id is not None and request.shown_version >= request.version


def where(request: Request) -> Verbatim | Msg:
    return Verbatim(f"<#{request.thread_id}>") if request.thread_id else _(
        "its thread (being prepared)")


def asked_text(request: Request) -> Msg:
    if shown(request):
        return _("Your question is recorded as **CR-{number}** in {where}. The focal point and "
                 "experts of the State under review were notified there; an answer is due on "
                 "{day}.", number=request.number, where=where(request),
                 day=long_day(request.due))
    return _("Your question is recorded as **CR-{number}**; an answer is due on {day}. Discord "
             "did not take its thread just now: the bot keeps trying, and the focal point and "
             "experts of the State under review are notified in the thread as soon as it is "
             "posted (the secretariat is told if it keeps failing).",
             number=request.number, day=long_day(request.due))


def answered_text(request: Request) -> Msg:
    if shown(request):
        return _("Your answer to **CR-{number}** is recorded and shown in {where}. The asking "
                 "State was told.", number=request.number, where=where(request))
    return _("Your answer to **CR-{number}** is recorded. Discord did not take it in {where} "
             "just now: the bot keeps trying, and the asking State is told there as soon as it "
             "is posted (the secretariat is told if it keeps failing).",
             number=request.number, where=where(request))

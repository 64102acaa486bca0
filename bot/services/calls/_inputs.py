"""What people type for a call, checked before anything changes: its title and its link."""

from __future__ import annotations

import re

from bot.domain.errors import InputError
from bot.i18n import _

MAX_LINK = 500
_LINK = re.compile(r"^https?://[^\s<>]+$", re.I)


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if not 1 <= len(title) <= 100:
        raise InputError(_("Give the call a title of 1 to 100 characters. Nothing was changed."))
    return title


def clean_link(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    link = text.strip()
    if len(link) > MAX_LINK or not _LINK.match(link):
        raise InputError(_("The link must be a web address starting with https://, such as the "
                           "invitation link of the video call. Nothing was changed."))
    return link

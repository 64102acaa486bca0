"""What people type for a request: its text, and the article it concerns."""

from __future__ import annotations

import re

from bot.domain.errors import InputError
from bot.domain.inputs import quote
from bot.i18n import Msg, Num, _
from bot.services.clarifications._text import MAX_TEXT
from bot.services.reviews import ReviewView


def clean_text(raw: str | None, what: Msg) -> str:
    text = (raw or "").strip()
    if not text:
        raise InputError(_("The {what} is empty; please write it out. Nothing was changed.",
                           what=what))
    if len(text) > MAX_TEXT:
        raise InputError(_("The {what} has {length} characters; at most {limit} fit. Please "
                           "shorten it, or attach a document with the full text. Nothing was "
                           "changed.", what=what, length=Num(len(text)), limit=Num(MAX_TEXT)))
    return text


def article_labels(view: ReviewView) -> list[tuple[str, str]]:
    """(value, description) of each article under review, in Table 1 order."""
    return [(f"Art. {a} {inst.value}", f"Art. {a} — {inst.short_name}")
            for inst, arts in view.scope.items() for a in arts]


def match_article(view: ReviewView, text: str | None) -> str | None:
    raw = " ".join((text or "").split())
    if not raw:
        return None
    labels = article_labels(view)
    for value, _label in labels:
        if value.casefold() == raw.casefold():
            return value
    found = re.fullmatch(r"(?:art(?:icle)?\.?\s*)?(\d{1,3})(?:\s+([A-Za-z]+))?", raw, re.I)
    if found:
        wanted = f"Art. {int(found.group(1))} "
        inst = (found.group(2) or "").upper()
        hits = [v for v, _ in labels if v.startswith(wanted) and (not inst or v.endswith(inst))]
        if not inst and f"{wanted}UNTOC" in hits:  # a bare number means the Convention's
            hits = [f"{wanted}UNTOC"]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise InputError(_("Article {value} is reviewed under several instruments here "
                               "({hits}); choose one. Nothing was changed.", value=found.group(1),
                               hits=', '.join(hits)))
    example = f", for example “{labels[0][0]}”" if labels else ""
    raise InputError(_("“{raw}” is not an article under review here. Choose one from the list as "
                       "you type{example}, or leave it empty. Nothing was changed.",
                       raw=quote(raw), example=example))

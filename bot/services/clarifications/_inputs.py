"""What people type for a request: its text, and the article it concerns."""

from __future__ import annotations

import re

from bot.domain.errors import InputError
from bot.domain.inputs import quote
from bot.services.clarifications._text import MAX_TEXT
from bot.services.reviews import ReviewView


def clean_text(raw: str | None, what: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise InputError(f"The {what} is empty; please write it out. Nothing was changed.")
    if len(text) > MAX_TEXT:
        raise InputError(f"The {what} has {len(text):,} characters; at most {MAX_TEXT:,} fit. "
                         "Please shorten it, or attach a document with the full text. "
                         "Nothing was changed.")
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
    for value, _ in labels:
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
            raise InputError(f"Article {found.group(1)} is reviewed under several instruments "
                             f"here ({', '.join(hits)}); choose one. Nothing was changed.")
    example = f", for example “{labels[0][0]}”" if labels else ""
    raise InputError(f"“{quote(raw)}” is not an article under review here. Choose one from the "
                     f"list as you type{example}, or leave it empty. Nothing was changed.")

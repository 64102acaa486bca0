"""Who reads which language: a person's own choice, and a review's working languages."""

from __future__ import annotations

from datetime import datetime

from bot.domain.timefmt import iso_utc
from bot.i18n.languages import Language
from storage.db import Tx


async def reader_languages(tx: Tx, user_id: int) -> tuple[Language | None, Language | None]:
    """The language a person chose with /language, and the one their client last showed."""
    row = await tx.fetchone("SELECT chosen, client FROM reader_languages WHERE user_id = ?",
                            (user_id,))
    if row is None:
        return None, None
    return (Language(row["chosen"]) if row["chosen"] else None,
            Language(row["client"]) if row["client"] else None)


async def set_chosen_language(tx: Tx, user_id: int, language: Language | None, *,
                              now: datetime) -> None:
    await tx.execute(
        "INSERT INTO reader_languages (user_id, chosen, set_at) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET chosen = excluded.chosen, set_at = excluded.set_at",
        (user_id, language.value if language else None, iso_utc(now)))


async def set_client_language(tx: Tx, user_id: int, language: Language, *,
                              now: datetime) -> None:
    await tx.execute(
        "INSERT INTO reader_languages (user_id, client, set_at) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET client = excluded.client, set_at = excluded.set_at",
        (user_id, language.value, iso_utc(now)))


async def review_languages(tx: Tx, review_id: int) -> tuple[Language, ...] | None:
    row = await tx.fetchone("SELECT languages FROM review_languages WHERE review_id = ?",
                            (review_id,))
    return tuple(Language(t) for t in row["languages"].split(",")) if row else None


async def set_review_languages(tx: Tx, review_id: int, languages: tuple[Language, ...], *,
                               by: str, now: datetime) -> None:
    await tx.execute(
        "INSERT INTO review_languages (review_id, languages, set_by, set_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (review_id) DO UPDATE SET languages = excluded.languages, "
        "set_by = excluded.set_by, set_at = excluded.set_at",
        (review_id, ",".join(lang.value for lang in languages), by, iso_utc(now)))

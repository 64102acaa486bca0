"""An archive in another reader's language, made from what the bot kept: the channel as read
(without the bytes) and the stored ZIP (the bytes). The messages and every file stay the same;
only the headings and the words around them change."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import Language
from bot.ports.guild import Transcript, TranscriptMessage
from bot.services.archives._builder import archive_entries, read_zip, zip_bytes
from bot.services.archives._context import ArchiveContext, Entry, safe_name
from bot.services.reviews import ReviewView

_FILES = {"__all__": {"attachments": {"__all__": {"data"}}}}
WITHOUT_BYTES = {"messages": _FILES, "threads": {"__all__": {"messages": _FILES}}}
TRANSCRIPTS = ("transcript.html", "transcript.md", "transcript.json")


def source_of(transcript: Transcript) -> str:
    """The channel as read, for machines, without the attachments' bytes (kept in the ZIP)."""
    return transcript.model_dump_json(exclude=WITHOUT_BYTES)  # type: ignore[arg-type]


def _filled(m: TranscriptMessage, files: dict[str, bytes]) -> TranscriptMessage:
    kept = tuple(a.model_copy(update={"data": files.get(
        f"attachments/{m.id}-{index}-{safe_name(a.filename)}")})
        for index, a in enumerate(m.attachments, 1))
    return m.model_copy(update={"attachments": kept})


def rebuilt(view: ReviewView, source: str, stored: bytes, made_at: datetime,
            language: Language, zone: str) -> bytes:
    files = read_zip(stored)
    read = Transcript.model_validate_json(source)
    transcript = read.model_copy(update={
        "messages": tuple(_filled(m, files) for m in read.messages),
        "threads": tuple(t.model_copy(update={
            "messages": tuple(_filled(m, files) for m in t.messages)}) for t in read.threads),
    })
    extra = tuple(Entry(path, data) for path, data in files.items()
                  if path not in TRANSCRIPTS and not path.startswith("attachments/"))
    ctx = ArchiveContext(view=view, transcript=transcript, exported=made_at, language=language,
                         zone=zone, extra=extra)
    return zip_bytes(ctx, archive_entries(ctx))

"""One ZIP per review: transcript.html, transcript.md, transcript.json, attachments/ and the
review's outputs/. Each section of the archive is one small function of the context; a new
section is one more function in ``SECTIONS``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence

from bot.services.archives._context import ArchiveContext, Entry
from bot.services.archives._html import transcript_html
from bot.services.archives._json import transcript_json
from bot.services.archives._markdown import transcript_markdown

Section = Callable[[ArchiveContext], Sequence[Entry]]


def attachments(ctx: ArchiveContext) -> list[Entry]:
    """Every file posted in the channel and its threads, with the bytes the bot kept."""
    return [Entry(k.path, k.attachment.data) for k in ctx.kept.values()
            if k.path is not None and k.attachment.data is not None]


def further(ctx: ArchiveContext) -> list[Entry]:
    """Files gathered by the service from other features (the review's outputs)."""
    return list(ctx.extra)


SECTIONS: tuple[Section, ...] = (attachments, further)


def _folders(entries: Sequence[Entry]) -> list[str]:
    seen: list[str] = []
    for e in entries:
        top = e.path.split("/", 1)[0] + "/" if "/" in e.path else e.path
        if top not in seen:
            seen.append(top)
    return seen


def archive_entries(ctx: ArchiveContext) -> list[Entry]:
    files = [e for section in SECTIONS for e in section(ctx)]
    hashes = {e.path: e.sha256 for e in files}
    paths = ["transcript.html", "transcript.md", "transcript.json", *_folders(files)]
    return [
        Entry("transcript.html", transcript_html(ctx, paths).encode()),
        Entry("transcript.md", transcript_markdown(ctx).encode()),
        Entry("transcript.json", transcript_json(ctx, hashes).encode()),
        *files,
    ]


def zip_bytes(ctx: ArchiveContext, entries: Sequence[Entry]) -> bytes:
    """The ZIP, the same bytes for the same content (every entry dated at the export)."""
    stamp = ctx.exported.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for e in entries:
            info = zipfile.ZipInfo(e.path, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, e.data)
    return out.getvalue()


def read_zip(data: bytes) -> dict[str, bytes]:
    """The files of an archive (to verify it before its channel leaves the server)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if z.testzip() is not None:
            raise ValueError("a file of the archive is damaged")
        return {name: z.read(name) for name in z.namelist()}

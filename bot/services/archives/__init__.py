"""Archives of closed reviews: one ZIP per review (transcript.html, transcript.md,
transcript.json, attachments/, outputs/), kept by the bot, delivered again on request, and
verified before a channel leaves the server at the end of its retention period."""

from bot.services.archives._builder import SECTIONS, read_zip
from bot.services.archives._context import Entry
from bot.services.archives._outputs import outputs_gatherer
from bot.services.archives._service import RETENTION_JOB, ArchiveService, Gatherer, archive_name

__all__ = ["RETENTION_JOB", "SECTIONS", "ArchiveService", "Entry", "Gatherer", "archive_name",
           "outputs_gatherer", "read_zip"]

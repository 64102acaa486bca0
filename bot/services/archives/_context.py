"""What an archive is built from: the review, its channel as read whole, and how to name people
and times for a reader outside Discord."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.readable import readable
from bot.i18n import Language, Msg, _, day, moment
from bot.i18n.formats import clock_time
from bot.ports.guild import Transcript, TranscriptAttachment, TranscriptMessage
from bot.services.reviews import ReviewView

ROLE_WORD: dict[str, Msg] = {"focal_point": _("focal point"), "expert": _("expert"),
                             "observer": _("observer")}
SAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Entry:
    """One file of the archive ZIP."""

    path: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


Gatherer = Callable[[ReviewView], Awaitable[Sequence[Entry]]]
"""Files of another feature for a review's archive (its outputs): one small function each."""


@dataclass(frozen=True)
class KeptFile:
    """An attachment and where its bytes are inside the ZIP (None: Discord gave no bytes)."""

    message_id: int
    attachment: TranscriptAttachment
    path: str | None

    @property
    def sha256(self) -> str | None:
        data = self.attachment.data
        return hashlib.sha256(data).hexdigest() if data is not None else None


def safe_name(name: str) -> str:
    cleaned = SAFE.sub("_", name.replace("/", "_").replace("\\", "_")).strip("._")
    return (cleaned or "file")[:80]


@dataclass
class ArchiveContext:
    view: ReviewView
    transcript: Transcript
    exported: datetime
    language: Language
    zone: str  # the State under review's zone
    extra: tuple[Entry, ...] = ()  # files of further sections (outputs), made by the service
    kept: dict[tuple[int, int], KeptFile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.all_messages():
            for index, a in enumerate(m.attachments, 1):
                path = (f"attachments/{m.id}-{index}-{safe_name(a.filename)}"
                        if a.data is not None else None)
                self.kept[(m.id, index)] = KeptFile(m.id, a, path)

    def all_messages(self) -> list[TranscriptMessage]:
        t = self.transcript
        return [*t.messages, *(m for th in t.threads for m in th.messages)]

    def files_of(self, m: TranscriptMessage) -> list[KeptFile]:
        return [self.kept[(m.id, i)] for i in range(1, len(m.attachments) + 1)]

    # ----------------------------------------------------------------------- people

    def person(self, user_id: int) -> str:
        """'Name (Kenya, focal point)', 'Name (secretariat)', or the name alone."""
        known = self.transcript.people.get(user_id)
        name = known.name if known else f"user {user_id}"
        registered = next((p for p in self.view.people if p.user_id == user_id), None)
        if registered is not None:
            state = self._state_name(registered.party)
            role = ROLE_WORD.get(registered.role, _("registered"))
            return f"{name} ({state}, {role.render(self.language)})"
        if known is not None and known.bot:
            return f"{name} ({_('the bot').render(self.language)})"
        if known is not None and known.secretariat:
            return f"{name} ({_('secretariat').render(self.language)})"
        return name

    def _state_name(self, code: str) -> str:
        parties = [self.view.sur, *(p for _, p in self.view.reviewers)]
        return next((p.name for p in parties if p.code == code), code)

    # ------------------------------------------------------------------------ times

    def when(self, at: datetime) -> str:
        """The moment in UTC and in the zone of the State under review."""
        utc = moment(at, self.language, "UTC", "medium")
        if self.zone == "UTC":
            return utc
        return f"{utc} · {moment(at, self.language, self.zone, 'medium')}"

    def stamp(self, at: datetime, style: str) -> str:
        """A Discord timestamp read outside Discord: in UTC and in the State's zone."""
        if style in "tT":
            shown = [f"{clock_time(at, self.language, z)} ({z})" for z in self._zones()]
        elif style in "dD":
            shown = [f"{day(at.astimezone(ZoneInfo(z)).date(), self.language, 'medium')} ({z})"
                     for z in self._zones()]
        elif style == "R":
            shown = [moment(at, self.language, "UTC", "medium")]
        else:
            return self.when(at)
        return " · ".join(shown)

    def _zones(self) -> list[str]:
        return ["UTC"] if self.zone == "UTC" else ["UTC", self.zone]

    # ------------------------------------------------------------------------- text

    def text(self, raw: str) -> str:
        t = self.transcript
        return readable(
            raw, user=self.person,
            role=lambda i: t.roles.get(i, f"role {i}"),
            channel=lambda i: (t.channel_name if i == t.channel_id
                               else t.channels.get(i, f"channel {i}")),
            moment=self.stamp,
        )

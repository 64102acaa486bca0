"""Logging set-up that never prints a secret (the bot token, the audit key).

Redaction works on the finished text of each record: the message with its arguments, the
traceback of the exception with every chained cause and context (``__cause__``,
``__context__``, exception groups), and any stack information. The filter renders the
traceback itself and keeps only the redacted text, so no handler can print the raw one.

Times are UTC, ISO 8601 with the zone (2026-12-01T10:15:30.123+00:00); the format is text or
one JSON object a line (DESKREVIEW_LOG_FORMAT), the level DESKREVIEW_LOG_LEVEL.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from urllib.parse import quote

REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    def __init__(self, *secrets: str) -> None:
        super().__init__()
        found: set[str] = set()
        for secret in secrets:
            if secret and secret.strip():
                found.update({secret, secret.strip(), quote(secret.strip(), safe="")})
        self._secrets = sorted(found, key=len, reverse=True)  # longest first

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep its parts, redacted
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            kind, value, tb = record.exc_info
            if value is not None:
                rendered = "".join(traceback.format_exception(kind, value, tb))
                record.exc_text = self.redact(rendered.rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def utc_time(record: logging.LogRecord) -> str:
    """2026-12-01T10:15:30.123+00:00"""
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class RedactingFormatter(logging.Formatter):
    """A formatter that redacts its finished line as a last guard; times in UTC."""

    def __init__(self, fmt: str, redactor: RedactSecrets) -> None:
        super().__init__(fmt)
        self._redactor = redactor

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return utc_time(record)

    def format(self, record: logging.LogRecord) -> str:
        return self._redactor.redact(super().format(record))


class JsonFormatter(RedactingFormatter):
    """One JSON object a line: time, level, logger, message (and the error, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": utc_time(record), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        error = record.exc_text or (self.formatException(record.exc_info)
                                    if record.exc_info else None)
        if error:
            entry["error"] = error
        return self._redactor.redact(json.dumps(entry, ensure_ascii=False))


def configure(level: int | str = logging.INFO, *secrets: str, json_lines: bool = False) -> None:
    redactor = RedactSecrets(*secrets)
    handler = logging.StreamHandler()
    kind = JsonFormatter if json_lines else RedactingFormatter
    handler.setFormatter(kind("%(asctime)s %(levelname)s %(name)s: %(message)s", redactor))
    handler.addFilter(redactor)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # discord.py's own progress lines are noise at INFO; its warnings and errors still show
    numeric = level if isinstance(level, int) else logging.getLevelName(level)
    logging.getLogger("discord").setLevel(
        numeric if numeric <= logging.DEBUG else max(numeric, logging.WARNING))

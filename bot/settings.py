"""Settings, read from the environment and from a `.env` file.

Every setting is documented in `.env.example`. A missing or invalid value stops the program
with one plain sentence naming it (exit code 2); the token is never shown.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.call_rooms import RoomTiming
from bot.domain.calls import WorkingHours
from bot.domain.clarifications import FollowUpPolicy

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_workdays(text: str) -> set[int]:
    """'Mon-Fri', 'Sun-Thu' or 'Mon,Tue,Thu' (names of 3 or more letters) -> {0, 1, …}."""
    def day(word: str) -> int:
        key = word.strip()[:3].title()
        if len(word.strip()) < 3 or key not in _DAY_NAMES:
            raise ValueError(f"'{word.strip()}' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, "
                             "Sun, a range such as Mon-Fri, or a list such as Mon,Wed,Fri")
        return _DAY_NAMES.index(key)

    days: set[int] = set()
    for part in (p for p in text.split(",") if p.strip()):
        if "-" in part:
            first, last = (day(w) for w in part.split("-", 1))
            days.update((first + n) % 7 for n in range((last - first) % 7 + 1))
        else:
            days.add(day(part))
    if not days:
        raise ValueError("name at least one working day, such as Mon-Fri")
    return days


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says how to fix it."""


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True,
        env_ignore_empty=True,  # `cp .env.example .env` leaves blanks: they mean "not set"
    )

    discord_token: SecretStr | None = Field(None, validation_alias=_env("DISCORD_TOKEN"))
    guild_id: int | None = Field(None, validation_alias=_env("DESKREVIEW_GUILD_ID"))
    database: Path = Field(Path("deskreview.sqlite3"), validation_alias=_env("DESKREVIEW_DATABASE"))
    chair_role: str = Field("Chair", validation_alias=_env("DESKREVIEW_CHAIR_ROLE"))
    secretariat_role: str = Field(
        "Secretariat", validation_alias=_env("DESKREVIEW_SECRETARIAT_ROLE")
    )
    timezone: str = Field("UTC", validation_alias=_env("DESKREVIEW_TIMEZONE"))
    secretariat_channel: str = Field(
        "secretariat", validation_alias=_env("DESKREVIEW_SECRETARIAT_CHANNEL")
    )
    draw_channel: str = Field("draws", validation_alias=_env("DESKREVIEW_DRAW_CHANNEL"))
    audit_key: SecretStr | None = Field(None, validation_alias=_env("DESKREVIEW_AUDIT_KEY"))
    audit_channel: str = Field("audit-checkpoints",
                               validation_alias=_env("DESKREVIEW_AUDIT_CHANNEL"))
    audit_checkpoint_hours: int = Field(
        24, ge=1, le=168, validation_alias=_env("DESKREVIEW_AUDIT_CHECKPOINT_HOURS"))
    secretariat_languages: str = Field(
        "en", validation_alias=_env("DESKREVIEW_SECRETARIAT_LANGUAGES"))
    draw_languages: str = Field("en", validation_alias=_env("DESKREVIEW_DRAW_LANGUAGES"))
    job_max_attempts_before_report: int = Field(
        3, ge=1, le=20, validation_alias=_env("DESKREVIEW_JOB_REPORT_AFTER")
    )
    work_start: str = Field("08:00", validation_alias=_env("DESKREVIEW_WORK_START"))
    work_end: str = Field("18:00", validation_alias=_env("DESKREVIEW_WORK_END"))
    workdays: str = Field("Mon-Fri", validation_alias=_env("DESKREVIEW_WORKDAYS"))
    call_room_open_minutes: int = Field(
        15, ge=0, le=240, validation_alias=_env("DESKREVIEW_CALL_ROOM_OPEN_MINUTES"))
    call_room_close_minutes: int = Field(
        15, ge=0, le=1440, validation_alias=_env("DESKREVIEW_CALL_ROOM_CLOSE_MINUTES"))
    clarify_due_days: int = Field(30, ge=1, le=365,
                                  validation_alias=_env("DESKREVIEW_CLARIFY_DUE_DAYS"))
    archive_after_days: int = Field(
        90, ge=0, le=3650, validation_alias=_env("DESKREVIEW_ARCHIVE_AFTER_DAYS"))
    followup_days_before: int = Field(
        7, ge=0, le=60, validation_alias=_env("DESKREVIEW_FOLLOWUP_DAYS_BEFORE"))
    followup_on_due: bool = Field(True, validation_alias=_env("DESKREVIEW_FOLLOWUP_ON_DUE"))
    followup_overdue_every: int = Field(
        7, ge=1, le=60, validation_alias=_env("DESKREVIEW_FOLLOWUP_OVERDUE_EVERY"))
    followup_escalate_after: int = Field(
        2, ge=0, le=20, validation_alias=_env("DESKREVIEW_FOLLOWUP_ESCALATE_AFTER"))
    followup_answer_review_after: int = Field(
        7, ge=0, le=60, validation_alias=_env("DESKREVIEW_FOLLOWUP_ANSWER_REVIEW_AFTER"))
    followup_hour: int = Field(9, ge=0, le=23, validation_alias=_env("DESKREVIEW_FOLLOWUP_HOUR"))
    draw_max_reviews_per_state: int = Field(
        3, ge=1, le=50, validation_alias=_env("DESKREVIEW_DRAW_MAX_REVIEWS_PER_STATE"))
    draw_max_reviewers: int = Field(
        4, ge=2, le=10, validation_alias=_env("DESKREVIEW_DRAW_MAX_REVIEWERS"))
    draw_redraws: int = Field(2, ge=0, le=20, validation_alias=_env("DESKREVIEW_DRAW_REDRAWS"))
    draw_notice_minutes: int = Field(
        10, ge=1, le=10080, validation_alias=_env("DESKREVIEW_DRAW_NOTICE_MINUTES"))
    beacon: Literal["drand", "recorded"] = Field(
        "drand", validation_alias=_env("DESKREVIEW_BEACON"))
    drand_relays: str = Field(
        "https://api.drand.sh,https://api2.drand.sh,https://api3.drand.sh,"
        "https://drand.cloudflare.com", validation_alias=_env("DESKREVIEW_DRAND_RELAYS"))

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias=_env("DESKREVIEW_LOG_LEVEL"))
    log_format: Literal["text", "json"] = Field(
        "text", validation_alias=_env("DESKREVIEW_LOG_FORMAT"))
    backup_dir: Path | None = Field(None, validation_alias=_env("DESKREVIEW_BACKUP_DIR"))
    backup_keep: int = Field(7, ge=0, le=365, validation_alias=_env("DESKREVIEW_BACKUP_KEEP"))

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _word(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        word = value.strip()
        return word.upper() if info.field_name == "log_level" else word.lower()

    def backups_folder(self) -> Path:
        """Where the daily backups go: DESKREVIEW_BACKUP_DIR, or `backups` beside the database."""
        return self.backup_dir or Path(self.database).parent / "backups"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"'{value}' is not an IANA time zone such as Europe/Vienna") from exc
        return value

    @field_validator("audit_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip() == "":
            return None
        if value is not None and len(value.get_secret_value().strip()) < 16:
            raise ValueError("the key must be at least 16 characters (a long random string)")
        return value

    def audit_key_bytes(self) -> bytes | None:
        """The audit chain's MAC key, when one is set."""
        if self.audit_key is None:
            return None
        return self.audit_key.get_secret_value().strip().encode("utf-8")

    @field_validator("secretariat_languages", "draw_languages")
    @classmethod
    def _un_languages(cls, value: str) -> str:
        from bot.i18n import parse_languages

        try:
            return ",".join(lang.value for lang in parse_languages(value))
        except ValueError:
            raise ValueError("give one or two of ar, zh, en, fr, ru, es, comma-separated "
                             "(for example fr,en)") from None

    @field_validator("chair_role", "secretariat_role", "secretariat_channel", "draw_channel",
                     "audit_channel")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("it must name a role or channel (its name or its numeric id)")
        return value.strip()

    @field_validator("work_start", "work_end")
    @classmethod
    def _clock_time(cls, value: str, info: ValidationInfo) -> str:
        text = value.strip()
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
        if match is None:
            raise ValueError(f"'{value}' is not a time of day; write it as HH:MM, such as 08:00")
        normal = f"{int(match[1]):02d}:{match[2]}"
        start = info.data.get("work_start")
        if info.field_name == "work_end" and start is not None and normal <= start:
            raise ValueError(f"working hours must end after they start ({start})")
        return normal

    @field_validator("drand_relays")
    @classmethod
    def _relays(cls, value: str) -> str:
        relays = [r.strip().rstrip("/") for r in value.split(",") if r.strip()]
        if not relays:
            raise ValueError("name at least one drand relay, such as https://api.drand.sh")
        for relay in relays:
            if not relay.startswith("https://"):
                raise ValueError(f"'{relay}' is not an https:// address of a drand relay")
        return ",".join(relays)

    def relay_urls(self) -> list[str]:
        """The drand relays to try, in order (see bot/services/draws/_beacons.py)."""
        return self.drand_relays.split(",")

    @field_validator("workdays")
    @classmethod
    def _workdays(cls, value: str) -> str:
        return ",".join(_DAY_NAMES[d] for d in sorted(parse_workdays(value)))

    def followup_policy(self) -> FollowUpPolicy:
        """When clarification requests are followed up (see bot/domain/clarifications.py)."""
        return FollowUpPolicy(
            days_before=self.followup_days_before, on_due=self.followup_on_due,
            overdue_every=self.followup_overdue_every,
            escalate_after_overdue_notices=self.followup_escalate_after,
            review_answer_after=self.followup_answer_review_after, hour=self.followup_hour,
        )

    def working_hours(self) -> WorkingHours:
        """Working hours on each State's own clock, for suggesting call times."""
        return WorkingHours(start=time.fromisoformat(self.work_start),
                            end=time.fromisoformat(self.work_end),
                            days=frozenset(parse_workdays(self.workdays)))

    def room_timing(self) -> RoomTiming:
        """When a call's room opens before the start and may close after the end."""
        return RoomTiming(open_before=timedelta(minutes=self.call_room_open_minutes),
                          close_after=timedelta(minutes=self.call_room_close_minutes))

    def token(self) -> str:
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise SettingsError(
                "DISCORD_TOKEN is not set: put the bot token from Discord's developer portal "
                "in the environment or in .env."
            )
        return self.discord_token.get_secret_value().strip()

    def require_guild(self) -> int:
        if self.guild_id is None:
            raise SettingsError(
                "DESKREVIEW_GUILD_ID is not set: give the numeric id of the Discord server."
            )
        return self.guild_id


_FIELD_TO_ENV = {
    name: (field.validation_alias.choices[0] if isinstance(field.validation_alias, AliasChoices)
           else name.upper())
    for name, field in Settings.model_fields.items()
}


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation failure into one plain sentence.

    A `DESKREVIEW_*` variable that is no setting (in the environment or in `.env`) stops the
    program too, naming the setting it probably meant: a typo must not silently fall back to a
    default."""
    from bot.settings_names import unknown_setting_problem

    env_file = overrides.get("_env_file", ".env")
    problem = unknown_setting_problem({str(n) for n in _FIELD_TO_ENV.values()},
                                      Path(str(env_file)) if env_file else None)
    if problem:
        raise SettingsError(problem)
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "a setting"
        env_name = _FIELD_TO_ENV.get(field, field.upper())
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{env_name} is invalid: {message}.") from None

"""Settings, read from the environment and from a `.env` file.

Every setting is documented in `.env.example`. A missing or invalid value stops the program
with one plain sentence naming it (exit code 2); the token is never shown.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says how to fix it."""


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
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
    job_max_attempts_before_report: int = Field(
        3, ge=1, le=20, validation_alias=_env("DESKREVIEW_JOB_REPORT_AFTER")
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"'{value}' is not an IANA time zone such as Europe/Vienna") from exc
        return value

    @field_validator("chair_role", "secretariat_role", "secretariat_channel", "draw_channel")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("it must name a role or channel (its name or its numeric id)")
        return value.strip()

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
    """Read the settings, turning a validation failure into one plain sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "a setting"
        env_name = _FIELD_TO_ENV.get(field, field.upper())
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{env_name} is invalid: {message}.") from None

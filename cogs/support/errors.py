"""One error handler for commands and components.

Bad input and refusals are answered plainly. Anything else gets a short incident id: the person
sees the id and that nothing was lost, the log gets the full error with the same id.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from bot.domain.errors import InputError, Refused
from bot.i18n import Verbatim, _, message_of
from cogs.support.replies import reply

log = logging.getLogger("deskreview.errors")


def _unwrap(error: BaseException) -> BaseException:
    while isinstance(error, (app_commands.CommandInvokeError, app_commands.TransformerError)):
        inner = error.__cause__ or getattr(error, "original", None)
        if inner is None:
            break
        error = inner
    return error


async def handle_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    error = _unwrap(error)
    if isinstance(error, (InputError, Refused)):
        await _safe_reply(interaction, message_of(error))
        return
    if isinstance(error, app_commands.CheckFailure):
        return  # the access check has already answered
    incident = secrets.token_hex(4)
    command = interaction.command.qualified_name if interaction.command else "component"
    log.error(
        "incident %s in %s by user %s", incident, command, interaction.user.id,
        exc_info=(type(error), error, error.__traceback__),
    )
    await _safe_reply(
        interaction,
        _("Something went wrong on our side (incident `{incident}`). Your request was not "
          "completed; please try again, or give the secretariat this incident id.",
          incident=Verbatim(incident)),
    )


async def _safe_reply(interaction: discord.Interaction, text: Any) -> None:
    try:
        await reply(interaction, text)
    except discord.HTTPException:
        log.warning("could not answer interaction %s", interaction.id)

"""Exit codes, and why a start failed, in one plain sentence.

| code | meaning |
|---|---|
| 0 | done / healthy |
| 1 | a check failed (`audit verify`, `doctor`, `health`, a backup's check) |
| 2 | a setting is missing, invalid or unknown |
| 3 | Discord cannot be reached (network, DNS, firewall, Discord down) |
| 4 | Discord refused the bot token |
| 5 | a privileged intent (Message Content) is not enabled |
| 6 | the bot is not in the server DESKREVIEW_GUILD_ID |
| 7 | a role or channel named in the settings is missing |
| 8 | the database cannot be used |
| 9 | the bot is already running on this database |
| 130 | stopped with Ctrl-C |

`draw verify` keeps statuses of its own (see README, "The draw").
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import IntEnum

import aiohttp
import discord


class Exit(IntEnum):
    OK = 0
    CHECK_FAILED = 1
    SETTINGS = 2
    UNREACHABLE = 3
    TOKEN_REFUSED = 4
    INTENT_MISSING = 5
    NOT_IN_SERVER = 6
    SERVER_SETUP = 7
    DATABASE = 8
    ALREADY_RUNNING = 9
    INTERRUPTED = 130


@dataclass(frozen=True)
class StartFailure:
    code: Exit
    message: str


PORTAL = "the developer portal (discord.com/developers/applications)"


def start_failure(exc: BaseException) -> StartFailure | None:
    """The plain sentence for a failure to connect, or None for an unexpected error."""
    if isinstance(exc, discord.LoginFailure):
        return StartFailure(Exit.TOKEN_REFUSED, (
            f"Discord refused the bot token: copy a new one from {PORTAL} (your application → "
            "Bot → Reset Token) into DISCORD_TOKEN, then start again."))
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return StartFailure(Exit.INTENT_MISSING, (
            f"Discord refused the Message Content intent: in {PORTAL}, your application → Bot → "
            "Privileged Gateway Intents, turn on Message Content, then start again."))
    if isinstance(exc, discord.HTTPException) and exc.status >= 500:
        return StartFailure(Exit.UNREACHABLE, (
            f"Discord answered with a server error ({exc.status}); it is probably having an "
            "outage: wait a few minutes and start again."))
    if isinstance(exc, (aiohttp.ClientError, OSError, asyncio.TimeoutError,
                        discord.GatewayNotFound)):
        detail = type(exc).__name__ if isinstance(exc, asyncio.TimeoutError) else str(exc)
        return StartFailure(Exit.UNREACHABLE, (
            f"cannot reach Discord ({detail or type(exc).__name__}): check this machine's "
            "network, DNS and firewall (outbound HTTPS to discord.com and gateway.discord.gg), "
            "then start again."))
    return None

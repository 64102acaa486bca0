"""Slash commands are synced to Discord only when their definition changed.

Discord rate-limits bots that overwrite their commands at every start. The JSON that a sync
would send is hashed; the hash of the last successful sync is kept in the database, per scope
(the server, or global), and an unchanged definition is not sent again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from storage import kv
from storage.db import Store

log = logging.getLogger(__name__)


async def command_payload(tree: app_commands.CommandTree[Any],
                          guild: discord.abc.Snowflake | None) -> list[dict[str, Any]]:
    """The JSON body `tree.sync(guild=…)` sends, built the same way discord.py builds it."""
    commands = tree._get_all_commands(guild=guild)
    translator = tree.translator
    if translator:
        return [await c.get_translated_payload(tree, translator) for c in commands]
    return [c.to_dict(tree) for c in commands]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _marker(application_id: int | None, guild: discord.abc.Snowflake | None) -> str:
    scope = guild.id if guild is not None else "global"
    return f"commands.synced.{application_id}.{scope}"


async def sync_if_changed(tree: app_commands.CommandTree[Any], store: Store,
                          guild: discord.abc.Snowflake | None) -> bool:
    """Sync when the definition differs from the last sync; return whether it synced."""
    marker = _marker(tree.client.application_id, guild)
    digest = payload_hash(await command_payload(tree, guild))
    async with store.read() as tx:
        last = await kv.get_value(tx, marker)
    if last == digest:
        log.debug("slash commands unchanged since the last sync; not sent again")
        return False
    await tree.sync(guild=guild)
    async with store.transaction() as tx:
        await kv.set_value(tx, marker, digest)
    log.debug("slash commands synced (definition %s)", digest[:12])
    return True

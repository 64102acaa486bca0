"""Persistent buttons that reach their service without asking the bot for it.

Discord hands a click on a ``DynamicItem`` to the item's class, not to a cog, so the class
itself holds the services its clicks use: an extension's ``setup`` makes that class once, from
the container, and registers it (``with_services``).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import discord

ItemT = TypeVar("ItemT", bound=discord.ui.DynamicItem[Any])


def with_services(item: type[ItemT], **services: object) -> type[ItemT]:
    """A subclass of ``item`` holding ``services`` as class attributes, same template."""
    made = type(item.__name__, (item,), dict(services),
                template=item.__discord_ui_compiled_template__)
    return cast("type[ItemT]", made)

"""`deskreview doctor [--fix]`: connect with the token and check the server as the bot uses it.

Prints a checklist (each failure with its fix) and exits 1 when any check fails. With `--fix`
it first says what it will create or change, then does it: missing roles, a missing or public
secretariat channel, a missing or unreadable draw channel. What only a person can do (the
role order, the bot's own permissions, the intents) stays in the checklist with its fix.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import discord

from bot.settings import Settings
from bot.startup import Exit, start_failure

Out = Callable[[str], None]


class DoctorClient(discord.Client):
    """A short-lived connection that examines the server (and repairs it with --fix)."""

    def __init__(self, settings: Settings, *, fix: bool, message_content: bool = True,
                 out: Out = print, on_ready_run: bool = True) -> None:
        from bot.app import bot_intents

        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = bot_intents()
        intents.message_content = message_content
        super().__init__(intents=intents, allowed_mentions=discord.AllowedMentions.none())
        self.settings = settings
        self.fix = fix
        self.message_content = message_content
        self.out = out
        self.outcome: int | None = None
        self.on_ready_run = on_ready_run  # False: the caller runs diagnose() itself

    async def on_ready(self) -> None:
        if not self.on_ready_run:
            return
        try:
            self.outcome = await self.diagnose()
        finally:
            await self.close()

    async def diagnose(self) -> int:
        from bot.discord.doctor import apply, snapshot, wanted_from
        from bot.domain.doctor import examine

        wanted = wanted_from(self.settings)
        snap = snapshot(self, wanted.guild_id, message_content_intent=self.message_content)
        report = examine(snap, wanted)
        for line in report.lines():
            self.out(line)
        if report.ok:
            self.out("All checks passed.")
            return int(Exit.OK)
        repairs = list({(r.action, r.target): r for r in report.repairs()}.values())
        if not self.fix:
            hint = " `deskreview doctor --fix` can repair some of them." if repairs else ""
            self.out(f"{len(report.failures())} check(s) failed.{hint}")
            return int(Exit.CHECK_FAILED)
        if repairs:
            self.out("--fix will now:")
            for repair in repairs:
                self.out(f"  - {repair.says}")
        failed = 0
        created: dict[str, discord.Role] = {}
        for repair in repairs:  # roles come first: a new channel may need the new role
            try:
                await apply(self, snap, wanted, repair, created)
            except (discord.HTTPException, LookupError) as exc:
                failed += 1
                self.out(f"could not {repair.says}: {getattr(exc, 'text', None) or exc}")
            else:
                self.out(f"done: {repair.says}")
        left = [c for c in report.failures() if c.repair is None]
        for check in left:
            self.out(f"still to do by hand: {check.fix}")
        self.out("Run `deskreview doctor` again to see the server as it is now.")
        return int(Exit.OK if not failed and not left else Exit.CHECK_FAILED)


async def _connect(settings: Settings, token: str, fix: bool, message_content: bool) -> int:
    client = DoctorClient(settings, fix=fix, message_content=message_content)
    async with client:
        await client.start(token)
    return client.outcome if client.outcome is not None else int(Exit.CHECK_FAILED)


async def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from bot import logs

    token = settings.token()
    settings.require_guild()
    logs.configure("WARNING", token)
    try:
        try:
            return await _connect(settings, token, args.fix, True)
        except discord.PrivilegedIntentsRequired:
            # look at everything else without it; the checklist shows the intent as failed
            return await _connect(settings, token, args.fix, False)
    except Exception as exc:
        failure = start_failure(exc)
        if failure is None:
            raise
        print(f"deskreview: {failure.message}", file=sys.stderr)
        return int(failure.code)


def register(sub: Any) -> None:
    doctor = sub.add_parser(
        "doctor", help="check the server the way the bot uses it; exit 1 when a check fails")
    doctor.add_argument("--fix", action="store_true",
                        help="create or correct what is missing (roles, channels, visibility), "
                             "after saying what it will do")
    doctor.set_defaults(handler=cmd_doctor)

"""`deskreview doctor` through SimCord: the checklist a person reads, and `--fix`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord
import simcord

from bot.cli_doctor import DoctorClient
from bot.domain.doctor import VIEW_CHANNEL, ChannelInfo, GuildSnapshot, RoleInfo, Wanted, examine
from bot.settings import Settings
from bot.startup import Exit


def doctor_settings(tmp_path: Path, guild_id: int) -> Settings:
    return Settings(_env_file=None, database=tmp_path / "d.sqlite3",  # type: ignore[call-arg]
                    guild_id=guild_id, chair_role="Chair", secretariat_role="Secretariat",
                    secretariat_channel="secretariat", draw_channel="draws")


def build_server(env: Any, *, secretariat_private: bool = True,
                 secretariat_above_bot: bool = False, chair_role: bool = True,
                 secretariat_role: bool = True) -> Any:
    guild = env.create_guild(name="UNTOC review mechanism")
    if chair_role:
        guild.create_role("Chair")
    bot_role = guild.roles[env.backend.bot_user.name]
    hidden = {guild.default_role: discord.PermissionOverwrite(view_channel=False),
              bot_role: discord.PermissionOverwrite(view_channel=True)}
    if secretariat_role:
        secretariat = (guild.create_role("Secretariat", position=50) if secretariat_above_bot
                       else guild.create_role("Secretariat"))
        hidden[secretariat] = discord.PermissionOverwrite(view_channel=True)
    guild.create_text_channel("secretariat", overwrites=hidden if secretariat_private else None)
    guild.create_text_channel("draws")
    return guild


def reads(channel: Any, member: Any) -> bool:
    """Whether this person can open the channel and read its history."""
    try:
        channel.history(viewer=member)
    except simcord.SetupError:
        return False
    return True


async def run_doctor(env: Any, settings: Settings, *, fix: bool) -> tuple[int, list[str]]:
    """One `deskreview doctor` connection: its exit code and what it printed."""
    lines: list[str] = []
    client = DoctorClient(settings, fix=fix, out=lines.append, on_ready_run=False)
    await env.restart_bot(client)
    code = await client.diagnose()
    await env.settle()
    return code, lines


async def start_env(tmp_path: Path, **server: Any) -> tuple[Any, Any, Settings]:
    probe = DoctorClient(doctor_settings(tmp_path, 0), fix=False, out=lambda _line: None)
    env = simcord.Env(probe, check_errors=True)
    guild = build_server(env, **server)
    return env, guild, doctor_settings(tmp_path, guild.id)


async def test_a_sound_server_passes_every_check(tmp_path):
    env, guild, settings = await start_env(tmp_path)
    await env.start()
    try:
        code, lines = await run_doctor(env, settings, fix=False)
    finally:
        await env.shutdown()
    assert code == Exit.OK, lines
    assert "[ok] #secretariat is private to the secretariat" in lines
    assert "[ok] #draws is readable by everyone" in lines
    assert lines[-1] == "All checks passed."


async def test_each_failure_is_reported_with_its_fix(tmp_path):
    env, guild, settings = await start_env(tmp_path, secretariat_private=False,
                                           secretariat_above_bot=True, chair_role=False)
    await env.start()
    try:
        code, lines = await run_doctor(env, settings, fix=False)
    finally:
        await env.shutdown()
    text = "\n".join(lines)
    assert code == Exit.CHECK_FAILED
    assert "[FAIL] role of the chairs: no role 'Chair' (DESKREVIEW_CHAIR_ROLE)" in text
    assert "fix: create the role 'Chair' in Server Settings → Roles" in text
    assert "[FAIL] #secretariat is private: no, everyone in the server can read it" in text
    assert "deny View Channel to @everyone" in text
    assert "@Secretariat stands above or level with it" in text
    assert "fix: Server Settings → Roles: drag the bot's role above @Secretariat" in text
    assert lines[-1].endswith("`deskreview doctor --fix` can repair some of them.")


async def test_fix_says_what_it_will_do_then_repairs_what_it_can(tmp_path):
    env, guild, settings = await start_env(tmp_path, secretariat_private=False,
                                           secretariat_above_bot=True, chair_role=False)
    await env.start()
    try:
        code, lines = await run_doctor(env, settings, fix=True)
        plan = lines.index("--fix will now:")
        assert "  - create the role @Chair (no permissions)" in lines[plan:]
        assert any(line.startswith("  - make #secretariat private") for line in lines[plan:])
        assert "done: create the role @Chair (no permissions)" in lines
        assert any(line.startswith("still to do by hand: Server Settings → Roles: drag")
                   for line in lines)
        assert code == Exit.CHECK_FAILED  # the role order is for a person to change
        # what Discord now holds
        assert "Chair" in guild.roles
        outsider = guild.add_member(env.create_user("outsider"))
        secretariat_channel = guild.channels["secretariat"]
        assert not reads(secretariat_channel, outsider)
        secretary = guild.add_member(env.create_user("secretary"),
                                     roles=[guild.roles["Secretariat"]])
        assert reads(secretariat_channel, secretary)
        again, after = await run_doctor(env, settings, fix=False)
    finally:
        await env.shutdown()
    text = "\n".join(after)
    assert "[ok] role of the chairs: @Chair" in text
    assert "[ok] #secretariat is private to the secretariat" in text
    assert "[FAIL] the bot's role is above the roles it manages" in text
    assert again == Exit.CHECK_FAILED


async def test_fix_creates_missing_channels_private_and_public(tmp_path):
    env, guild, settings = await start_env(tmp_path)
    settings = settings.model_copy(update={"secretariat_channel": "desk-secretariat",
                                           "draw_channel": "desk-draws"})
    await env.start()
    try:
        code, lines = await run_doctor(env, settings, fix=True)
        assert code == Exit.OK, lines
        outsider = guild.add_member(env.create_user("outsider"))
        assert not reads(guild.channels["desk-secretariat"], outsider)
        assert reads(guild.channels["desk-draws"], outsider)
        again, after = await run_doctor(env, settings, fix=False)
    finally:
        await env.shutdown()
    assert again == Exit.OK, after


async def test_fix_creates_the_secretariat_role_and_its_channel_together(tmp_path):
    env, guild, settings = await start_env(tmp_path, secretariat_role=False)
    settings = settings.model_copy(update={"secretariat_channel": "desk-secretariat"})
    await env.start()
    try:
        code, lines = await run_doctor(env, settings, fix=True)
        assert code == Exit.OK, lines
        secretary = guild.add_member(env.create_user("secretary"),
                                     roles=[guild.roles["Secretariat"]])
        assert reads(guild.channels["desk-secretariat"], secretary)
        assert not reads(guild.channels["desk-secretariat"],
                         guild.add_member(env.create_user("outsider")))
    finally:
        await env.shutdown()


def test_two_roles_of_one_name_are_named_with_their_ids():
    roles = (RoleInfo(1, "@everyone", 0, VIEW_CHANNEL), RoleInfo(5, "Secretariat", 2, 0),
             RoleInfo(6, "Secretariat", 3, 0), RoleInfo(7, "Chair", 1, 0))
    snap = GuildSnapshot(guild_id=1, present=True, name="s", roles=roles)
    check = next(c for c in examine(snap, Wanted(1, "Chair", "Secretariat", "s", "d")).checks
                 if c.key == "role:DESKREVIEW_SECRETARIAT_ROLE")
    assert not check.ok and "2 roles are named 'Secretariat'" in check.says
    assert check.fix == ("set DESKREVIEW_SECRETARIAT_ROLE to the id of the right one (5, 6), "
                         "or rename the others")
    by_id = examine(snap, Wanted(1, "7", "6", "s", "d")).checks
    assert [c.ok for c in by_id if c.key.startswith("role:")] == [True, True]


def test_the_channel_limit_and_a_missing_intent_are_checked():
    everyone = RoleInfo(1, "@everyone", 0, VIEW_CHANNEL)
    snap = GuildSnapshot(guild_id=1, present=True, name="s", roles=(everyone,),
                         channels=tuple(ChannelInfo(i, f"c{i}", "text") for i in range(10, 495)),
                         bot_id=7, message_content_intent=False)
    report = examine(snap, Wanted(1, "Chair", "Secretariat", "secretariat", "draws"))
    says = {c.key: c for c in report.checks}
    assert not says["room"].ok and "485 of 500 channels used: only 15 left" in says["room"].says
    assert not says["intents"].ok and "Message Content" in (says["intents"].fix or "")

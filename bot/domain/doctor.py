"""`deskreview doctor`: is the server set up the way the bot will use it?

Pure rules over a snapshot of the server (roles, channels, overwrites, the bot's roles): each
check says what holds or what is wrong, how to fix it by hand, and — where the bot can do it
itself — the repair that `doctor --fix` applies. Permission bits are Discord's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_ROLES = 1 << 28
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

CHANNEL_LIMIT = 500  # Discord's limit of channels (categories included) in one server
ROOM_WANTED = 20  # fewer free places than this and new reviews may soon find none

#: What the bot needs server-wide, with the names Discord's settings show.
BOT_NEEDS: tuple[tuple[int, str], ...] = (
    (MANAGE_CHANNELS, "Manage Channels"), (MANAGE_ROLES, "Manage Roles"),
    (VIEW_CHANNEL, "View Channels"), (SEND_MESSAGES, "Send Messages"),
    (SEND_MESSAGES_IN_THREADS, "Send Messages in Threads"),
    (CREATE_PUBLIC_THREADS, "Create Public Threads"),
    (CREATE_PRIVATE_THREADS, "Create Private Threads"), (MANAGE_THREADS, "Manage Threads"),
    (EMBED_LINKS, "Embed Links"), (ATTACH_FILES, "Attach Files"),
    (READ_MESSAGE_HISTORY, "Read Message History"), (MANAGE_MESSAGES, "Manage Messages"),
)
#: What the bot needs in the secretariat's channel and in the draw channel.
POSTING = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
READING = VIEW_CHANNEL | READ_MESSAGE_HISTORY


@dataclass(frozen=True)
class RoleInfo:
    id: int
    name: str
    position: int
    permissions: int
    managed: bool = False


@dataclass(frozen=True)
class Overwrite:
    target_id: int
    is_role: bool
    allow: int
    deny: int


@dataclass(frozen=True)
class ChannelInfo:
    id: int
    name: str
    kind: str  # "text", "voice", "category", …
    overwrites: tuple[Overwrite, ...] = ()


@dataclass(frozen=True)
class GuildSnapshot:
    """The server as the bot sees it (no guild when the bot is not in it)."""

    guild_id: int
    present: bool
    name: str = ""
    roles: tuple[RoleInfo, ...] = ()
    channels: tuple[ChannelInfo, ...] = ()
    bot_id: int = 0
    bot_role_ids: tuple[int, ...] = ()
    bot_is_owner: bool = False
    message_content_intent: bool = True

    def everyone(self) -> RoleInfo:
        for role in self.roles:
            if role.id == self.guild_id:
                return role
        return RoleInfo(self.guild_id, "@everyone", 0, 0)


@dataclass(frozen=True)
class Wanted:
    """What the settings name (a role or channel by its name or its numeric id)."""

    guild_id: int
    chair_role: str
    secretariat_role: str
    secretariat_channel: str
    draw_channel: str


RepairAction = Literal["create_role", "create_private_channel", "create_public_channel",
                       "make_private", "make_readable"]


@dataclass(frozen=True)
class Repair:
    action: RepairAction
    target: str  # a role or channel name, or a channel id for the make_* actions
    says: str  # what --fix will do, in a sentence


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    says: str
    fix: str | None = None
    repair: Repair | None = None
    fatal: bool = False  # the bot cannot serve at all until this holds


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def repairs(self) -> list[Repair]:
        return [c.repair for c in self.checks if not c.ok and c.repair is not None]

    def lines(self) -> list[str]:
        out = []
        for check in self.checks:
            out.append(f"[{'ok' if check.ok else 'FAIL'}] {check.says}")
            if not check.ok and check.fix:
                out.append(f"       fix: {check.fix}")
        return out


def matching_roles(snapshot: GuildSnapshot, wanted: str) -> list[RoleInfo]:
    """A setting of digits is an id and matches only that id; otherwise the exact name."""
    if wanted.isdigit():
        return [r for r in snapshot.roles if r.id == int(wanted)]
    return [r for r in snapshot.roles if r.name == wanted]


def find_role(snapshot: GuildSnapshot, wanted: str) -> RoleInfo | None:
    found = matching_roles(snapshot, wanted)
    return found[0] if len(found) == 1 else None


def find_channel(snapshot: GuildSnapshot, wanted: str) -> ChannelInfo | None:
    for channel in snapshot.channels:
        if channel.kind != "text":
            continue
        if (wanted.isdigit() and channel.id == int(wanted)) or channel.name == wanted:
            return channel
    return None


def base_permissions(snapshot: GuildSnapshot, role_ids: tuple[int, ...]) -> int:
    value = snapshot.everyone().permissions
    for role in snapshot.roles:
        if role.id in role_ids:
            value |= role.permissions
    return ALL_PERMISSIONS if value & ADMINISTRATOR else value


def channel_permissions(snapshot: GuildSnapshot, channel: ChannelInfo, role_ids: tuple[int, ...],
                        member_id: int | None = None) -> int:
    """Discord's order: base, then @everyone's overwrite, the roles' overwrites, the member's."""
    value = base_permissions(snapshot, role_ids)
    if value & ADMINISTRATOR:
        return ALL_PERMISSIONS
    by_target = {(o.target_id, o.is_role): o for o in channel.overwrites}
    everyone = by_target.get((snapshot.guild_id, True))
    if everyone is not None:
        value = (value & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in role_ids:
        found = by_target.get((role_id, True))
        if found is not None:
            allow, deny = allow | found.allow, deny | found.deny
    value = (value & ~deny) | allow
    member = by_target.get((member_id, False)) if member_id is not None else None
    if member is not None:
        value = (value & ~member.deny) | member.allow
    return value if value & VIEW_CHANNEL else 0


def _bot_permissions(snapshot: GuildSnapshot, channel: ChannelInfo | None = None) -> int:
    if snapshot.bot_is_owner:
        return ALL_PERMISSIONS
    if channel is None:
        return base_permissions(snapshot, snapshot.bot_role_ids)
    return channel_permissions(snapshot, channel, snapshot.bot_role_ids, snapshot.bot_id)


def _names(bits: int) -> str:
    return ", ".join(name for bit, name in BOT_NEEDS if bits & bit)


def _role_checks(snapshot: GuildSnapshot, wanted: Wanted) -> tuple[list[Check], list[RoleInfo]]:
    checks, found = [], []
    for setting, value, who in (("DESKREVIEW_CHAIR_ROLE", wanted.chair_role, "the chairs"),
                                ("DESKREVIEW_SECRETARIAT_ROLE", wanted.secretariat_role,
                                 "the secretariat")):
        roles = matching_roles(snapshot, value)
        if len(roles) == 1:
            found.append(roles[0])
            checks.append(Check(f"role:{setting}", True, f"role of {who}: @{roles[0].name}"))
            continue
        if len(roles) > 1:
            ids = ", ".join(str(r.id) for r in roles)
            checks.append(Check(
                f"role:{setting}", False,
                f"role of {who}: {len(roles)} roles are named '{value}' ({setting})",
                fix=f"set {setting} to the id of the right one ({ids}), or rename the others"))
            continue
        checks.append(Check(
            f"role:{setting}", False, f"role of {who}: no role '{value}' ({setting})",
            fix=f"create the role '{value}' in Server Settings → Roles, or set {setting} to an "
                "existing role's name or id", fatal=True,
            repair=None if value.isdigit() else Repair(
                "create_role", value, f"create the role @{value} (no permissions)"),
        ))
    return checks, found


def _secretariat_channel(snapshot: GuildSnapshot, wanted: Wanted) -> list[Check]:
    value = wanted.secretariat_channel
    channel = find_channel(snapshot, value)
    if channel is None:
        return [Check(
            "channel:secretariat", False,
            f"secretariat channel: no text channel '{value}' (DESKREVIEW_SECRETARIAT_CHANNEL)",
            fix=f"create a private text channel #{value} that only the secretariat role can see",
            fatal=True, repair=None if value.isdigit() else Repair(
                "create_private_channel", value,
                f"create the text channel #{value}, visible only to the secretariat and the bot"),
        )]
    checks = []
    everyone_sees = channel_permissions(snapshot, channel, ()) & VIEW_CHANNEL
    secretariat = find_role(snapshot, wanted.secretariat_role)
    secretariat_sees = secretariat is not None and channel_permissions(
        snapshot, channel, (secretariat.id,)) & VIEW_CHANNEL
    private = not everyone_sees and secretariat_sees
    repair = Repair("make_private", str(channel.id),
                    f"make #{channel.name} private: deny @everyone View Channel, allow the "
                    "secretariat role and the bot")
    if everyone_sees:
        says = f"#{channel.name} is private: no, everyone in the server can read it"
    elif not secretariat_sees:
        says = f"#{channel.name} is private: yes, but the secretariat role cannot read it"
    else:
        says = f"#{channel.name} is private to the secretariat"
    checks.append(Check(
        "visibility:secretariat", bool(private), says, repair=None if private else repair,
        fix=None if private else f"in #{channel.name} → Edit Channel → Permissions, deny View "
        "Channel to @everyone and allow it to the secretariat role",
    ))
    checks.append(_bot_can_post(snapshot, channel, "secretariat"))
    return checks


def _draw_channel(snapshot: GuildSnapshot, wanted: Wanted) -> list[Check]:
    value = wanted.draw_channel
    channel = find_channel(snapshot, value)
    if channel is None:
        return [Check(
            "channel:draws", False, f"draw channel: no text channel '{value}' "
            "(DESKREVIEW_DRAW_CHANNEL)",
            fix=f"create a text channel #{value} that everyone in the server can read",
            fatal=True, repair=None if value.isdigit() else Repair(
                "create_public_channel", value,
                f"create the text channel #{value}, readable by everyone"),
        )]
    readable = channel_permissions(snapshot, channel, ()) & READING == READING
    check = Check(
        "visibility:draws", readable,
        f"#{channel.name} is readable by everyone" if readable else
        f"#{channel.name} is readable by everyone: no, @everyone cannot read it",
        fix=None if readable else f"in #{channel.name} → Edit Channel → Permissions, allow View "
        "Channel and Read Message History to @everyone",
        repair=None if readable else Repair(
            "make_readable", str(channel.id),
            f"let @everyone view #{channel.name} and read its history"),
    )
    return [check, _bot_can_post(snapshot, channel, "draws")]


def _bot_can_post(snapshot: GuildSnapshot, channel: ChannelInfo, key: str) -> Check:
    missing = POSTING & ~_bot_permissions(snapshot, channel)
    names = _names(missing) or "View Channels"
    return Check(
        f"post:{key}", not missing,
        f"the bot can post in #{channel.name}" if not missing else
        f"the bot can post in #{channel.name}: no, it lacks {names}",
        fix=None if not missing else f"in #{channel.name} → Edit Channel → Permissions, allow "
        f"the bot's role: {names}",
        repair=None if not missing else Repair(
            "make_private" if key == "secretariat" else "make_readable", str(channel.id),
            f"allow the bot {names} in #{channel.name}"),
    )


def examine(snapshot: GuildSnapshot, wanted: Wanted) -> Report:
    """Every check, in the order a person would fix them."""
    report = Report()
    if not snapshot.present:
        report.checks.append(Check(
            "server", False, f"the bot is in the server {wanted.guild_id}: no",
            fix="add the bot with the invite link from the developer portal (OAuth2 → URL "
                "Generator, scopes bot and applications.commands), or correct "
                "DESKREVIEW_GUILD_ID", fatal=True))
        return report
    report.checks.append(Check("server", True, f"the bot is in the server '{snapshot.name}'"))
    report.checks.append(Check(
        "intents", snapshot.message_content_intent,
        "the Message Content intent is enabled" if snapshot.message_content_intent else
        "the Message Content intent is enabled: no, Discord refused it",
        fix=None if snapshot.message_content_intent else "developer portal → your application "
        "→ Bot → Privileged Gateway Intents: turn on Message Content"))
    missing = sum(bit for bit, _ in BOT_NEEDS) & ~_bot_permissions(snapshot)
    report.checks.append(Check(
        "permissions", not missing,
        "the bot has the server permissions it needs" if not missing else
        f"the bot has the server permissions it needs: no, it lacks {_names(missing)}",
        fix=None if not missing else "Server Settings → Roles → the bot's role: turn on "
        f"{_names(missing)} (or re-invite it with these permissions)"))
    role_checks, roles = _role_checks(snapshot, wanted)
    report.checks.extend(role_checks)
    report.checks.append(_hierarchy(snapshot, roles))
    report.checks.extend(_secretariat_channel(snapshot, wanted))
    report.checks.extend(_draw_channel(snapshot, wanted))
    used = len(snapshot.channels)
    room = CHANNEL_LIMIT - used
    report.checks.append(Check(
        "room", room >= ROOM_WANTED,
        f"{used} of {CHANNEL_LIMIT} channels used; room for {room} more" if room >= ROOM_WANTED
        else f"{used} of {CHANNEL_LIMIT} channels used: only {room} left for review channels",
        fix=None if room >= ROOM_WANTED else "delete or archive channels no longer needed; each "
        "open review needs a channel"))
    return report


def _hierarchy(snapshot: GuildSnapshot, roles: list[RoleInfo]) -> Check:
    top = max((r.position for r in snapshot.roles if r.id in snapshot.bot_role_ids), default=0)
    above = [r for r in roles if r.position >= top]
    if snapshot.bot_is_owner or not above:
        return Check("hierarchy", True, "the bot's role is above the roles it manages")
    names = ", ".join(f"@{r.name}" for r in above)
    verb = "stands" if len(above) == 1 else "stand"
    return Check(
        "hierarchy", False, f"the bot's role is above the roles it manages: no, {names} "
        f"{verb} above or level with it",
        fix=f"Server Settings → Roles: drag the bot's role above {names}")


def fatal_problem(report: Report) -> Check | None:
    """The first failure that stops the bot from serving at all (server, roles, channels)."""
    return next((c for c in report.checks if not c.ok and c.fatal), None)

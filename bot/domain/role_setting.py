"""A role setting names exactly one role, by id or by name; from then on only its id counts.

Anyone with Manage Roles can create a role, and Discord lets several roles share a name, so a
role's name proves nothing. The setting is resolved once, when the bot first sees its server:
a setting of digits is a role id and matches that id only (a role *named* with those digits is
not it); any other setting is a name and must match the name of exactly one role, letter for
letter. From then on the person's role ids are compared with the resolved id, never names.
"""

from __future__ import annotations

from collections.abc import Iterable


class RoleSettingError(Exception):
    """The setting names no role, or several; the message names the setting."""


def resolve_role(env_name: str, setting: str, roles: Iterable[tuple[int, str]]) -> int:
    """The one role id the setting names, or ``RoleSettingError`` in one plain line."""
    wanted = setting.strip()
    roles = list(roles)
    if wanted.isdigit():
        if any(role_id == int(wanted) for role_id, _ in roles):
            return int(wanted)
        raise RoleSettingError(
            f"{env_name} is {wanted}, but the server has no role with that id; "
            "give the id of an existing role (or its exact name)."
        )
    matches = [role_id for role_id, name in roles if name == wanted]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise RoleSettingError(
            f"{env_name} names the role '{wanted}', but the server has no role with exactly "
            "that name; create it, or give the role's id."
        )
    raise RoleSettingError(
        f"{env_name} names the role '{wanted}', but {len(matches)} roles have that name; "
        "give the id of the right one instead."
    )

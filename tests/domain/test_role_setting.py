"""A role setting resolves to exactly one role id, or says plainly why it cannot."""

from __future__ import annotations

import pytest

from bot.domain.role_setting import RoleSettingError, resolve_role

ROLES = [(111, "Secretariat"), (222, "secretariat"), (333, "111"), (444, "Chair"), (555, "Chair")]


def test_a_name_matches_exactly_one_role_letter_for_letter():
    assert resolve_role("DESKREVIEW_SECRETARIAT_ROLE", "Secretariat", ROLES) == 111
    assert resolve_role("DESKREVIEW_SECRETARIAT_ROLE", "secretariat", ROLES) == 222


def test_digits_are_an_id_never_the_name_of_a_role():
    assert resolve_role("DESKREVIEW_SECRETARIAT_ROLE", "111", ROLES) == 111
    with pytest.raises(RoleSettingError, match="DESKREVIEW_CHAIR_ROLE is 999"):
        resolve_role("DESKREVIEW_CHAIR_ROLE", "999", [(1, "999")])


def test_no_role_or_several_refuse_in_one_line_naming_the_setting():
    with pytest.raises(RoleSettingError) as none:
        resolve_role("DESKREVIEW_SECRETARIAT_ROLE", "Staff", ROLES)
    with pytest.raises(RoleSettingError) as several:
        resolve_role("DESKREVIEW_CHAIR_ROLE", "Chair", ROLES)
    assert str(none.value).startswith("DESKREVIEW_SECRETARIAT_ROLE ")
    assert "2 roles have that name" in str(several.value)
    assert "\n" not in str(none.value) + str(several.value)

"""The acting person: how the audit log names them, and what only a person can do."""

from __future__ import annotations

import pytest

from bot.domain.actor import CLI, SYSTEM, Actor


def test_the_audit_log_names_a_person_by_user_id_and_the_rest_as_before() -> None:
    assert Actor.person(412345678901234567).audit_name == "412345678901234567"
    assert Actor(user_id=7, is_secretariat=True, party="KEN").audit_name == "7"
    assert SYSTEM.audit_name == "system"
    assert CLI.audit_name == "cli"


def test_only_a_person_answers_a_call_or_votes() -> None:
    assert Actor.person(7).person_id == 7
    with pytest.raises(ValueError, match="system"):
        _ = SYSTEM.person_id

"""REST bodies against Discord's OpenAPI document.

Every behaviour test already validates each body it sent when it tears down (see
``tests/conftest.py``). These tests show that the check has teeth, and re-check every body
recorded so far in this run.
"""

from __future__ import annotations

import pytest

from tests import conftest
from tests.support import openapi

pytestmark = pytest.mark.skipif(
    not openapi.spec_available(),
    reason=f"Discord's OpenAPI document is not at {openapi.SPEC_PATH}",
)


def test_a_well_formed_message_passes():
    body = {"content": "Reminder: CR-1 is due on 3 December.", "allowed_mentions": {"parse": []}}
    assert openapi.problems("POST", "/channels/123/messages", body) == []


def test_an_oversized_embed_is_caught():
    body = {"embeds": [{"title": "Status", "description": "x" * 4097}]}
    assert openapi.problems("POST", "/channels/123/messages", body)


def test_a_channel_with_a_bad_overwrite_is_caught():
    body = {"name": "ken-criminalization", "type": 0,
            "permission_overwrites": [{"id": "1", "type": 7, "allow": "0", "deny": "1024"}]}
    assert openapi.problems("POST", "/guilds/1/channels", body)


def test_integer_overwrite_ids_are_accepted_as_discord_does():
    body = {"name": "ken-criminalization", "type": 0,
            "permission_overwrites": [{"id": 1, "type": 0, "allow": 0, "deny": 1024}]}
    assert openapi.problems("POST", "/guilds/1/channels", body) == []


def test_every_body_recorded_in_this_run_conforms():
    found = [p for m, path, body in conftest.RECORDED_BODIES
             for p in openapi.problems(m, path, body)]
    assert found == []

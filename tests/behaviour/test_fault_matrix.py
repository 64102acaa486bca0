"""Discord refuses (403, 404, 429 with the wait it asks for, 500), once or for an hour of
simulated time, on the routes of each flow; after it recovers every expected object exists
exactly once, the database and the audit chain hold, no retry came sooner than Discord asked,
and no reply claimed what had not happened. Each flow's matrix is printed with its counts."""

from __future__ import annotations

import pytest

from tests.behaviour import fault_calls, fault_flows, fault_jobs
from tests.behaviour.fault_support import run_flow

FLOWS = {
    "review open and assign": fault_flows.review_flow,
    "reconcile": fault_flows.reconcile_flow,
    "clarify ask": fault_flows.ask_flow,
    "clarify answer": fault_flows.answer_flow,
    "call schedule": lambda: fault_calls.flow("schedule"),
    "call reschedule": lambda: fault_calls.flow("reschedule"),
    "call cancel": lambda: fault_calls.flow("cancel"),
    "clarification follow-up job": fault_jobs.followup_flow,
    "review reminder job": fault_jobs.reminder_flow,
}


@pytest.mark.parametrize("flow", list(FLOWS))
async def test_every_effect_of_the_flow_happens_once_after_discord_recovers(world, flow):
    matrix = await run_flow(world, FLOWS[flow]())
    matrix.show()

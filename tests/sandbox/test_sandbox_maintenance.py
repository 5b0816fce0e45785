# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ModifyWorkspaceState (admin maintenance) and RestoreWorkspace, which moto lacks, over HTTP through boto3."""

import pytest
from botocore.exceptions import ClientError

from sandbox.testing import INVALID_STATE
from sandbox.testing import MODEL
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import control
from sandbox.testing import raw_call
from sandbox.testing import refusal
from sandbox.testing import seeded
from sandbox.testing import states

ALL_STATES = MODEL.shape_for("WorkspaceState").enum
# The AWS API reference's states RestoreWorkspace acts on.
RESTORABLE = {"AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED"}
NOT_FOUND = ("ResourceNotFoundException", "The specified WorkSpace could not be found.")


def one_per_state(sb, states_wanted):
    """A WorkSpace in each of ``states_wanted``: state -> its ID."""
    by_state = dict(zip(states_wanted, sb.seed_workspaces(sb.seed_directory(), count=len(states_wanted))))
    for state, workspace_id in by_state.items():
        sb.set_state(workspace_id, state)
    return by_state


def body_of(answer):
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


# --- ModifyWorkspaceState -----------------------------------------------------------------------


def test_admin_maintenance_is_entered_from_available_and_left_to_available(sb, client):
    (alice,) = seeded(sb, ["alice"])
    assert body_of(client.modify_workspace_state(WorkspaceId=alice, WorkspaceState="ADMIN_MAINTENANCE")) == {}
    assert states(client, WorkspaceIds=[alice]) == {alice: "ADMIN_MAINTENANCE"}
    assert body_of(client.modify_workspace_state(WorkspaceId=alice, WorkspaceState="AVAILABLE")) == {}
    assert states(client, WorkspaceIds=[alice]) == {alice: "AVAILABLE"}


@pytest.mark.parametrize("target, source", [("ADMIN_MAINTENANCE", "AVAILABLE"), ("AVAILABLE", "ADMIN_MAINTENANCE")])
def test_every_other_state_is_refused(sb, client, target, source):
    others = [state for state in ALL_STATES if state not in (source, target)]
    for state, workspace_id in one_per_state(sb, others).items():
        with pytest.raises(ClientError) as raised:
            client.modify_workspace_state(WorkspaceId=workspace_id, WorkspaceState=target)
        assert refusal(raised) == INVALID_STATE, state
        assert sb.state_of(workspace_id) == state


@pytest.mark.parametrize("state", ["AVAILABLE", "ADMIN_MAINTENANCE"])
def test_asking_for_the_state_it_is_in_is_a_success_that_changes_nothing(sb, client, state):
    (alice,) = seeded(sb, ["alice"], state=state)
    assert body_of(client.modify_workspace_state(WorkspaceId=alice, WorkspaceState=state)) == {}
    assert sb.state_of(alice) == state


def test_an_unknown_or_leaving_workspace_is_refused(sb, client):
    (alice,) = seeded(sb, ["alice"])
    with pytest.raises(ClientError) as raised:
        client.modify_workspace_state(WorkspaceId="ws-000000000", WorkspaceState="ADMIN_MAINTENANCE")
    assert refusal(raised) == NOT_FOUND
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    with pytest.raises(ClientError) as raised:
        client.modify_workspace_state(WorkspaceId=alice, WorkspaceState="ADMIN_MAINTENANCE")
    assert refusal(raised) == INVALID_STATE


@pytest.mark.parametrize("operation, params, where, rule", [
    ("ModifyWorkspaceState", {"WorkspaceId": "ws-000000000", "WorkspaceState": "STOPPED"}, "workspaceState", "enum value set"),
    ("ModifyWorkspaceState", {"WorkspaceId": "ws-short", "WorkspaceState": "AVAILABLE"}, "workspaceId", "pattern"),
    ("ModifyWorkspaceState", {"WorkspaceId": "ws-000000000"}, "workspaceState", "must not be null"),
    ("RestoreWorkspace", {"WorkspaceId": "WS-UPPER1234"}, "workspaceId", "pattern"),
    ("RestoreWorkspace", {}, "workspaceId", "must not be null"),
])
def test_input_is_checked_against_the_model(sb, operation, params, where, rule):
    status, answer = raw_call(sb, operation, params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert f"'{where}'" in answer["message"] and rule in answer["message"]


# --- what admin maintenance ignores -------------------------------------------------------------


@pytest.mark.parametrize("running_mode", ["AUTO_STOP", "ALWAYS_ON"])
def test_power_actions_and_restore_are_ignored_in_admin_maintenance(sb, client, running_mode):
    """AWS ignores them; the sandbox answers a success that changes nothing, ahead of the running mode's refusal."""
    (alice,) = seeded(sb, ["alice"], running_mode=running_mode, state="ADMIN_MAINTENANCE")
    for action in ("Start", "Stop", "Reboot", "Rebuild"):
        call = getattr(client, f"{action.lower()}_workspaces")
        assert call(**{f"{action}WorkspaceRequests": [{"WorkspaceId": alice}]})["FailedRequests"] == [], action
        assert sb.state_of(alice) == "ADMIN_MAINTENANCE"
    assert body_of(client.restore_workspace(WorkspaceId=alice)) == {}
    assert sb.state_of(alice) == "ADMIN_MAINTENANCE"


def test_termination_is_not_ignored_in_admin_maintenance(sb, client):
    (alice,) = seeded(sb, ["alice"], state="ADMIN_MAINTENANCE")
    assert client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])["FailedRequests"] == []
    assert sb.state_of(alice) == "TERMINATING"


# --- RestoreWorkspace ---------------------------------------------------------------------------


def test_restore_acts_on_the_states_the_reference_lists_and_refuses_the_others(sb, client):
    sb.set_transition_seconds(restoring=SLOW)
    for state, workspace_id in one_per_state(sb, ALL_STATES).items():
        if state in RESTORABLE:
            assert body_of(client.restore_workspace(WorkspaceId=workspace_id)) == {}
            assert sb.state_of(workspace_id) == "RESTORING", state
        elif state != "ADMIN_MAINTENANCE":  # ignored, above
            with pytest.raises(ClientError) as raised:
                client.restore_workspace(WorkspaceId=workspace_id)
            assert refusal(raised) == INVALID_STATE, state
            assert sb.state_of(workspace_id) == state


def test_restore_goes_restoring_then_available(sb, client):
    sb.set_transition_seconds(restoring=SLOW)
    (alice,) = seeded(sb, ["alice"], state="ERROR")
    client.restore_workspace(WorkspaceId=alice)
    assert states(client, WorkspaceIds=[alice]) == {alice: "RESTORING"}
    with pytest.raises(ClientError) as raised:
        client.restore_workspace(WorkspaceId=alice)  # restoring again: RESTORING is not among the states it takes
    assert refusal(raised) == INVALID_STATE
    sb.set_transition_seconds(restoring=0)
    assert states(client, WorkspaceIds=[alice]) == {alice: "AVAILABLE"}


def test_a_restore_can_be_made_to_end_elsewhere(sb, client):
    sb.set_transition_seconds(restoring=SLOW)
    (alice,) = seeded(sb, ["alice"], state="UNHEALTHY")
    sb.land_in(alice, "ERROR")
    client.restore_workspace(WorkspaceId=alice)
    sb.set_transition_seconds(restoring=0)
    assert states(client, WorkspaceIds=[alice]) == {alice: "ERROR"}


def test_restore_of_an_unknown_or_leaving_workspace_is_refused(sb, client):
    (alice,) = seeded(sb, ["alice"])
    with pytest.raises(ClientError) as raised:
        client.restore_workspace(WorkspaceId="ws-000000000")
    assert refusal(raised) == NOT_FOUND
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    with pytest.raises(ClientError) as raised:
        client.restore_workspace(WorkspaceId=alice)
    assert refusal(raised) == INVALID_STATE


def test_restoring_time_is_set_over_http_too(sb, client):
    (alice,) = seeded(sb, ["alice"])
    assert control(sb, "transitions", {"restoring": SLOW})["transition_seconds"]["restoring"] == SLOW
    client.restore_workspace(WorkspaceId=alice)
    control(sb, "transitions", {"restoring": 0})
    assert sb.state_of(alice) == "AVAILABLE"


# --- faults, the call log, regions, reset ---------------------------------------------------------


@pytest.mark.parametrize("operation, call", [
    ("ModifyWorkspaceState", lambda client, ws: client.modify_workspace_state(WorkspaceId=ws, WorkspaceState="ADMIN_MAINTENANCE")),
    ("RestoreWorkspace", lambda client, ws: client.restore_workspace(WorkspaceId=ws)),
])
def test_an_armed_exception_answers_the_first_times_then_the_call_works(sb, client, operation, call):
    alice, bob = seeded(sb, ["alice", "bob"])
    sb.fail_requests({alice: ("ResourceUnavailableException", "Try later.")}, operation=operation, times=2)
    for _attempt in range(2):
        with pytest.raises(ClientError) as raised:
            call(client, alice)
        assert refusal(raised) == ("ResourceUnavailableException", "Try later.")
        assert sb.state_of(alice) == "AVAILABLE"
    call(client, bob)  # only the WorkSpace named fails
    call(client, alice)
    assert sb.state_of(alice) != "AVAILABLE"
    assert [call["status"] for call in sb.calls(operation)] == [400, 400, 200, 200]


def test_an_armed_exception_without_times_stays_until_cleared_and_is_armed_over_http(sb, client):
    (alice,) = seeded(sb, ["alice"])
    control(sb, "faults", {"fail_requests": {alice: ["AccessDeniedException", "No."]}, "operation": "RestoreWorkspace"})
    for _attempt in range(3):
        with pytest.raises(ClientError) as raised:
            client.restore_workspace(WorkspaceId=alice)
        assert refusal(raised) == ("AccessDeniedException", "No.")
    control(sb, "faults", {"clear": True})
    client.restore_workspace(WorkspaceId=alice)
    control(sb, "faults", {"fail_requests": {alice: ["AccessDeniedException", "Once."]}, "operation": "ModifyWorkspaceState",
                           "times": 1})
    sb.set_state(alice, "AVAILABLE")
    with pytest.raises(ClientError):
        client.modify_workspace_state(WorkspaceId=alice, WorkspaceState="ADMIN_MAINTENANCE")
    client.modify_workspace_state(WorkspaceId=alice, WorkspaceState="ADMIN_MAINTENANCE")
    with pytest.raises(ValueError):
        sb.fail_requests({alice: ("X", "y")}, operation="RestoreWorkspace", times=0)


def test_times_counts_failed_requests_of_the_batched_calls_too(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.fail_requests({alice: ("InternalError", "once")}, operation="RebootWorkspaces", times=1)
    assert client.reboot_workspaces(RebootWorkspaceRequests=[{"WorkspaceId": alice}])["FailedRequests"][0]["ErrorCode"] == "InternalError"
    assert client.reboot_workspaces(RebootWorkspaceRequests=[{"WorkspaceId": alice}])["FailedRequests"] == []


def test_throttling_reaches_the_calls_on_one_workspace(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.throttle(1, operation="RestoreWorkspace")
    with pytest.raises(ClientError) as raised:
        client.restore_workspace(WorkspaceId=alice)
    assert refusal(raised)[0] == "ThrottlingException"
    client.restore_workspace(WorkspaceId=alice)
    assert sb.state_of(alice) == "RESTORING"


def test_calls_are_logged_and_kept_per_region(sb, client):
    (here,) = seeded(sb, ["alice"])
    (there,) = seeded(sb, ["alice"], region=OTHER_REGION)
    other_client = sb.client("workspaces", OTHER_REGION, retries={"total_max_attempts": 1})
    other_client.modify_workspace_state(WorkspaceId=there, WorkspaceState="ADMIN_MAINTENANCE")
    with pytest.raises(ClientError) as raised:
        client.modify_workspace_state(WorkspaceId=there, WorkspaceState="ADMIN_MAINTENANCE")
    assert refusal(raised) == NOT_FOUND
    other_client.restore_workspace(WorkspaceId=there)  # ignored in admin maintenance
    assert (sb.state_of(here), sb.state_of(there, region=OTHER_REGION)) == ("AVAILABLE", "ADMIN_MAINTENANCE")
    assert [(call["region"], call["params"], call["status"]) for call in sb.calls("ModifyWorkspaceState")] == [
        (OTHER_REGION, {"WorkspaceId": there, "WorkspaceState": "ADMIN_MAINTENANCE"}, 200),
        ("us-east-1", {"WorkspaceId": there, "WorkspaceState": "ADMIN_MAINTENANCE"}, 400),
    ]
    assert len(sb.calls("RestoreWorkspace", region=OTHER_REGION)) == 1

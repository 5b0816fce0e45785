# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Start / Stop / Reboot / RebuildWorkspaces (moto has none of them) and their timed transitions, over HTTP."""

import threading
import time

import pytest
from botocore.exceptions import ClientError

from sandbox.testing import MODEL
from sandbox.testing import error_code
from sandbox.testing import raw_call
from sandbox.testing import seeded
from sandbox.testing import states

ALL_STATES = MODEL.shape_for("WorkspaceState").enum
# The AWS API reference's states each call acts on; every other state is refused.
ACTS_ON = {
    "StartWorkspaces": {"STOPPED"},
    "StopWorkspaces": {"AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"},
    "RebootWorkspaces": {"AVAILABLE", "UNHEALTHY"},
    "RebuildWorkspaces": {"AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED", "REBOOTING"},
}
PASSING = {
    "StartWorkspaces": "STARTING", "StopWorkspaces": "STOPPING", "RebootWorkspaces": "REBOOTING", "RebuildWorkspaces": "REBUILDING"
}
INVALID_STATE = {
    "ErrorCode": "InvalidResourceStateException",
    "ErrorMessage": "The specified WorkSpace has an invalid state for this operation.",
}
SLOW = 60.0  # long enough that a test sees the intermediate state; setting 0 then ends the transition


def act(client, operation, *workspace_ids):
    """The call through boto3, in as many batches as the model allows; the FailedRequests of all."""
    requests_member = MODEL.operation_model(operation).input_shape.required_members[0]
    most = MODEL.operation_model(operation).input_shape.members[requests_member].metadata["max"]
    method = getattr(client, f"{operation[:-len('Workspaces')].lower()}_workspaces")
    failed = []
    for start in range(0, len(workspace_ids), most):
        batch = workspace_ids[start:start + most]
        failed += method(**{requests_member: [{"WorkspaceId": workspace_id} for workspace_id in batch]})["FailedRequests"]
    return failed


# --- input checked against the model ------------------------------------------------------------


@pytest.mark.parametrize("operation", list(ACTS_ON))
def test_request_counts_are_the_models(sb, operation):
    member = MODEL.operation_model(operation).input_shape.required_members[0]
    most = MODEL.operation_model(operation).input_shape.members[member].metadata["max"]
    assert raw_call(sb, operation, {member: [{"WorkspaceId": f"ws-{n:09d}"} for n in range(most)]})[0] == 200
    status, answer = raw_call(sb, operation, {member: [{"WorkspaceId": f"ws-{n:09d}"} for n in range(most + 1)]})
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert f"have length less than or equal to {most}" in answer["message"]
    assert raw_call(sb, operation, {member: []})[1]["__type"] == "ValidationException"


def test_rebuild_takes_exactly_one_request_through_boto3(sb, client):
    (alice, bob) = seeded(sb, ["alice", "bob"])
    with pytest.raises(ClientError) as raised:
        client.rebuild_workspaces(RebuildWorkspaceRequests=[{"WorkspaceId": alice}, {"WorkspaceId": bob}])
    assert error_code(raised) == "ValidationException"
    assert sb.state_of(alice) == sb.state_of(bob) == "AVAILABLE"


@pytest.mark.parametrize("operation, params, where", [
    ("StartWorkspaces", {"StartWorkspaceRequests": [{"WorkspaceId": "ws-short"}]}, "'startWorkspaceRequests.1.member.workspaceId'"),
    ("StopWorkspaces", {"StopWorkspaceRequests": [{"WorkspaceId": "WS-UPPER1234"}]}, "'stopWorkspaceRequests.1.member.workspaceId'"),
    ("RebootWorkspaces", {"RebootWorkspaceRequests": [{}]}, "null at 'rebootWorkspaceRequests.1.member.workspaceId'"),
    ("RebuildWorkspaces", {}, "null at 'rebuildWorkspaceRequests'"),
])
def test_ids_and_required_members_are_checked(sb, operation, params, where):
    status, answer = raw_call(sb, operation, params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert where in answer["message"]


def test_a_start_request_without_an_id_is_refused(sb):
    """The model lets Start/Stop requests leave out WorkspaceId; the sandbox's answer is a documented choice."""
    status, answer = raw_call(sb, "StartWorkspaces", {"StartWorkspaceRequests": [{}]})
    assert (status, answer["__type"]) == (400, "InvalidParameterValuesException")


# --- which states each call acts on ---------------------------------------------------------------


@pytest.mark.parametrize("operation", list(ACTS_ON))
def test_each_call_acts_on_the_states_the_reference_lists_and_refuses_the_others(sb, client, operation):
    sb.set_transition_seconds(starting=SLOW, stopping=SLOW, rebooting=SLOW, rebuilding=SLOW)
    directory_id = sb.seed_directory()
    by_state = dict(zip(ALL_STATES, sb.seed_workspaces(directory_id, count=len(ALL_STATES))))
    for state, workspace_id in by_state.items():
        sb.set_state(workspace_id, state)
    failed = act(client, operation, *by_state.values())
    # Admin maintenance ignores the four calls: a success that changes nothing (test_sandbox_maintenance.py).
    already_there = {"REBOOTING", "ADMIN_MAINTENANCE"} if operation == "RebootWorkspaces" else {"ADMIN_MAINTENANCE"}
    refused = {state for state in ALL_STATES if state not in ACTS_ON[operation] | already_there}
    assert failed == [dict(INVALID_STATE, WorkspaceId=by_state[state]) for state in ALL_STATES if state in refused]
    for state, workspace_id in by_state.items():
        expected = PASSING[operation] if state in ACTS_ON[operation] else state
        assert sb.state_of(workspace_id) == expected, state


def test_start_goes_starting_then_available(sb, client):
    sb.set_transition_seconds(starting=SLOW)
    (alice,) = seeded(sb, ["alice"], state="STOPPED")
    assert act(client, "StartWorkspaces", alice) == []
    assert states(client, WorkspaceIds=[alice]) == {alice: "STARTING"}
    sb.set_transition_seconds(starting=0)
    assert states(client, WorkspaceIds=[alice]) == {alice: "AVAILABLE"}


def test_stop_goes_stopping_then_stopped_as_time_passes(sb, client):
    sb.set_transition_seconds(stopping=0.5)
    (alice,) = seeded(sb, ["alice"])
    assert act(client, "StopWorkspaces", alice) == []
    assert states(client, WorkspaceIds=[alice]) == {alice: "STOPPING"}
    time.sleep(0.6)
    assert states(client, WorkspaceIds=[alice]) == {alice: "STOPPED"}


@pytest.mark.parametrize("operation, start_state, passing", [
    ("RebootWorkspaces", "AVAILABLE", "REBOOTING"),
    ("RebuildWorkspaces", "STOPPED", "REBUILDING"),
])
def test_reboot_and_rebuild_end_available(sb, client, operation, start_state, passing):
    sb.set_transition_seconds(rebooting=SLOW, rebuilding=SLOW)
    (alice,) = seeded(sb, ["alice"], state=start_state)
    assert act(client, operation, alice) == []
    assert states(client, WorkspaceIds=[alice]) == {alice: passing}
    sb.set_transition_seconds(rebooting=0, rebuilding=0)
    assert states(client, WorkspaceIds=[alice]) == {alice: "AVAILABLE"}


def test_a_workspace_mid_transition_is_seen_in_its_intermediate_state(sb, client):
    sb.set_transition_seconds(starting=SLOW, rebooting=SLOW)
    alice, bob = seeded(sb, ["alice", "bob"], state="STOPPED")
    act(client, "StartWorkspaces", alice, bob)
    assert act(client, "StopWorkspaces", alice) == [dict(INVALID_STATE, WorkspaceId=alice)]
    assert act(client, "RebuildWorkspaces", bob) == [dict(INVALID_STATE, WorkspaceId=bob)]
    assert (sb.state_of(alice), sb.state_of(bob)) == ("STARTING", "STARTING")


def test_rebooting_again_is_a_success_that_changes_nothing_and_rebuild_takes_over(sb, client):
    sb.set_transition_seconds(rebooting=SLOW, rebuilding=SLOW)
    alice, bob = seeded(sb, ["alice", "bob"])
    act(client, "RebootWorkspaces", alice, bob)
    assert act(client, "RebootWorkspaces", alice) == []
    assert sb.state_of(alice) == "REBOOTING"
    assert act(client, "RebuildWorkspaces", bob) == []
    assert sb.state_of(bob) == "REBUILDING"


def test_always_on_workspaces_cannot_be_started_or_stopped_but_can_be_rebooted(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"], running_mode="ALWAYS_ON")
    sb.set_state(bob, "STOPPED")
    refused = {"ErrorCode": "OperationNotSupportedException",
               "ErrorMessage": "Only WorkSpaces with a running mode of AUTO_STOP or MANUAL can be started or stopped."}
    assert act(client, "StopWorkspaces", alice) == [dict(refused, WorkspaceId=alice)]
    assert act(client, "StartWorkspaces", bob) == [dict(refused, WorkspaceId=bob)]
    assert (sb.state_of(alice), sb.state_of(bob)) == ("AVAILABLE", "STOPPED")
    assert act(client, "RebootWorkspaces", alice) == []


def test_manual_running_mode_can_be_stopped(sb, client):
    (alice,) = seeded(sb, ["alice"], running_mode="ALWAYS_ON")
    sb.set_running_mode(alice, "MANUAL")
    assert client.describe_workspaces(WorkspaceIds=[alice])["Workspaces"][0]["WorkspaceProperties"]["RunningMode"] == "MANUAL"
    assert act(client, "StopWorkspaces", alice) == []
    assert sb.state_of(alice) == "STOPPING"


@pytest.mark.parametrize("operation", list(ACTS_ON))
def test_unknown_ids_are_failed_requests_as_terminate_answers_them(sb, client, operation):
    expected = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": "ws-000000000"}])["FailedRequests"]
    assert act(client, operation, "ws-000000000") == expected == [
        {"WorkspaceId": "ws-000000000", "ErrorCode": "400", "ErrorMessage": "WorkSpace ws-000000000 could not be found."}
    ]


def test_a_workspace_being_terminated_has_an_invalid_state(sb, client):
    (alice,) = seeded(sb, ["alice"])
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert act(client, "RebootWorkspaces", alice) == [dict(INVALID_STATE, WorkspaceId=alice)]


def test_the_same_id_twice_in_one_call_is_acted_on_once(sb, client):
    (alice,) = seeded(sb, ["alice"])
    assert client.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": alice}, {"WorkspaceId": alice}])["FailedRequests"] == []
    assert sb.state_of(alice) == "STOPPING"


def test_termination_ends_a_transition_under_way(sb, client):
    sb.set_transition_seconds(starting=SLOW)
    (alice,) = seeded(sb, ["alice"], state="STOPPED")
    act(client, "StartWorkspaces", alice)
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    sb.set_transition_seconds(starting=0)
    assert states(client, WorkspaceIds=[alice]) == {alice: "TERMINATING"}


# --- transitions that end elsewhere, for tests of waiting that fails ------------------------------


def test_land_in_makes_the_next_transition_end_in_that_state(sb, client):
    sb.set_transition_seconds(starting=SLOW)
    alice, bob = seeded(sb, ["alice", "bob"], state="STOPPED")
    sb.land_in(alice, "ERROR")
    act(client, "StartWorkspaces", alice, bob)
    assert states(client, WorkspaceIds=[alice, bob]) == {alice: "STARTING", bob: "STARTING"}
    sb.set_transition_seconds(starting=0)
    assert states(client, WorkspaceIds=[alice, bob]) == {alice: "ERROR", bob: "AVAILABLE"}
    act(client, "RebootWorkspaces", bob)  # used up: later transitions reach their target again
    act(client, "StopWorkspaces", alice)
    sb.set_transition_seconds(rebooting=0, stopping=0)
    assert states(client, WorkspaceIds=[alice, bob]) == {alice: "STOPPED", bob: "AVAILABLE"}


@pytest.mark.parametrize("change, state_now, state_after", [
    ("set_state", "IMPAIRED", "IMPAIRED"),  # a state set by hand ends the transition
    ("land_in", "STOPPING", "UNHEALTHY"),  # land_in changes where the transition under way ends
])
def test_a_change_by_hand_during_a_transition(sb, client, change, state_now, state_after):
    sb.set_transition_seconds(stopping=SLOW)
    (alice,) = seeded(sb, ["alice"])
    act(client, "StopWorkspaces", alice)
    getattr(sb, change)(alice, state_after)
    assert sb.state_of(alice) == state_now
    sb.set_transition_seconds(stopping=0)
    assert sb.state_of(alice) == state_after


def test_states_and_modes_outside_the_model_are_refused(sb):
    (alice,) = seeded(sb, ["alice"])
    for call in (lambda: sb.land_in(alice, "BROKEN"), lambda: sb.set_state(alice, "BROKEN"),
                 lambda: sb.set_running_mode(alice, "SOMETIMES"), lambda: sb.set_transition_seconds(booting=1)):
        with pytest.raises(ValueError):
            call()


# --- faults -------------------------------------------------------------------------------------


def test_failed_requests_for_several_operations_at_once(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"])
    sb.fail_requests({alice: ("InternalError", "stop later")}, operation="StopWorkspaces")
    sb.fail_requests({bob: ("InternalError", "reboot later")}, operation="RebootWorkspaces")
    assert act(client, "StopWorkspaces", alice, bob) == [
        {"WorkspaceId": alice, "ErrorCode": "InternalError", "ErrorMessage": "stop later"}
    ]
    assert sb.state_of(alice) == "AVAILABLE"
    assert act(client, "RebuildWorkspaces", alice) == []
    sb.set_state(bob, "AVAILABLE")
    assert act(client, "RebootWorkspaces", bob) == [
        {"WorkspaceId": bob, "ErrorCode": "InternalError", "ErrorMessage": "reboot later"}
    ]


@pytest.mark.parametrize("operation", ["StartWorkspaces", "RebuildWorkspaces"])
def test_failed_requests_reach_start_and_rebuild(sb, client, operation):
    (alice,) = seeded(sb, ["alice"], state="STOPPED")
    sb.fail_requests({alice: ("InternalError", "no")}, operation=operation)
    assert act(client, operation, alice) == [{"WorkspaceId": alice, "ErrorCode": "InternalError", "ErrorMessage": "no"}]
    assert sb.state_of(alice) == "STOPPED"


def test_throttling_and_server_errors_reach_the_new_calls(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.throttle(1, operation="StopWorkspaces")
    sb.server_error(1, operation="RebootWorkspaces", after=1)
    with pytest.raises(ClientError) as raised:
        act(client, "StopWorkspaces", alice)
    assert error_code(raised) == "ThrottlingException"
    assert sb.state_of(alice) == "AVAILABLE"
    assert act(client, "StopWorkspaces", alice) == []
    sb.set_state(alice, "AVAILABLE")
    assert act(client, "RebootWorkspaces", alice) == []
    with pytest.raises(ClientError) as raised:
        act(client, "RebootWorkspaces", alice)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    with pytest.raises(ValueError):
        sb.throttle(1, operation="StopWorkspace")  # a misspelt operation would never fire


def test_the_call_a_fault_hits_is_counted_in_the_order_of_the_log(sb):
    """Parallel callers (the modules' worker pools) must see "after=1" hit the second call the log shows."""
    sb.set_latency(0.2)
    sb.server_error(1, operation="RebootWorkspaces", after=1)
    clients = [sb.client("workspaces", retries={"total_max_attempts": 1}) for _caller in range(6)]

    def reboot(client):
        try:
            client.reboot_workspaces(RebootWorkspaceRequests=[{"WorkspaceId": "ws-000000000"}])
        except ClientError:
            pass

    callers = [threading.Thread(target=reboot, args=(client,)) for client in clients]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert [call["status"] for call in sb.calls("RebootWorkspaces")] == [200, 500, 200, 200, 200, 200]

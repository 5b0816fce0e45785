# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import random
import threading
import time

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.euc.aws.plugins.module_utils import workspaces as ws_utils
from ansible_collections.euc.aws.plugins.module_utils.workspaces import GONE
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import BatchOutcome
from ansible_collections.euc.aws.plugins.module_utils.workspaces import FailedRequest
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspaces_by_ids
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ensure_well_formed
from ansible_collections.euc.aws.plugins.module_utils.workspaces import in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WaitOutcome
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order
from ansible_collections.euc.aws.plugins.module_utils.workspaces import wait_for_state

from fake_time import FakeTime


def workspace(workspace_id, state="AVAILABLE"):
    return {"WorkspaceId": workspace_id, "State": state, "DirectoryId": "d-1234567890", "UserName": "u"}


def ids(count, prefix="ws-"):
    return [f"{prefix}{n:09d}" for n in range(count)]


@pytest.fixture(name="client")
def fixture_client():
    client = boto3.client(
        "workspaces", region_name="us-east-1", aws_access_key_id="AKIAUNITTEST", aws_secret_access_key="unit-secret"
    )
    return client


@pytest.fixture(name="stubbed")
def fixture_stubbed(client, monkeypatch):
    """A retrying client (as AnsibleAWSModule.client builds it) whose calls must match the stubs exactly."""
    monkeypatch.setattr(ws_utils.time, "sleep", lambda seconds: None)
    with Stubber(client) as stubber:
        yield stubber, RetryingBotoClientWrapper(client, ws_utils.workspaces_retry())
        stubber.assert_no_pending_responses()


# --- limits come from botocore's service model ------------------------------------------------


def test_api_limits_are_read_from_the_service_model(client):
    limits = ApiLimits.from_client(client)
    assert limits.workspace_id_pattern == "^ws-[0-9a-z]{8,63}$"
    assert limits.describe_batch_size == 25
    assert limits.action_requests == {
        "TerminateWorkspaces": ("TerminateWorkspaceRequests", 25),
        "StartWorkspaces": ("StartWorkspaceRequests", 25),
        "StopWorkspaces": ("StopWorkspaceRequests", 25),
        "RebootWorkspaces": ("RebootWorkspaceRequests", 25),
        "RebuildWorkspaces": ("RebuildWorkspaceRequests", 1),
    }
    assert limits.requests("RebuildWorkspaces", ["ws-abc12345d"]) == {"RebuildWorkspaceRequests": [{"WorkspaceId": "ws-abc12345d"}]}


# --- pure helpers -------------------------------------------------------------------------------


def test_unique_in_order_keeps_first_occurrence():
    assert unique_in_order(["ws-b", "ws-a", "ws-b", "ws-c", "ws-a"]) == ["ws-b", "ws-a", "ws-c"]


@pytest.mark.parametrize(
    "count, sizes",
    [(0, []), (1, [1]), (25, [25]), (26, [25, 1]), (50, [25, 25]), (51, [25, 25, 1]), (1000, [25] * 40)],
)
def test_in_batches_uses_the_fewest_batches(count, sizes):
    batches = in_batches(ids(count), 25)
    assert [len(batch) for batch in batches] == sizes
    assert [i for batch in batches for i in batch] == ids(count)


@pytest.mark.parametrize(
    "bad_id",
    ["WS-ABC12345D", "ws-ABC12345D", "ws-abc1234", "ws-abc 12345", " ws-abc12345d", "abc12345d", "ws-" + "a" * 64, "", "ws-abc12345d\n"],
)
def test_malformed_ids_are_rejected_by_name(bad_id):
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        ensure_well_formed(["ws-abc12345d", bad_id], "^ws-[0-9a-z]{8,63}$")
    assert repr(bad_id) in raised.value.message
    assert raised.value.kwargs["malformed_ids"] == [bad_id]


def test_well_formed_ids_pass():
    ensure_well_formed(["ws-abc12345d", "ws-" + "0" * 63, "ws-12345678"], "^ws-[0-9a-z]{8,63}$")


# --- the exact AWS calls ---------------------------------------------------------------------


def test_describe_by_ids_batches_by_25_and_follows_next_token(stubbed):
    stubber, client = stubbed
    requested = ids(30)
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace(requested[0])], "NextToken": "page-2"}, {"WorkspaceIds": requested[:25]}
    )
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace(requested[1])]}, {"WorkspaceIds": requested[:25], "NextToken": "page-2"}
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(requested[29])]}, {"WorkspaceIds": requested[25:]})
    found = describe_workspaces_by_ids(client, requested, 25)
    assert [w["WorkspaceId"] for w in found] == [requested[0], requested[1], requested[29]]


def test_describe_survives_throttling(stubbed):
    stubber, client = stubbed
    for _attempt in range(3):
        stubber.add_client_error("describe_workspaces", "ThrottlingException", "Rate exceeded", 400, expected_params={"WorkspaceIds": ["ws-aaaaaaaa1"]})
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, {"WorkspaceIds": ["ws-aaaaaaaa1"]})
    assert describe_workspaces_by_ids(client, ["ws-aaaaaaaa1"], 25) == [workspace("ws-aaaaaaaa1")]


def test_describe_error_is_named(stubbed):
    stubber, client = stubbed
    stubber.add_client_error("describe_workspaces", "AccessDeniedException", "no", 400)
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        describe_workspaces_by_ids(client, ["ws-aaaaaaaa1"], 25)
    assert raised.value.message == "Failed to describe workspaces"
    assert raised.value.exception.response["Error"]["Code"] == "AccessDeniedException"


def test_act_in_batches_serves_any_action_and_keeps_what_succeeded_before_an_error():
    """The batching core knows nothing of the action, so every verb shares it."""
    requested = ids(60)
    sent = []

    def reboot(batch):
        sent.append(list(batch))
        if len(sent) == 3:
            raise AnsibleWorkSpacesError(message="reboot workspaces", exception=RuntimeError("connection reset"))
        refused = [FailedRequest(batch[0], "InvalidResourceStateException", "busy")] if len(sent) == 1 else []
        return BatchOutcome([i for i in batch if not refused or i != batch[0]], refused)

    with pytest.raises(AnsibleWorkSpacesError) as raised:
        act_in_batches(reboot, requested, 25)
    assert sent == [requested[:25], requested[25:50], requested[50:]]
    outcome = raised.value.outcome
    assert outcome == BatchOutcome(requested[1:50], [FailedRequest(requested[0], "InvalidResourceStateException", "busy")])
    assert "reboot workspaces: connection reset" in raised.value.message
    assert f"outcome unknown for {', '.join(requested[50:])}" in raised.value.message
    assert "not attempted" not in raised.value.message
    assert f"refused earlier: {requested[0]} (InvalidResourceStateException: busy)" in raised.value.message


def test_act_in_batches_makes_no_call_for_no_ids():
    assert act_in_batches(pytest.fail, [], 25) == BatchOutcome([], [])


def test_concurrent_batches_keep_request_order_and_send_each_id_once():
    requested = ids(200)
    sent = []
    lock = threading.Lock()

    def stop(batch):
        with lock:
            sent.extend(batch)
        time.sleep(random.uniform(0.001, 0.01))
        return BatchOutcome(list(batch), [])

    assert act_in_batches(stop, requested, 25, max_workers=4) == BatchOutcome(requested, [])
    assert sorted(sent) == sorted(requested) and len(sent) == len(set(sent))


def test_a_failed_batch_under_concurrency_names_the_four_groups_exactly():
    """Batch 1 fails while batches 0 and 2 are in flight: they finish; batches 3 and later never start."""
    requested = ids(250)
    batches = in_batches(requested, 25)
    started = []
    lock = threading.Lock()
    failing = threading.Event()

    def terminate(batch):
        with lock:
            started.append(batch[0])
        if batch[0] == batches[1][0]:
            failing.set()
            raise AnsibleWorkSpacesError(message="Failed to terminate workspaces", exception=RuntimeError("HTTP 500"))
        # Still in flight when batch 1 fails: it ends only after batch 1 has raised, however late its thread ran, and
        # a moment later, once the pool has taken the failure in.
        failing.wait(5)
        time.sleep(0.2)
        refused = [FailedRequest(batch[0], "InvalidResourceStateException", "busy")] if batch[0] == batches[2][0] else []
        return BatchOutcome(batch[1:] if refused else list(batch), refused)

    with pytest.raises(AnsibleWorkSpacesError) as raised:
        act_in_batches(terminate, requested, 25, max_workers=3)
    assert sorted(started) == [batches[0][0], batches[1][0], batches[2][0]]
    outcome = raised.value.outcome
    assert outcome.succeeded == batches[0] + batches[2][1:]
    assert outcome.failed_requests == [FailedRequest(batches[2][0], "InvalidResourceStateException", "busy")]
    message = raised.value.message
    assert message.startswith("Failed to terminate workspaces: HTTP 500; ")
    assert f"outcome unknown for {', '.join(batches[1])}" in message
    assert f"not attempted: {', '.join(i for batch in batches[3:] for i in batch)}" in message
    assert f"already done: {', '.join(batches[0] + batches[2][1:])}" in message
    assert f"refused earlier: {batches[2][0]} (InvalidResourceStateException: busy)" in message


# --- waiting -----------------------------------------------------------------------------------


def test_wait_polls_in_batches_until_not_returned(stubbed):
    stubber, client = stubbed
    clock = FakeTime()
    requested = ids(26)
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(requested[0], "TERMINATING")]}, {"WorkspaceIds": requested[:25]})
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(requested[25], "TERMINATED")]}, {"WorkspaceIds": requested[25:]})
    # Second poll asks only about the two still present: one call, not one per ID.
    stubber.add_response("describe_workspaces", {"Workspaces": []}, {"WorkspaceIds": [requested[0], requested[25]]})
    outcome = wait_for_state(client, requested, 25, 600, GONE, sleep=clock.sleep, clock=clock)
    assert outcome == WaitOutcome(reached=requested[1:25] + [requested[0], requested[25]], failed=[], not_ready=[])
    assert len(clock.sleeps) == 2
    assert all(0 < seconds <= ws_utils.WAIT_MAX_INTERVAL for seconds in clock.sleeps)


def test_wait_gives_up_at_the_timeout_and_names_what_remains(stubbed):
    stubber, client = stubbed
    clock = FakeTime()
    for _poll in range(4):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "TERMINATING")]}, {"WorkspaceIds": ["ws-aaaaaaaa1"]})
    outcome = wait_for_state(client, ["ws-aaaaaaaa1"], 25, 10, GONE, sleep=clock.sleep, clock=clock)
    assert outcome.not_ready == [("ws-aaaaaaaa1", "TERMINATING")]
    assert clock.now == pytest.approx(10)


def test_wait_for_nothing_makes_no_call(stubbed):
    _stubber, client = stubbed
    assert wait_for_state(client, [], 25, 10, GONE, sleep=pytest.fail) == WaitOutcome([], [], [])


def test_wait_for_a_state_reaches_it_or_names_where_each_landed(stubbed):
    stubber, client = stubbed
    clock = FakeTime()
    started, broken, vanished, slow = ids(4)
    before = {started: "STOPPED", broken: "STOPPED", vanished: "STOPPED", slow: "STOPPED"}
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace(started, "STARTING"), workspace(broken, "STARTING"), workspace(slow, "STARTING")]},
        {"WorkspaceIds": [started, broken, vanished, slow]},
    )
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace(started, "AVAILABLE"), workspace(broken, "ERROR"), workspace(slow, "STARTING")]},
        {"WorkspaceIds": [started, broken, slow]},
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(slow, "STARTING")]}, {"WorkspaceIds": [slow]})
    outcome = wait_for_state(
        client, [started, broken, vanished, slow], 25, 8, "AVAILABLE", failure_states={"ERROR"}, states_before=before,
        sleep=clock.sleep, clock=clock,
    )
    assert outcome == WaitOutcome(reached=[started], failed=[(vanished, None), (broken, "ERROR")], not_ready=[(slow, "STARTING")])


def test_wait_counts_the_state_it_started_in_only_once_the_workspace_has_moved(stubbed):
    """AVAILABLE before a reboot is not AVAILABLE after it; an ERROR it started in is not where it landed."""
    stubber, client = stubbed
    clock = FakeTime()
    rebooted, erroneous = ids(2)
    before = {rebooted: "AVAILABLE", erroneous: "ERROR"}
    polls = [
        [workspace(rebooted, "AVAILABLE"), workspace(erroneous, "ERROR")],
        [workspace(rebooted, "REBOOTING"), workspace(erroneous, "STOPPING")],
        [workspace(rebooted, "AVAILABLE"), workspace(erroneous, "ERROR")],
    ]
    for poll in polls:
        stubber.add_response("describe_workspaces", {"Workspaces": poll}, {"WorkspaceIds": [rebooted, erroneous]})
    outcome = wait_for_state(
        client, [rebooted, erroneous], 25, 600, "AVAILABLE", failure_states={"ERROR"}, states_before=before, sleep=clock.sleep, clock=clock
    )
    assert outcome == WaitOutcome(reached=[rebooted], failed=[(erroneous, "ERROR")], not_ready=[])
    assert len(clock.sleeps) == 3


# --- finding WorkSpaces (workspaces_info) ------------------------------------------------------


LIMITS = ApiLimits.from_service_model(boto3.client("workspaces", region_name="us-east-1").meta.service_model)


def test_find_by_ids_is_batched_and_in_request_order(stubbed):
    stubber, client = stubbed
    requested = ids(26)
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(requested[3]), workspace(requested[1])]}, {"WorkspaceIds": requested[:25]})
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(requested[25])]}, {"WorkspaceIds": requested[25:]})
    found = ws_utils.find_workspaces(client, LIMITS, workspace_ids=requested + [requested[1]])
    assert [w["WorkspaceId"] for w in found] == [requested[1], requested[3], requested[25]]


def test_find_by_directory_and_user_follows_every_page(stubbed):
    stubber, client = stubbed
    page_one = [workspace(i) for i in ids(25)]
    stubber.add_response("describe_workspaces", {"Workspaces": page_one, "NextToken": "t1"}, {"DirectoryId": "d-1234567890", "UserName": "alice"})
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace("ws-zzzzzzzz1")]}, {"DirectoryId": "d-1234567890", "UserName": "alice", "NextToken": "t1"}
    )
    found = ws_utils.find_workspaces(client, LIMITS, directory_id="d-1234567890", user_name="alice")
    assert len(found) == 26


def test_find_without_filter_lists_the_region(stubbed):
    stubber, client = stubbed
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-zzzzzzzz1")]}, {})
    assert [w["WorkspaceId"] for w in ws_utils.find_workspaces(client, LIMITS)] == ["ws-zzzzzzzz1"]


def test_find_by_malformed_id_calls_nothing(stubbed):
    _stubber, client = stubbed
    with pytest.raises(AnsibleWorkSpacesError):
        ws_utils.find_workspaces(client, LIMITS, workspace_ids=["ws-NOPE"])


def test_find_by_empty_id_list_calls_nothing(stubbed):
    _stubber, client = stubbed
    assert ws_utils.find_workspaces(client, LIMITS, workspace_ids=[]) == []


def test_results_always_carry_the_documented_fields():
    converted = ws_utils.as_ansible_workspace({"WorkspaceId": "ws-aaaaaaaa1", "State": "PENDING", "WorkspaceProperties": {"RunningMode": "AUTO_STOP"}})
    assert converted == {
        "workspace_id": "ws-aaaaaaaa1",
        "state": "PENDING",
        "user_name": None,
        "directory_id": None,
        "bundle_id": None,
        "computer_name": None,
        "ip_address": None,
        "workspace_properties": {"running_mode": "AUTO_STOP"},
    }


# --- faults that do not go away: bounded retries, then an honest failure ------------------------


@pytest.mark.parametrize("code, status", [("ThrottlingException", 400), ("InternalFailure", 500)])
def test_endless_fault_on_describe_fails_before_anything(stubbed, code, status):
    stubber, client = stubbed
    for _attempt in range(10):
        stubber.add_client_error("describe_workspaces", code, "still failing", status)
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        describe_workspaces_by_ids(client, ["ws-aaaaaaaa1"], 25)
    assert raised.value.message == "Failed to describe workspaces"

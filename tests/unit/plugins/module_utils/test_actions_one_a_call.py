# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one-WorkSpace-a-call request shape: one call per WorkSpace on the pool, each WorkSpace's refusal collected like a
FailedRequests entry, OperationInProgress retried for up to a minute, and an error of the call itself stopping the run."""

import threading

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.euc.aws.plugins.module_utils import workspaces as ws_utils
from ansible_collections.euc.aws.plugins.module_utils.actions import OneWorkSpaceACall
from ansible_collections.euc.aws.plugins.module_utils.actions import Reboot
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action
from ansible_collections.euc.aws.plugins.module_utils.workspaces import FAILED
from ansible_collections.euc.aws.plugins.module_utils.workspaces import PER_WORKSPACE_REFUSAL_CODES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import REACHED
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import FailedRequest
from ansible_collections.euc.aws.plugins.module_utils.workspaces import Verdict
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WaitOutcome
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_on_one
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_one_at_a_time
from ansible_collections.euc.aws.plugins.module_utils.workspaces import wait_until

from fake_time import FakeTime

SERVICE_MODEL = botocore.session.get_session().get_service_model("workspaces")
ONE_A_CALL_OPERATIONS = ("ModifyWorkspaceState", "RestoreWorkspace", "MigrateWorkspace", "ModifyWorkspaceProperties")


class RestoreWhatARebootWouldTake(OneWorkSpaceACall, Reboot):
    """A verb of the one-a-call shape, as the engine sees one: RestoreWorkspace for what a reboot would act on."""

    operation = "RestoreWorkspace"


ONE_A_CALL = RestoreWhatARebootWouldTake()


def workspace(workspace_id, state="AVAILABLE", **extra):
    return dict({"WorkspaceId": workspace_id, "State": state, "DirectoryId": "d-1234567890", "UserName": "u"}, **extra)


def ids(count):
    return [f"ws-{n:09d}" for n in range(count)]


def restore(workspace_id):
    return {"WorkspaceId": workspace_id}


@pytest.fixture(name="fake_time")
def fixture_fake_time(monkeypatch):
    """The retries' sleeps (amazon.aws's cloud utils sleep through its time module) pass at once and are counted."""
    fake = FakeTime()
    monkeypatch.setattr(cloud, "time", fake)
    monkeypatch.setattr(ws_utils, "time", fake)
    return fake


@pytest.fixture(name="stubbed")
def fixture_stubbed(fake_time):
    client = boto3.client("workspaces", region_name="us-east-1", aws_access_key_id="AKIAUNITTEST", aws_secret_access_key="unit-secret")
    with Stubber(client) as stubber:
        yield stubber, RetryingBotoClientWrapper(client, ws_utils.workspaces_retry())
        stubber.assert_no_pending_responses()


def test_the_refusal_codes_are_errors_the_model_declares_for_these_operations():
    declared = {shape.name for operation in ONE_A_CALL_OPERATIONS for shape in SERVICE_MODEL.operation_model(operation).error_shapes}
    assert PER_WORKSPACE_REFUSAL_CODES <= declared
    assert "AccessDeniedException" in declared and "AccessDeniedException" not in PER_WORKSPACE_REFUSAL_CODES


def pin_describe(stubber, workspaces):
    stubber.add_response("describe_workspaces", {"Workspaces": workspaces}, {"WorkspaceIds": [ws["WorkspaceId"] for ws in workspaces]})


def test_one_call_per_workspace_with_exactly_its_request(stubbed):
    stubber, client = stubbed
    requested = ids(3)
    pin_describe(stubber, [workspace(i) for i in requested])
    for workspace_id in requested:
        stubber.add_response("restore_workspace", {}, restore(workspace_id))
    result = run_action(client, ONE_A_CALL, requested, wait=False, wait_timeout=0, check_mode=False)
    assert result["rebooted"] == requested and result["failed_requests"] == [] and result["changed"] is True


@pytest.mark.parametrize("code", sorted(PER_WORKSPACE_REFUSAL_CODES - {"OperationInProgressException"}))
def test_a_workspace_refused_by_aws_fails_the_task_by_name_and_the_others_proceed(stubbed, code):
    stubber, client = stubbed
    first, refused, last = ids(3)
    pin_describe(stubber, [workspace(i) for i in (first, refused, last)])
    stubber.add_response("restore_workspace", {}, restore(first))
    stubber.add_client_error("restore_workspace", code, "not this one", 400, expected_params=restore(refused))
    stubber.add_response("restore_workspace", {}, restore(last))
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        run_action(client, ONE_A_CALL, [first, refused, last], wait=False, wait_timeout=0, check_mode=False)
    assert raised.value.message == f"Failed to reboot 1 WorkSpace(s): {refused} ({code}: not this one)"
    result = raised.value.kwargs
    assert result["rebooted"] == [first, last] and result["changed"] is True
    assert result["failed_requests"] == [{"workspace_id": refused, "error_code": code, "error_message": "not this one"}]
    assert "outcome_unknown" not in result


def test_operation_in_progress_is_retried_until_the_earlier_change_has_settled(stubbed, fake_time):
    stubber, client = stubbed
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    for _attempt in range(2):
        stubber.add_client_error(
            "restore_workspace", "OperationInProgressException", "try again in a moment", 400, expected_params=restore("ws-aaaaaaaa1")
        )
    stubber.add_response("restore_workspace", {}, restore("ws-aaaaaaaa1"))
    result = run_action(client, ONE_A_CALL, ["ws-aaaaaaaa1"], wait=False, wait_timeout=0, check_mode=False)
    assert result["rebooted"] == ["ws-aaaaaaaa1"] and result["failed_requests"] == []
    assert len(fake_time.sleeps) == 2


def test_operation_in_progress_that_outlasts_a_minute_of_retries_is_that_workspace_refusal(stubbed, fake_time):
    stubber, client = stubbed
    busy, free = ids(2)
    pin_describe(stubber, [workspace(busy), workspace(free)])
    for _attempt in range(ws_utils.OPERATION_IN_PROGRESS_ATTEMPTS):
        stubber.add_client_error("restore_workspace", "OperationInProgressException", "still busy", 400, expected_params=restore(busy))
    stubber.add_response("restore_workspace", {}, restore(free))
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        run_action(client, ONE_A_CALL, [busy, free], wait=False, wait_timeout=0, check_mode=False)
    assert raised.value.kwargs["failed_requests"] == [
        {"workspace_id": busy, "error_code": "OperationInProgressException", "error_message": "still busy"}
    ]
    assert raised.value.kwargs["rebooted"] == [free]
    assert len(fake_time.sleeps) == ws_utils.OPERATION_IN_PROGRESS_ATTEMPTS - 1
    assert 0 < sum(fake_time.sleeps) <= 60


@pytest.mark.parametrize("code, status", [("ThrottlingException", 400), ("InternalFailure", 500)])
def test_throttling_and_server_errors_are_the_client_retry_alone_not_multiplied_by_the_operation_in_progress_retry(stubbed, code, status):
    stubber, client = stubbed
    first, second = ids(2)
    pin_describe(stubber, [workspace(first), workspace(second)])
    for _attempt in range(10):  # workspaces_retry gives up after 10 attempts
        stubber.add_client_error("restore_workspace", code, "still failing", status, expected_params=restore(first))
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        run_action(client, ONE_A_CALL, [first, second], wait=False, wait_timeout=0, check_mode=False)
    assert raised.value.kwargs["outcome_unknown"] == [first] and raised.value.kwargs["not_attempted"] == [second]
    assert raised.value.kwargs["failed_requests"] == []
    # AWS's own error, from the tenth and last attempt: an eleventh would have found no answer pinned.
    assert f"An error occurred ({code}) when calling the RestoreWorkspace operation" in raised.value.message


def test_an_error_of_the_call_itself_midway_stops_the_run_and_says_who_is_in_doubt(stubbed):
    stubber, client = stubbed
    done, refused, denied, never_sent = ids(4)
    pin_describe(stubber, [workspace(i) for i in (done, refused, denied, never_sent)])
    stubber.add_response("restore_workspace", {}, restore(done))
    stubber.add_client_error("restore_workspace", "InvalidResourceStateException", "bad state", 400, expected_params=restore(refused))
    stubber.add_client_error("restore_workspace", "AccessDeniedException", "denied", 400, expected_params=restore(denied))
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        run_action(client, ONE_A_CALL, [done, refused, denied, never_sent], wait=False, wait_timeout=0, check_mode=False)
    result = raised.value.kwargs
    assert result["rebooted"] == [done] and result["changed"] is True
    assert result["outcome_unknown"] == [denied] and result["not_attempted"] == [never_sent]
    assert result["failed_requests"] == [{"workspace_id": refused, "error_code": "InvalidResourceStateException", "error_message": "bad state"}]
    message = raised.value.message
    assert message.startswith("Failed to reboot workspace: ") and "AccessDeniedException" in message
    assert f"outcome unknown for {denied}" in message and f"not attempted: {never_sent}" in message
    assert f"already done: {done}" in message and f"refused earlier: {refused} (InvalidResourceStateException: bad state)" in message


def test_check_mode_makes_no_call_but_the_lookup(stubbed):
    stubber, client = stubbed
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    result = run_action(client, ONE_A_CALL, ["ws-aaaaaaaa1"], wait=False, wait_timeout=0, check_mode=True)
    assert result["rebooted"] == ["ws-aaaaaaaa1"] and result["changed"] is True


def test_answers_are_kept_by_item(stubbed):
    stubber, client = stubbed
    migrate = act_on_one(client, "MigrateWorkspace", "migrate workspace", lambda i: {"SourceWorkspaceId": i, "BundleId": "wsb-123456789"})
    stubber.add_response(
        "migrate_workspace",
        {"SourceWorkspaceId": "ws-aaaaaaaa1", "TargetWorkspaceId": "ws-bbbbbbbb1"},
        {"SourceWorkspaceId": "ws-aaaaaaaa1", "BundleId": "wsb-123456789"},
    )
    outcome = act_one_at_a_time(migrate, ["ws-aaaaaaaa1"])
    assert outcome.succeeded == ["ws-aaaaaaaa1"] and outcome.failed_requests == []
    assert outcome.answers["ws-aaaaaaaa1"]["TargetWorkspaceId"] == "ws-bbbbbbbb1"


def test_items_need_not_be_ids():
    """An item names its WorkSpace through workspace_id_of (a properties change, say, is a WorkSpace and its request)."""

    def act(item):
        workspace_id, _request = item
        if workspace_id == "ws-bbbbbbbb1":
            raise ClientError({"Error": {"Code": "UnsupportedWorkspaceConfigurationException", "Message": "no"}}, "ModifyWorkspaceProperties")
        return "ok"

    items = [("ws-aaaaaaaa1", "POWER"), ("ws-bbbbbbbb1", "POWER")]
    outcome = act_one_at_a_time(act, items, workspace_id_of=lambda item: item[0])
    assert outcome.succeeded == [items[0]] and outcome.answers == {items[0]: "ok"}
    assert outcome.failed_requests == [FailedRequest("ws-bbbbbbbb1", "UnsupportedWorkspaceConfigurationException", "no")]


# --- max_concurrency: four at once, the calls and results of one at a time ---------------------


class FakeClient:
    """DescribeWorkspaces and RestoreWorkspace, thread safe, each call recorded; some WorkSpaces refuse, one call is denied."""

    class Meta:
        service_model = SERVICE_MODEL

    meta = Meta()

    def __init__(self, workspace_ids, refusing=(), denied=None):
        self.workspace_ids = list(workspace_ids)
        self.refusing = set(refusing)
        self.denied = denied
        self.lock = threading.Lock()
        self.calls = []

    def describe_workspaces(self, WorkspaceIds, aws_retry):  # pylint: disable=invalid-name
        with self.lock:
            self.calls.append(("DescribeWorkspaces", tuple(WorkspaceIds)))
        return {"Workspaces": [workspace(i) for i in WorkspaceIds if i in self.workspace_ids]}

    def restore_workspace(self, WorkspaceId, aws_retry):  # pylint: disable=invalid-name
        with self.lock:
            self.calls.append(("RestoreWorkspace", WorkspaceId))
        if WorkspaceId == self.denied:
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "denied"}}, "RestoreWorkspace")
        if WorkspaceId in self.refusing:
            raise ClientError({"Error": {"Code": "InvalidResourceStateException", "Message": "busy"}}, "RestoreWorkspace")
        return {}


def run_at(workers, client, requested):
    try:
        return run_action(client, ONE_A_CALL, requested, wait=False, wait_timeout=0, check_mode=False, max_workers=workers)
    except AnsibleWorkSpacesError as error:
        return error.kwargs


def test_four_at_once_make_the_calls_and_give_the_results_of_one_at_a_time():
    requested = ids(60)
    refusing = requested[5::7]
    in_turn, side_by_side = FakeClient(requested, refusing), FakeClient(requested, refusing)
    one, four = run_at(1, in_turn, requested), run_at(4, side_by_side, requested)
    assert sorted(in_turn.calls) == sorted(side_by_side.calls)
    assert len([call for call in in_turn.calls if call[0] == "RestoreWorkspace"]) == 60
    by_id = {entry["workspace_id"]: entry for entry in four["failed_requests"]}
    assert {entry["workspace_id"]: entry for entry in one["failed_requests"]} == by_id and set(by_id) == set(refusing)
    assert set(one["rebooted"]) == set(four["rebooted"]) == set(requested) - set(refusing)
    assert four["rebooted"] == [i for i in requested if i in set(four["rebooted"])]  # the request's order, whatever finished first


def test_a_denied_call_among_four_at_once_leaves_nothing_unaccounted_for():
    requested = ids(40)
    client = FakeClient(requested, refusing=requested[::9], denied=requested[20])
    result = run_at(4, client, requested)
    sent = [call[1] for call in client.calls if call[0] == "RestoreWorkspace"]
    assert len(sent) == len(set(sent))
    accounted = result["rebooted"] + [e["workspace_id"] for e in result["failed_requests"]] + result["outcome_unknown"] + result["not_attempted"]
    assert sorted(accounted) == sorted(requested)
    assert result["outcome_unknown"] == [requested[20]]
    assert set(result["not_attempted"]) == set(requested) - set(sent)


# --- waiting on a predicate (ModificationStates empty and back in the earlier state, say) ----------------


def test_wait_until_a_predicate_settles_each_workspace(stubbed, fake_time):
    stubber, client = stubbed
    modified, failing, slow = ids(3)
    updating = [{"Resource": "COMPUTE_TYPE", "State": "UPDATE_IN_PROGRESS"}]
    update_failed = [{"Resource": "COMPUTE_TYPE", "State": "UPDATE_FAILED"}]
    polls = [
        [workspace(modified, ModificationStates=updating), workspace(failing, ModificationStates=updating), workspace(slow, ModificationStates=updating)],
        [workspace(modified, ModificationStates=[]), workspace(failing, ModificationStates=update_failed), workspace(slow, ModificationStates=updating)],
    ]
    for poll in polls:
        stubber.add_response("describe_workspaces", {"Workspaces": poll}, {"WorkspaceIds": [modified, failing, slow]})

    class Settled(Verdict):
        def judge(self, workspace_id, workspace, moved):  # pylint: disable=unused-argument
            states = [entry["State"] for entry in workspace.get("ModificationStates", [])]
            return FAILED if "UPDATE_FAILED" in states else REACHED if not states and workspace["State"] == "AVAILABLE" else None

    def describe(found):
        return ", ".join([found["State"]] + [entry["State"] for entry in found["ModificationStates"]])

    outcome = wait_until(client, [modified, failing, slow], 25, 5, Settled(), describe=describe)
    assert outcome == WaitOutcome(reached=[modified], failed=[(failing, "AVAILABLE, UPDATE_FAILED")], not_ready=[(slow, "AVAILABLE, UPDATE_IN_PROGRESS")])
    assert sum(fake_time.sleeps) == pytest.approx(5)

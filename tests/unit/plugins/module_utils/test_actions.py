# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action engine: how each verb classifies every state, and the exact calls it makes."""

import boto3
import botocore.session
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.euc.aws.plugins.module_utils import workspaces as ws_utils
from ansible_collections.euc.aws.plugins.module_utils.actions import MAINTENANCE
from ansible_collections.euc.aws.plugins.module_utils.actions import REBOOT
from ansible_collections.euc.aws.plugins.module_utils.actions import REBUILD
from ansible_collections.euc.aws.plugins.module_utils.actions import RESTORE
from ansible_collections.euc.aws.plugins.module_utils.actions import START
from ansible_collections.euc.aws.plugins.module_utils.actions import STOP
from ansible_collections.euc.aws.plugins.module_utils.actions import TERMINATE
from ansible_collections.euc.aws.plugins.module_utils.actions import apply_plan
from ansible_collections.euc.aws.plugins.module_utils.actions import plan_action
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import FailedRequest

ALL_STATES = botocore.session.get_session().get_service_model("workspaces").shape_for("WorkspaceState").enum
LIMITS = ApiLimits.from_service_model(boto3.client("workspaces", region_name="us-east-1").meta.service_model)


def workspace(workspace_id, state="AVAILABLE", running_mode="AUTO_STOP"):
    return {
        "WorkspaceId": workspace_id,
        "State": state,
        "DirectoryId": "d-1234567890",
        "UserName": "u",
        "WorkspaceProperties": {"RunningMode": running_mode},
    }


def ids(count):
    return [f"ws-{n:09d}" for n in range(count)]


@pytest.fixture(name="stubbed")
def fixture_stubbed(monkeypatch):
    client = boto3.client("workspaces", region_name="us-east-1", aws_access_key_id="AKIAUNITTEST", aws_secret_access_key="unit-secret")
    monkeypatch.setattr(ws_utils.time, "sleep", lambda seconds: None)
    with Stubber(client) as stubber:
        yield stubber, RetryingBotoClientWrapper(client, ws_utils.workspaces_retry())
        stubber.assert_no_pending_responses()


# --- which states each verb acts on: the issue's table, written out ----------------------------

# (acts on, already there); every other state of the model's enum is refused.
STATE_TABLE = {
    "start": (START, {"STOPPED"}, {"AVAILABLE", "STARTING"}),
    "stop": (STOP, {"AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"}, {"STOPPED", "STOPPING"}),
    "reboot": (REBOOT, {"AVAILABLE", "UNHEALTHY"}, {"REBOOTING"}),
    "rebuild": (REBUILD, {"AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED", "REBOOTING"}, {"REBUILDING"}),
    "terminate": (TERMINATE, set(ALL_STATES) - {"SUSPENDED", "TERMINATING", "TERMINATED"}, {"TERMINATING", "TERMINATED"}),
    "restore": (RESTORE, {"AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED"}, {"RESTORING"}),
    "admin maintenance on": (MAINTENANCE["admin_maintenance"], {"AVAILABLE"}, {"ADMIN_MAINTENANCE"}),
    "admin maintenance off": (MAINTENANCE["available"], {"ADMIN_MAINTENANCE"}, {"AVAILABLE"}),
}


@pytest.mark.parametrize("verb", STATE_TABLE)
@pytest.mark.parametrize("state", ALL_STATES)
def test_each_verb_acts_on_its_states_and_refuses_the_others(verb, state):
    action, acts_on, already = STATE_TABLE[verb]
    plan = plan_action(action, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", state)])
    bucket = "act" if plan.to_act else "already" if plan.already else "refused"
    assert bucket == ("act" if state in acts_on else "already" if state in already else "refused")
    assert plan.executable == (bucket != "refused")
    if bucket == "refused":
        assert plan.refused[0].reason.startswith(f"{state}: ")


@pytest.mark.parametrize("action", [START, STOP, REBOOT, REBUILD, RESTORE], ids=lambda action: action.name)
def test_power_verbs_and_restore_refuse_admin_maintenance_and_say_how_to_leave_it(action):
    """AWS ignores these requests in ADMIN_MAINTENANCE: a call would change nothing and report success."""
    plan = plan_action(action, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", "ADMIN_MAINTENANCE")])
    assert not plan.executable and plan.to_act == []
    assert plan.refused[0].reason == (
        "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"
    )


def test_terminate_also_acts_on_states_a_newer_api_may_add():
    assert plan_action(TERMINATE, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", "HIBERNATED")]).to_act == ["ws-aaaaaaaa1"]


def test_always_on_workspaces_cannot_be_stopped_or_started_but_count_as_started_when_available():
    stop = plan_action(STOP, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", "AVAILABLE", "ALWAYS_ON")])
    assert stop.to_act == [] and [r.workspace_id for r in stop.refused] == ["ws-aaaaaaaa1"]
    assert stop.refused[0].reason == (
        "ALWAYS_ON: AWS cannot stop a WorkSpace in this running mode; change its running mode to AUTO_STOP or MANUAL first"
    )
    start_stopped = plan_action(START, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", "STOPPED", "ALWAYS_ON")])
    assert start_stopped.refused[0].reason.startswith("ALWAYS_ON: AWS cannot start")
    start_available = plan_action(START, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", "AVAILABLE", "ALWAYS_ON")])
    assert start_available.already == ["ws-aaaaaaaa1"] and start_available.executable
    manual = plan_action(STOP, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1", "AVAILABLE", "MANUAL")])
    assert manual.to_act == ["ws-aaaaaaaa1"]


def test_refusals_say_what_to_do_instead():
    plan = plan_action(
        REBOOT,
        ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3", "ws-aaaaaaaa4"],
        [workspace("ws-aaaaaaaa1", "STOPPED"), workspace("ws-aaaaaaaa2", "ERROR"), workspace("ws-aaaaaaaa3", "PENDING"),
         workspace("ws-aaaaaaaa4")],
    )
    assert [str(r) for r in plan.refused] == [
        "ws-aaaaaaaa1 (STOPPED: start it instead of rebooting it)",
        "ws-aaaaaaaa2 (ERROR: rebuild it instead of rebooting it)",
        "ws-aaaaaaaa3 (PENDING: it is busy; wait until it has settled, then try again)",
    ]
    error = plan.refusal()
    assert error.message == (
        "Nothing was rebooted: these WorkSpaces cannot be rebooted in their current state: "
        "ws-aaaaaaaa1 (STOPPED: start it instead of rebooting it); ws-aaaaaaaa2 (ERROR: rebuild it instead of rebooting it); "
        "ws-aaaaaaaa3 (PENDING: it is busy; wait until it has settled, then try again)"
    )
    assert error.kwargs["refused"][0] == {
        "workspace_id": "ws-aaaaaaaa1", "state": "STOPPED", "reason": "STOPPED: start it instead of rebooting it"
    }
    assert error.kwargs["rebooted"] == [] and error.kwargs["changed"] is False


def test_ids_not_returned_cannot_be_acted_on_except_by_terminate():
    reboot = plan_action(REBOOT, ["ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa2")])
    assert not reboot.executable and reboot.absent == ["ws-aaaaaaaa1"]
    assert reboot.refusal().message == (
        "Nothing was rebooted: DescribeWorkspaces does not return ws-aaaaaaaa1 (check the IDs and the region)"
    )
    assert reboot.refusal().kwargs["not_found"] == ["ws-aaaaaaaa1"]
    terminate = plan_action(TERMINATE, ["ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa2")])
    assert terminate.executable and terminate.absent == ["ws-aaaaaaaa1"]


@pytest.mark.parametrize(
    "action, keys",
    [
        (START, {"started", "already_started", "not_found", "refused"}),
        (STOP, {"stopped", "already_stopped", "not_found", "refused"}),
        (REBOOT, {"rebooted", "already_rebooting", "not_found", "refused"}),
        (REBUILD, {"rebuilt", "already_rebuilding", "not_found", "refused"}),
        (TERMINATE, {"terminated", "already_terminating", "already_absent"}),
    ],
)
def test_result_keys_of_each_verb(action, keys):
    assert set(plan_action(action, [], []).result([])) == keys | {"changed", "failed_requests", "workspaces", "users", "diff"}


def test_state_diff_shows_the_target_for_what_is_acted_on():
    plan = plan_action(START, ["ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa1", "STOPPED"), workspace("ws-aaaaaaaa2")])
    assert plan.result(["ws-aaaaaaaa1"])["diff"] == {
        "before": {"states": {"ws-aaaaaaaa1": "STOPPED", "ws-aaaaaaaa2": "AVAILABLE"}},
        "after": {"states": {"ws-aaaaaaaa1": "AVAILABLE", "ws-aaaaaaaa2": "AVAILABLE"}},
    }


def test_waiting_covers_what_was_acted_on_and_what_is_on_its_way_but_not_there():
    plan = plan_action(
        START,
        ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"],
        [workspace("ws-aaaaaaaa1", "STOPPED"), workspace("ws-aaaaaaaa2", "STARTING"), workspace("ws-aaaaaaaa3")],
    )
    assert plan.to_wait_for(["ws-aaaaaaaa1"]) == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]


# --- termination, as workspaces_terminate has always classified it ------------------------------

PLAN_CASES = {
    "available is terminated": (
        ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1")],
        dict(to_act=["ws-aaaaaaaa1"], absent=[], already=[], refused=[]),
    ),
    "not returned is already absent": (
        ["ws-aaaaaaaa1"], [],
        dict(to_act=[], absent=["ws-aaaaaaaa1"], already=[], refused=[]),
    ),
    "terminating and terminated are on their way out": (
        ["ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa1", "TERMINATING"), workspace("ws-aaaaaaaa2", "TERMINATED")],
        dict(to_act=[], absent=[], already=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], refused=[]),
    ),
    "suspended cannot be terminated": (
        ["ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa1", "SUSPENDED"), workspace("ws-aaaaaaaa2")],
        dict(to_act=["ws-aaaaaaaa2"], absent=[], already=[], refused=["ws-aaaaaaaa1"]),
    ),
    "every other state is terminable": (
        ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3", "ws-aaaaaaaa4"],
        [workspace("ws-aaaaaaaa1", "STOPPED"), workspace("ws-aaaaaaaa2", "ERROR"),
         workspace("ws-aaaaaaaa3", "PENDING"), workspace("ws-aaaaaaaa4", "IMPAIRED")],
        dict(to_act=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3", "ws-aaaaaaaa4"], absent=[], already=[], refused=[]),
    ),
    "duplicates count once, in request order": (
        ["ws-aaaaaaaa2", "ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2")],
        dict(to_act=["ws-aaaaaaaa2", "ws-aaaaaaaa1"], absent=[], already=[], refused=[]),
    ),
    "nothing requested": ([], [], dict(to_act=[], absent=[], already=[], refused=[])),
}


@pytest.mark.parametrize("requested, found, expected", PLAN_CASES.values(), ids=PLAN_CASES.keys())
def test_plan_termination_classifies_each_id_once(requested, found, expected):
    plan = plan_action(TERMINATE, requested, found)
    got = {key: getattr(plan, key) for key in expected}
    got["refused"] = [r.workspace_id for r in plan.refused]
    assert got == expected
    buckets = plan.to_act + plan.absent + plan.already + got["refused"]
    assert sorted(buckets) == sorted(set(requested))
    assert plan.executable == (not expected["refused"])


def test_termination_refusal_names_the_suspended():
    plan = plan_action(TERMINATE, ["ws-aaaaaaaa1", "ws-aaaaaaaa2"], [workspace("ws-aaaaaaaa1", "SUSPENDED"), workspace("ws-aaaaaaaa2")])
    error = plan.refusal()
    assert error.message == (
        "Nothing was terminated: AWS cannot terminate SUSPENDED WorkSpaces. Resume them, or remove them from workspace_ids, "
        "first: ws-aaaaaaaa1"
    )
    assert error.kwargs["suspended"] == ["ws-aaaaaaaa1"] and error.kwargs["terminated"] == []
    assert "refused" not in error.kwargs and "not_found" not in error.kwargs


def test_plan_result_reports_buckets_and_diff():
    plan = plan_action(
        TERMINATE,
        ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"],
        [workspace("ws-aaaaaaaa3"), workspace("ws-aaaaaaaa2", "TERMINATING")],
    )
    result = plan.result(["ws-aaaaaaaa3"], [FailedRequest("ws-x", "Code", "msg")])
    assert result["changed"] is True
    assert result["terminated"] == ["ws-aaaaaaaa3"]
    assert result["already_absent"] == ["ws-aaaaaaaa1"]
    assert result["already_terminating"] == ["ws-aaaaaaaa2"]
    assert result["failed_requests"] == [{"workspace_id": "ws-x", "error_code": "Code", "error_message": "msg"}]
    assert [w["WorkspaceId"] for w in result["workspaces"]] == ["ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    assert result["diff"] == {"before": {"workspace_ids": ["ws-aaaaaaaa3"]}, "after": {"workspace_ids": []}}
    assert plan.result([])["changed"] is False


# --- the exact AWS calls ---------------------------------------------------------------------


def requests(operation, workspace_ids):
    return LIMITS.requests(operation, workspace_ids)


def terminate_requests(workspace_ids):
    return {"TerminateWorkspaceRequests": [{"WorkspaceId": i} for i in workspace_ids]}


def test_terminate_batches_by_25(stubbed):
    stubber, client = stubbed
    requested = ids(51)
    plan = plan_action(TERMINATE, requested, [workspace(i) for i in requested])
    for batch in (requested[:25], requested[25:50], requested[50:]):
        stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_requests(batch))
    assert apply_plan(client, LIMITS, plan).succeeded == requested


@pytest.mark.parametrize(
    "action, method, request_list, sizes",
    [
        (START, "start_workspaces", "StartWorkspaceRequests", [25, 25, 1]),
        (STOP, "stop_workspaces", "StopWorkspaceRequests", [25, 25, 1]),
        (REBOOT, "reboot_workspaces", "RebootWorkspaceRequests", [25, 25, 1]),
        (REBUILD, "rebuild_workspaces", "RebuildWorkspaceRequests", [1] * 51),
    ],
)
def test_each_verb_calls_its_operation_in_the_fewest_batches(stubbed, action, method, request_list, sizes):
    stubber, client = stubbed
    requested = ids(51)
    state = {"start": "STOPPED"}.get(action.name, "AVAILABLE")
    plan = plan_action(action, requested, [workspace(i, state) for i in requested])
    sent = 0
    for size in sizes:
        batch = requested[sent:sent + size]
        stubber.add_response(method, {"FailedRequests": []}, {request_list: [{"WorkspaceId": i} for i in batch]})
        sent += size
    assert apply_plan(client, LIMITS, plan).succeeded == requested


def test_terminate_survives_throttling(stubbed):
    stubber, client = stubbed
    plan = plan_action(TERMINATE, ["ws-aaaaaaaa1"], [workspace("ws-aaaaaaaa1")])
    stubber.add_client_error("terminate_workspaces", "ThrottlingException", "Rate exceeded", 400, expected_params=terminate_requests(["ws-aaaaaaaa1"]))
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_requests(["ws-aaaaaaaa1"]))
    assert apply_plan(client, LIMITS, plan).succeeded == ["ws-aaaaaaaa1"]


def test_failed_requests_fail_naming_each_id_and_keep_what_terminated(stubbed):
    stubber, client = stubbed
    requested = ids(27)
    plan = plan_action(TERMINATE, requested, [workspace(i) for i in requested])
    stubber.add_response(
        "terminate_workspaces",
        {"FailedRequests": [{"WorkspaceId": requested[3], "ErrorCode": "InvalidResourceStateException", "ErrorMessage": "bad state"}]},
        terminate_requests(requested[:25]),
    )
    stubber.add_response(
        "terminate_workspaces",
        {"FailedRequests": [{"WorkspaceId": requested[26], "ErrorCode": "ResourceNotFound.Workspace", "ErrorMessage": "gone"}]},
        terminate_requests(requested[25:]),
    )
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        apply_plan(client, LIMITS, plan)
    message = raised.value.message
    assert message.startswith("Failed to terminate 2 WorkSpace(s): ")
    assert f"{requested[3]} (InvalidResourceStateException: bad state)" in message
    assert f"{requested[26]} (ResourceNotFound.Workspace: gone)" in message
    result = raised.value.kwargs
    assert result["changed"] is True
    assert result["terminated"] == [i for i in requested if i not in (requested[3], requested[26])]
    assert result["failed_requests"] == [
        {"workspace_id": requested[3], "error_code": "InvalidResourceStateException", "error_message": "bad state"},
        {"workspace_id": requested[26], "error_code": "ResourceNotFound.Workspace", "error_message": "gone"},
    ]


def test_stop_failed_requests_name_the_verb_and_keep_what_stopped(stubbed):
    stubber, client = stubbed
    requested = ids(2)
    plan = plan_action(STOP, requested, [workspace(i) for i in requested])
    stubber.add_response(
        "stop_workspaces",
        {"FailedRequests": [{"WorkspaceId": requested[0], "ErrorCode": "OperationNotSupportedException", "ErrorMessage": "no"}]},
        requests("StopWorkspaces", requested),
    )
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        apply_plan(client, LIMITS, plan)
    assert raised.value.message == f"Failed to stop 1 WorkSpace(s): {requested[0]} (OperationNotSupportedException: no)"
    assert raised.value.kwargs["stopped"] == [requested[1]] and raised.value.kwargs["changed"] is True


def test_error_midway_reports_what_already_terminated(stubbed):
    stubber, client = stubbed
    requested = ids(60)
    plan = plan_action(TERMINATE, requested, [workspace(i) for i in requested])
    refused = {"WorkspaceId": requested[7], "ErrorCode": "InvalidResourceStateException", "ErrorMessage": "bad state"}
    stubber.add_response("terminate_workspaces", {"FailedRequests": [refused]}, terminate_requests(requested[:25]))
    stubber.add_client_error("terminate_workspaces", "AccessDeniedException", "denied", 400, expected_params=terminate_requests(requested[25:50]))
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        apply_plan(client, LIMITS, plan)
    assert raised.value.kwargs["terminated"] == [i for i in requested[:25] if i != requested[7]]
    assert raised.value.kwargs["changed"] is True
    assert raised.value.kwargs["failed_requests"] == [
        {"workspace_id": requested[7], "error_code": "InvalidResourceStateException", "error_message": "bad state"}
    ]
    assert f"outcome unknown for {', '.join(requested[25:50])}" in raised.value.message
    assert f"not attempted: {', '.join(requested[50:])}" in raised.value.message
    assert f"{requested[7]} (InvalidResourceStateException: bad state)" in raised.value.message
    assert "AccessDeniedException" in raised.value.message


@pytest.mark.parametrize("code, status", [("ThrottlingException", 400), ("InternalFailure", 500)])
def test_endless_fault_on_a_middle_batch_fails_after_bounded_retries(stubbed, code, status):
    stubber, client = stubbed
    requested = ids(60)
    plan = plan_action(TERMINATE, requested, [workspace(i) for i in requested])
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_requests(requested[:25]))
    for _attempt in range(10):  # workspaces_retry gives up after 10 attempts
        stubber.add_client_error("terminate_workspaces", code, "still failing", status, expected_params=terminate_requests(requested[25:50]))
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        apply_plan(client, LIMITS, plan)
    assert raised.value.kwargs["terminated"] == requested[:25]
    assert f"outcome unknown for {', '.join(requested[25:50])}" in raised.value.message
    assert f"not attempted: {', '.join(requested[50:])}" in raised.value.message
    assert code in raised.value.message

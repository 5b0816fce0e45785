# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_start, _stop, _reboot and _rebuild through main(), every AWS call pinned with botocore's Stubber."""

import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_reboot
from ansible_collections.euc.aws.plugins.modules import workspaces_rebuild
from ansible_collections.euc.aws.plugins.modules import workspaces_start
from ansible_collections.euc.aws.plugins.modules import workspaces_stop

from module_harness import action_params
from module_harness import describe_params
from module_harness import polls_within
from module_harness import ids
from module_harness import run_main
from module_harness import workspace

# module, client method, request list, a state it acts on, (done key, already key), a state "already there", target
VERBS = {
    "start": (workspaces_start, "start_workspaces", "StartWorkspaceRequests", "STOPPED", ("started", "already_started"), "STARTING", "AVAILABLE"),
    "stop": (workspaces_stop, "stop_workspaces", "StopWorkspaceRequests", "AVAILABLE", ("stopped", "already_stopped"), "STOPPING", "STOPPED"),
    "reboot": (workspaces_reboot, "reboot_workspaces", "RebootWorkspaceRequests", "UNHEALTHY", ("rebooted", "already_rebooting"), "REBOOTING", "AVAILABLE"),
    "rebuild": (workspaces_rebuild, "rebuild_workspaces", "RebuildWorkspaceRequests", "ERROR", ("rebuilt", "already_rebuilding"), "REBUILDING", "AVAILABLE"),
}


@pytest.fixture(name="verb", params=VERBS, ids=list(VERBS))
def fixture_verb(request):
    return request.param


def pin_action(stubber, verb, workspace_ids, failed=()):
    _module, method, request_list, *_rest = VERBS[verb]
    stubber.add_response(method, {"FailedRequests": list(failed)}, action_params(request_list, workspace_ids))


def test_acts_on_what_it_can_and_leaves_what_is_already_there(verb, stubber, capsys):
    module, _method, _list, acts_on, (done_key, already_key), already, _target = VERBS[verb]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", acts_on), workspace("ws-aaaaaaaa2", already)]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    pin_action(stubber, verb, ["ws-aaaaaaaa1"])
    result = run_main(module, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa1"])
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result[done_key] == ["ws-aaaaaaaa1"]
    assert result[already_key] == ["ws-aaaaaaaa2"]
    assert result["not_found"] == [] and result["refused"] == [] and result["failed_requests"] == []
    assert [w["workspace_id"] for w in result["workspaces"]] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    assert result["workspaces"][0]["state"] == acts_on


def test_nothing_to_do_is_ok_with_no_action_call(verb, stubber, capsys):
    module, _method, _list, _acts_on, (done_key, already_key), already, _target = VERBS[verb]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", already)]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(module, capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert result["changed"] is False and result[done_key] == [] and result[already_key] == ["ws-aaaaaaaa1"]


def test_empty_list_is_ok_and_calls_nothing(verb, stubber, capsys):
    module, *_rest = VERBS[verb]
    result = run_main(module, capsys, workspace_ids=[])
    assert result["changed"] is False and not result.get("failed")


def test_malformed_ids_fail_before_any_call(verb, stubber, capsys):
    module, _method, _list, _acts_on, (done_key, _already_key), *_rest = VERBS[verb]
    result = run_main(module, capsys, workspace_ids=["ws-abc12345d", "WS-ABC12345D"])
    assert result["failed"] is True
    assert result["malformed_ids"] == ["WS-ABC12345D"]
    assert result["changed"] is False and result[done_key] == []


def test_ids_not_returned_fail_before_any_action(verb, stubber, capsys):
    module, _method, _list, acts_on, (done_key, _already_key), *_rest = VERBS[verb]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", acts_on)]}, describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]))
    result = run_main(module, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True
    assert result["not_found"] == ["ws-aaaaaaaa2"]
    assert result[done_key] == [] and result["changed"] is False
    assert "DescribeWorkspaces does not return ws-aaaaaaaa2" in result["msg"]


def test_a_refused_state_fails_before_any_action_and_says_what_to_do(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", "STOPPED")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(workspaces_reboot, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True
    assert result["msg"] == (
        "Nothing was rebooted: these WorkSpaces cannot be rebooted in their current state: "
        "ws-aaaaaaaa2 (STOPPED: start it instead of rebooting it)"
    )
    assert result["refused"] == [{"workspace_id": "ws-aaaaaaaa2", "state": "STOPPED", "reason": "STOPPED: start it instead of rebooting it"}]
    assert result["rebooted"] == [] and result["changed"] is False


def test_admin_maintenance_is_refused_before_any_action(verb, stubber, capsys):
    module, _method, _list, acts_on, (done_key, _already_key), *_rest = VERBS[verb]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", acts_on), workspace("ws-aaaaaaaa2", "ADMIN_MAINTENANCE")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(module, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True and result["changed"] is False and result[done_key] == []
    reason = "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"
    assert result["refused"] == [{"workspace_id": "ws-aaaaaaaa2", "state": "ADMIN_MAINTENANCE", "reason": reason}]
    assert f"ws-aaaaaaaa2 ({reason})" in result["msg"]


def test_always_on_cannot_be_stopped(stubber, capsys):
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", running_mode="ALWAYS_ON")]}, describe_params(["ws-aaaaaaaa1"])
    )
    result = run_main(workspaces_stop, capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert "ALWAYS_ON" in result["msg"] and "change its running mode to AUTO_STOP or MANUAL first" in result["msg"]
    assert result["refused"][0]["workspace_id"] == "ws-aaaaaaaa1"


def test_an_available_always_on_workspace_is_already_started(stubber, capsys):
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", running_mode="ALWAYS_ON")]}, describe_params(["ws-aaaaaaaa1"])
    )
    result = run_main(workspaces_start, capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert not result.get("failed") and result["already_started"] == ["ws-aaaaaaaa1"] and result["changed"] is False


def test_failed_requests_fail_naming_each_and_keep_what_succeeded(verb, stubber, capsys):
    module, _method, _list, acts_on, (done_key, _already_key), *_rest = VERBS[verb]
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i, acts_on) for i in requested]}, describe_params(requested))
    refusal = {"WorkspaceId": "ws-aaaaaaaa2", "ErrorCode": "InvalidResourceStateException", "ErrorMessage": "try later"}
    if verb == "rebuild":  # one a call
        pin_action(stubber, verb, ["ws-aaaaaaaa1"])
        pin_action(stubber, verb, ["ws-aaaaaaaa2"], [refusal])
    else:
        pin_action(stubber, verb, requested, [refusal])
    result = run_main(module, capsys, workspace_ids=requested)
    assert result["failed"] is True
    assert result["changed"] is True
    assert result[done_key] == ["ws-aaaaaaaa1"]
    assert result["msg"] == f"Failed to {verb} 1 WorkSpace(s): ws-aaaaaaaa2 (InvalidResourceStateException: try later)"
    assert result["failed_requests"] == [
        {"workspace_id": "ws-aaaaaaaa2", "error_code": "InvalidResourceStateException", "error_message": "try later"}
    ]


def test_the_fewest_calls_for_many(verb, stubber, capsys):
    module, _method, _list, acts_on, (done_key, _already_key), *_rest = VERBS[verb]
    requested = ids(30)
    for batch in (requested[:25], requested[25:]):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i, acts_on) for i in batch]}, describe_params(batch))
    action_batches = [[i] for i in requested] if verb == "rebuild" else [requested[:25], requested[25:]]
    for batch in action_batches:
        pin_action(stubber, verb, batch)
    result = run_main(module, capsys, workspace_ids=requested)
    assert result[done_key] == requested


def test_check_mode_predicts_without_acting(verb, stubber, capsys):
    module, _method, _list, acts_on, (done_key, already_key), already, target = VERBS[verb]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", acts_on), workspace("ws-aaaaaaaa2", already)]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(module, capsys, check_mode=True, diff=True, wait=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["changed"] is True
    assert result[done_key] == ["ws-aaaaaaaa1"] and result[already_key] == ["ws-aaaaaaaa2"]
    assert result["diff"] == {
        "before": {"states": {"ws-aaaaaaaa1": acts_on, "ws-aaaaaaaa2": already}},
        "after": {"states": {"ws-aaaaaaaa1": target, "ws-aaaaaaaa2": already}},
    }


def test_wait_returns_once_all_reach_the_target(stubber, capsys, fake_time):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", "STOPPED"), workspace("ws-aaaaaaaa2", "STARTING")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    pin_action(stubber, "start", ["ws-aaaaaaaa1"])
    # Waiting covers the WorkSpace started and the one found on its way: one describe per poll.
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", "STARTING"), workspace("ws-aaaaaaaa2", "AVAILABLE")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "AVAILABLE")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_start, capsys, wait=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert not result.get("failed"), result
    assert result["started"] == ["ws-aaaaaaaa1"]
    assert len(fake_time.sleeps) == 2


def test_wait_fails_naming_what_landed_in_error(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    pin_action(stubber, "reboot", ["ws-aaaaaaaa1"])
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "REBOOTING")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "UNHEALTHY")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_reboot, capsys, wait=True, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert result["changed"] is True and result["rebooted"] == ["ws-aaaaaaaa1"]
    assert result["msg"] == "Rebooted ws-aaaaaaaa1, but 1 WorkSpace(s) did not become AVAILABLE: ws-aaaaaaaa1 (UNHEALTHY)"
    assert result["wait_failed"] == [{"workspace_id": "ws-aaaaaaaa1", "state": "UNHEALTHY"}]
    assert result["not_ready"] == []


def test_wait_timeout_fails_naming_those_not_there_yet(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    pin_action(stubber, "stop", ["ws-aaaaaaaa1"])
    for _poll in range(2):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "STOPPING")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_stop, capsys, wait=True, wait_timeout=3, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert result["stopped"] == ["ws-aaaaaaaa1"] and result["changed"] is True
    assert result["not_ready"] == [{"workspace_id": "ws-aaaaaaaa1", "state": "STOPPING"}]
    assert result["msg"] == (
        "Stopped ws-aaaaaaaa1, but timed out after 3s waiting for WorkSpaces to become STOPPED; not there yet: ws-aaaaaaaa1 (STOPPING)"
    )


def test_rebuild_waits_an_hour_by_default(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "ERROR")]}, describe_params(["ws-aaaaaaaa1"]))
    pin_action(stubber, "rebuild", ["ws-aaaaaaaa1"])
    for _poll in range(polls_within(3600)):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "REBUILDING")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_rebuild, capsys, wait=True, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True and "timed out after 3600s" in result["msg"]
    assert fake_time.now - 1000.0 == pytest.approx(3600)

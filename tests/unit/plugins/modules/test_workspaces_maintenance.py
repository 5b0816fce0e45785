# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_maintenance through main(), every AWS call pinned with botocore's Stubber."""

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_maintenance

from module_harness import describe_params
from module_harness import run_main
from module_harness import workspace

# state option -> (the state it acts on, the state it moves to)
DIRECTIONS = {"admin_maintenance": ("AVAILABLE", "ADMIN_MAINTENANCE"), "available": ("ADMIN_MAINTENANCE", "AVAILABLE")}


@pytest.fixture(name="direction", params=DIRECTIONS)
def fixture_direction(request):
    return request.param


def modify_state(stubber, workspace_id, target):
    stubber.add_response("modify_workspace_state", {}, {"WorkspaceId": workspace_id, "WorkspaceState": target})


def test_the_choices_are_the_model_targets():
    targets = botocore.session.get_session().get_service_model("workspaces").shape_for("TargetWorkspaceState").enum
    assert sorted(DIRECTIONS) == sorted(target.lower() for target in targets)


def test_one_call_for_each_workspace_to_change_and_none_for_those_already_there(direction, stubber, capsys):
    acts_on, target = DIRECTIONS[direction]
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", acts_on), workspace("ws-aaaaaaaa2", target), workspace("ws-aaaaaaaa3", acts_on)]},
        describe_params(requested),
    )
    modify_state(stubber, "ws-aaaaaaaa1", target)
    modify_state(stubber, "ws-aaaaaaaa3", target)
    result = run_main(workspaces_maintenance, capsys, state=direction, workspace_ids=requested + ["ws-aaaaaaaa1"])
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa3"] and result["unchanged"] == ["ws-aaaaaaaa2"]
    assert result["not_found"] == [] and result["refused"] == [] and result["failed_requests"] == []
    assert [ws["state"] for ws in result["workspaces"]] == [acts_on, target, acts_on]


def test_again_is_ok_with_no_call(direction, stubber, capsys):
    _acts_on, target = DIRECTIONS[direction]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", target)]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_maintenance, capsys, state=direction, workspace_ids=["ws-aaaaaaaa1"])
    assert result["changed"] is False and result["modified"] == [] and result["unchanged"] == ["ws-aaaaaaaa1"]


def test_an_empty_list_is_ok_and_calls_nothing(stubber, capsys):
    result = run_main(workspaces_maintenance, capsys, state="admin_maintenance", workspace_ids=[])
    assert not result.get("failed") and result["changed"] is False and result["modified"] == []


def test_malformed_ids_fail_before_any_call(stubber, capsys):
    result = run_main(workspaces_maintenance, capsys, state="admin_maintenance", workspace_ids=["ws-abc12345d", "ws-ABC"])
    assert result["failed"] is True and result["malformed_ids"] == ["ws-ABC"] and result["modified"] == []


def test_ids_not_returned_fail_before_any_change(stubber, capsys):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]))
    result = run_main(workspaces_maintenance, capsys, state="admin_maintenance", workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True and result["not_found"] == ["ws-aaaaaaaa2"] and result["modified"] == []
    assert result["msg"] == "Nothing was put into admin maintenance: DescribeWorkspaces does not return ws-aaaaaaaa2 (check the IDs and the region)"


def test_a_stopped_workspace_is_refused_before_any_change_start_it_first(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", "STOPPED")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(workspaces_maintenance, capsys, state="admin_maintenance", workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    reason = "STOPPED: start it first (euc.aws.workspaces_start); only an AVAILABLE WorkSpace can be put into admin maintenance"
    assert result["failed"] is True and result["changed"] is False and result["modified"] == []
    assert result["refused"] == [{"workspace_id": "ws-aaaaaaaa2", "state": "STOPPED", "reason": reason}]
    assert result["msg"] == (
        f"Nothing was put into admin maintenance: these WorkSpaces cannot be put into admin maintenance in their current state: "
        f"ws-aaaaaaaa2 ({reason})"
    )


@pytest.mark.parametrize("state, reason", [
    ("STOPPED", "STOPPED: it is not in admin maintenance; start it (euc.aws.workspaces_start) to make it AVAILABLE"),
    ("REBOOTING", "REBOOTING: it is busy; wait until it has settled, then try again"),
    ("ERROR", "ERROR: it is not in admin maintenance"),
])
def test_leaving_admin_maintenance_refuses_what_is_not_in_it(stubber, capsys, state, reason):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", state)]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_maintenance, capsys, state="available", workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True and result["refused"] == [{"workspace_id": "ws-aaaaaaaa1", "state": state, "reason": reason}]
    assert result["msg"].startswith("Nothing was taken out of admin maintenance: ")


def test_a_workspace_aws_refuses_fails_the_task_by_name_and_the_others_proceed(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i) for i in requested]}, describe_params(requested))
    modify_state(stubber, "ws-aaaaaaaa1", "ADMIN_MAINTENANCE")
    stubber.add_client_error(
        "modify_workspace_state", "InvalidResourceStateException", "The specified WorkSpace has an invalid state for this operation.", 400,
        expected_params={"WorkspaceId": "ws-aaaaaaaa2", "WorkspaceState": "ADMIN_MAINTENANCE"},
    )
    modify_state(stubber, "ws-aaaaaaaa3", "ADMIN_MAINTENANCE")
    result = run_main(workspaces_maintenance, capsys, state="admin_maintenance", workspace_ids=requested)
    assert result["failed"] is True and result["changed"] is True
    assert result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa3"]
    assert result["failed_requests"] == [{
        "workspace_id": "ws-aaaaaaaa2", "error_code": "InvalidResourceStateException",
        "error_message": "The specified WorkSpace has an invalid state for this operation.",
    }]
    assert result["msg"] == (
        "Failed to put into admin maintenance 1 WorkSpace(s): "
        "ws-aaaaaaaa2 (InvalidResourceStateException: The specified WorkSpace has an invalid state for this operation.)"
    )


def test_access_denied_midway_stops_and_names_who_is_in_doubt(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i, "ADMIN_MAINTENANCE") for i in requested]}, describe_params(requested))
    modify_state(stubber, "ws-aaaaaaaa1", "AVAILABLE")
    stubber.add_client_error(
        "modify_workspace_state", "AccessDeniedException", "not allowed", 400, expected_params={"WorkspaceId": "ws-aaaaaaaa2", "WorkspaceState": "AVAILABLE"}
    )
    result = run_main(workspaces_maintenance, capsys, state="available", workspace_ids=requested)
    assert result["failed"] is True and result["changed"] is True and result["modified"] == ["ws-aaaaaaaa1"]
    assert result["outcome_unknown"] == ["ws-aaaaaaaa2"] and result["not_attempted"] == ["ws-aaaaaaaa3"]
    assert result["failed_requests"] == []


def test_check_mode_predicts_exactly_and_shows_the_states_before_and_after(direction, stubber, capsys):
    acts_on, target = DIRECTIONS[direction]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", acts_on), workspace("ws-aaaaaaaa2", target)]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(workspaces_maintenance, capsys, check_mode=True, diff=True, wait=True, state=direction, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["changed"] is True and result["modified"] == ["ws-aaaaaaaa1"] and result["unchanged"] == ["ws-aaaaaaaa2"]
    assert result["diff"] == {
        "before": {"states": {"ws-aaaaaaaa1": acts_on, "ws-aaaaaaaa2": target}},
        "after": {"states": {"ws-aaaaaaaa1": target, "ws-aaaaaaaa2": target}},
    }


def test_wait_returns_once_describe_shows_the_wanted_state(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    modify_state(stubber, "ws-aaaaaaaa1", "ADMIN_MAINTENANCE")
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "ADMIN_MAINTENANCE")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_maintenance, capsys, wait=True, state="admin_maintenance", workspace_ids=["ws-aaaaaaaa1"])
    assert not result.get("failed"), result
    assert result["modified"] == ["ws-aaaaaaaa1"] and len(fake_time.sleeps) == 2


def test_wait_timeout_names_those_not_there_yet(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "ADMIN_MAINTENANCE")]}, describe_params(["ws-aaaaaaaa1"]))
    modify_state(stubber, "ws-aaaaaaaa1", "AVAILABLE")
    for _poll in range(2):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "ADMIN_MAINTENANCE")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_maintenance, capsys, wait=True, wait_timeout=3, state="available", workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa1"]
    assert result["not_ready"] == [{"workspace_id": "ws-aaaaaaaa1", "state": "ADMIN_MAINTENANCE"}]
    assert result["msg"] == (
        "Taken out of admin maintenance ws-aaaaaaaa1, but timed out after 3s waiting for WorkSpaces to become AVAILABLE; "
        "not there yet: ws-aaaaaaaa1 (ADMIN_MAINTENANCE)"
    )

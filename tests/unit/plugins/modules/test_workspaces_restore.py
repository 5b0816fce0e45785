# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_restore through main(), every AWS call pinned with botocore's Stubber."""

import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_restore

from module_harness import describe_params
from module_harness import polls_within
from module_harness import run_main
from module_harness import workspace

RESTORABLE = ["AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED"]


def restore(stubber, workspace_id):
    stubber.add_response("restore_workspace", {}, {"WorkspaceId": workspace_id})


def test_restores_each_restorable_workspace_in_a_call_of_its_own_and_leaves_those_restoring(stubber, capsys):
    requested = [f"ws-aaaaaaaa{n}" for n in range(1, 6)]
    found = [workspace(i, state) for i, state in zip(requested, RESTORABLE + ["RESTORING"])]
    stubber.add_response("describe_workspaces", {"Workspaces": found}, describe_params(requested))
    for workspace_id in requested[:4]:
        restore(stubber, workspace_id)
    result = run_main(workspaces_restore, capsys, workspace_ids=requested + requested[:1])
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["restored"] == requested[:4] and result["already_restoring"] == requested[4:]
    assert result["not_found"] == [] and result["refused"] == [] and result["failed_requests"] == []
    assert [ws["state"] for ws in result["workspaces"]] == RESTORABLE + ["RESTORING"]


def test_again_while_restoring_is_ok_with_no_call(stubber, capsys):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "RESTORING")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_restore, capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert result["changed"] is False and result["restored"] == [] and result["already_restoring"] == ["ws-aaaaaaaa1"]


def test_an_empty_list_is_ok_and_calls_nothing(stubber, capsys):
    result = run_main(workspaces_restore, capsys, workspace_ids=[])
    assert not result.get("failed") and result["changed"] is False and result["restored"] == []


def test_malformed_ids_fail_before_any_call(stubber, capsys):
    result = run_main(workspaces_restore, capsys, workspace_ids=["ws-abc12345d", "abc12345d"])
    assert result["failed"] is True and result["malformed_ids"] == ["abc12345d"] and result["restored"] == []


def test_ids_not_returned_fail_before_anything_is_restored(stubber, capsys):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]))
    result = run_main(workspaces_restore, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True and result["not_found"] == ["ws-aaaaaaaa2"] and result["restored"] == []
    assert result["msg"] == "Nothing was restored: DescribeWorkspaces does not return ws-aaaaaaaa2 (check the IDs and the region)"


@pytest.mark.parametrize("state, reason", [
    ("ADMIN_MAINTENANCE", "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"),
    ("IMPAIRED", "IMPAIRED: stop it first, then restore it"),
    ("PENDING", "PENDING: it is busy; wait until it has settled, then try again"),
    ("TERMINATING", "TERMINATING: it is being terminated"),
    ("SUSPENDED", "SUSPENDED: AWS cannot restore a WorkSpace in this state"),
])
def test_other_states_are_refused_before_anything_is_restored(stubber, capsys, state, reason):
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", state)]}, describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    )
    result = run_main(workspaces_restore, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True and result["changed"] is False and result["restored"] == []
    assert result["refused"] == [{"workspace_id": "ws-aaaaaaaa2", "state": state, "reason": reason}]
    assert result["msg"] == f"Nothing was restored: these WorkSpaces cannot be restored in their current state: ws-aaaaaaaa2 ({reason})"


def test_a_workspace_aws_refuses_fails_the_task_by_name_and_the_others_proceed(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i, "ERROR") for i in requested]}, describe_params(requested))
    restore(stubber, "ws-aaaaaaaa1")
    stubber.add_client_error(
        "restore_workspace", "OperationNotSupportedException", "No snapshot to restore from.", 400, expected_params={"WorkspaceId": "ws-aaaaaaaa2"}
    )
    restore(stubber, "ws-aaaaaaaa3")
    result = run_main(workspaces_restore, capsys, workspace_ids=requested)
    assert result["failed"] is True and result["changed"] is True
    assert result["restored"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa3"]
    assert result["failed_requests"] == [
        {"workspace_id": "ws-aaaaaaaa2", "error_code": "OperationNotSupportedException", "error_message": "No snapshot to restore from."}
    ]
    assert result["msg"] == "Failed to restore 1 WorkSpace(s): ws-aaaaaaaa2 (OperationNotSupportedException: No snapshot to restore from.)"


def test_access_denied_midway_stops_and_names_who_is_in_doubt(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i) for i in requested]}, describe_params(requested))
    restore(stubber, "ws-aaaaaaaa1")
    stubber.add_client_error("restore_workspace", "AccessDeniedException", "not allowed", 400, expected_params={"WorkspaceId": "ws-aaaaaaaa2"})
    result = run_main(workspaces_restore, capsys, workspace_ids=requested)
    assert result["failed"] is True and result["changed"] is True and result["restored"] == ["ws-aaaaaaaa1"]
    assert result["outcome_unknown"] == ["ws-aaaaaaaa2"] and result["not_attempted"] == ["ws-aaaaaaaa3"]


def test_check_mode_predicts_exactly_without_restoring(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", "ERROR"), workspace("ws-aaaaaaaa2", "RESTORING")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(workspaces_restore, capsys, check_mode=True, diff=True, wait=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["changed"] is True and result["restored"] == ["ws-aaaaaaaa1"] and result["already_restoring"] == ["ws-aaaaaaaa2"]
    assert result["diff"] == {
        "before": {"states": {"ws-aaaaaaaa1": "ERROR", "ws-aaaaaaaa2": "RESTORING"}},
        "after": {"states": {"ws-aaaaaaaa1": "AVAILABLE", "ws-aaaaaaaa2": "RESTORING"}},
    }


def test_wait_returns_once_every_workspace_restored_or_restoring_is_available(stubber, capsys, fake_time):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", "ERROR"), workspace("ws-aaaaaaaa2", "RESTORING")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    restore(stubber, "ws-aaaaaaaa1")
    # An ERROR it started in is not where it landed: it has to be seen RESTORING first.
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", "ERROR"), workspace("ws-aaaaaaaa2", "AVAILABLE")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "RESTORING")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "AVAILABLE")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_restore, capsys, wait=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert not result.get("failed"), result
    assert result["restored"] == ["ws-aaaaaaaa1"] and len(fake_time.sleeps) == 3


def test_wait_fails_naming_a_workspace_that_lands_in_error(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "UNHEALTHY")]}, describe_params(["ws-aaaaaaaa1"]))
    restore(stubber, "ws-aaaaaaaa1")
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "RESTORING")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "ERROR")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_restore, capsys, wait=True, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True and result["restored"] == ["ws-aaaaaaaa1"] and result["changed"] is True
    assert result["wait_failed"] == [{"workspace_id": "ws-aaaaaaaa1", "state": "ERROR"}]
    assert result["msg"] == "Restored ws-aaaaaaaa1, but 1 WorkSpace(s) did not become AVAILABLE: ws-aaaaaaaa1 (ERROR)"


def test_wait_waits_an_hour_by_default(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "STOPPED")]}, describe_params(["ws-aaaaaaaa1"]))
    restore(stubber, "ws-aaaaaaaa1")
    for _poll in range(polls_within(3600)):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "RESTORING")]}, describe_params(["ws-aaaaaaaa1"]))
    result = run_main(workspaces_restore, capsys, wait=True, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True and result["not_ready"] == [{"workspace_id": "ws-aaaaaaaa1", "state": "RESTORING"}]
    assert "timed out after 3600s" in result["msg"] and fake_time.now - 1000.0 == pytest.approx(3600)

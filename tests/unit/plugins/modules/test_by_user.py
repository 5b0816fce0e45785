# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every action module by user name (directory_id and user_names): the shared lookup's exact calls, pinned with
botocore's Stubber, and what the results say of each user."""

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_maintenance
from ansible_collections.euc.aws.plugins.modules import workspaces_properties
from ansible_collections.euc.aws.plugins.modules import workspaces_reboot
from ansible_collections.euc.aws.plugins.modules import workspaces_restore
from ansible_collections.euc.aws.plugins.modules import workspaces_start
from ansible_collections.euc.aws.plugins.modules import workspaces_stop
from ansible_collections.euc.aws.plugins.modules import workspaces_terminate

from module_harness import action_params
from module_harness import run_main
from module_harness import workspace

DIRECTORY = "d-1234567890"
MODEL = botocore.session.get_session().get_service_model("workspaces")


def by_user(stubber, name, workspaces, next_token=None, token=None):
    """One DescribeWorkspaces by directory and user name (a page of it)."""
    expected = {"DirectoryId": DIRECTORY, "UserName": name}
    if token:
        expected["NextToken"] = token
    answer = {"Workspaces": workspaces}
    if next_token:
        answer["NextToken"] = next_token
    stubber.add_response("describe_workspaces", answer, expected)


def listing(stubber, workspaces):
    stubber.add_response("describe_workspaces", {"Workspaces": workspaces}, {"DirectoryId": DIRECTORY})


def reboot(capsys, users, **params):
    return run_main(workspaces_reboot, capsys, directory_id=DIRECTORY, user_names=users, **params)


def test_one_call_per_user_then_the_action_on_their_workspaces(stubber, capsys):
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", user_name="alice")])
    by_user(stubber, "bob", [workspace("ws-bbbbbbbb1", user_name="bob")])
    stubber.add_response("reboot_workspaces", {"FailedRequests": []}, action_params("RebootWorkspaceRequests", ["ws-aaaaaaaa1", "ws-bbbbbbbb1"]))
    result = reboot(capsys, ["alice", "bob"])
    assert not result.get("failed"), result
    assert result["rebooted"] == ["ws-aaaaaaaa1", "ws-bbbbbbbb1"]
    assert result["users"] == {"alice": "ws-aaaaaaaa1", "bob": "ws-bbbbbbbb1"}


def test_names_compare_regardless_of_case_and_a_user_given_twice_counts_once_in_the_first_spelling(stubber, capsys):
    by_user(stubber, "Alice", [workspace("ws-aaaaaaaa1", user_name="alice")])
    stubber.add_response("reboot_workspaces", {"FailedRequests": []}, action_params("RebootWorkspaceRequests", ["ws-aaaaaaaa1"]))
    result = reboot(capsys, ["Alice", "ALICE", "alice"])
    assert not result.get("failed"), result
    assert result["users"] == {"Alice": "ws-aaaaaaaa1"}
    assert result["workspaces"][0]["user_name"] == "alice"  # AWS's own spelling


def test_a_user_the_filter_does_not_find_is_looked_for_once_in_one_listing(stubber, capsys):
    """AWS does not document whether its UserName filter ignores case: were it to compare case, the listing finds her."""
    by_user(stubber, "Alice", [])
    by_user(stubber, "Bob", [])
    listing(stubber, [workspace("ws-aaaaaaaa1", user_name="alice"), workspace("ws-bbbbbbbb1", user_name="BOB"), workspace("ws-cccccccc1", user_name="carol")])
    stubber.add_response("reboot_workspaces", {"FailedRequests": []}, action_params("RebootWorkspaceRequests", ["ws-aaaaaaaa1", "ws-bbbbbbbb1"]))
    result = reboot(capsys, ["Alice", "Bob"])
    assert not result.get("failed"), result
    assert result["users"] == {"Alice": "ws-aaaaaaaa1", "Bob": "ws-bbbbbbbb1"}


def test_each_users_answer_is_followed_to_its_last_page(stubber, capsys):
    by_user(stubber, "alice", [], next_token="page2")
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", user_name="alice")], token="page2")
    stubber.add_response("reboot_workspaces", {"FailedRequests": []}, action_params("RebootWorkspaceRequests", ["ws-aaaaaaaa1"]))
    result = reboot(capsys, ["alice"])
    assert result["rebooted"] == ["ws-aaaaaaaa1"]


def test_a_user_with_no_workspace_fails_before_any_change_and_is_named(stubber, capsys):
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", user_name="alice")])
    by_user(stubber, "zoe", [])
    listing(stubber, [workspace("ws-aaaaaaaa1", user_name="alice")])
    result = reboot(capsys, ["alice", "zoe"])
    assert result["failed"] is True and result["changed"] is False and result["rebooted"] == []
    assert result["not_found"] == ["zoe"]
    assert result["users"] == {"alice": "ws-aaaaaaaa1", "zoe": None}
    assert result["msg"] == f"Nothing was rebooted: directory {DIRECTORY} holds no WorkSpace of zoe (check the user names and the directory)"


def test_terminate_counts_a_user_with_no_workspace_as_already_done(stubber, capsys):
    by_user(stubber, "zoe", [])
    listing(stubber, [])
    result = run_main(workspaces_terminate, capsys, directory_id=DIRECTORY, user_names=["zoe"])
    assert not result.get("failed"), result
    assert result["changed"] is False and result["terminated"] == [] and result["already_absent"] == ["zoe"]
    assert result["users"] == {"zoe": None}


def test_a_user_mid_migration_is_about_the_workspace_that_is_not_leaving(stubber, capsys):
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", "TERMINATING", user_name="alice"), workspace("ws-bbbbbbbb1", "STOPPED", user_name="alice")])
    stubber.add_response("start_workspaces", {"FailedRequests": []}, action_params("StartWorkspaceRequests", ["ws-bbbbbbbb1"]))
    result = run_main(workspaces_start, capsys, directory_id=DIRECTORY, user_names=["alice"])
    assert not result.get("failed"), result
    assert result["started"] == ["ws-bbbbbbbb1"] and result["users"] == {"alice": "ws-bbbbbbbb1"}


def test_a_user_whose_only_workspace_is_leaving_is_refused_as_being_terminated(stubber, capsys):
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", "TERMINATING", user_name="alice")])
    result = run_main(workspaces_stop, capsys, directory_id=DIRECTORY, user_names=["alice"])
    assert result["failed"] is True and result["stopped"] == []
    assert result["refused"] == [
        {"workspace_id": "ws-aaaaaaaa1", "state": "TERMINATING", "reason": "TERMINATING: it is being terminated", "user_name": "alice"}
    ]


def test_refused_and_failed_requests_name_the_user_in_the_spelling_given(stubber, capsys):
    by_user(stubber, "Alice", [workspace("ws-aaaaaaaa1", user_name="alice")])
    by_user(stubber, "Bob", [workspace("ws-bbbbbbbb1", user_name="bob")])
    failed = {"WorkspaceId": "ws-bbbbbbbb1", "ErrorCode": "InvalidResourceStateException", "ErrorMessage": "busy"}
    stubber.add_response("reboot_workspaces", {"FailedRequests": [failed]}, action_params("RebootWorkspaceRequests", ["ws-aaaaaaaa1", "ws-bbbbbbbb1"]))
    result = reboot(capsys, ["Alice", "Bob"])
    assert result["failed"] is True and result["rebooted"] == ["ws-aaaaaaaa1"]
    assert result["failed_requests"] == [
        {"workspace_id": "ws-bbbbbbbb1", "error_code": "InvalidResourceStateException", "error_message": "busy", "user_name": "Bob"}
    ]


def test_one_workspace_a_call_verbs_and_properties_take_users_too(stubber, capsys):
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", user_name="alice")])
    stubber.add_response("modify_workspace_state", {}, {"WorkspaceId": "ws-aaaaaaaa1", "WorkspaceState": "ADMIN_MAINTENANCE"})
    result = run_main(workspaces_maintenance, capsys, state="admin_maintenance", directory_id=DIRECTORY, user_names=["alice"])
    assert result["modified"] == ["ws-aaaaaaaa1"], result
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", user_name="alice")])
    stubber.add_response(
        "modify_workspace_properties", {}, {"WorkspaceId": "ws-aaaaaaaa1", "WorkspaceProperties": {"RunningMode": "ALWAYS_ON"}}
    )
    result = run_main(workspaces_properties, capsys, running_mode="ALWAYS_ON", directory_id=DIRECTORY, user_names=["alice"])
    assert result["modified"] == ["ws-aaaaaaaa1"] and result["users"] == {"alice": "ws-aaaaaaaa1"}, result


def test_check_mode_looks_up_and_predicts_with_no_action_call(stubber, capsys):
    by_user(stubber, "alice", [workspace("ws-aaaaaaaa1", "STOPPED", user_name="alice")])
    result = run_main(workspaces_restore, capsys, check_mode=True, directory_id=DIRECTORY, user_names=["alice"])
    assert result["changed"] is True and result["restored"] == ["ws-aaaaaaaa1"]


def test_an_empty_user_list_does_nothing_and_calls_nothing(stubber, capsys):
    result = reboot(capsys, [])
    assert not result.get("failed") and result["changed"] is False and result["users"] == {}


def test_a_bad_directory_or_user_name_fails_before_any_call(stubber, capsys):
    directory, user = MODEL.shape_for("DirectoryId").metadata, MODEL.shape_for("UserName").metadata
    result = run_main(workspaces_reboot, capsys, directory_id="dir", user_names=["alice", "x" * 64])
    assert result["failed"] is True and result["rebooted"] == []
    assert result["invalid"] == [
        f"directory_id 'dir' must be {directory['min']} to {directory['max']} characters long",
        f"directory_id 'dir' must match {directory['pattern']}",
        f"user_names: '{'x' * 64}' must be {user['min']} to {user['max']} characters long",
    ]


@pytest.mark.parametrize("options, message", [
    ({"workspace_ids": ["ws-aaaaaaaa1"], "user_names": ["alice"], "directory_id": DIRECTORY}, "mutually exclusive: workspace_ids|directory_id"),
    ({"workspace_ids": ["ws-aaaaaaaa1"], "directory_id": DIRECTORY}, "mutually exclusive: workspace_ids|directory_id"),
    ({"user_names": ["alice"]}, "required together: directory_id, user_names"),
    ({}, "one of the following is required: workspace_ids, user_names"),
], ids=["ids and users", "ids and a directory", "users without a directory", "neither"])
def test_ids_or_users_but_not_both(stubber, capsys, options, message):
    result = run_main(workspaces_terminate, capsys, **options)
    assert result["failed"] is True and message in result["msg"], result["msg"]

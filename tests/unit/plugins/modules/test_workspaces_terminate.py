# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Drives the module's main() with botocore's Stubber: every AWS call it makes must be the one pinned here."""

import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_terminate

from module_harness import action_params
from module_harness import describe_params
from module_harness import ids
from module_harness import run_main
from module_harness import workspace


def terminate_params(workspace_ids):
    return action_params("TerminateWorkspaceRequests", workspace_ids)


def run_module(capsys, **params):
    return run_main(workspaces_terminate, capsys, **params)


def test_empty_list_is_ok_and_calls_nothing(stubber, capsys):
    result = run_module(capsys, workspace_ids=[])
    assert not result.get("failed")
    assert result["changed"] is False
    assert result["terminated"] == [] and result["already_absent"] == [] and result["workspaces"] == []


def test_malformed_ids_fail_before_any_call(stubber, capsys):
    result = run_module(capsys, workspace_ids=["ws-abc12345d", "WS-ABC12345D", "ws-abc 12345", "i-123"])
    assert result["failed"] is True
    assert result["msg"] == (
        "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): 'WS-ABC12345D', 'ws-abc 12345', 'i-123'"
    )
    assert result["malformed_ids"] == ["WS-ABC12345D", "ws-abc 12345", "i-123"]
    assert result["changed"] is False and result["terminated"] == []


def test_thousands_of_malformed_ids_make_a_short_message_naming_their_count_and_the_first_ten(stubber, capsys):
    malformed = [f"ws-{n}" for n in range(1, 3003)]
    result = run_module(capsys, workspace_ids=malformed)
    assert result["failed"] is True and result["changed"] is False
    assert result["msg"] == (
        "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): 'ws-1', 'ws-2', 'ws-3', 'ws-4', 'ws-5', 'ws-6',"
        " 'ws-7', 'ws-8', 'ws-9', 'ws-10', ... (first 10 of 3002)"
    )
    assert result["malformed_ids"] == malformed  # the data keeps them all


def test_thousands_of_bad_user_names_make_one_short_problem_for_the_rule_they_break(stubber, capsys):
    names = [f"user {n}" + "x" * 64 for n in range(3002)]
    result = run_module(capsys, directory_id="d-1234567890", user_names=names)
    assert result["failed"] is True and result["changed"] is False
    assert len(result["msg"]) < 2000
    assert result["msg"].count("(first 10 of 3002)") == len(result["invalid"]) == 1
    assert result["invalid"][0].startswith(f"user_names: {names[0]!r}, {names[1]!r}")
    assert result["invalid"][0].endswith("... (first 10 of 3002) must be 1 to 63 characters long")


def test_terminates_what_exists_and_reports_every_bucket(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3", "ws-aaaaaaaa1"]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa3", "TERMINATING")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]),
    )
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(["ws-aaaaaaaa1"]))
    result = run_module(capsys, workspace_ids=requested)
    assert not result.get("failed")
    assert result["changed"] is True
    assert result["terminated"] == ["ws-aaaaaaaa1"]
    assert result["already_absent"] == ["ws-aaaaaaaa2"]
    assert result["already_terminating"] == ["ws-aaaaaaaa3"]
    assert result["failed_requests"] == []
    assert result["workspaces"][0]["workspace_id"] == "ws-aaaaaaaa1"
    assert result["workspaces"][0]["workspace_properties"] == {"running_mode": "AUTO_STOP"}
    assert "diff" not in result


def test_nothing_left_to_terminate_is_ok(stubber, capsys):
    stubber.add_response(
        "describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "TERMINATED")]}, describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    )
    result = run_module(capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["changed"] is False
    assert result["terminated"] == []
    assert result["already_terminating"] == ["ws-aaaaaaaa1"]
    assert result["already_absent"] == ["ws-aaaaaaaa2"]


def test_check_mode_predicts_without_terminating(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", "STOPPED")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]),
    )
    result = run_module(capsys, check_mode=True, diff=True, wait=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"])
    assert result["changed"] is True
    assert result["terminated"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    assert result["already_absent"] == ["ws-aaaaaaaa3"]
    assert result["diff"] == {"before": {"workspace_ids": ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]}, "after": {"workspace_ids": []}}


def test_check_mode_with_nothing_to_do_is_not_changed(stubber, capsys):
    stubber.add_response("describe_workspaces", {"Workspaces": []}, describe_params(["ws-aaaaaaaa1"]))
    result = run_module(capsys, check_mode=True, workspace_ids=["ws-aaaaaaaa1"])
    assert result["changed"] is False
    assert result["terminated"] == []


def test_diff_mode_shows_ids_present_before_and_after(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", "TERMINATING")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(["ws-aaaaaaaa1"]))
    result = run_module(capsys, diff=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["diff"] == {"before": {"workspace_ids": ["ws-aaaaaaaa1"]}, "after": {"workspace_ids": []}}


def test_suspended_fails_before_anything_is_terminated(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", "SUSPENDED")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_module(capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["terminated"] == []
    assert result["suspended"] == ["ws-aaaaaaaa2"]
    assert "ws-aaaaaaaa2" in result["msg"] and "Resume" in result["msg"] and "Nothing was terminated" in result["msg"]


def test_suspended_fails_in_check_mode_too(stubber, capsys):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa2", "SUSPENDED")]}, describe_params(["ws-aaaaaaaa2"]))
    result = run_module(capsys, check_mode=True, workspace_ids=["ws-aaaaaaaa2"])
    assert result["failed"] is True
    assert result["suspended"] == ["ws-aaaaaaaa2"]


def test_more_than_25_use_the_minimum_number_of_calls(stubber, capsys):
    requested = ids(60)
    for batch in (requested[:25], requested[25:50], requested[50:]):
        stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i) for i in batch]}, describe_params(batch))
    for batch in (requested[:25], requested[25:50], requested[50:]):
        stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(batch))
    result = run_module(capsys, workspace_ids=requested)
    assert result["terminated"] == requested
    assert result["changed"] is True


def test_failed_requests_fail_the_task_and_keep_what_terminated(stubber, capsys):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    stubber.add_response(
        "terminate_workspaces",
        {"FailedRequests": [{"WorkspaceId": "ws-aaaaaaaa2", "ErrorCode": "InvalidResourceStateException", "ErrorMessage": "try later"}]},
        terminate_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_module(capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["terminated"] == ["ws-aaaaaaaa1"]
    assert result["msg"] == "Failed to terminate 1 WorkSpace(s): ws-aaaaaaaa2 (InvalidResourceStateException: try later)"
    assert result["failed_requests"] == [
        {"workspace_id": "ws-aaaaaaaa2", "error_code": "InvalidResourceStateException", "error_message": "try later"}
    ]


def test_throttling_is_retried(stubber, capsys):
    stubber.add_client_error("describe_workspaces", "ThrottlingException", "Rate exceeded", 400, expected_params=describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    for _attempt in range(2):
        stubber.add_client_error(
            "terminate_workspaces", "ThrottlingException", "Rate exceeded", 400, expected_params=terminate_params(["ws-aaaaaaaa1"])
        )
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(["ws-aaaaaaaa1"]))
    result = run_module(capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert not result.get("failed")
    assert result["terminated"] == ["ws-aaaaaaaa1"]


def test_describe_failure_is_reported_with_the_aws_error(stubber, capsys):
    stubber.add_client_error("describe_workspaces", "AccessDeniedException", "not allowed", 400)
    result = run_module(capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe workspaces")
    assert result["error"]["code"] == "AccessDeniedException"
    assert result["changed"] is False and result["terminated"] == []


def test_wait_returns_once_describe_no_longer_returns_them(stubber, capsys, fake_time):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", "TERMINATING")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(["ws-aaaaaaaa1"]))
    # Waiting covers the WorkSpace it terminated and the one already on its way out.
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [workspace("ws-aaaaaaaa1", "TERMINATED")]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    stubber.add_response("describe_workspaces", {"Workspaces": []}, describe_params(["ws-aaaaaaaa1"]))
    result = run_module(capsys, wait=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert not result.get("failed")
    assert result["terminated"] == ["ws-aaaaaaaa1"]
    assert len(fake_time.sleeps) == 2


def test_wait_timeout_fails_naming_what_remains_and_reports_terminated(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(["ws-aaaaaaaa1"]))
    for _poll in range(2):
        stubber.add_response(
            "describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1", "TERMINATING")]}, describe_params(["ws-aaaaaaaa1"])
        )
    result = run_module(capsys, wait=True, wait_timeout=3, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["terminated"] == ["ws-aaaaaaaa1"]
    assert result["still_present"] == ["ws-aaaaaaaa1"]
    assert result["msg"] == "Timed out after 3s waiting for WorkSpaces to disappear; still present: ws-aaaaaaaa1"
    assert fake_time.now - 1000.0 == pytest.approx(3)


def test_negative_wait_timeout_is_refused(stubber, capsys):
    result = run_module(capsys, wait=True, wait_timeout=-1, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert "wait_timeout" in result["msg"]
    assert result["changed"] is False and result["terminated"] == []


def test_error_while_waiting_still_reports_what_terminated(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_response("terminate_workspaces", {"FailedRequests": []}, terminate_params(["ws-aaaaaaaa1"]))
    stubber.add_client_error("describe_workspaces", "AccessDeniedException", "no longer allowed", 400)
    result = run_module(capsys, wait=True, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["terminated"] == ["ws-aaaaaaaa1"]
    assert result["msg"].startswith("Terminated ws-aaaaaaaa1, then waiting for them to disappear failed: Failed to describe workspaces")

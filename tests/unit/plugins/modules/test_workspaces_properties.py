# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_properties through main(), every AWS call pinned with botocore's Stubber."""

import botocore.session
import pytest
import yaml

from ansible_collections.euc.aws.plugins.module_utils import properties as properties_utils
from ansible_collections.euc.aws.plugins.module_utils import workspaces as ws_utils
from ansible_collections.euc.aws.plugins.modules import workspaces_properties

from module_harness import describe_params
from module_harness import run_main

COMPUTE_TYPES = botocore.session.get_session().get_service_model("workspaces").shape_for("Compute").enum
RATE_LIMITED = "The compute type of this WorkSpace was changed less than 6 hours ago."


@pytest.fixture(name="clock")
def fixture_clock(fake_time, monkeypatch):
    """The run's deadline and its waits between rounds on the same time that passes only when slept."""
    monkeypatch.setattr(properties_utils, "time", fake_time)
    return fake_time


def workspace(workspace_id, state="AVAILABLE", root=80, user=50, compute="STANDARD", running_mode="AUTO_STOP", modifying=(), failed=()):
    properties = {"RunningMode": running_mode, "RootVolumeSizeGib": root, "UserVolumeSizeGib": user, "ComputeTypeName": compute}
    if running_mode == "AUTO_STOP":
        properties["RunningModeAutoStopTimeoutInMinutes"] = 60
    return {
        "WorkspaceId": workspace_id,
        "State": state,
        "DirectoryId": "d-1234567890",
        "UserName": "alice",
        "BundleId": "wsb-123456789",
        "WorkspaceProperties": properties,
        "ModificationStates": [{"Resource": r, "State": "UPDATE_IN_PROGRESS"} for r in modifying]
        + [{"Resource": r, "State": "UPDATE_FAILED"} for r in failed],
    }


def pin_describe(stubber, workspaces, workspace_ids=None):
    workspace_ids = workspace_ids or [ws["WorkspaceId"] for ws in workspaces]
    stubber.add_response("describe_workspaces", {"Workspaces": list(workspaces)}, describe_params(workspace_ids))


def pin_modify(stubber, workspace_id, **properties):
    stubber.add_response("modify_workspace_properties", {}, {"WorkspaceId": workspace_id, "WorkspaceProperties": properties})


def pin_refusal(stubber, workspace_id, code, message, **properties):
    stubber.add_client_error(
        "modify_workspace_properties",
        service_error_code=code,
        service_message=message,
        http_status_code=400,
        expected_params={"WorkspaceId": workspace_id, "WorkspaceProperties": properties},
    )


# ---------------------------------------------------------------------------------------------
# Changed, unchanged, and nothing to do
# ---------------------------------------------------------------------------------------------


def test_modifies_only_what_differs_and_leaves_what_matches(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", compute="POWER")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa1"], compute_type_name="POWER")
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["modified"] == ["ws-aaaaaaaa1"]
    assert result["unchanged"] == ["ws-aaaaaaaa2"]
    assert result["differences"] == {"ws-aaaaaaaa1": {"compute_type_name": {"before": "STANDARD", "after": "POWER"}}}
    assert result["not_found"] == [] and result["refused"] == [] and result["failed_requests"] == []
    assert [w["workspace_id"] for w in result["workspaces"]] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    assert result["workspaces"][0]["workspace_properties"]["compute_type_name"] == "STANDARD"
    assert "diff" not in result


def test_a_workspace_that_matches_gets_no_call(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", root=175, user=100)])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], root_volume_size_gib=175, running_mode="AUTO_STOP")
    assert not result.get("failed"), result
    assert result["changed"] is False and result["modified"] == [] and result["unchanged"] == ["ws-aaaaaaaa1"]
    assert result["differences"] == {}


def test_an_empty_list_is_ok_and_calls_nothing(stubber, capsys):
    result = run_main(workspaces_properties, capsys, workspace_ids=[], compute_type_name="POWER")
    assert not result.get("failed"), result
    assert result["changed"] is False and result["modified"] == []


def test_a_property_must_be_given(stubber, capsys):
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert "one of the following is required: running_mode" in result["msg"]


def test_malformed_ids_fail_before_any_call(stubber, capsys):
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-abc12345d", "WS-ABC12345D"], compute_type_name="POWER")
    assert result["failed"] is True and result["malformed_ids"] == ["WS-ABC12345D"]
    assert result["changed"] is False and result["modified"] == []


def test_options_aws_would_refuse_whatever_the_workspace_fail_before_any_call(stubber, capsys):
    result = run_main(
        workspaces_properties,
        capsys,
        workspace_ids=["ws-aaaaaaaa1"],
        compute_type_name="HUGE",
        running_mode="ALWAYS_ON",
        running_mode_auto_stop_timeout_in_minutes=90,
    )
    assert result["failed"] is True and result["modified"] == [] and result["changed"] is False
    assert result["msg"] == (
        f"Nothing was modified: compute_type_name 'HUGE' must be one of {', '.join(COMPUTE_TYPES)}; "
        "running_mode_auto_stop_timeout_in_minutes must be a positive multiple of 60, got 90; "
        "running_mode_auto_stop_timeout_in_minutes applies to AUTO_STOP only, not to running_mode ALWAYS_ON"
    )


def test_wait_timeout_and_max_concurrency_are_checked_before_any_call(stubber, capsys):
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], compute_type_name="POWER", wait_timeout=-1, max_concurrency=0)
    assert result["failed"] is True and result["modified"] == []
    assert result["msg"] == "wait_timeout must be 0 or more seconds, got -1; max_concurrency must be 1 or more, got 0"


# ---------------------------------------------------------------------------------------------
# Refusals before any change
# ---------------------------------------------------------------------------------------------


def test_ids_not_returned_fail_before_any_change(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")], ["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], compute_type_name="POWER")
    assert result["failed"] is True
    assert result["not_found"] == ["ws-aaaaaaaa2"] and result["modified"] == [] and result["changed"] is False
    assert "DescribeWorkspaces does not return ws-aaaaaaaa2" in result["msg"]


def test_refusals_fail_before_any_change_naming_every_reason(stubber, capsys):
    pin_describe(
        stubber,
        [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", state="ADMIN_MAINTENANCE", user=100), workspace("ws-aaaaaaaa3", modifying=["ROOT_VOLUME"])],
    )
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"], user_volume_size_gib=50)
    assert result["failed"] is True and result["modified"] == [] and result["changed"] is False
    assert result["unchanged"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa3"]
    reason = (
        "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available); "
        "AWS only grows volumes: the user volume is 100 GiB, 50 asked"
    )
    assert result["refused"] == [{"workspace_id": "ws-aaaaaaaa2", "state": "ADMIN_MAINTENANCE", "reason": reason}]
    assert result["msg"] == f"Nothing was modified: these WorkSpaces cannot be modified as asked: ws-aaaaaaaa2 ({reason})"
    assert result["differences"] == {}


def test_a_modification_under_way_is_refused_and_a_pair_aws_refuses_too(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["ROOT_VOLUME"]), workspace("ws-aaaaaaaa2", root=80, user=100)])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], root_volume_size_gib=100)
    assert result["failed"] is True and result["modified"] == []
    assert [r["reason"] for r in result["refused"]] == [
        "a modification of what this run changes is still under way (ROOT_VOLUME UPDATE_IN_PROGRESS); wait until its "
        "ModificationStates is empty (wait=true does), then try again; "
        "root/user 100/50 GiB is not a pair AWS allows (80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user)",
        "root/user 100/100 GiB is not a pair AWS allows (80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user)",
    ]


# ---------------------------------------------------------------------------------------------
# Check and diff mode
# ---------------------------------------------------------------------------------------------


def test_check_mode_predicts_modified_and_differences_with_no_modify_call(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", running_mode="ALWAYS_ON")])
    result = run_main(
        workspaces_properties,
        capsys,
        check_mode=True,
        workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"],
        root_volume_size_gib=175,
        user_volume_size_gib=100,
        running_mode="ALWAYS_ON",
    )
    assert not result.get("failed"), result
    assert result["changed"] is True and result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    assert result["differences"] == {
        "ws-aaaaaaaa1": {
            "running_mode": {"before": "AUTO_STOP", "after": "ALWAYS_ON"},
            "root_volume_size_gib": {"before": 80, "after": 175},
            "user_volume_size_gib": {"before": 50, "after": 100},
        },
        "ws-aaaaaaaa2": {"root_volume_size_gib": {"before": 80, "after": 175}, "user_volume_size_gib": {"before": 50, "after": 100}},
    }


def test_diff_mode_shows_the_properties_before_and_after(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", compute="POWER")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, diff=True, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], compute_type_name="POWER")
    before = {
        "running_mode": "AUTO_STOP",
        "running_mode_auto_stop_timeout_in_minutes": 60,
        "root_volume_size_gib": 80,
        "user_volume_size_gib": 50,
        "compute_type_name": "STANDARD",
        "protocols": None,
    }
    assert result["diff"] == {
        "before": {"properties": {"ws-aaaaaaaa1": before}},
        "after": {"properties": {"ws-aaaaaaaa1": dict(before, compute_type_name="POWER")}},
    }


# ---------------------------------------------------------------------------------------------
# Several requests, in turn
# ---------------------------------------------------------------------------------------------


def test_80_50_to_175_100_grows_the_user_volume_then_the_root_volume_once_settled(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    # AWS may show the new size while the modification is still under way: ModificationStates decides.
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=100, modifying=["USER_VOLUME"])])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=50)])
    pin_modify(stubber, "ws-aaaaaaaa1", RootVolumeSizeGib=175)
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], root_volume_size_gib=175, user_volume_size_gib=100)
    assert not result.get("failed"), result
    assert result["modified"] == ["ws-aaaaaaaa1"]
    assert result["differences"]["ws-aaaaaaaa1"] == {
        "root_volume_size_gib": {"before": 80, "after": 175},
        "user_volume_size_gib": {"before": 50, "after": 100},
    }
    assert len(clock.sleeps) == 2


def test_rounds_send_each_next_request_to_those_that_need_one(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2", user=100), workspace("ws-aaaaaaaa3", user=100)])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    pin_modify(stubber, "ws-aaaaaaaa2", RootVolumeSizeGib=175)
    pin_modify(stubber, "ws-aaaaaaaa3", RootVolumeSizeGib=175)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=100)])
    pin_modify(stubber, "ws-aaaaaaaa1", RootVolumeSizeGib=175)
    result = run_main(
        workspaces_properties,
        capsys,
        workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"],
        root_volume_size_gib=175,
        user_volume_size_gib=100,
        max_concurrency=1,
    )
    assert not result.get("failed"), result
    assert result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]


def test_a_compute_type_change_and_a_volume_change_go_in_separate_requests(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", running_mode="ALWAYS_ON")])
    pin_modify(stubber, "ws-aaaaaaaa1", RunningMode="AUTO_STOP", RunningModeAutoStopTimeoutInMinutes=120, UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=100)])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="PERFORMANCE")
    result = run_main(
        workspaces_properties,
        capsys,
        workspace_ids=["ws-aaaaaaaa1"],
        compute_type_name="PERFORMANCE",
        user_volume_size_gib=100,
        running_mode="AUTO_STOP",
        running_mode_auto_stop_timeout_in_minutes=120,
    )
    assert not result.get("failed"), result


def test_a_workspace_whose_first_request_fails_gets_no_second(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", failed=["USER_VOLUME"])])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], root_volume_size_gib=175, user_volume_size_gib=100)
    assert result["failed"] is True and result["changed"] is True and result["modified"] == ["ws-aaaaaaaa1"]
    assert result["wait_failed"] == [
        {"workspace_id": "ws-aaaaaaaa1", "state": "AVAILABLE", "modification_states": [{"resource": "USER_VOLUME", "state": "UPDATE_FAILED"}]}
    ]
    assert result["not_sent"] == [{"workspace_id": "ws-aaaaaaaa1", "options": ["root_volume_size_gib"]}]
    assert result["msg"] == (
        "Modified ws-aaaaaaaa1, but 1 WorkSpace(s) did not finish modifying (ModificationStates empty) in the state they "
        "had before: ws-aaaaaaaa1 (AVAILABLE, USER_VOLUME UPDATE_FAILED); not sent, since the WorkSpace had not "
        "settled: ws-aaaaaaaa1 (root_volume_size_gib)"
    )


def test_a_modification_of_other_properties_from_before_the_run_is_waited_for_first(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["COMPUTE_TYPE"]), workspace("ws-aaaaaaaa2")])
    pin_modify(stubber, "ws-aaaaaaaa2", UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["COMPUTE_TYPE"])])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], user_volume_size_gib=100)
    assert not result.get("failed"), result
    assert result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]


def test_an_earlier_modification_that_ends_update_failed_leaves_the_workspace_alone(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["COMPUTE_TYPE"])])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", failed=["COMPUTE_TYPE"])])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], user_volume_size_gib=100)
    assert result["failed"] is True and result["changed"] is False and result["modified"] == []
    assert result["not_sent"] == [{"workspace_id": "ws-aaaaaaaa1", "options": ["user_volume_size_gib"]}]


def test_a_workspace_aws_refuses_gets_no_second_request_and_the_others_go_on(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2")])
    pin_refusal(stubber, "ws-aaaaaaaa1", "InvalidParameterValuesException", "too soon", UserVolumeSizeGib=100)
    pin_modify(stubber, "ws-aaaaaaaa2", UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa2", user=100)])
    pin_modify(stubber, "ws-aaaaaaaa2", RootVolumeSizeGib=175)
    result = run_main(
        workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], root_volume_size_gib=175, user_volume_size_gib=100
    )
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa2"]
    assert [f["workspace_id"] for f in result["failed_requests"]] == ["ws-aaaaaaaa1"]


def test_a_request_aws_refuses_midway_leaves_the_later_ones_unsent(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=100)])
    pin_refusal(stubber, "ws-aaaaaaaa1", "InvalidParameterValuesException", "too soon", RootVolumeSizeGib=175)
    result = run_main(
        workspaces_properties,
        capsys,
        workspace_ids=["ws-aaaaaaaa1"],
        root_volume_size_gib=175,
        user_volume_size_gib=100,
        compute_type_name="PERFORMANCE",
    )
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa1"]
    assert result["failed_requests"] == [{"workspace_id": "ws-aaaaaaaa1", "error_code": "InvalidParameterValuesException", "error_message": "too soon"}]
    assert result["msg"] == "Modified ws-aaaaaaaa1, but AWS refused 1 WorkSpace(s): ws-aaaaaaaa1 (InvalidParameterValuesException: too soon)"


def test_wait_timeout_bounds_the_waits_between_requests_and_after_them_together(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["USER_VOLUME"])])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=100)])
    pin_modify(stubber, "ws-aaaaaaaa1", RootVolumeSizeGib=175)
    # 5 seconds have gone by: the wait after the last request has none left, and looks once.
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", user=100, modifying=["ROOT_VOLUME"])])
    result = run_main(
        workspaces_properties,
        capsys,
        workspace_ids=["ws-aaaaaaaa1"],
        root_volume_size_gib=175,
        user_volume_size_gib=100,
        wait=True,
        wait_timeout=5,
    )
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa1"]
    assert [n["workspace_id"] for n in result["not_ready"]] == ["ws-aaaaaaaa1"] and "not_sent" not in result
    assert clock.now - 1000.0 == pytest.approx(5)


def test_a_workspace_still_updating_when_the_time_runs_out_gets_no_second_request(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", UserVolumeSizeGib=100)
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["USER_VOLUME"])])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["USER_VOLUME"])])
    result = run_main(
        workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], root_volume_size_gib=175, user_volume_size_gib=100, wait_timeout=3
    )
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa1"]
    assert result["not_ready"] == [
        {"workspace_id": "ws-aaaaaaaa1", "state": "AVAILABLE", "modification_states": [{"resource": "USER_VOLUME", "state": "UPDATE_IN_PROGRESS"}]}
    ]
    assert result["not_sent"] == [{"workspace_id": "ws-aaaaaaaa1", "options": ["root_volume_size_gib"]}]
    assert "timed out after 3s waiting for WorkSpaces to finish modifying" in result["msg"]
    assert "not there yet: ws-aaaaaaaa1 (AVAILABLE, USER_VOLUME UPDATE_IN_PROGRESS)" in result["msg"]


# ---------------------------------------------------------------------------------------------
# AWS's refusals of one WorkSpace, and errors of the call itself
# ---------------------------------------------------------------------------------------------


def test_a_workspace_aws_refuses_fails_the_task_and_the_others_proceed(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2"), workspace("ws-aaaaaaaa3")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_refusal(stubber, "ws-aaaaaaaa2", "InvalidParameterValuesException", RATE_LIMITED, ComputeTypeName="POWER")
    pin_modify(stubber, "ws-aaaaaaaa3", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"], compute_type_name="POWER")
    assert result["failed"] is True and result["changed"] is True
    assert result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa3"]
    assert result["failed_requests"] == [
        {"workspace_id": "ws-aaaaaaaa2", "error_code": "InvalidParameterValuesException", "error_message": RATE_LIMITED}
    ]
    assert set(result["differences"]) == {"ws-aaaaaaaa1", "ws-aaaaaaaa3"}
    assert result["msg"] == (
        f"Modified ws-aaaaaaaa1, ws-aaaaaaaa3, but AWS refused 1 WorkSpace(s): ws-aaaaaaaa2 (InvalidParameterValuesException: {RATE_LIMITED})"
    )


def test_operation_in_progress_is_retried_before_it_counts(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_refusal(stubber, "ws-aaaaaaaa1", "OperationInProgressException", "currently under modification", ComputeTypeName="POWER")
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], compute_type_name="POWER")
    assert not result.get("failed"), result
    assert result["modified"] == ["ws-aaaaaaaa1"]


def test_operation_in_progress_that_outlasts_its_retries_is_that_workspaces_failure(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2")])
    for _attempt in range(ws_utils.OPERATION_IN_PROGRESS_ATTEMPTS):
        pin_refusal(stubber, "ws-aaaaaaaa1", "OperationInProgressException", "still busy", ComputeTypeName="POWER")
    pin_modify(stubber, "ws-aaaaaaaa2", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], compute_type_name="POWER")
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa2"]
    assert result["failed_requests"] == [{"workspace_id": "ws-aaaaaaaa1", "error_code": "OperationInProgressException", "error_message": "still busy"}]


def test_an_error_of_the_call_itself_stops_the_run_saying_what_is_unknown(stubber, capsys):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2"), workspace("ws-aaaaaaaa3")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_refusal(stubber, "ws-aaaaaaaa2", "AccessDeniedException", "not allowed", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"], compute_type_name="POWER")
    assert result["failed"] is True
    assert result["modified"] == ["ws-aaaaaaaa1"]
    assert result["outcome_unknown"] == ["ws-aaaaaaaa2"] and result["not_attempted"] == ["ws-aaaaaaaa3"]
    assert "AccessDenied" in result["msg"]


# ---------------------------------------------------------------------------------------------
# Waiting
# ---------------------------------------------------------------------------------------------


def test_wait_returns_once_modification_states_is_empty_whatever_the_values_show(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", compute="POWER", modifying=["COMPUTE_TYPE"])])
    # AWS may show the old value some time after the modification ended.
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", compute="STANDARD")])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], compute_type_name="POWER", wait=True)
    assert not result.get("failed"), result
    assert result["modified"] == ["ws-aaaaaaaa1"] and len(clock.sleeps) == 2


def test_wait_returns_once_the_workspace_is_back_in_its_earlier_state(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", state="STOPPED")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", state="UPDATING")])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", state="STOPPED")])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], compute_type_name="POWER", wait=True)
    assert not result.get("failed"), result
    assert len(clock.sleeps) == 2


def test_update_failed_fails_the_task_naming_the_workspace(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_modify(stubber, "ws-aaaaaaaa2", ComputeTypeName="POWER")
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", failed=["COMPUTE_TYPE"]), workspace("ws-aaaaaaaa2", compute="POWER")])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], compute_type_name="POWER", wait=True)
    assert result["failed"] is True and result["modified"] == ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    assert result["wait_failed"] == [
        {"workspace_id": "ws-aaaaaaaa1", "state": "AVAILABLE", "modification_states": [{"resource": "COMPUTE_TYPE", "state": "UPDATE_FAILED"}]}
    ]
    assert result["not_ready"] == [] and "not_sent" not in result
    assert "ws-aaaaaaaa1 (AVAILABLE, COMPUTE_TYPE UPDATE_FAILED)" in result["msg"]


def test_an_update_failed_from_before_the_run_counts_only_once_modification_states_changed(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", failed=["COMPUTE_TYPE"])])
    pin_modify(stubber, "ws-aaaaaaaa1", RunningMode="ALWAYS_ON")
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", running_mode="ALWAYS_ON", failed=["COMPUTE_TYPE"])])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], running_mode="ALWAYS_ON", wait=True)
    assert not result.get("failed"), result


def test_a_workspace_that_lands_in_error_or_is_gone_fails_the_wait(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1"), workspace("ws-aaaaaaaa2")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_modify(stubber, "ws-aaaaaaaa2", ComputeTypeName="POWER")
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", state="ERROR")], ["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"], compute_type_name="POWER", wait=True)
    assert result["failed"] is True
    assert result["wait_failed"] == [
        {"workspace_id": "ws-aaaaaaaa1", "state": "ERROR", "modification_states": []},
        {"workspace_id": "ws-aaaaaaaa2", "state": None, "modification_states": []},
    ]


def test_a_wait_timeout_names_those_still_updating(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["COMPUTE_TYPE"])])
    pin_describe(stubber, [workspace("ws-aaaaaaaa1", modifying=["COMPUTE_TYPE"])])
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], compute_type_name="POWER", wait=True, wait_timeout=3)
    assert result["failed"] is True and result["changed"] is True
    assert result["not_ready"] == [
        {"workspace_id": "ws-aaaaaaaa1", "state": "AVAILABLE", "modification_states": [{"resource": "COMPUTE_TYPE", "state": "UPDATE_IN_PROGRESS"}]}
    ]
    assert result["msg"] == (
        "Modified ws-aaaaaaaa1, but timed out after 3s waiting for WorkSpaces to finish modifying (ModificationStates "
        "empty) in the state they had before; not there yet: ws-aaaaaaaa1 (AVAILABLE, COMPUTE_TYPE UPDATE_IN_PROGRESS)"
    )


def test_without_wait_nothing_is_polled_after_the_last_request(stubber, capsys, clock):
    pin_describe(stubber, [workspace("ws-aaaaaaaa1")])
    pin_modify(stubber, "ws-aaaaaaaa1", ComputeTypeName="POWER")
    result = run_main(workspaces_properties, capsys, workspace_ids=["ws-aaaaaaaa1"], compute_type_name="POWER")
    assert not result.get("failed"), result
    assert clock.sleeps == []


# ---------------------------------------------------------------------------------------------
# The documentation of the result
# ---------------------------------------------------------------------------------------------


def test_return_documents_exactly_the_keys_a_result_has():
    documented = set(yaml.safe_load(workspaces_properties.RETURN))
    result_keys = set(properties_utils.plan_modification([], [], {}).result([])) - {"changed", "diff"}
    assert result_keys <= documented
    assert documented - result_keys == {"wait_failed", "not_ready", "not_sent", "outcome_unknown", "not_attempted", "malformed_ids"}


def test_the_workspaces_are_described_once_in_workspaces_info():
    element = yaml.safe_load(workspaces_properties.RETURN)["workspaces"]
    assert "contains" not in element
    assert "M(euc.aws.workspaces_info) returns in RV(euc.aws.workspaces_info#module:workspaces)" in " ".join(element["description"])

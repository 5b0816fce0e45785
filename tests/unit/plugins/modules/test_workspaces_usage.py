# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_usage through main(): its DescribeWorkspaces and GetMetricData calls, pinned with Stubber."""

import types
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import boto3
import pytest
import yaml
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.euc.aws.plugins.module_utils.usage import query_batches
from ansible_collections.euc.aws.plugins.modules import workspaces_usage

from module_harness import SECRET_KEY
from module_harness import describe_params
from module_harness import ids
from module_harness import run_main
from module_harness import workspace

NOW = datetime.now(timezone.utc)
START = (NOW - timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
END = START + timedelta(days=2)
PERIOD = {"start_time": START.isoformat(), "end_time": END.isoformat()}


@pytest.fixture(name="stubbers")
def fixture_stubbers(monkeypatch):
    """A Stubber per service: every call the module makes must be the next one pinned on its service's Stubber."""
    clients = {
        service: boto3.client(service, region_name="us-east-1", aws_access_key_id="AKIAUNITTEST", aws_secret_access_key=SECRET_KEY)
        for service in ("workspaces", "cloudwatch")
    }
    stubbers = {service: Stubber(client) for service, client in clients.items()}
    monkeypatch.setattr(
        AnsibleAWSModule, "client", lambda module, service, retry_decorator=None, **_extra: RetryingBotoClientWrapper(clients[service], retry_decorator)
    )
    monkeypatch.setattr(cloud, "time", types.SimpleNamespace(sleep=lambda seconds: None))
    for stubber in stubbers.values():
        stubber.activate()
    yield stubbers
    for stubber in stubbers.values():
        stubber.assert_no_pending_responses()
        stubber.deactivate()


def metric_params(workspace_ids, next_token=None):
    params = {"MetricDataQueries": query_batches(workspace_ids)[0], "StartTime": START, "EndTime": END, "ScanBy": "TimestampAscending"}
    if next_token:
        params["NextToken"] = next_token
    return params


def result(workspace_id, first, count, status="Complete"):
    timestamps = [first + timedelta(minutes=5 * n) for n in range(count)]
    return {"Id": workspace_id.replace("-", "_"), "Label": workspace_id, "Timestamps": timestamps, "Values": [1.0] * count, "StatusCode": status}


def auto_stop(workspace_id, timeout=60, user_name="alice"):
    entry = workspace(workspace_id, user_name=user_name)
    entry["WorkspaceProperties"] = {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": timeout, "ComputeTypeName": "STANDARD"}
    return entry


def test_one_get_metric_data_call_per_500_workspaces(stubbers, capsys):
    found = ids(501)
    stubbers["workspaces"].add_response("describe_workspaces", {"Workspaces": [auto_stop(i) for i in found]}, {"DirectoryId": "d-1234567890"})
    stubbers["cloudwatch"].add_response(
        "get_metric_data", {"MetricDataResults": [result(found[0], START + timedelta(hours=9), 24)]}, metric_params(found[:500])
    )
    stubbers["cloudwatch"].add_response("get_metric_data", {"MetricDataResults": [result(found[500], START, 1)]}, metric_params(found[500:]))
    output = run_main(workspaces_usage, capsys, directory_id="d-1234567890", **PERIOD)
    assert output["changed"] is False
    assert [entry["workspace_id"] for entry in output["usage"]] == found
    assert output["usage"][0] == {
        "workspace_id": found[0],
        "user_name": "alice",
        "directory_id": "d-1234567890",
        "state": "AVAILABLE",
        "running_mode": "AUTO_STOP",
        "compute_type_name": "STANDARD",
        "auto_stop_timeout_minutes": 60,
        "connected_hours": 2.0,
        "sessions": 1,
        "billable_hours": 3,
    }
    assert (output["usage"][500]["billable_hours"], output["usage"][1]["billable_hours"], output["usage"][1]["sessions"]) == (2, 0, 0)
    assert (output["start_time"], output["end_time"], output["period_hours"]) == (START.isoformat(), END.isoformat(), 48)


def test_pages_follow_next_token_and_a_workspaces_points_are_joined_across_pages(stubbers, capsys):
    found = ids(2)
    stubbers["workspaces"].add_response("describe_workspaces", {"Workspaces": [auto_stop(i) for i in found]}, describe_params(found))
    # The first page ends inside the first WorkSpace's points (PartialData); the second holds the rest of them.
    stubbers["cloudwatch"].add_response(
        "get_metric_data", {"MetricDataResults": [result(found[0], START, 6, "PartialData")], "NextToken": "page-2"}, metric_params(found)
    )
    stubbers["cloudwatch"].add_response(
        "get_metric_data",
        {"MetricDataResults": [result(found[0], START + timedelta(minutes=30), 6), result(found[1], START, 1)]},
        metric_params(found, "page-2"),
    )
    output = run_main(workspaces_usage, capsys, workspace_ids=found, **PERIOD)
    # 00:00 to 01:00 in one session, plus the timeout: 2 h.
    assert [(u["connected_hours"], u["sessions"], u["billable_hours"]) for u in output["usage"]] == [(1.0, 1, 2), (5 / 60, 1, 2)]


def test_a_throttled_page_is_retried_on_its_own(stubbers, capsys):
    found = ids(1)
    stubbers["workspaces"].add_response("describe_workspaces", {"Workspaces": [auto_stop(found[0])]}, describe_params(found))
    first_page = {"MetricDataResults": [result(found[0], START, 1, "PartialData")], "NextToken": "t"}
    stubbers["cloudwatch"].add_response("get_metric_data", first_page, metric_params(found))
    stubbers["cloudwatch"].add_client_error("get_metric_data", "Throttling", "Rate exceeded", 400, expected_params=metric_params(found, "t"))
    stubbers["cloudwatch"].add_response("get_metric_data", {"MetricDataResults": [result(found[0], START + timedelta(hours=5), 1)]}, metric_params(found, "t"))
    output = run_main(workspaces_usage, capsys, workspace_ids=found, **PERIOD)
    assert (output["usage"][0]["sessions"], output["usage"][0]["billable_hours"]) == (2, 4)


def test_only_ids_describe_returns_are_measured_in_request_order(stubbers, capsys):
    asked = ["ws-bbbbbbbb2", "ws-gone00000", "ws-aaaaaaaa1", "ws-bbbbbbbb2"]
    stubbers["workspaces"].add_response(
        "describe_workspaces", {"Workspaces": [auto_stop("ws-aaaaaaaa1"), auto_stop("ws-bbbbbbbb2", 120)]}, describe_params(asked[:3])
    )
    stubbers["cloudwatch"].add_response("get_metric_data", {"MetricDataResults": []}, metric_params(["ws-bbbbbbbb2", "ws-aaaaaaaa1"]))
    output = run_main(workspaces_usage, capsys, workspace_ids=asked, **PERIOD)
    assert [(u["workspace_id"], u["auto_stop_timeout_minutes"], u["billable_hours"]) for u in output["usage"]] == [
        ("ws-bbbbbbbb2", 120, 0),
        ("ws-aaaaaaaa1", 60, 0),
    ]


def test_an_empty_list_makes_no_call(stubbers, capsys):
    output = run_main(workspaces_usage, capsys, workspace_ids=[], **PERIOD)
    assert output["usage"] == [] and output["changed"] is False


def test_bad_input_fails_before_any_call_naming_each_problem(stubbers, capsys):
    output = run_main(
        workspaces_usage, capsys, workspace_ids=["ws-BAD"], start_time="soon", end_time=START.isoformat(), auto_stop_timeout_minutes=0
    )
    assert output["failed"] is True and output["usage"] == []
    assert output["msg"] == (
        "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): 'ws-BAD'; "
        "auto_stop_timeout_minutes must be a positive multiple of 60, as AWS sets auto-stop timeouts, got 0; "
        "start_time 'soon' is not an ISO 8601 date and time, such as 2026-11-01T00:00:00Z"
    )


def test_a_get_metric_data_error_fails_naming_the_call(stubbers, capsys):
    found = ids(1)
    stubbers["workspaces"].add_response("describe_workspaces", {"Workspaces": [auto_stop(found[0])]}, describe_params(found))
    stubbers["cloudwatch"].add_client_error("get_metric_data", "AccessDenied", "not authorized to perform: cloudwatch:GetMetricData", 403)
    output = run_main(workspaces_usage, capsys, workspace_ids=found, **PERIOD)
    assert output["failed"] is True and output["usage"] == []
    assert "get metric data" in output["msg"] and "cloudwatch:GetMetricData" in output["msg"]


def test_return_documents_exactly_what_is_returned(stubbers, capsys):
    found = ids(1)
    stubbers["workspaces"].add_response("describe_workspaces", {"Workspaces": [auto_stop(found[0])]}, describe_params(found))
    stubbers["cloudwatch"].add_response("get_metric_data", {"MetricDataResults": [result(found[0], START, 3)]}, metric_params(found))
    output = run_main(workspaces_usage, capsys, workspace_ids=found, **PERIOD)
    documented = yaml.safe_load(workspaces_usage.RETURN)
    assert set(output) - {"changed", "invocation"} == set(documented)
    assert set(output["usage"][0]) == set(documented["usage"]["contains"])
    for key, spec in documented["usage"]["contains"].items():
        assert type(output["usage"][0][key]).__name__ == spec["type"], key

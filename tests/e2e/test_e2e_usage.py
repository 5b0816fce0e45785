# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_usage through the real ansible and ansible-playbook, against the sandbox's CloudWatch."""

import math
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from e2e_support import play
from e2e_support import playbook_text

MODULE = "euc.aws.workspaces_usage"
NOW = datetime.now(timezone.utc)
DAY = (NOW - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
PERIOD = {"start_time": DAY.isoformat(), "end_time": (DAY + timedelta(days=1)).isoformat()}

PLAYBOOK = playbook_text(play("Measure WorkSpaces", [{"name": "Measure", "euc.aws.workspaces_usage": "{{ usage_args }}"}]))


def measure(adhoc, ws, *extra_cli, **args):
    return adhoc(dict(args, endpoint_url=ws.endpoint_url, region="us-east-1"), *extra_cli, module=MODULE)


def hours_of(entry):
    return entry["connected_hours"], entry["sessions"], entry["billable_hours"]


@pytest.mark.matrix
def test_the_example_of_two_sessions_bills_five_hours_in_one_call(ws, adhoc):
    directory = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory, ["alice", "bob"])
    # 09:00 ... 10:55 and 14:00 ... 14:25: 3 h and 2 h with the 60-minute timeout.
    ws.seed_sessions(alice, DAY + timedelta(hours=9), 120)
    ws.seed_sessions(alice, DAY + timedelta(hours=14), 30)
    ws.reset_calls()

    run = measure(adhoc, ws, workspace_ids=[alice, bob], **PERIOD)
    assert run.returncode == 0, run.output
    assert run.status == "SUCCESS" and run.result["changed"] is False
    alice_usage, bob_usage = run.result["usage"]
    assert alice_usage == {
        "workspace_id": alice,
        "user_name": "alice",
        "directory_id": directory,
        "state": "AVAILABLE",
        "running_mode": "AUTO_STOP",
        "compute_type_name": "STANDARD",
        "auto_stop_timeout_minutes": 60,
        "connected_hours": 2.5,
        "sessions": 2,
        "billable_hours": 5,
    }
    assert bob_usage["workspace_id"] == bob and hours_of(bob_usage) == (0, 0, 0)
    assert (run.result["start_time"], run.result["period_hours"]) == (DAY.isoformat(), 24)
    (call,) = ws.calls("GetMetricData")
    assert [query["MetricStat"]["Metric"]["Dimensions"] for query in call["params"]["MetricDataQueries"]] == [
        [{"Name": "WorkspaceId", "Value": alice}],
        [{"Name": "WorkspaceId", "Value": bob}],
    ]


def test_zero_points_between_sessions_are_not_connected(ws, adhoc):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    ws.seed_sessions(alice, DAY + timedelta(hours=9), 60, gaps=[60], sessions=2, idle_zero=True)
    run = measure(adhoc, ws, workspace_ids=[alice], **PERIOD)
    assert run.returncode == 0, run.output
    # 09:00-10:00 and 11:00-12:00: a gap as long as the timeout ends a session; 2 h each with the timeout.
    assert hours_of(run.result["usage"][0]) == (2.0, 2, 4)


def test_an_always_on_workspace_is_measured_with_the_timeout_given(ws, adhoc):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"], running_mode="ALWAYS_ON")
    ws.seed_sessions(alice, DAY + timedelta(hours=9), 60, gaps=[60], sessions=2)
    run = measure(adhoc, ws, workspace_ids=[alice], auto_stop_timeout_minutes=120, **PERIOD)
    assert run.returncode == 0, run.output
    # A 60-minute gap is shorter than 120: one session, 09:00-12:00 plus 2 h.
    assert run.result["usage"][0]["auto_stop_timeout_minutes"] == 120
    assert hours_of(run.result["usage"][0]) == (2.0, 1, 5)


def test_a_directory_of_501_workspaces_costs_two_requests_paged_by_points(ws, playbook):
    directory = ws.seed_directory()
    workspace_ids = ws.seed_workspaces(directory, count=501)
    # Four hours a day for ten days: 480 points each, 240,000 for the first 500, more than two responses hold.
    first_day = (NOW - timedelta(days=11)).replace(hour=8, minute=0, second=0, microsecond=0)
    ws.seed_fleet_sessions(workspace_ids, first_day, 240, days=10)
    ws.reset_calls()

    run = playbook(
        PLAYBOOK,
        extra_vars={
            "endpoint_url": ws.endpoint_url,
            "usage_args": {"directory_id": directory, "start_time": first_day.isoformat(), "end_time": (first_day + timedelta(days=10)).isoformat()},
        },
    )
    assert run.returncode == 0, run.output
    usage = run.task("Measure")["usage"]
    assert [entry["workspace_id"] for entry in usage] == workspace_ids
    # Each day: 4 h plus the 60-minute timeout.
    assert {hours_of(entry) for entry in usage} == {(40.0, 10, 50)}
    calls = ws.calls("GetMetricData")
    first_pages = [call for call in calls if "NextToken" not in call["params"]]
    assert sorted(len(call["params"]["MetricDataQueries"]) for call in first_pages) == [1, 500]
    assert len(calls) == 1 + math.ceil(500 * 480 / 100800)


def test_check_mode_and_throttling_change_nothing_in_the_answer(ws, adhoc):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    ws.seed_sessions(alice, DAY + timedelta(hours=9), 30)
    expected = measure(adhoc, ws, workspace_ids=[alice], **PERIOD).result["usage"]
    ws.throttle(2, operation="GetMetricData")
    run = measure(adhoc, ws, "--check", workspace_ids=[alice], **PERIOD)
    assert run.returncode == 0, run.output
    assert run.result["usage"] == expected and hours_of(expected[0]) == (0.5, 1, 2)
    assert [call["status"] for call in ws.calls("GetMetricData")][-3:] == [400, 400, 200]


def test_the_default_period_is_the_month_so_far(ws, adhoc):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    month_start = NOW.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # The last point of the month before does not count; the first of this month does.
    ws.seed_sessions(alice, month_start - timedelta(minutes=5), 10)
    run = measure(adhoc, ws, workspace_ids=[alice])
    assert run.returncode == 0, run.output
    assert run.result["start_time"] == month_start.isoformat()
    assert hours_of(run.result["usage"][0]) == (5 / 60, 1, 2)


def test_bad_input_fails_before_any_call_naming_each_problem(ws, adhoc):
    long_ago = (NOW - timedelta(days=70)).isoformat()
    run = measure(adhoc, ws, workspace_ids=["ws-BAD"], start_time=long_ago, end_time="tomorrow")
    assert run.returncode != 0
    assert ws.calls() == []
    message = run.result["msg"]
    assert "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): 'ws-BAD'" in message
    assert "end_time 'tomorrow' is not an ISO 8601 date and time" in message
    assert "is more than 63 days ago: CloudWatch keeps 5-minute points of UserConnected for 63 days" in message

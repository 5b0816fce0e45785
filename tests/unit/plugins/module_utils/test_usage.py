# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The billable-hours rule, the period and the queries of workspaces_usage, on plain data."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from ansible_collections.euc.aws.plugins.module_utils.usage import MAX_QUERIES_PER_CALL
from ansible_collections.euc.aws.plugins.module_utils.usage import Period
from ansible_collections.euc.aws.plugins.module_utils.usage import usage_option_problems
from ansible_collections.euc.aws.plugins.module_utils.usage import parse_time
from ansible_collections.euc.aws.plugins.module_utils.usage import query_batches
from ansible_collections.euc.aws.plugins.module_utils.usage import usage_of
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError

DAY = datetime(2026, 11, 10, tzinfo=timezone.utc)
NOVEMBER = Period(datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 12, 1, tzinfo=timezone.utc))
ID_PATTERN = r"^ws-[0-9a-z]{8,63}$"


def at(hour, minute=0, day=DAY):
    return day + timedelta(hours=hour, minutes=minute)


def connected(first, count, value=1.0):
    """``count`` consecutive 5-minute points from ``first``."""
    return [(first + timedelta(minutes=5 * n), value) for n in range(count)]


def workspace(running_mode="ALWAYS_ON", timeout=None, compute="STANDARD"):
    properties = {"RunningMode": running_mode, "ComputeTypeName": compute}
    if timeout is not None:
        properties["RunningModeAutoStopTimeoutInMinutes"] = timeout
    return {"WorkspaceId": "ws-abc12345d", "UserName": "alice", "DirectoryId": "d-1234567890", "State": "AVAILABLE", "WorkspaceProperties": properties}


def usage(points, period=NOVEMBER, **kwargs):
    return usage_of(workspace(**kwargs), points, period, 60)


def test_the_example_of_the_issue_two_sessions_five_billable_hours():
    # 09:00 ... 10:55 and 14:00 ... 14:25: 3 h and 2 h (each session plus the 60-minute timeout, rounded up).
    points = connected(at(9), 24) + connected(at(14), 6)
    assert usage(points) == {
        "workspace_id": "ws-abc12345d",
        "user_name": "alice",
        "directory_id": "d-1234567890",
        "state": "AVAILABLE",
        "running_mode": "ALWAYS_ON",
        "compute_type_name": "STANDARD",
        "auto_stop_timeout_minutes": 60,
        "connected_hours": 2.5,
        "sessions": 2,
        "billable_hours": 5,
    }


def test_the_order_points_come_in_makes_no_difference():
    points = connected(at(9), 24) + connected(at(14), 6)
    assert usage(list(reversed(points))) == usage(points)


def test_a_gap_as_long_as_the_timeout_ends_the_session():
    # The first point ends at 09:05; the next starts 60 minutes later.
    result = usage(connected(at(9), 1) + connected(at(10, 5), 1))
    assert (result["sessions"], result["billable_hours"]) == (2, 4)


def test_a_gap_shorter_than_the_timeout_keeps_the_session():
    # 09:00 to 10:10 plus 60 minutes: 2 h 10 min, billed 3 h.
    result = usage(connected(at(9), 1) + connected(at(10, 5) - timedelta(minutes=5), 1) + connected(at(10, 5), 1))
    assert (result["sessions"], result["billable_hours"]) == (1, 3)


def test_an_auto_stop_workspace_is_measured_with_its_own_timeout():
    points = connected(at(9), 1) + connected(at(10, 5), 1)  # a 60-minute gap
    own = usage(points, running_mode="AUTO_STOP", timeout=120)
    assert (own["sessions"], own["billable_hours"], own["auto_stop_timeout_minutes"]) == (1, 4, 120)
    # An ALWAYS_ON WorkSpace's stale timeout does not count: AWS drops it on the switch.
    assert usage(points, running_mode="ALWAYS_ON", timeout=120)["auto_stop_timeout_minutes"] == 60


def test_only_points_inside_the_period_count_for_a_session_across_its_end():
    period = Period(at(0), at(10))
    # 09:00 ... 10:55: the points from 10:00 are after the period; the session bills 09:00-10:00 plus the timeout.
    result = usage(connected(at(9), 24), period=period)
    assert (result["connected_hours"], result["sessions"], result["billable_hours"]) == (1.0, 1, 2)


def test_points_before_the_start_do_not_count():
    period = Period(at(10), at(20))
    result = usage(connected(at(9), 24), period=period)
    assert (result["connected_hours"], result["sessions"], result["billable_hours"]) == (1.0, 1, 2)


def test_billable_hours_are_capped_at_the_period_rounded_up():
    period = Period(at(0), at(2, 30))
    result = usage(connected(at(0), 30), period=period)  # 2.5 h connected, plus the timeout: 4 h uncapped
    assert period.hours == 3
    assert result["billable_hours"] == 3


def test_missing_points_and_zero_points_are_not_connected():
    result = usage(connected(at(9), 2) + connected(at(9, 10), 3, value=0.0) + connected(at(11), 2))
    # 09:00-09:10, then nothing connected until 11:00: a gap of 110 minutes, two sessions.
    assert (result["connected_hours"], result["sessions"], result["billable_hours"]) == (20 / 60, 2, 4)


def test_no_points_is_no_use():
    result = usage([])
    assert (result["connected_hours"], result["sessions"], result["billable_hours"]) == (0, 0, 0)


def test_a_point_given_twice_counts_once():
    points = connected(at(9), 12)
    result = usage(points + points[:3])
    assert (result["connected_hours"], result["sessions"], result["billable_hours"]) == (1.0, 1, 2)


def test_a_pending_workspace_without_properties_is_measured_with_the_default_timeout():
    result = usage_of({"WorkspaceId": "ws-abc12345d", "State": "PENDING"}, connected(at(9), 1), NOVEMBER, 120)
    assert (result["running_mode"], result["compute_type_name"], result["auto_stop_timeout_minutes"]) == (None, None, 120)
    assert result["billable_hours"] == 3


NOW = datetime(2026, 11, 20, 12, 30, tzinfo=timezone.utc)


def test_the_period_defaults_to_the_month_so_far():
    period = Period.from_options(None, None, NOW)
    assert period == Period(datetime(2026, 11, 1, tzinfo=timezone.utc), NOW)
    assert period.hours == 19 * 24 + 13


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-01T00:00:00Z", datetime(2026, 11, 1, tzinfo=timezone.utc)),
        ("2026-11-01T01:00:00+01:00", datetime(2026, 11, 1, tzinfo=timezone.utc)),
        ("2026-11-01", datetime(2026, 11, 1, tzinfo=timezone.utc)),
        ("2026-11-01T00:00:00", datetime(2026, 11, 1, tzinfo=timezone.utc)),
        ("yesterday", None),
        ("2026-13-01", None),
    ],
)
def test_iso_8601_times(text, expected):
    assert parse_time(text) == expected


def test_every_problem_of_the_period_is_named_at_once():
    with pytest.raises(AnsibleWorkSpacesError) as raised:
        Period.from_options("last month", "2026-11-31", NOW, ["max_concurrency must be 1 or more, got 0"])
    assert raised.value.message == (
        "max_concurrency must be 1 or more, got 0; "
        "start_time 'last month' is not an ISO 8601 date and time, such as 2026-11-01T00:00:00Z; "
        "end_time '2026-11-31' is not an ISO 8601 date and time, such as 2026-11-30T12:00:00Z"
    )


def test_a_start_not_before_the_end_is_refused():
    with pytest.raises(AnsibleWorkSpacesError, match=r"start_time \(2026-11-10T00:00:00\+00:00\) must be before end_time \(2026-11-10T00:00:00\+00:00\)"):
        Period.from_options("2026-11-10", "2026-11-10T00:00:00Z", NOW)


def test_a_start_beyond_the_retention_of_five_minute_points_is_refused():
    assert Period.from_options((NOW - timedelta(days=63)).isoformat(), None, NOW).start == NOW - timedelta(days=63)
    with pytest.raises(AnsibleWorkSpacesError, match="more than 63 days ago: CloudWatch keeps 5-minute points of UserConnected for 63 days"):
        Period.from_options((NOW - timedelta(days=63, seconds=1)).isoformat(), None, NOW)


def test_option_problems_name_malformed_ids_timeout_and_concurrency():
    params = {"workspace_ids": ["ws-abc12345d", "ws-BAD", "nope"], "auto_stop_timeout_minutes": 90, "max_concurrency": 0}
    assert usage_option_problems(params, ID_PATTERN) == [
        "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): 'ws-BAD', 'nope'",
        "auto_stop_timeout_minutes must be a positive multiple of 60, as AWS sets auto-stop timeouts, got 90",
        "max_concurrency must be 1 or more, got 0",
    ]
    assert usage_option_problems(dict(params, workspace_ids=None, auto_stop_timeout_minutes=120, max_concurrency=1), ID_PATTERN) == []


def test_queries_go_500_to_a_call_each_naming_its_workspace():
    workspace_ids = [f"ws-{n:09d}" for n in range(1001)]
    batches = query_batches(workspace_ids)
    assert [len(batch) for batch in batches] == [MAX_QUERIES_PER_CALL, MAX_QUERIES_PER_CALL, 1]
    assert batches[2][0] == {
        "Id": "ws_000001000",
        "Label": "ws-000001000",
        "MetricStat": {
            "Metric": {"Namespace": "AWS/WorkSpaces", "MetricName": "UserConnected", "Dimensions": [{"Name": "WorkspaceId", "Value": "ws-000001000"}]},
            "Period": 300,
            "Stat": "Maximum",
        },
        "ReturnData": True,
    }

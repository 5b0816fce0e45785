# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudWatch GetMetricData for AWS/WorkSpaces UserConnected, with CloudWatch's limits and paging, over real boto3.

botocore 1.44 speaks awsJson to CloudWatch, botocore 1.34 (make test-matrix's floor) the query protocol: run this file
under both interpreters.
"""

import datetime
import time

import pytest
from botocore.exceptions import ClientError

from sandbox.testing import control

UTC = datetime.timezone.utc
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# CloudWatch API reference, GetMetricData: up to 500 queries a call and 100,800 data points an answer.
MOST_QUERIES = 500
MOST_DATAPOINTS = 100_800
ALICE = "ws-a11ce0001"
BOB = "ws-b0b000002"


@pytest.fixture(name="cloudwatch")
def fixture_cloudwatch(sb):
    # One attempt: botocore's own retries would hide how many faults the sandbox served.
    return sb.client("cloudwatch", retries={"total_max_attempts": 1})


@pytest.fixture(name="day")
def fixture_day():
    """Midnight UTC three days ago: well inside the 15 days CloudWatch keeps 1-minute precision of StartTime."""
    return datetime.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - 3 * DAY


def connected(workspace_id, query_id="q0", period=300, stat="Maximum", **extra):
    dimensions = [{"Name": "WorkspaceId", "Value": workspace_id}]
    metric = {"Namespace": "AWS/WorkSpaces", "MetricName": "UserConnected", "Dimensions": dimensions}
    return {"Id": query_id, "MetricStat": {"Metric": metric, "Period": period, "Stat": stat}, **extra}


def other_namespace():
    metric = {"Namespace": "Custom/App", "MetricName": "Jobs"}
    return {"Id": "jobs", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"}}


def ask(cloudwatch, queries, start, end, **params):
    return cloudwatch.get_metric_data(MetricDataQueries=queries, StartTime=start, EndTime=end, **params)


def only_result(answer):
    (result,) = answer["MetricDataResults"]
    return result


def every_five_minutes(start, end):
    moments = []
    while start < end:
        moments.append(start)
        start += 5 * MINUTE
    return moments


def error_of(raised):
    response = raised.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def all_pages(cloudwatch, **params):
    pages = []
    while True:
        page = cloudwatch.get_metric_data(**params)
        pages.append(page)
        if "NextToken" not in page:
            return pages
        params["NextToken"] = page["NextToken"]


def joined(pages):
    """Id -> [(timestamp, value)] over every page, in the order the pages gave them."""
    points = {}
    for page in pages:
        for result in page["MetricDataResults"]:
            points.setdefault(result["Id"], []).extend(zip(result["Timestamps"], result["Values"]))
    return points


# --- points ------------------------------------------------------------------------------------


def test_seeded_sessions_come_back_point_by_point_newest_first(sb, cloudwatch, day):
    written = sb.seed_sessions(ALICE, day + 9 * HOUR, 120, gaps=[180], sessions=2)
    answer = ask(cloudwatch, [connected(ALICE)], day, day + DAY)
    result = only_result(answer)
    expected = every_five_minutes(day + 9 * HOUR, day + 11 * HOUR)
    expected += every_five_minutes(day + 14 * HOUR, day + 16 * HOUR)
    assert written == len(expected) == 48
    assert result["Timestamps"] == expected[::-1]
    assert result["Values"] == [1.0] * 48
    assert (result["Id"], result["Label"], result["StatusCode"]) == ("q0", "UserConnected", "Complete")
    assert "NextToken" not in answer


def test_scan_by_ascending_gives_the_oldest_first_and_label_is_echoed(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 30)
    labelled = [connected(ALICE, Label="alice")]
    result = only_result(ask(cloudwatch, labelled, day, day + DAY, ScanBy="TimestampAscending"))
    assert result["Timestamps"] == every_five_minutes(day + 9 * HOUR, day + 9 * HOUR + 30 * MINUTE)
    assert result["Label"] == "alice"


def test_idle_zero_writes_zero_points_between_sessions_only(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 10, gaps=[15, 5], sessions=3, idle_zero=True)
    result = only_result(ask(cloudwatch, [connected(ALICE)], day, day + DAY, ScanBy="TimestampAscending"))
    assert result["Timestamps"] == every_five_minutes(day + 9 * HOUR, day + 9 * HOUR + 50 * MINUTE)
    assert result["Values"] == [1, 1, 0, 0, 0, 1, 1, 0, 1, 1]


def test_start_is_inclusive_and_end_exclusive(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 8 * HOUR, 240)
    start, end = day + 9 * HOUR, day + 10 * HOUR
    result = only_result(ask(cloudwatch, [connected(ALICE)], start, end, ScanBy="TimestampAscending"))
    assert result["Timestamps"] == every_five_minutes(day + 9 * HOUR, day + 10 * HOUR)


def test_start_time_is_rounded_down_to_the_minute(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 10)
    half_a_minute_late = day + 9 * HOUR + datetime.timedelta(seconds=30)
    result = only_result(ask(cloudwatch, [connected(ALICE)], half_a_minute_late, day + DAY))
    assert result["Timestamps"] == [day + 9 * HOUR + 5 * MINUTE, day + 9 * HOUR]


def test_a_workspace_without_points_has_an_empty_complete_result(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 10)
    answer = ask(cloudwatch, [connected(BOB, "bob")], day, day + DAY)
    assert answer["MetricDataResults"] == [
        {"Id": "bob", "Label": "UserConnected", "Timestamps": [], "Values": [], "StatusCode": "Complete"}
    ]


@pytest.mark.parametrize("stat, values", [
    ("Maximum", [1.0, 1.0]),
    ("Minimum", [0.0, 1.0]),
    ("Sum", [6.0, 3.0]),
    ("SampleCount", [12.0, 3.0]),
    ("Average", [0.5, 1.0]),
])
def test_a_period_of_an_hour_aggregates_the_five_minute_points(sb, cloudwatch, day, stat, values):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 30, gaps=[30], sessions=2, idle_zero=True)  # 09:00-09:30 on, 10:00-10:30 on
    hourly = [connected(ALICE, period=3600, stat=stat)]
    result = only_result(ask(cloudwatch, hourly, day, day + 10 * HOUR + 15 * MINUTE, ScanBy="TimestampAscending"))
    assert result["Timestamps"] == [day + 9 * HOUR, day + 10 * HOUR]
    assert result["Values"] == values


def test_a_start_more_than_15_days_ago_needs_a_period_of_five_minutes(sb, cloudwatch, day):
    long_ago = day - 17 * DAY
    sb.seed_sessions(ALICE, long_ago + 9 * HOUR, 10)
    by_minute = only_result(ask(cloudwatch, [connected(ALICE, period=60)], long_ago, long_ago + DAY))
    by_five_minutes = only_result(ask(cloudwatch, [connected(ALICE, period=300)], long_ago, long_ago + DAY))
    assert by_minute["Timestamps"] == []
    assert len(by_five_minutes["Timestamps"]) == 2


def test_a_later_seeding_overwrites_the_points_it_shares(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 10, gaps=[10], sessions=2, idle_zero=True)
    sb.seed_sessions(ALICE, day + 9 * HOUR + 10 * MINUTE, 5)
    result = only_result(ask(cloudwatch, [connected(ALICE)], day, day + DAY, ScanBy="TimestampAscending"))
    assert result["Values"] == [1, 1, 1, 0, 1, 1]


def test_points_are_per_region(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 10)
    sb.seed_sessions(ALICE, day + 12 * HOUR, 5, region="eu-west-1")
    here = only_result(ask(cloudwatch, [connected(ALICE)], day, day + DAY))
    elsewhere = only_result(ask(sb.client("cloudwatch", "eu-west-1"), [connected(ALICE)], day, day + DAY))
    assert here["Timestamps"] == [day + 9 * HOUR + 5 * MINUTE, day + 9 * HOUR]
    assert elsewhere["Timestamps"] == [day + 12 * HOUR]


def test_reset_forgets_the_points(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 10)
    sb.reset()
    assert only_result(ask(cloudwatch, [connected(ALICE)], day, day + DAY))["Values"] == []
    assert sb.metric_points(ALICE) == []


def test_sessions_can_be_seeded_over_http_for_a_fleet(sb, cloudwatch, day):
    seeding = {"workspace_ids": [ALICE, BOB], "start": (day + 9 * HOUR).isoformat(), "minutes": 60, "days": 2}
    answer = control(sb, "sessions", dict(seeding, region="us-east-1"))
    assert answer == {"workspace_ids": [ALICE, BOB], "connected_points": 24}
    queries = [connected(ALICE, "a"), connected(BOB, "b")]
    pages = all_pages(
        cloudwatch, MetricDataQueries=queries, StartTime=day, EndTime=day + 3 * DAY, ScanBy="TimestampAscending"
    )
    expected = every_five_minutes(day + 9 * HOUR, day + 10 * HOUR)
    expected += every_five_minutes(day + 33 * HOUR, day + 34 * HOUR)
    moments = {key: [moment for moment, _value in points] for key, points in joined(pages).items()}
    assert moments == {"a": expected, "b": expected}


@pytest.mark.parametrize("start, problem", [
    (datetime.datetime(2026, 11, 2, 9, 0), "timezone-aware"),
    (datetime.datetime(2026, 11, 2, 9, 2, tzinfo=UTC), "5-minute grid"),
    ("2026-11-02T09:00:00", "timezone-aware"),
])
def test_seeding_refuses_starts_cloudwatch_would_not_have(sb, start, problem):
    with pytest.raises(ValueError, match=problem):
        sb.seed_sessions(ALICE, start, 10)


def test_seeding_refuses_an_id_that_is_no_workspace_id(sb, day):
    with pytest.raises(ValueError, match="not a WorkSpace ID"):
        sb.seed_sessions("i-0123456789", day, 10)


# --- limits and paging ---------------------------------------------------------------------------


def test_more_than_500_queries_are_refused(sb, cloudwatch, day):
    queries = [connected(f"ws-{n:09d}", f"q{n}") for n in range(MOST_QUERIES + 1)]
    with pytest.raises(ClientError) as raised:
        ask(cloudwatch, queries, day, day + DAY)
    message = "The collection MetricDataQueries must not have a size greater than 500."
    assert error_of(raised) == ("ValidationError", message, 400)
    assert len(ask(cloudwatch, queries[:MOST_QUERIES], day, day + DAY)["MetricDataResults"]) == MOST_QUERIES


def test_pages_hold_100800_points_and_join_into_the_one_answer_per_workspace(sb, cloudwatch, day):
    # 23 hours a day for 10 days: 2760 points each, so the page of 100,800 ends inside the 37th WorkSpace.
    workspace_ids = [f"ws-{n:09d}" for n in range(40)]
    start = day - 7 * DAY
    sb.seed_fleet_sessions(workspace_ids, start, 23 * 60, days=10)
    queries = [connected(workspace_id, f"q{n}") for n, workspace_id in enumerate(workspace_ids)]
    first, second = all_pages(cloudwatch, MetricDataQueries=queries, StartTime=start, EndTime=start + 10 * DAY)
    assert sum(len(result["Values"]) for result in first["MetricDataResults"]) == MOST_DATAPOINTS
    assert [result["StatusCode"] for result in first["MetricDataResults"]] == ["Complete"] * 36 + ["PartialData"]
    assert [result["Id"] for result in second["MetricDataResults"]] == ["q36", "q37", "q38", "q39"]
    assert [result["StatusCode"] for result in second["MetricDataResults"]] == ["Complete"] * 4
    one_by_one = {}
    for query in queries:
        result = only_result(ask(cloudwatch, [query], start, start + 10 * DAY))
        one_by_one[query["Id"]] = list(zip(result["Timestamps"], result["Values"]))
    assert joined([first, second]) == one_by_one
    assert all(len(points) == 2760 for points in one_by_one.values())


@pytest.mark.parametrize("scan_by", ["TimestampDescending", "TimestampAscending"])
def test_max_datapoints_pages_smaller_and_each_query_resumes_where_it_stopped(sb, cloudwatch, day, scan_by):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 60)
    sb.seed_sessions(BOB, day + 10 * HOUR, 60)
    params = {
        "MetricDataQueries": [connected(ALICE, "a"), connected("ws-n0b0dy000", "nobody"), connected(BOB, "b")],
        "StartTime": day, "EndTime": day + DAY, "ScanBy": scan_by,
    }
    pages = all_pages(cloudwatch, MaxDatapoints=7, **params)
    shape = [
        [(result["Id"], len(result["Values"]), result["StatusCode"]) for result in page["MetricDataResults"]]
        for page in pages
    ]
    assert shape == [
        [("a", 7, "PartialData")],
        [("a", 5, "Complete"), ("nobody", 0, "Complete"), ("b", 2, "PartialData")],
        [("b", 7, "PartialData")],
        [("b", 3, "Complete")],
    ]
    assert joined(pages) == joined([cloudwatch.get_metric_data(**params)])


def test_a_token_of_another_call_or_no_token_at_all_is_refused(sb, cloudwatch, day):
    sb.seed_sessions(ALICE, day + 9 * HOUR, 60)
    params = {"MetricDataQueries": [connected(ALICE)], "StartTime": day, "EndTime": day + DAY, "MaxDatapoints": 5}
    token = cloudwatch.get_metric_data(**params)["NextToken"]
    misuses = [
        dict(params, NextToken="not-a-token"),
        dict(params, NextToken=token, StartTime=day + HOUR),
        dict(params, NextToken=token, MetricDataQueries=[connected(BOB)]),
    ]
    for misuse in misuses:
        with pytest.raises(ClientError) as raised:
            cloudwatch.get_metric_data(**misuse)
        assert error_of(raised)[::2] == ("InvalidNextToken", 400)
    with pytest.raises(ClientError) as raised:
        sb.client("cloudwatch", "eu-west-1").get_metric_data(**dict(params, NextToken=token))
    assert error_of(raised)[::2] == ("InvalidNextToken", 400)
    assert len(cloudwatch.get_metric_data(**dict(params, NextToken=token))["MetricDataResults"][0]["Values"]) == 5


def test_end_before_start_is_refused(sb, cloudwatch, day):
    with pytest.raises(ClientError) as raised:
        ask(cloudwatch, [connected(ALICE)], day + DAY, day)
    assert error_of(raised) == ("ValidationError", "The parameter EndTime must be greater than StartTime.", 400)


# --- the call log, faults and moto -----------------------------------------------------------------


def test_calls_are_logged_with_their_queries(sb, cloudwatch, day):
    ask(cloudwatch, [connected(ALICE, "a"), connected(BOB, "b")], day, day + DAY)
    with pytest.raises(ClientError):
        ask(cloudwatch, [connected(ALICE)], day, day + DAY, NextToken="nope")
    logged, refused = sb.calls("GetMetricData")
    assert (logged["region"], logged["status"], refused["status"]) == ("us-east-1", 200, 400)
    assert logged["params"]["MetricDataQueries"] == [connected(ALICE, "a"), connected(BOB, "b")]
    assert (logged["params"]["StartTime"], logged["params"]["EndTime"]) == (day.isoformat(), (day + DAY).isoformat())
    assert refused["params"]["NextToken"] == "nope"
    assert control(sb, "calls", {"operation": "GetMetricData"})["calls"] == sb.calls("GetMetricData")


def test_throttling_and_server_errors_answer_cloudwatch_codes(sb, cloudwatch, day):
    params = {"MetricDataQueries": [connected(ALICE)], "StartTime": day, "EndTime": day + DAY}
    sb.throttle(1, operation="GetMetricData")
    sb.server_error(1, operation="GetMetricData", after=1)
    with pytest.raises(ClientError) as throttled:
        cloudwatch.get_metric_data(**params)
    cloudwatch.get_metric_data(**params)
    with pytest.raises(ClientError) as failed:
        cloudwatch.get_metric_data(**params)
    cloudwatch.get_metric_data(**params)
    assert error_of(throttled) == ("Throttling", "Rate exceeded", 400)
    assert error_of(failed)[::2] == ("InternalServiceError", 500)
    assert [call["status"] for call in sb.calls("GetMetricData")] == [400, 200, 500, 200]


def test_latency_delays_metric_calls_too(sb, cloudwatch, day):
    sb.set_latency(0.4)
    began = time.monotonic()
    ask(cloudwatch, [connected(ALICE)], day, day + DAY)
    assert time.monotonic() - began >= 0.4


def test_other_namespaces_are_answered_by_moto(sb, cloudwatch):
    now = datetime.datetime.now(UTC).replace(second=0, microsecond=0)
    datum = {"MetricName": "Jobs", "Timestamp": now - 10 * MINUTE, "Value": 7.0}
    cloudwatch.put_metric_data(Namespace="Custom/App", MetricData=[datum])
    assert only_result(ask(cloudwatch, [other_namespace()], now - HOUR, now))["Values"] == [7.0]
    assert sb.calls("GetMetricData")[0]["status"] == 200


def test_workspaces_and_other_namespaces_in_one_call_are_a_sandbox_refusal(sb, cloudwatch, day):
    with pytest.raises(ClientError) as raised:
        ask(cloudwatch, [connected(ALICE), other_namespace()], day, day + DAY)
    code, message, status = error_of(raised)
    assert (code, status) == ("InvalidParameterCombination", 400) and "sandbox" in message

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How much each WorkSpace is used, from CloudWatch's ``AWS/WorkSpaces`` ``UserConnected`` metric.

Two layers:
- pure: the period, the queries, and the billable-hours rule (the hours a WorkSpace would run, and be billed,
  under AUTO_STOP);
- the calls: GetMetricData for up to 500 WorkSpaces a call, page by page, the calls on the bounded pool.
"""

import math
import re
from collections import namedtuple
from datetime import datetime
from datetime import timedelta
from datetime import timezone

from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.concurrency import max_concurrency_problem
from ansible_collections.euc.aws.plugins.module_utils.creation import AUTO_STOP_STEP_MINUTES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import malformed_ids_problem
from ansible_collections.euc.aws.plugins.module_utils.workspaces import malformed_workspace_ids

# GetMetricData's limits, from CloudWatch's API reference
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html): "You can include up to
# 500 MetricDataQuery structures", and a call "can retrieve up to 100,800 data points". botocore's model carries
# neither, so they are named here once.
MAX_QUERIES_PER_CALL = 500
MAX_DATAPOINTS_PER_RESPONSE = 100800
# CloudWatch keeps datapoints with a period of 300 seconds for 63 days
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention).
FIVE_MINUTE_RETENTION = timedelta(days=63)

NAMESPACE = "AWS/WorkSpaces"
METRIC_NAME = "UserConnected"
DIMENSION_NAME = "WorkspaceId"
POINT_SECONDS = 300
POINT = timedelta(seconds=POINT_SECONDS)
HOUR = timedelta(hours=1)

# What a WorkSpace that is not AUTO_STOP would get on a switch to AUTO_STOP unless told otherwise: AWS's default.
DEFAULT_AUTO_STOP_TIMEOUT_MINUTES = 60

# A query Id must match ^[a-z][a-zA-Z0-9_]*$ (CloudWatch's API reference); a WorkSpace ID becomes one by turning its
# one "-" into "_", so that the answer names the WorkSpace without a lookup table.
QUERY_ID_PATTERN = r"[a-z][a-zA-Z0-9_]*"


class MetricsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleWorkSpacesError


# ---------------------------------------------------------------------------------------------
# Pure: the period
# ---------------------------------------------------------------------------------------------


def parse_time(value):
    """An ISO 8601 date or time as an aware UTC datetime (a time without an offset is UTC); None when it is not one.

    ``datetime.fromisoformat`` reads "Z" only from Python 3.11, and module hosts may run older ones. A datetime is
    taken as it is: YAML reads an unquoted 2026-11-30T12:00:00Z as one, before a role's filter sees it.
    """
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text[-1:] in ("Z", "z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def start_of_month(moment):
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class Period(namedtuple("Period", ["start", "end"])):
    """The time usage is measured over: ``start`` included, ``end`` excluded, both aware UTC datetimes."""

    @classmethod
    def from_options(cls, start_time, end_time, now, other_problems=()):
        """The period of the module's options, by default from the start of ``now``'s UTC month to ``now``.

        Raises AnsibleWorkSpacesError naming every problem, those of the other options too, before any AWS call.
        """
        problems = list(other_problems)
        start = start_of_month(now) if start_time is None else parse_time(start_time)
        end = now if end_time is None else parse_time(end_time)
        if start is None:
            problems.append(f"start_time {start_time!r} is not an ISO 8601 date and time, such as 2026-11-01T00:00:00Z")
        if end is None:
            problems.append(f"end_time {end_time!r} is not an ISO 8601 date and time, such as 2026-11-30T12:00:00Z")
        if start is not None and end is not None and start >= end:
            problems.append(f"start_time ({start.isoformat()}) must be before end_time ({end.isoformat()})")
        if start is not None and start < now - FIVE_MINUTE_RETENTION:
            problems.append(
                f"start_time ({start.isoformat()}) is more than {FIVE_MINUTE_RETENTION.days} days ago: CloudWatch keeps"
                f" 5-minute points of {METRIC_NAME} for {FIVE_MINUTE_RETENTION.days} days, so the hours would be too few"
            )
        if problems:
            raise AnsibleWorkSpacesError(message="; ".join(problems))
        return cls(start, end)

    @property
    def hours(self):
        """The period's length in whole hours, rounded up: no WorkSpace can be billed more."""
        return math.ceil((self.end - self.start) / HOUR)

    def holds(self, point_start):
        return self.start <= point_start < self.end


def usage_option_problems(params, workspace_id_pattern):
    """What is wrong with the module's options other than the period."""
    problems = []
    malformed = malformed_workspace_ids(params["workspace_ids"] or [], workspace_id_pattern)
    if malformed:
        problems.append(malformed_ids_problem(malformed, workspace_id_pattern))
    timeout = params["auto_stop_timeout_minutes"]
    if timeout < 1 or timeout % AUTO_STOP_STEP_MINUTES:
        problems.append(
            f"auto_stop_timeout_minutes must be a positive multiple of {AUTO_STOP_STEP_MINUTES}, as AWS sets auto-stop timeouts, got {timeout}"
        )
    concurrency_problem = max_concurrency_problem(params["max_concurrency"])
    if concurrency_problem:
        problems.append(concurrency_problem)
    return problems


# ---------------------------------------------------------------------------------------------
# Pure: the billable-hours rule
# ---------------------------------------------------------------------------------------------


def sessions_of(connected_point_starts, timeout):
    """The sessions of connected points: (start of the first point, end of the last point) each.

    A gap runs from the end of one connected point to the start of the next; a gap as long as the timeout, or longer,
    would have stopped an AUTO_STOP WorkSpace, so it ends the session.
    """
    sessions = []
    for point_start in sorted(connected_point_starts):
        point_end = point_start + POINT
        if sessions and point_start - sessions[-1][1] < timeout:
            sessions[-1][1] = max(sessions[-1][1], point_end)
        else:
            sessions.append([point_start, point_end])
    return [tuple(session) for session in sessions]


def billable_hours_of(sessions, timeout, cap_hours):
    """The hours AUTO_STOP would bill: each session from its start to its end plus the timeout (the WorkSpace stays
    up that long after the user leaves), rounded up to whole hours; the sum capped at the period's hours."""
    return min(cap_hours, sum(math.ceil((end - start + timeout) / HOUR) for start, end in sessions))


def auto_stop_timeout_of(workspace, default_minutes):
    """The timeout the rule uses: the WorkSpace's own when it is AUTO_STOP, else the one a switch would give it."""
    properties = workspace.get("WorkspaceProperties") or {}
    if properties.get("RunningMode") == "AUTO_STOP" and properties.get("RunningModeAutoStopTimeoutInMinutes"):
        return properties["RunningModeAutoStopTimeoutInMinutes"]
    return default_minutes


def usage_of(workspace, points, period, default_timeout_minutes):
    """The result entry of one WorkSpace from its (timestamp, value) points; no points is no use."""
    timeout_minutes = auto_stop_timeout_of(workspace, default_timeout_minutes)
    connected = [timestamp for timestamp, value in points if value >= 1 and period.holds(timestamp)]
    sessions = sessions_of(connected, timedelta(minutes=timeout_minutes))
    properties = workspace.get("WorkspaceProperties") or {}
    return {
        "workspace_id": workspace["WorkspaceId"],
        "user_name": workspace.get("UserName"),
        "directory_id": workspace.get("DirectoryId"),
        "state": workspace.get("State"),
        "running_mode": properties.get("RunningMode"),
        "compute_type_name": properties.get("ComputeTypeName"),
        "auto_stop_timeout_minutes": timeout_minutes,
        "connected_hours": len(set(connected)) * POINT_SECONDS / 3600,
        "sessions": len(sessions),
        "billable_hours": billable_hours_of(sessions, timedelta(minutes=timeout_minutes), period.hours),
    }


# ---------------------------------------------------------------------------------------------
# Pure: the queries
# ---------------------------------------------------------------------------------------------


def query_id_of(workspace_id):
    query_id = workspace_id.replace("-", "_")
    if not re.fullmatch(QUERY_ID_PATTERN, query_id):
        raise AnsibleWorkSpacesError(message=f"WorkSpace ID {workspace_id!r} cannot name a CloudWatch query")
    return query_id


def user_connected_query(workspace_id):
    """The query of one WorkSpace's UserConnected maximum in 5-minute points: 1 in a point when a user was connected."""
    return {
        "Id": query_id_of(workspace_id),
        "Label": workspace_id,
        "MetricStat": {
            "Metric": {"Namespace": NAMESPACE, "MetricName": METRIC_NAME, "Dimensions": [{"Name": DIMENSION_NAME, "Value": workspace_id}]},
            "Period": POINT_SECONDS,
            "Stat": "Maximum",
        },
        "ReturnData": True,
    }


def query_batches(workspace_ids):
    """The queries of ``workspace_ids``, at most 500 a call: the fewest calls GetMetricData allows."""
    return in_batches([user_connected_query(workspace_id) for workspace_id in workspace_ids], MAX_QUERIES_PER_CALL)


# ---------------------------------------------------------------------------------------------
# The calls
# ---------------------------------------------------------------------------------------------


@MetricsErrorHandler.common_error_handler("get metric data")
def get_metric_data(client, queries, period):
    """Each query's (timestamp, value) points, by query Id, across every page of one GetMetricData request.

    By hand rather than boto3's paginator, for the reason of workspaces.all_pages: each page is retried on its own.
    A query's points may be spread over several pages (AWS marks them PartialData), so they are gathered by Id.
    """
    points = {query["Id"]: [] for query in queries}
    params = dict(MetricDataQueries=queries, StartTime=period.start, EndTime=period.end, ScanBy="TimestampAscending")
    while True:
        page = client.get_metric_data(**params, aws_retry=True)
        for result in page.get("MetricDataResults", []):
            points.setdefault(result["Id"], []).extend(zip(result.get("Timestamps", []), result.get("Values", [])))
        if not page.get("NextToken"):
            return points
        params = dict(params, NextToken=page["NextToken"])


def points_by_workspace(client, workspace_ids, period, max_workers):
    """Each WorkSpace's UserConnected points over ``period``: one request per 500 WorkSpaces, on the bounded pool."""
    workspace_ids = list(workspace_ids)
    pages = map_bounded(lambda queries: get_metric_data(client, queries, period), query_batches(workspace_ids), max_workers)
    found = {}
    for points in pages:
        found.update(points)
    return {workspace_id: found.get(query_id_of(workspace_id), []) for workspace_id in workspace_ids}


def measure_usage(client, workspaces, period, default_timeout_minutes, max_workers):
    """The usage entry of each WorkSpace (DescribeWorkspaces entries), in their order."""
    points = points_by_workspace(client, [workspace["WorkspaceId"] for workspace in workspaces], period, max_workers)
    return [usage_of(workspace, points[workspace["WorkspaceId"]], period, default_timeout_minutes) for workspace in workspaces]

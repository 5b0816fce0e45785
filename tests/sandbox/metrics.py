# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudWatch GetMetricData for the AWS/WorkSpaces namespace, answered from the sandbox's own index of seeded points.

moto's get_metric_data walks every stored datapoint for every period of every query, which takes minutes for a fleet's
month of 5-minute points, and knows neither NextToken nor CloudWatch's limits. The sandbox keeps, per region and
WorkSpace, a sorted list of point times beside their values, and answers a query with two bisections.

The answer is hooked into moto's CloudWatch response class rather than the middleware's own WSGI layer, so that moto
still parses the request and writes errors in whichever protocol the client speaks: awsJson 1.0 for botocore 1.44
(its model lists smithy-rpc-v2-cbor first, but botocore ranks json above it), the query protocol (form in, XML out)
for botocore 1.34.
"""

import base64
import binascii
import bisect
import datetime
import hashlib
import json
import re
import warnings
from typing import NamedTuple

import botocore.session
from moto.cloudwatch.exceptions import ValidationError
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.core.serialize import JSONSerializer

OPERATION = "GetMetricData"
NAMESPACE = "AWS/WorkSpaces"
METRIC_NAME = "UserConnected"
DIMENSION = "WorkspaceId"
UNIT = "Count"
# WorkSpaces publishes its metrics every 5 minutes; seeded points sit on that grid of the clock.
POINT_SECONDS = 300
DAY_SECONDS = 86400
# CloudWatch API reference, GetMetricData: "as many as 500 different metrics in a single request, with a total of as
# many as 100,800 data points". botocore's model carries neither limit.
MOST_QUERIES = 500
MOST_DATAPOINTS = 100_800
# The answer CloudWatch gives a 501st query, as clients report it (e.g. elastic/beats,
# x-pack/metricbeat/module/aws/utils.go).
TOO_MANY_QUERIES = f"The collection MetricDataQueries must not have a size greater than {MOST_QUERIES}."
# AWS documents no message; this is the model's own description of its InvalidNextToken error.
BAD_TOKEN = "The next token specified is invalid."
# AWS documents no answer for MaxDatapoints below 1 (the model sets no minimum).
BAD_MAX_DATAPOINTS = "The parameter MaxDatapoints must be greater than 0."
# The calls of this family that faults (throttle, server_error) may be armed for.
OPERATIONS = (OPERATION,)
# CloudWatch's own answers to throttling and to a failure of its own: the codes differ from WorkSpaces'.
FAULTS = {
    "throttle": (400, "Throttling", "Rate exceeded"),
    "server_error": (
        500,
        "InternalServiceError",
        "Request processing has failed due to some unknown error, exception, or failure.",
    ),
}
STATISTICS = {
    "Maximum": max,
    "Minimum": min,
    "Sum": sum,
    "SampleCount": len,
    "Average": lambda values: sum(values) / len(values),
}
ENVIRON_KEY = "euc.sandbox.metric_data_call"
_SESSION = botocore.session.get_session()
WORKSPACE_ID_PATTERN = _SESSION.get_service_model("workspaces").shape_for("WorkspaceId").metadata["pattern"]
_CLOUDWATCH_MODEL = _SESSION.get_service_model("cloudwatch")
SCAN_BY = _CLOUDWATCH_MODEL.shape_for("ScanBy")
# awsJson's X-Amz-Target prefix of CloudWatch; botocore models from before that protocol have none (query only).
JSON_TARGET_PREFIX = _CLOUDWATCH_MODEL.metadata.get("targetPrefix")


class Series(NamedTuple):
    """One WorkSpace's points: ascending epoch seconds and their values. Never changed in place, so that one series
    can serve many WorkSpaces and an answer can read it outside the lock."""

    times: list
    values: list


class MetricDataCall(NamedTuple):
    """What the middleware hands moto's CloudWatch handler with the request: where to answer from, and how."""

    fidelity: object
    entry: dict  # the call log's entry, whose params the handler fills once moto parsed them
    region: str
    fault: object  # the ApiError an armed fault answers with, or None


class CloudWatchError(ServiceException):
    """An error moto writes in the client's protocol; its status comes from the CloudWatch model (400 unless listed)."""


class Metrics:
    """Mixed into WorkSpacesFidelity: the seeded points and GetMetricData."""

    def seed_sessions(self, region, workspace_ids, start, minutes, gaps=(), sessions=1, idle_zero=False, days=1):
        """Write the same sessions into each WorkSpace's UserConnected points; returns the connected points of each."""
        for workspace_id in workspace_ids:
            if not re.fullmatch(WORKSPACE_ID_PATTERN, workspace_id):
                raise ValueError(f"{workspace_id!r} is not a WorkSpace ID ({WORKSPACE_ID_PATTERN})")
        pattern, connected = session_series(seed_start(start), minutes, gaps, sessions, idle_zero, days)
        with self.lock:
            metrics = self.region_state(region).metrics
            for workspace_id in workspace_ids:
                metrics[workspace_id] = merged(metrics.get(workspace_id), pattern)
        return connected

    def metric_points(self, region, workspace_id):
        """The WorkSpace's seeded UserConnected points, [(aware datetime, value)] in time order."""
        with self.lock:
            series = self.region_state(region).metrics.get(workspace_id)
        if series is None:
            return []
        return [(datetime.datetime.fromtimestamp(t, datetime.timezone.utc), v) for t, v in zip(*series)]

    def answer_metric_data(self, response, call, moto_answer):
        """moto's CloudWatchResponse.get_metric_data, for a call that came through the middleware."""
        params = response._get_params()  # pylint: disable=protected-access
        with self.lock:
            call.entry["params"] = loggable(params)
        try:
            if call.fault is not None:
                raise CloudWatchError(call.fault.code, call.fault.message)
            queries = params.get("MetricDataQueries") or []
            # CloudWatch's front end refuses this whatever the namespace; moto never does.
            if len(queries) > MOST_QUERIES:
                raise CloudWatchError("ValidationError", TOO_MANY_QUERIES)
            if not any(namespace_of(query) == NAMESPACE for query in queries):
                return moto_answer(response)
            page = self.metric_data_page(call.region, params)
        except CloudWatchError as error:
            return serialized_error(response, error)
        return MetricDataAnswer(page)

    def metric_data_page(self, region, params):
        queries = params["MetricDataQueries"]
        for number, query in enumerate(queries, start=1):
            if "MetricStat" not in query:
                raise CloudWatchError(
                    "InvalidParameterCombination",
                    f"The sandbox answers GetMetricData for {NAMESPACE} with MetricStat queries only, not with metric "
                    f"math or Metrics Insights (MetricDataQueries.member.{number})",
                )
            if namespace_of(query) != NAMESPACE:
                raise CloudWatchError(
                    "InvalidParameterCombination",
                    f"The sandbox answers {NAMESPACE} queries and other namespaces (through moto) in separate calls "
                    f"only (MetricDataQueries.member.{number} is {namespace_of(query)})",
                )
            if query["MetricStat"]["Stat"] not in STATISTICS:
                raise CloudWatchError(
                    "InvalidParameterValue",
                    f"The sandbox computes the statistics {', '.join(STATISTICS)}, not {query['MetricStat']['Stat']}",
                )
        start, end = epoch_of(params["StartTime"]), epoch_of(params["EndTime"])
        # moto's own answers to these, kept.
        if start > end:
            raise ValidationError("The parameter EndTime must be greater than StartTime.")
        if start == end:
            raise ValidationError("The parameter StartTime must not equal parameter EndTime.")
        scan_by = params.get("ScanBy") or "TimestampDescending"
        allowed = SCAN_BY.enum
        if scan_by not in allowed:
            raise CloudWatchError(
                "ValidationError",
                f"1 validation error detected: Value '{scan_by}' at 'scanBy' failed to satisfy constraint: Member must "
                f"satisfy enum value set: [{', '.join(allowed)}]",
            )
        page_size = params.get("MaxDatapoints")
        if page_size is not None and page_size < 1:
            raise CloudWatchError("ValidationError", BAD_MAX_DATAPOINTS)
        page_size = MOST_DATAPOINTS if page_size is None else min(page_size, MOST_DATAPOINTS)
        fingerprint = fingerprint_of(params, region)
        first, cursor = position_in(params.get("NextToken"), fingerprint, len(queries))
        now = self.wall_clock()
        age = now - start
        start = rounded_start(start, age)
        with self.lock:
            metrics = self.region_state(region).metrics
            series = [series_of(metrics, query["MetricStat"]) for query in queries]
        return page_of(
            queries, series, start, end, age, scan_by == "TimestampDescending", page_size, first, cursor, fingerprint
        )


def page_of(queries, series, start, end, age, descending, page_size, first, cursor, fingerprint):
    """Results from query ``first`` on (its points from bucket time ``cursor`` on, None: from its first), at most
    ``page_size`` points. Queries are answered in request order, each in ScanBy order; a query cut at the end of the
    page is PartialData and the token resumes it; queries not reached are not on the page."""
    results = []
    room = page_size
    token = None
    for index in range(first, len(queries)):
        query = queries[index]
        if query.get("ReturnData") is False:
            continue
        times, values = points_of(series[index], query["MetricStat"], start, end, age)
        if cursor is None:
            lo, hi = 0, len(times)
        elif descending:
            lo, hi = 0, bisect.bisect_right(times, cursor)
        else:
            lo, hi = bisect.bisect_left(times, cursor), len(times)
        cursor = None
        if hi - lo > room:
            if room == 0:
                token = encode_position(index, times[hi - 1] if descending else times[lo], fingerprint)
                break
            # The page ends inside this query: it shows the points that fit, and the token resumes at the next.
            if descending:
                shown = slice(hi - room, hi)
                token = encode_position(index, times[hi - room - 1], fingerprint)
            else:
                shown = slice(lo, lo + room)
                token = encode_position(index, times[lo + room], fingerprint)
            results.append(result_of(query, times[shown], values[shown], descending, "PartialData"))
            break
        room -= hi - lo
        results.append(result_of(query, times[lo:hi], values[lo:hi], descending, "Complete"))
    answer = {"MetricDataResults": results}
    if token is not None:
        answer["NextToken"] = token
    return answer


def result_of(query, times, values, descending, status):
    if descending:
        times, values = times[::-1], values[::-1]
    # CloudWatch's default label is the metric's name.
    label = query.get("Label") or query["MetricStat"]["Metric"]["MetricName"]
    return {"Id": query["Id"], "Label": label, "Timestamps": times, "Values": values, "StatusCode": status}


def points_of(series, metric_stat, start, end, age):
    """The query's points in [start, end), ascending: (bucket start times, the statistic of each bucket)."""
    period = metric_stat["Period"]
    if series is None or not retained(period, age):
        return [], []
    times, values = series
    lo, hi = bisect.bisect_left(times, start), bisect.bisect_left(times, end)
    stat = metric_stat["Stat"]
    if POINT_SECONDS % period == 0 and start % period == 0:
        # Each seeded point is alone in a bucket that starts at its own time, and every statistic of one sample but
        # SampleCount is that sample.
        return times[lo:hi], [1.0] * (hi - lo) if stat == "SampleCount" else values[lo:hi]
    buckets = {}
    for t, value in zip(times[lo:hi], values[lo:hi]):
        buckets.setdefault(start + (t - start) // period * period, []).append(value)
    aggregate = STATISTICS[stat]
    return list(buckets), [float(aggregate(samples)) for samples in buckets.values()]


def retained(period, age):
    """CloudWatch (MetricStat.Period in the model): a start more than 3 hours ago needs a period of whole minutes,
    more than 15 days ago of 5 minutes, more than 63 days ago of an hour, or no data points are returned."""
    for older_than, step in ((63 * DAY_SECONDS, 3600), (15 * DAY_SECONDS, 300), (3 * 3600, 60)):
        if age > older_than:
            return period % step == 0
    return True


def rounded_start(start, age):
    """CloudWatch rounds StartTime down (GetMetricData's StartTime in the model): to the minute when less than 15 days
    ago, to 5 minutes up to 63 days ago, to the hour beyond."""
    step = 60 if age < 15 * DAY_SECONDS else 300 if age <= 63 * DAY_SECONDS else 3600
    return int(start // step * step)


def series_of(metrics, metric_stat):
    """The seeded series a MetricStat names, or None: only UserConnected by WorkspaceId alone holds points."""
    metric = metric_stat["Metric"]
    dimensions = metric.get("Dimensions") or []
    if metric.get("MetricName") != METRIC_NAME or metric_stat.get("Unit") not in (None, UNIT) or len(dimensions) != 1:
        return None
    (dimension,) = dimensions
    return metrics.get(dimension.get("Value")) if dimension.get("Name") == DIMENSION else None


def namespace_of(query):
    return ((query.get("MetricStat") or {}).get("Metric") or {}).get("Namespace")


def session_series(start, minutes, gaps, sessions, idle_zero, days):
    """(Series, connected points) of ``sessions`` sessions of ``minutes`` from ``start``, session k+1 starting
    ``gaps[k]`` minutes (the last gap repeated) after session k ends, repeated on ``days`` days."""
    gaps = list(gaps)
    if start % POINT_SECONDS:
        raise ValueError(
            "start must be on the 5-minute grid CloudWatch keeps WorkSpaces' points on (e.g. 09:00, 09:05)"
        )
    if minutes <= 0 or minutes % 5 or any(gap < 0 or gap % 5 for gap in gaps):
        raise ValueError("minutes must be a positive multiple of 5, and each gap a multiple of 5 that is not negative")
    if sessions < 1 or days < 1:
        raise ValueError("sessions and days must be at least 1")
    if sessions > 1 and not gaps:
        raise ValueError("several sessions need gaps")
    offsets, values = [], []
    at = 0
    for number in range(sessions):
        offsets.extend(range(at, at + minutes * 60, POINT_SECONDS))
        values.extend([1.0] * (minutes // 5))
        at += minutes * 60
        if number < sessions - 1:
            gap = gaps[min(number, len(gaps) - 1)] * 60
            if idle_zero:
                # The WorkSpace runs with nobody connected: CloudWatch has 0 points, not none.
                offsets.extend(range(at, at + gap, POINT_SECONDS))
                values.extend([0.0] * (gap // POINT_SECONDS))
            at += gap
    if days > 1 and at > DAY_SECONDS:
        raise ValueError("the sessions of one day must end within 24 hours to repeat them on several days")
    start = int(start)
    times = [start + day * DAY_SECONDS + offset for day in range(days) for offset in offsets]
    return Series(times, values * days), sessions * (minutes // 5) * days


def merged(old, new):
    """``new``'s points over ``old``'s: a time holds one point, the one written last."""
    if old is None:
        return new
    points = dict(zip(old.times, old.values))
    points.update(zip(new.times, new.values))
    times = sorted(points)
    return Series(times, [points[t] for t in times])


def seed_start(start):
    """A seeding's start: a timezone-aware datetime, or ISO 8601 with an offset; a local time would be a guess."""
    moment = datetime.datetime.fromisoformat(start.replace("Z", "+00:00")) if isinstance(start, str) else start
    if not isinstance(moment, datetime.datetime) or moment.utcoffset() is None:
        raise ValueError(f"start must be a timezone-aware datetime or ISO 8601 with an offset, not {start!r}")
    return epoch_of(moment)


def epoch_of(moment):
    """Epoch seconds of an aware datetime, or of a naive one moto parsed (in UTC)."""
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def fingerprint_of(params, region):
    """What a token is bound to: the call's every parameter but the token, and the region."""
    request = {key: value for key, value in loggable(params).items() if key != "NextToken"}
    return hashlib.sha256(json.dumps([region, request], sort_keys=True).encode()).hexdigest()[:16]


def encode_position(index, cursor, fingerprint):
    return base64.urlsafe_b64encode(json.dumps([index, cursor, fingerprint]).encode()).decode()


def position_in(token, fingerprint, query_count):
    """(index of the query to resume, bucket time to resume it at or None) of a token of this very call."""
    if token is None:
        return 0, None
    try:
        index, cursor, bound_to = json.loads(base64.urlsafe_b64decode(token.encode()))
        if bound_to != fingerprint or not 0 <= index < query_count or not isinstance(cursor, (int, float)):
            raise ValueError("a token of another call, region or position")
    except (ValueError, TypeError, binascii.Error) as error:
        raise CloudWatchError("InvalidNextToken", BAD_TOKEN) from error
    return index, cursor


def loggable(value):
    """moto's parsed parameters as JSON can carry them: datetimes (naive, in UTC) as ISO 8601 with offset."""
    if isinstance(value, dict):
        return {key: loggable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [loggable(item) for item in value]
    if isinstance(value, datetime.datetime):
        aware = value if value.utcoffset() is not None else value.replace(tzinfo=datetime.timezone.utc)
        return aware.astimezone(datetime.timezone.utc).isoformat()
    return value


def serialized_error(response, error):
    """The error as moto's handler answers a ServiceException, without moto's warning for codes its CloudWatch model
    lacks (CloudWatch's Throttling is one)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Exception\(\w+\) with code", category=UserWarning)
        status, headers, body = response.serialized(ActionResult(error))
    headers["status"] = status
    return body, headers


class MetricDataAnswer(ActionResult):
    """A page of points. For awsJson, the body is written here: moto's serialiser spends about 0.3 s on a full page of
    100,800 points, value by value, where json.dumps of epoch seconds takes a few milliseconds and says the same."""

    def execute_result(self, context):
        if context.serializer_class is JSONSerializer:
            return 200, {"Content-Type": "application/x-amz-json-1.0"}, json.dumps(self.result)
        return super().execute_result(context)


def install():
    """Hook moto's CloudWatchResponse.get_metric_data once per process; calls that did not come through a sandbox's
    middleware (moto used on its own elsewhere in the process) get moto's answer as before."""
    moto_get_metric_data = CloudWatchResponse.get_metric_data
    if getattr(moto_get_metric_data, "sandbox_hook", False):
        return

    def get_metric_data(response):
        call = response.normalized_request.environ.get(ENVIRON_KEY)
        if call is None:
            return moto_get_metric_data(response)
        return call.fidelity.answer_metric_data(response, call, moto_get_metric_data)

    get_metric_data.sandbox_hook = True
    CloudWatchResponse.get_metric_data = get_metric_data


install()

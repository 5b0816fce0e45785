# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The workspaces_usage row of make bench: the billable hours of a directory of 1000 WorkSpaces over 10 days of
sessions, side by side with the one-query-per-WorkSpace pattern of AWS's Cost Optimizer for WorkSpaces, in one run,
with 150 ms added to every call.

Ours is euc.aws.workspaces_usage on the directory through ansible-playbook: the directory's describes, then one
GetMetricData request per 500 WorkSpaces, each read page by page. The baseline is bench/per_workspace_usage_baseline.py:
the same describes, then one GetMetricData per WorkSpace, one after the other, through boto3. Both turn points into
hours with the collection's pure rule, so what the row compares is the calls; it also checks that both give every
WorkSpace the same hours.

`measure_usage(sandbox, run_task, calls_by_operation, latency)` returns the row, `report_lines(row)` its Markdown.
`python bench/bench.py --only-usage` runs it alone.
"""

import json
import math
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

import botocore.session

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from sandbox.metrics import MOST_DATAPOINTS  # noqa: E402  pylint: disable=wrong-import-position
from sandbox.metrics import MOST_QUERIES  # noqa: E402  pylint: disable=wrong-import-position

HEADING = "## Usage hours from CloudWatch"
SIZE = 1000
DAYS = 10
# Two sessions a working day, 09:00-12:00 and, after a 90-minute lunch, 13:30-17:30.
DAY_STARTS_AFTER = timedelta(hours=9)
SESSION_MINUTES = (180, 240)
GAP_MINUTES = 90
# The timeout decides whether the gap ends a session, so the fleet holds each kind the rule tells apart: AUTO_STOP
# with AWS's 60 minutes, AUTO_STOP with 120 (longer than the gap: one session a day), and ALWAYS_ON (the module's
# auto_stop_timeout_minutes, 60 by default).
LONG_TIMEOUT_MINUTES = 120
DEFAULT_TIMEOUT_MINUTES = 60
SHARE_LONG_TIMEOUT = 0.25
SHARE_ALWAYS_ON = 0.25
COMPARED = ("auto_stop_timeout_minutes", "connected_hours", "sessions", "billable_hours")


def describe_page_size():
    """DescribeWorkspaces' largest page, from botocore's model: the listing's fewest calls are one per that many."""
    model = botocore.session.get_session().get_service_model("workspaces")
    return model.operation_model("DescribeWorkspaces").input_shape.members["Limit"].metadata["max"]


def the_period():
    """The last DAYS whole UTC days before today: CloudWatch keeps 5-minute points for 63 days back from now."""
    end = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return end - timedelta(days=DAYS), end


def seed(sandbox, start):
    """The directory and its fleet with their sessions, written straight into the sandbox (no calls, no latency)."""
    directory_id = sandbox.seed_directory()
    workspace_ids = sandbox.seed_fleet(directory_id, SIZE)
    long_timeout = workspace_ids[: round(SIZE * SHARE_LONG_TIMEOUT)]
    always_on = workspace_ids[len(long_timeout): len(long_timeout) + round(SIZE * SHARE_ALWAYS_ON)]
    for workspace_id in long_timeout:
        sandbox.set_properties(workspace_id, {"RunningModeAutoStopTimeoutInMinutes": LONG_TIMEOUT_MINUTES})
    for workspace_id in always_on:
        sandbox.set_running_mode(workspace_id, "ALWAYS_ON")
    # seed_sessions takes one session length; the second session is seeded on its own, after the first and the gap.
    first, second = SESSION_MINUTES
    sandbox.seed_fleet_sessions(workspace_ids, start + DAY_STARTS_AFTER, first, days=DAYS)
    sandbox.seed_fleet_sessions(workspace_ids, start + DAY_STARTS_AFTER + timedelta(minutes=first + GAP_MINUTES), second, days=DAYS)
    return directory_id, workspace_ids


def points_in(sandbox, workspace_id, start, end):
    return sum(1 for timestamp, _value in sandbox.metric_points(workspace_id) if start <= timestamp < end)


def fewest_metric_pages(sandbox, workspace_ids, start, end):
    """The fewest GetMetricData calls for the fleet: ceil(N/500) requests, each as many pages as its points need.

    Every WorkSpace holds the same points, so how the requests split the fleet does not change the count.
    """
    per_workspace = {points_in(sandbox, workspace_id, start, end) for workspace_id in workspace_ids}
    if len(per_workspace) != 1:
        raise SystemExit(f"bench: the WorkSpaces were seeded with different points: {sorted(per_workspace)}")
    (points,) = per_workspace
    batches = [len(workspace_ids[first:first + MOST_QUERIES]) for first in range(0, len(workspace_ids), MOST_QUERIES)]
    return sum(max(1, math.ceil(size * points / MOST_DATAPOINTS)) for size in batches), points


def metric_requests(sandbox):
    """Ours' GetMetricData calls as requests, from the call log: a request's pages repeat its queries.

    Requests run side by side on the pool, so their pages interleave in the log.
    """
    requests = {}
    for call in sandbox.calls("GetMetricData"):
        queries = tuple(query["Id"] for query in call["params"]["MetricDataQueries"])
        requests.setdefault(queries, {"queries": len(queries), "pages": 0})["pages"] += 1
    return list(requests.values())


def run_baseline(sandbox, directory_id, start, end):
    """The baseline's wall time, start-up included, and its usage entries by WorkSpace ID."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "baseline-usage.json"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(REPO_ROOT / "bench" / "per_workspace_usage_baseline.py"), sandbox.endpoint_url, sandbox.region,
             directory_id, start.isoformat(), end.isoformat(), str(DEFAULT_TIMEOUT_MINUTES), str(output)],
            env=sandbox.ansible_env(PYTHONPATH=str(REPO_ROOT / ".build")), capture_output=True, text=True, check=True,
        )
        seconds = time.perf_counter() - started
        return seconds, json.loads(output.read_text())


def by_id(entries):
    return {entry["workspace_id"]: {key: entry[key] for key in COMPARED} for entry in entries}


def measure_usage(sandbox, run_task, calls_by_operation, latency):
    """Both patterns on the same fleet, ``latency`` seconds added to every call; the sandbox is left with no latency."""
    start, end = the_period()
    sandbox.reset()
    sandbox.set_latency(0)
    directory_id, workspace_ids = seed(sandbox, start)
    fewest_pages, points_per_workspace = fewest_metric_pages(sandbox, workspace_ids, start, end)
    minimum = {"DescribeWorkspaces": math.ceil(SIZE / describe_page_size()), "GetMetricData": fewest_pages}
    try:
        sandbox.reset_calls()
        sandbox.set_latency(latency)
        ours_seconds, result = run_task(
            sandbox, "euc.aws.workspaces_usage",
            {"directory_id": directory_id, "start_time": start.isoformat(), "end_time": end.isoformat(),
             "auto_stop_timeout_minutes": DEFAULT_TIMEOUT_MINUTES},
        )
        sandbox.set_latency(0)
        ours_calls, requests = calls_by_operation(sandbox), metric_requests(sandbox)
        sandbox.reset_calls()
        sandbox.set_latency(latency)
        baseline_seconds, baseline_usage = run_baseline(sandbox, directory_id, start, end)
        sandbox.set_latency(0)
        baseline_calls = calls_by_operation(sandbox)
    finally:
        sandbox.set_latency(0)
    ours, baseline = by_id(result["usage"]), by_id(baseline_usage)
    if sorted(ours) != sorted(workspace_ids) or sorted(baseline) != sorted(workspace_ids):
        raise SystemExit("bench: a pattern did not measure every WorkSpace of the directory")
    differing = sorted(workspace_id for workspace_id in workspace_ids if ours[workspace_id] != baseline[workspace_id])
    return {
        "n": SIZE, "days": DAYS, "start_time": start.isoformat(), "end_time": end.isoformat(), "latency_seconds": latency,
        "points": points_per_workspace * SIZE, "points_per_workspace": points_per_workspace,
        "ours": {"seconds": ours_seconds, "calls": ours_calls, "metric_requests": requests},
        "baseline": {"seconds": baseline_seconds, "calls": baseline_calls},
        "minimum_calls": minimum, "calls_are_minimum": ours_calls == minimum,
        "same_usage": not differing, "differing": differing[:10],
        "billable_hours": {str(hours): count for hours, count in sorted(Counter(u["billable_hours"] for u in ours.values()).items())},
        "timeouts": {str(minutes): count for minutes, count in sorted(Counter(u["auto_stop_timeout_minutes"] for u in ours.values()).items())},
    }


def calls_text(calls):
    return ", ".join(f"{operation} {count}" for operation, count in sorted(calls.items()))


def pairs(items):
    return ", ".join(f"{key}: {value}" for key, value in items)


def yes_or_no(flag):
    return "yes" if flag else "NO"


def report_lines(row):
    """Markdown lines for the results file; a row measured apart from the full run says when and how."""
    ours, baseline = row["ours"], row["baseline"]
    first, second = SESSION_MINUTES
    requests = ours["metric_requests"]
    lines = [
        f"{HEADING} (workspaces_usage, N = {row['n']}, {row['days']} days of sessions, "
        f"{row['latency_seconds'] * 1000:.0f} ms added to every call)",
        "",
    ]
    if "measured_at" in row:
        lines += [f"Measured in its own run, {row['measured_at']}, with `{row['command']}`; the tables above come from the run "
                  "named at the top.", ""]
    lines += [
        f"One directory, {row['start_time']} to {row['end_time']}: every WorkSpace has two sessions a day ({first} and {second} "
        f"minutes, {GAP_MINUTES} minutes apart), {row['points_per_workspace']} UserConnected points each, {row['points']} in all. "
        "Ours: `euc.aws.workspaces_usage` with `directory_id`, through `ansible-playbook`. The baseline: the Cost "
        "Optimizer's pattern, the same listing, then one GetMetricData per WorkSpace with its one query, one after the "
        "other, through boto3. Both apply the collection's billable-hours rule to what they read.",
        "",
        "| run | wall time (s) | ratio to baseline | API calls | minimum |",
        "| --- | ---: | ---: | --- | --- |",
        f"| workspaces_usage | {ours['seconds']:.1f} | {ours['seconds'] / baseline['seconds']:.3f} | {calls_text(ours['calls'])} "
        f"| {calls_text(row['minimum_calls'])} |",
        f"| one GetMetricData per WorkSpace (baseline) | {baseline['seconds']:.1f} | 1.000 | {calls_text(baseline['calls'])} | |",
        "",
        f"- Ours made the minimum calls: {yes_or_no(row['calls_are_minimum'])}. Its GetMetricData requests (queries: pages): "
        f"{pairs((request['queries'], request['pages']) for request in requests)}; a page holds at most {MOST_DATAPOINTS} points.",
        f"- The same timeout, connected hours, sessions and billable hours for every WorkSpace in both: "
        f"{yes_or_no(row['same_usage'])}" + (f" (differing, first ten: {', '.join(row['differing'])})" if row["differing"] else "")
        + f". Billable hours (hours: WorkSpaces): {pairs(row['billable_hours'].items())}; "
        f"timeouts (minutes: WorkSpaces): {pairs(row['timeouts'].items())}.",
        "- Both wall times include start-up (`ansible-playbook` for ours, a Python process with boto3 for the baseline) "
        "and botocore's parsing of every point on the client's side, which is the same work for both patterns.",
    ]
    return lines

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Faults and bad input through the real ansible CLI: each gives a clear error, loses nothing, misreports nothing.

Retries that must run out (AWSRetry's ten jittered attempts) are shown with botocore's Stubber in
tests/unit, where they take no time; here each fault is one the module must get through or report.
"""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

NO_BOTOCORE_RETRIES = {"AWS_MAX_ATTEMPTS": "1"}
# The faults below end the same one call at a time and four at once.
CONCURRENCY = pytest.mark.parametrize("max_concurrency", [1, 4])
# Stops the sandbox (pid argv[2]) 3 s after it logged the module's TerminateWorkspaces: the module, whose first look comes
# 2 s after its call, is waiting then. Not a fixed time after the run starts: ansible's start takes longer on a busy machine.
STOP_WHILE_WAITING = """
import json, os, signal, sys, time, urllib.request
endpoint, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    with urllib.request.urlopen(endpoint + "/_sandbox/calls?operation=TerminateWorkspaces", timeout=10) as answer:
        if json.loads(answer.read())["calls"]:
            break
    time.sleep(0.2)
time.sleep(3)
os.kill(pid, signal.SIGTERM)
"""


def args_for(ws, workspace_ids, **extra):
    return {"workspace_ids": workspace_ids, "endpoint_url": ws.endpoint_url, **extra}


@CONCURRENCY
def test_throttling_several_times_in_a_row_then_success(ws, adhoc, max_concurrency):
    workspace_ids = ws.seed_workspaces(ws.seed_directory(), count=30)
    ws.reset_calls()
    ws.throttle(3, operation="TerminateWorkspaces", after=1)
    run = adhoc(args_for(ws, workspace_ids, max_concurrency=max_concurrency), env=NO_BOTOCORE_RETRIES)
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == workspace_ids
    terminates = ws.calls("TerminateWorkspaces")
    assert [call["status"] for call in terminates] == [200, 400, 400, 400, 200]


@CONCURRENCY
def test_server_error_on_describe_is_retried(ws, adhoc, max_concurrency):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    ws.server_error(2, operation="DescribeWorkspaces")
    run = adhoc(args_for(ws, [alice], max_concurrency=max_concurrency), env=NO_BOTOCORE_RETRIES)
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == [alice]


def test_connection_refused_on_describe_terminates_nothing(ws, adhoc):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    run = adhoc({"workspace_ids": ["ws-abc12345d"], "endpoint_url": f"http://127.0.0.1:{closed_port}"}, env=NO_BOTOCORE_RETRIES)
    assert run.returncode != 0
    assert run.result["msg"].startswith("Failed to describe workspaces")
    assert "Could not connect to the endpoint URL" in run.result["msg"]
    assert run.result["changed"] is False and run.result["terminated"] == []


@CONCURRENCY
def test_server_error_on_second_of_three_terminate_batches_is_retried_without_loss(ws, adhoc, max_concurrency):
    workspace_ids = ws.seed_workspaces(ws.seed_directory(), count=60)
    ws.reset_calls()
    ws.server_error(1, operation="TerminateWorkspaces", after=1)
    run = adhoc(args_for(ws, workspace_ids, max_concurrency=max_concurrency), env=NO_BOTOCORE_RETRIES)
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == workspace_ids
    statuses = [call["status"] for call in ws.calls("TerminateWorkspaces")]
    # The second call to arrive fails once; its retry and the third batch may then arrive in either order.
    assert statuses[:2] == [200, 500] and sorted(statuses[2:]) == [200, 200]


@CONCURRENCY
def test_failed_requests_in_a_middle_batch(ws, adhoc, max_concurrency):
    workspace_ids = ws.seed_workspaces(ws.seed_directory(), count=60)
    refused = [workspace_ids[30], workspace_ids[40]]
    ws.fail_requests({i: ("InvalidResourceStateException", "The WorkSpace is rebuilding.") for i in refused})
    run = adhoc(args_for(ws, workspace_ids, max_concurrency=max_concurrency))
    assert run.returncode != 0
    assert run.result["changed"] is True
    assert run.result["terminated"] == [i for i in workspace_ids if i not in refused]
    assert [entry["workspace_id"] for entry in run.result["failed_requests"]] == refused
    assert run.result["msg"] == (
        "Failed to terminate 2 WorkSpace(s): "
        + "; ".join(f"{i} (InvalidResourceStateException: The WorkSpace is rebuilding.)" for i in refused)
    )
    assert len(ws.calls("TerminateWorkspaces")) == 3
    assert [ws.state_of(i) for i in refused] == ["AVAILABLE", "AVAILABLE"]


def test_sandbox_stopping_while_waiting_still_reports_what_terminated(tmp_path, adhoc):
    tests_dir = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--seed-users", "alice", "--terminating-seconds", "600"],
        cwd=tests_dir, stdout=subprocess.PIPE, text=True,
    )
    try:
        started = json.loads(process.stdout.readline())
        (alice,) = started["workspace_ids"]
        run_started = time.monotonic()
        stopper = subprocess.Popen([sys.executable, "-c", STOP_WHILE_WAITING, started["endpoint_url"], str(process.pid)])
        run = adhoc(
            {"workspace_ids": [alice], "wait": True, "wait_timeout": 120, "endpoint_url": started["endpoint_url"]},
            env=NO_BOTOCORE_RETRIES,
        )
        stopper.wait(timeout=30)
    finally:
        process.kill()
        process.communicate()
    assert time.monotonic() - run_started < 120
    assert run.returncode != 0
    assert run.result["terminated"] == [alice]
    assert run.result["changed"] is True
    assert run.result["msg"].startswith(f"Terminated {alice}, then waiting for them to disappear failed")


BAD_INPUTS = {
    "not a list": ({"workspace_ids": 5}, "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): '5'"),
    "a dict": ({"workspace_ids": {"id": "ws-abc12345d"}}, "workspace_ids"),
    "upper case": ({"workspace_ids": ["WS-ABC12345D"]}, "'WS-ABC12345D'"),
    "spaces": ({"workspace_ids": ["ws-abc 12345", " ws-abc12345d"]}, "'ws-abc 12345', ' ws-abc12345d'"),
    "unknown option": ({"workspace_ids": ["ws-abc12345d"], "force": True}, "Unsupported parameters"),
    "bad wait_timeout": ({"workspace_ids": ["ws-abc12345d"], "wait_timeout": -5}, "wait_timeout must be 0 or more"),
    "no concurrency": ({"workspace_ids": ["ws-abc12345d"], "max_concurrency": 0}, "max_concurrency must be 1 or more, got 0"),
}


@pytest.mark.parametrize("bad_args, expected", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_a_clear_error_and_calls_nothing(ws, adhoc, bad_args, expected):
    ws.reset_calls()
    run = adhoc(dict(bad_args, endpoint_url=ws.endpoint_url))
    assert run.returncode != 0
    assert expected in run.result["msg"]
    assert ws.calls() == []


def test_missing_region_is_a_clear_error(ws, adhoc):
    ws.reset_calls()
    run = adhoc(args_for(ws, ["ws-abc12345d"]), env={"AWS_REGION": None})
    assert run.returncode != 0
    assert "requires a region and none was found" in run.result["msg"]
    assert ws.calls() == []


def test_missing_credentials_is_a_clear_error(ws, adhoc):
    ws.reset_calls()
    run = adhoc(args_for(ws, ["ws-abc12345d"]), env={"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None})
    assert run.returncode != 0
    assert "Unable to locate credentials" in run.result["msg"]
    assert ws.calls() == []

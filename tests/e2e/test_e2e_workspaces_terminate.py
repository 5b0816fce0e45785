# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_terminate through the real ansible and ansible-playbook CLIs, over HTTP, against the sandbox."""

import math
import time

import pytest

from e2e_support import play
from e2e_support import playbook_text

PLAYBOOK = playbook_text(
    play(
        "Retire WorkSpaces",
        """
        - name: Terminate
          euc.aws.workspaces_terminate:
            workspace_ids: "{{ workspace_ids }}"
            wait: "{{ wait | default(false) }}"
            wait_timeout: "{{ wait_timeout | default(1200) }}"
        """,
    )
)


def seeded(ws, users):
    return ws.seed_workspaces(ws.seed_directory(), users)


def mutating_calls(ws):
    return ws.calls("TerminateWorkspaces")


def test_adhoc_with_json_args_terminates_then_is_ok(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    args = {"workspace_ids": [alice, "ws-0000000000"], "endpoint_url": ws.endpoint_url}

    first = adhoc(args)
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED"
    assert first.result["terminated"] == [alice]
    assert first.result["already_absent"] == ["ws-0000000000"]
    assert first.result["workspaces"][0]["user_name"] == "alice"
    assert ws.state_of(alice) in ("TERMINATING", "TERMINATED")
    assert ws.state_of(bob) == "AVAILABLE"

    second = adhoc(args)
    assert second.returncode == 0, second.output
    assert second.status == "SUCCESS"
    assert second.result["changed"] is False
    assert second.result["already_terminating"] == [alice]
    assert len(mutating_calls(ws)) == 1


@pytest.mark.matrix
def test_adhoc_with_key_value_args(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    run = adhoc(f"workspace_ids={alice},{bob} endpoint_url={ws.endpoint_url}")
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == [alice, bob]
    assert [call["params"] for call in mutating_calls(ws)] == [
        {"TerminateWorkspaceRequests": [{"WorkspaceId": alice}, {"WorkspaceId": bob}]}
    ]


@pytest.mark.matrix
def test_playbook_with_module_defaults_changed_then_ok(ws, playbook):
    workspace_ids = seeded(ws, ["alice", "bob", "carol"])
    extra_vars = {"endpoint_url": ws.endpoint_url, "workspace_ids": workspace_ids[:2]}

    first = playbook(PLAYBOOK, extra_vars=extra_vars)
    assert first.returncode == 0, first.output
    assert first.stats["changed"] == 1
    assert first.task("Terminate")["terminated"] == workspace_ids[:2]

    second = playbook(PLAYBOOK, extra_vars=extra_vars)
    assert second.returncode == 0, second.output
    assert second.stats["changed"] == 0
    assert second.task("Terminate")["already_terminating"] == workspace_ids[:2]
    assert ws.state_of(workspace_ids[2]) == "AVAILABLE"


@pytest.mark.matrix
def test_check_mode_and_diff_change_nothing(ws, playbook):
    workspace_ids = seeded(ws, ["alice", "bob"])
    run = playbook(PLAYBOOK, "--check", "--diff", extra_vars={"endpoint_url": ws.endpoint_url, "workspace_ids": workspace_ids})
    assert run.returncode == 0, run.output
    task = run.task("Terminate")
    assert task["changed"] is True
    assert task["terminated"] == workspace_ids
    assert task["diff"] == {"before": {"workspace_ids": workspace_ids}, "after": {"workspace_ids": []}}
    assert mutating_calls(ws) == []
    assert [ws.state_of(i) for i in workspace_ids] == ["AVAILABLE", "AVAILABLE"]


def test_more_than_25_ids_take_the_minimum_number_of_calls(ws, adhoc):
    existing = ws.seed_workspaces(ws.seed_directory(), count=40)
    absent = [f"ws-{n:010d}" for n in range(20)]
    requested = existing + absent
    ws.reset_calls()
    run = adhoc({"workspace_ids": requested, "endpoint_url": ws.endpoint_url})
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == existing
    assert run.result["already_absent"] == absent
    describes = ws.calls("DescribeWorkspaces")
    terminates = ws.calls("TerminateWorkspaces")
    assert len(describes) == math.ceil(len(requested) / 25)
    assert len(terminates) == math.ceil(len(existing) / 25)
    assert sorted(len(call["params"]["TerminateWorkspaceRequests"]) for call in terminates) == [15, 25]
    assert all(ws.state_of(i) in ("TERMINATING", "TERMINATED") for i in existing)


def test_suspended_refuses_the_whole_run(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_state(bob, "SUSPENDED")
    run = adhoc({"workspace_ids": [alice, bob], "endpoint_url": ws.endpoint_url})
    assert run.returncode != 0
    assert run.status == "FAILED!"
    assert bob in run.result["msg"] and "SUSPENDED" in run.result["msg"]
    assert run.result["terminated"] == []
    assert mutating_calls(ws) == []
    assert ws.state_of(alice) == "AVAILABLE"


@pytest.mark.matrix
def test_failed_requests_fail_the_task_and_report_what_terminated(ws, adhoc):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"])
    ws.fail_requests({bob: ("InvalidResourceStateException", "The WorkSpace is being restored.")})
    run = adhoc({"workspace_ids": [alice, bob, carol], "endpoint_url": ws.endpoint_url})
    assert run.returncode != 0
    assert run.result["changed"] is True
    assert run.result["terminated"] == [alice, carol]
    assert f"{bob} (InvalidResourceStateException: The WorkSpace is being restored.)" in run.result["msg"]
    assert run.result["failed_requests"] == [
        {"workspace_id": bob, "error_code": "InvalidResourceStateException", "error_message": "The WorkSpace is being restored."}
    ]
    assert ws.state_of(bob) == "AVAILABLE"


def test_malformed_ids_fail_before_any_call(ws, adhoc):
    ws.reset_calls()
    run = adhoc({"workspace_ids": ["WS-ABC12345D", "ws-abc 12345", "ws-abc12345d"], "endpoint_url": ws.endpoint_url})
    assert run.returncode != 0
    assert "'WS-ABC12345D', 'ws-abc 12345'" in run.result["msg"]
    assert ws.calls() == []


def test_wait_returns_only_once_describe_no_longer_returns_them(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_lifecycle(terminating_seconds=1.0, terminated_seconds=0.5)
    started = time.monotonic()
    run = adhoc({"workspace_ids": [alice], "wait": True, "wait_timeout": 60, "endpoint_url": ws.endpoint_url})
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == [alice]
    assert time.monotonic() - started >= 1.5  # the sandbox keeps it TERMINATING then TERMINATED that long
    assert ws.state_of(alice) is None
    assert ws.state_of(bob) == "AVAILABLE"
    polls = ws.calls("DescribeWorkspaces")[1:]
    assert polls and all(call["params"]["WorkspaceIds"] == [alice] for call in polls)


def test_wait_timeout_fails_honestly(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    run = adhoc({"workspace_ids": [alice], "wait": True, "wait_timeout": 3, "endpoint_url": ws.endpoint_url})
    assert run.returncode != 0
    assert run.result["terminated"] == [alice]
    assert run.result["changed"] is True
    assert run.result["msg"] == f"Timed out after 3s waiting for WorkSpaces to disappear; still present: {alice}"
    assert ws.state_of(alice) == "TERMINATING"


def test_throttling_is_survived(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    ws.reset_calls()
    ws.throttle(3)
    # botocore's own retries are switched off so that the module's retry of ThrottlingException is what is shown.
    run = adhoc({"workspace_ids": [alice], "endpoint_url": ws.endpoint_url}, env={"AWS_MAX_ATTEMPTS": "1"})
    assert run.returncode == 0, run.output
    assert run.result["terminated"] == [alice]
    assert [call["status"] for call in ws.calls()][:3] == [400, 400, 400]


def test_secret_key_is_never_printed(ws, adhoc, credentials):
    access_key, secret_key = credentials
    (alice,) = seeded(ws, ["alice"])
    ws.fail_requests({alice: ("InternalError", "boom")})
    run = adhoc(
        {"workspace_ids": [alice], "endpoint_url": ws.endpoint_url, "access_key": access_key, "secret_key": secret_key},
        "-vvv",
    )
    assert run.returncode != 0
    assert alice in run.output
    assert secret_key not in run.output


def test_four_calls_at_once_make_the_same_calls_and_results_as_one_at_a_time(ws, adhoc):
    directory_id = ws.seed_directory()
    fleets = {workers: ws.seed_workspaces(directory_id, [f"user{workers}x{n:03d}" for n in range(80)]) for workers in (1, 4)}
    shapes = {}
    for workers, workspace_ids in fleets.items():
        requested = workspace_ids + [f"ws-{workers}{n:09d}" for n in range(20)]
        ws.reset_calls()
        run = adhoc({"workspace_ids": requested, "endpoint_url": ws.endpoint_url, "max_concurrency": workers})
        assert run.returncode == 0, run.output
        assert run.result["terminated"] == workspace_ids  # request order, whatever order the calls finished in
        assert run.result["already_absent"] == requested[80:]
        shapes[workers] = {
            operation: sorted(len(next(iter(call["params"].values()))) for call in ws.calls(operation))
            for operation in ("DescribeWorkspaces", "TerminateWorkspaces")
        }
    assert shapes[1] == shapes[4] == {"DescribeWorkspaces": [25, 25, 25, 25], "TerminateWorkspaces": [5, 25, 25, 25]}

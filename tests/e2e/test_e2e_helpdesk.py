# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The helpdesk's day: start, stop, reboot and rebuild through the real ansible and ansible-playbook, against the sandbox."""

import math

import pytest

from e2e_support import REPO_ROOT
from e2e_support import play
from e2e_support import playbook_text

# Long enough that the first poll of a wait (after 2 s) sees the WorkSpace in transition, short enough for a test.
TRANSITION_SECONDS = 3

# verb -> (state it acts on, state meaning already there, done key, already key, state after the wait, action call)
ROWS = {
    "start": ("STOPPED", "STARTING", "started", "already_started", "AVAILABLE", "StartWorkspaces"),
    "stop": ("AVAILABLE", "STOPPED", "stopped", "already_stopped", "STOPPED", "StopWorkspaces"),
    "reboot": ("UNHEALTHY", "REBOOTING", "rebooted", "already_rebooting", "AVAILABLE", "RebootWorkspaces"),
    "rebuild": ("ERROR", "REBUILDING", "rebuilt", "already_rebuilding", "AVAILABLE", "RebuildWorkspaces"),
}

HELPDESK_PLAYBOOK = playbook_text(
    play(
        "Helpdesk",
        """
        - name: Stop
          euc.aws.workspaces_stop:
            workspace_ids: "{{ stop_ids }}"
            wait: true
        - name: Start
          euc.aws.workspaces_start:
            workspace_ids: "{{ start_ids }}"
            wait: true
        - name: Reboot
          euc.aws.workspaces_reboot:
            workspace_ids: "{{ reboot_ids }}"
            wait: true
        - name: Rebuild
          euc.aws.workspaces_rebuild:
            workspace_ids: "{{ rebuild_ids }}"
            wait: true
        """,
    )
)


@pytest.fixture(name="helpdesk", autouse=True)
def fixture_helpdesk(ws):
    ws.set_transition_seconds(
        starting=TRANSITION_SECONDS, stopping=TRANSITION_SECONDS, rebooting=TRANSITION_SECONDS, rebuilding=TRANSITION_SECONDS
    )
    return ws


def seeded(ws, users, **settings):
    return ws.seed_workspaces(ws.seed_directory(), users, **settings)


def run_verb(adhoc, ws, verb, args, *extra_cli):
    return adhoc(dict(args, endpoint_url=ws.endpoint_url), *extra_cli, module=f"euc.aws.workspaces_{verb}")


@pytest.mark.matrix
@pytest.mark.parametrize("verb", ROWS)
def test_each_verb_acts_then_is_ok(ws, adhoc, verb):
    acts_on, already, done_key, already_key, _after, operation = ROWS[verb]
    # The second run must find the first run's transition still under way (REBOOTING, not AVAILABLE again) however
    # slowly a loaded machine starts ansible; nothing here waits for it to end.
    ws.set_transition_seconds(starting=120, stopping=120, rebooting=120, rebuilding=120)
    target, busy = seeded(ws, ["alice", "bob"])
    ws.set_state(target, acts_on)
    ws.set_state(busy, already)
    ws.reset_calls()

    first = run_verb(adhoc, ws, verb, {"workspace_ids": [target, busy]})
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED"
    assert first.result[done_key] == [target] and first.result[already_key] == [busy]
    assert [call["params"] for call in ws.calls(operation)] == [{f"{operation[:-len('Workspaces')]}WorkspaceRequests": [{"WorkspaceId": target}]}]
    assert ws.state_of(target) != acts_on

    second = run_verb(adhoc, ws, verb, {"workspace_ids": [target]})
    assert second.returncode == 0, second.output
    assert second.status == "SUCCESS" and second.result["changed"] is False
    assert second.result[already_key] == [target]
    assert len(ws.calls(operation)) == 1


def test_the_playbook_waits_for_each_target_state(ws, playbook):
    stop_me, start_me, reboot_me, rebuild_me = seeded(ws, ["alice", "bob", "carol", "dave"])
    ws.set_state(start_me, "STOPPED")
    ws.set_state(rebuild_me, "ERROR")
    run = playbook(
        HELPDESK_PLAYBOOK,
        extra_vars={
            "endpoint_url": ws.endpoint_url,
            "stop_ids": [stop_me],
            "start_ids": [start_me],
            "reboot_ids": [reboot_me],
            "rebuild_ids": [rebuild_me],
        },
    )
    assert run.returncode == 0, run.output
    assert run.stats["changed"] == 4
    assert run.task("Stop")["stopped"] == [stop_me]
    assert run.task("Rebuild")["rebuilt"] == [rebuild_me]
    assert [ws.state_of(i) for i in (stop_me, start_me, reboot_me, rebuild_me)] == ["STOPPED", "AVAILABLE", "AVAILABLE", "AVAILABLE"]


def test_reboot_refuses_a_stopped_workspace_before_any_call(ws, adhoc):
    available, stopped = seeded(ws, ["alice", "bob"])
    ws.set_state(stopped, "STOPPED")
    run = run_verb(adhoc, ws, "reboot", {"workspace_ids": [available, stopped]})
    assert run.returncode != 0
    assert run.result["msg"] == (
        f"Nothing was rebooted: these WorkSpaces cannot be rebooted in their current state: "
        f"{stopped} (STOPPED: start it instead of rebooting it)"
    )
    assert run.result["refused"] == [{"workspace_id": stopped, "state": "STOPPED", "reason": "STOPPED: start it instead of rebooting it"}]
    assert run.result["rebooted"] == [] and run.result["changed"] is False
    assert ws.calls("RebootWorkspaces") == []
    assert ws.state_of(available) == "AVAILABLE"


def test_stop_refuses_always_on_and_start_counts_it_as_started(ws, adhoc):
    (always_on,) = seeded(ws, ["alice"], running_mode="ALWAYS_ON")
    stop = run_verb(adhoc, ws, "stop", {"workspace_ids": [always_on]})
    assert stop.returncode != 0
    assert "change its running mode to AUTO_STOP or MANUAL first" in stop.result["msg"]
    assert ws.calls("StopWorkspaces") == []
    start = run_verb(adhoc, ws, "start", {"workspace_ids": [always_on]})
    assert start.returncode == 0, start.output
    assert start.result["already_started"] == [always_on] and start.result["changed"] is False


def test_ids_that_do_not_exist_fail_before_any_call(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    run = run_verb(adhoc, ws, "reboot", {"workspace_ids": [alice, "ws-0000000000"]})
    assert run.returncode != 0
    assert run.result["not_found"] == ["ws-0000000000"]
    assert ws.calls("RebootWorkspaces") == []


def test_failed_requests_fail_naming_each_and_keep_what_stopped(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.fail_requests({bob: ("InvalidResourceStateException", "The WorkSpace is being updated.")}, operation="StopWorkspaces")
    run = run_verb(adhoc, ws, "stop", {"workspace_ids": [alice, bob]})
    assert run.returncode != 0
    assert run.result["changed"] is True and run.result["stopped"] == [alice]
    assert run.result["msg"] == f"Failed to stop 1 WorkSpace(s): {bob} (InvalidResourceStateException: The WorkSpace is being updated.)"
    assert ws.state_of(bob) == "AVAILABLE" and ws.state_of(alice) in ("STOPPING", "STOPPED")


@pytest.mark.matrix
@pytest.mark.parametrize("verb", ROWS)
def test_check_mode_calls_no_action(ws, playbook, verb):
    acts_on, _already, done_key, _already_key, _after, operation = ROWS[verb]
    (alice,) = seeded(ws, ["alice"])
    ws.set_state(alice, acts_on)
    task = {"workspace_ids": [alice], "endpoint_url": ws.endpoint_url, "region": "us-east-1"}
    text = playbook_text(play("Preview", [{"name": "Act", f"euc.aws.workspaces_{verb}": task}], aws=None))
    run = playbook(text, "--check", "--diff")
    assert run.returncode == 0, run.output
    task = run.task("Act")
    assert task["changed"] is True and task[done_key] == [alice]
    assert task["diff"]["before"] == {"states": {alice: acts_on}}
    assert ws.calls(operation) == []
    assert ws.state_of(alice) == acts_on


def test_wait_fails_naming_a_workspace_that_lands_in_error(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.land_in(bob, "ERROR")
    run = run_verb(adhoc, ws, "reboot", {"workspace_ids": [alice, bob], "wait": True, "wait_timeout": 60})
    assert run.returncode != 0
    assert run.result["rebooted"] == [alice, bob] and run.result["changed"] is True
    assert run.result["wait_failed"] == [{"workspace_id": bob, "state": "ERROR"}]
    assert run.result["msg"] == f"Rebooted {alice}, {bob}, but 1 WorkSpace(s) did not become AVAILABLE: {bob} (ERROR)"
    assert ws.state_of(alice) == "AVAILABLE"


def test_wait_timeout_names_those_not_there_yet(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    ws.set_transition_seconds(stopping=60)
    run = run_verb(adhoc, ws, "stop", {"workspace_ids": [alice], "wait": True, "wait_timeout": 3})
    assert run.returncode != 0
    assert run.result["stopped"] == [alice] and run.result["changed"] is True
    assert run.result["not_ready"] == [{"workspace_id": alice, "state": "STOPPING"}]
    assert "timed out after 3s waiting for WorkSpaces to become STOPPED" in run.result["msg"]


def test_many_cost_the_minimum_calls_and_rebuild_goes_one_a_call(ws, adhoc):
    directory_id = ws.seed_directory()
    workspace_ids = ws.seed_workspaces(directory_id, count=30)
    rebuild_ids = ws.seed_workspaces(directory_id, ["rebuild1", "rebuild2", "rebuild3"], state="ERROR")
    ws.reset_calls()
    reboot = run_verb(adhoc, ws, "reboot", {"workspace_ids": workspace_ids})
    assert reboot.returncode == 0, reboot.output
    assert len(ws.calls("DescribeWorkspaces")) == math.ceil(30 / 25)
    assert sorted(len(call["params"]["RebootWorkspaceRequests"]) for call in ws.calls("RebootWorkspaces")) == [5, 25]
    rebuild = run_verb(adhoc, ws, "rebuild", {"workspace_ids": rebuild_ids})
    assert rebuild.returncode == 0, rebuild.output
    rebuilt_one_a_call = [call["params"]["RebuildWorkspaceRequests"] for call in ws.calls("RebuildWorkspaces")]
    assert sorted(rebuilt_one_a_call, key=str) == sorted(([{"WorkspaceId": i}] for i in rebuild_ids), key=str)


def test_the_helpdesk_example_takes_a_survey_of_comma_separated_ids(ws, playbook):
    alice, bob = seeded(ws, ["alice", "bob"])
    text = (REPO_ROOT / "examples" / "helpdesk.yml").read_text()
    extra = {"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region, "workspace_ids": f"{alice}, {bob}"}
    run = playbook(text, extra_vars=dict(extra, helpdesk_action="reboot"))
    assert run.returncode == 0, run.output
    assert run.task("Reboot the WorkSpaces")["rebooted"] == [alice, bob]
    assert run.task("Stop the WorkSpaces")["skipped"] is True
    assert [ws.state_of(alice), ws.state_of(bob)] == ["AVAILABLE", "AVAILABLE"]
    wrong = playbook(text, extra_vars=dict(extra, helpdesk_action="format"))
    assert wrong.returncode != 0
    assert "helpdesk_action must be start, stop, reboot or rebuild, not format" in wrong.task("Check the action asked for")["msg"]

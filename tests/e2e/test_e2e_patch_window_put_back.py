# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The patch window leaves the fleet as it found it whatever happens to the run: every host failing, every host or
one host unreachable, the run killed after its maintenance call (then put back exactly by the next run), and someone
else's ADMIN_MAINTENANCE left alone throughout."""

import os
import signal
import socket
import time

import pytest

from test_e2e_patch_window import REGIONS
# The fixture `window`, which pytest finds by its name here.
from test_e2e_patch_window import fixture_window  # noqa: F401 pylint: disable=unused-import
from test_e2e_patch_window import ids_of
from test_e2e_patch_window import mutating_calls
from test_e2e_patch_window import named_ids
from test_e2e_patch_window import states

TAG_KEY = "euc.aws:patch-window"
EAST = REGIONS[0]

# Tasks that block until the test kills the run; the WorkSpaces are in ADMIN_MAINTENANCE by then.
HANGING_TASKS = """
- name: Patch for a long time
  ansible.builtin.wait_for:
    path: "{{ record_dir }}/never"
    timeout: 600
"""

# The host's own connection works; one task connects to a closed loopback port on the hosts the test names.
LOSING_TASKS = """
- name: Reach a port nobody listens on
  ansible.builtin.ping:
  vars:
    ansible_connection: ssh
    ansible_host: 127.0.0.1
    ansible_port: "{{ closed_port }}"
  when: inventory_hostname in lost_hosts

- name: Write down that the tasks ran to the end
  ansible.builtin.copy:
    content: done
    dest: "{{ record_dir }}/{{ inventory_hostname }}"
    mode: "0644"
"""


def closed_port():
    """A loopback port with nothing listening: one the kernel just gave out and took back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(name="fleet")
def fixture_fleet(ws):
    """In us-east-1: two STOPPED (AUTO_STOP) and two AVAILABLE WorkSpaces, and one in someone else's maintenance."""
    ws.set_transition_seconds(starting=0.5, stopping=0.5)
    directory = ws.seed_directory(EAST)
    stopped = ws.seed_workspaces(directory, ["stopped1", "stopped2"], state="STOPPED")
    available = ws.seed_workspaces(directory, ["available1", "available2"])
    (elsewhere,) = ws.seed_workspaces(directory, ["elsewhere"], state="ADMIN_MAINTENANCE")
    ws.reset_calls()
    return {"stopped": stopped, "available": available, "elsewhere": elsewhere}


def the_fleet_is_as_found(ws, fleet):
    expected = {workspace_id: "STOPPED" for workspace_id in fleet["stopped"]}
    expected.update({workspace_id: "AVAILABLE" for workspace_id in fleet["available"]})
    expected[fleet["elsewhere"]] = "ADMIN_MAINTENANCE"
    assert states(ws, list(expected)) == expected
    assert [workspace_id for workspace_id in expected if TAG_KEY in ws.tags_of(workspace_id)] == []


def put_in_maintenance_by_the_window(fleet):
    return sorted(fleet["stopped"] + fleet["available"])


def reasons_of(result):
    return {entry["workspace_id"]: entry["reason"] for entry in result["failed"]}


def assert_elsewhere_untouched(ws, fleet):
    assert not [call for call in mutating_calls(ws) if fleet["elsewhere"] in named_ids(call)]
    assert not [call for call in ws.calls() if call["params"].get("ResourceId") == fleet["elsewhere"]
                and call["operation"] in ("CreateTags", "DeleteTags")]


def test_when_every_host_of_a_batch_fails_its_tasks_every_workspace_is_put_back_and_the_play_fails(ws, window, fleet):
    everyone = put_in_maintenance_by_the_window(fleet) + [fleet["elsewhere"]]
    run = window(serial=25, fail_hosts=everyone)
    assert run.returncode != 0, run.output
    assert run.failed_hosts() == sorted(everyone)
    the_fleet_is_as_found(ws, fleet)
    assert reasons_of(run.result) == {workspace_id: "tasks failed" for workspace_id in everyone}
    assert ids_of(run.result["stopped_again"]) == sorted(fleet["stopped"])
    assert_elsewhere_untouched(ws, fleet)


def test_when_no_host_of_a_batch_can_be_reached_every_workspace_is_put_back_and_reported_unreachable(ws, window, fleet):
    port = closed_port()
    unreachable = {"ansible_connection": "ssh", "ansible_host": "127.0.0.1", "ansible_port": port}
    everyone = put_in_maintenance_by_the_window(fleet) + [fleet["elsewhere"]]
    extra = {"all": {"hosts": {host: unreachable for host in everyone}}}
    run = window(serial=25, extra_inventory=extra, role_vars={"workspaces_patch_window_connect_timeout": 3})
    assert run.returncode != 0, run.output
    assert run.seen == {}
    assert run.failed_hosts() == sorted(everyone)
    the_fleet_is_as_found(ws, fleet)
    assert reasons_of(run.result) == {workspace_id: "unreachable" for workspace_id in everyone}
    assert run.result["patched"] == []
    assert any(line.endswith(": unreachable") for line in run.summaries[0])
    assert_elsewhere_untouched(ws, fleet)


def test_a_host_lost_during_its_tasks_is_put_back_by_the_others_and_fails_the_play_as_unreachable(ws, window, fleet):
    lost = fleet["stopped"][0]
    tasks = window.tmp_path / "losing.yml"
    tasks.write_text(LOSING_TASKS)
    run = window(serial=25, tasks=str(tasks), cli_vars={"closed_port": closed_port(), "lost_hosts": [lost]})
    assert run.returncode != 0, run.output
    assert run.report["stats"][lost]["unreachable"] == 1
    assert run.failed_hosts() == [lost]
    assert sorted(run.seen) == sorted(set(put_in_maintenance_by_the_window(fleet) + [fleet["elsewhere"]]) - {lost})
    the_fleet_is_as_found(ws, fleet)
    assert reasons_of(run.result) == {lost: "unreachable"}
    assert ids_of(run.result["stopped_again"]) == sorted(fleet["stopped"])


def kill_after_the_maintenance_call(ws, process, count):
    deadline = time.monotonic() + 300
    while len(ws.calls("ModifyWorkspaceState")) < count:
        assert process.poll() is None, "the run ended before its maintenance calls"
        assert time.monotonic() < deadline, "no maintenance calls in 300 s"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def cut_off(ws, window, fleet, *cli):
    """A run killed with SIGKILL once it has put the window's WorkSpaces in ADMIN_MAINTENANCE."""
    tasks = window.tmp_path / "hanging.yml"
    tasks.write_text(HANGING_TASKS)
    process = window.start(*cli, serial=25, tasks=str(tasks))
    kill_after_the_maintenance_call(ws, process, len(put_in_maintenance_by_the_window(fleet)))
    left = put_in_maintenance_by_the_window(fleet)
    assert set(states(ws, left + [fleet["elsewhere"]]).values()) == {"ADMIN_MAINTENANCE"}
    recorded = {workspace_id: ws.tags_of(workspace_id).get(TAG_KEY) for workspace_id in left}
    assert recorded == {
        **{workspace_id: "STOPPED" for workspace_id in fleet["stopped"]},
        **{workspace_id: "AVAILABLE" for workspace_id in fleet["available"]},
    }
    assert TAG_KEY not in ws.tags_of(fleet["elsewhere"])
    ws.reset_calls()
    return left


@pytest.mark.matrix
def test_a_run_killed_after_its_maintenance_call_is_put_back_exactly_by_the_next_run(ws, window, fleet):
    left = cut_off(ws, window, fleet)
    run = window(serial=25)
    assert run.returncode == 0, run.output
    assert ids_of(run.result["recovered"]) == left
    # Patched, then put back to the state each tag records; nothing started, since nothing was STOPPED any more.
    assert ids_of(run.result["patched"]) == sorted(left + [fleet["elsewhere"]])
    assert run.result["started"] == []
    assert ids_of(run.result["stopped_again"]) == sorted(fleet["stopped"])
    the_fleet_is_as_found(ws, fleet)
    assert_elsewhere_untouched(ws, fleet)
    assert any(line.startswith("Recovered (left by a run that was cut off): ") for line in run.summaries[0])


def test_workspaces_a_cut_off_run_left_outside_the_play_are_put_back_without_being_patched(ws, window, fleet):
    left = cut_off(ws, window, fleet)
    patched_now = fleet["available"][0]
    run = window("--limit", patched_now, serial=25)
    assert run.returncode == 0, run.output
    assert sorted(run.seen) == [patched_now]
    assert ids_of(run.result["recovered"]) == left
    outside = [entry for entry in run.result["recovered"] if entry["host"] is None]
    assert ids_of(outside) == sorted(set(left) - {patched_now})
    assert ids_of(run.result["stopped_again"]) == sorted(fleet["stopped"])
    the_fleet_is_as_found(ws, fleet)
    assert_elsewhere_untouched(ws, fleet)


def test_check_mode_says_what_it_would_recover_and_changes_nothing(ws, window, fleet):
    left = cut_off(ws, window, fleet)
    run = window("--check", serial=25)
    assert run.returncode == 0, run.output
    assert ids_of(run.result["recovered"]) == left
    assert ids_of(run.result["stopped_again"]) == sorted(fleet["stopped"])
    assert mutating_calls(ws) == []
    assert {call["operation"] for call in ws.calls()} <= {"DescribeWorkspaces", "DescribeWorkspaceDirectories", "DescribeTags"}
    assert set(states(ws, left).values()) == {"ADMIN_MAINTENANCE"}
    assert {ws.tags_of(workspace_id).get(TAG_KEY) for workspace_id in left} == {"STOPPED", "AVAILABLE"}
    assert any(line.startswith("Would have recovered (left by a run that was cut off): ") for line in run.summaries[0])


def test_a_tasks_file_that_does_not_parse_stops_the_play_before_any_aws_call(ws, window, fleet):
    broken = window.tmp_path / "broken.yml"
    broken.write_text("- name: Patch\n  ansible.builtin.win_updates: {category_names: [\n")
    misspelled = window.tmp_path / "misspelled.yml"
    misspelled.write_text("- name: Patch\n  ansible.builtin.win_updatez:\n    state: installed\n")
    for tasks, expected in ((broken, "does not parse"), (misspelled, "couldn't resolve module/action")):
        run = window(tasks=str(tasks))
        assert run.returncode != 0
        assert f"{tasks}" in run.output and expected in run.output, run.output
        assert [call for call in ws.calls() if named_ids(call)] == []
    the_fleet_is_as_found(ws, fleet)


def test_a_mistyped_role_variable_stops_the_play_before_any_aws_call_naming_only_it(ws, window, fleet):
    run = window(role_vars={"workspaces_patch_window_stop_afterwards": False})
    assert run.returncode != 0
    assert "workspaces_patch_window_stop_afterwards is not an option of the role workspaces_patch_window" in run.output
    assert "did you mean workspaces_patch_window_stop_after" in run.output, run.output
    assert [call for call in ws.calls() if named_ids(call)] == []
    the_fleet_is_as_found(ws, fleet)

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A failure is never a green run, and bad input fails before any change (issue #28), through the real ansible and
ansible-playbook CLIs against the sandbox: the roles check their output paths and their variables' names with their
other inputs, the recap counts what changed (in check mode, what would change) once, long lists of bad input make
short messages, and the patch playbook fails on a window with no WorkSpace unless told that is fine."""

import json
import subprocess

import pytest
import yaml

from e2e_support import REPO_ROOT
from e2e_support import ansible_env
from test_e2e_role_and_info import run_role as run_terminate_role
from test_e2e_running_mode import BUSY
from test_e2e_running_mode import MONTH_END
# The fixture "fleet", which pytest finds by its name here.
from test_e2e_running_mode import fixture_fleet  # noqa: F401 pylint: disable=unused-import
from test_e2e_running_mode import run_role as run_running_mode_role
from test_e2e_running_mode import running_modes
from test_e2e_running_mode import seed_use

UNCHANGED_MODES = {"alice": "AUTO_STOP", "bob": "AUTO_STOP", "carol": "ALWAYS_ON", "dave": "ALWAYS_ON"}


# --- 1. output paths are checked with the other inputs, before any AWS call -----------------------------------------


@pytest.mark.parametrize("where", ["missing directory", "a directory"])
def test_a_report_path_that_cannot_be_written_fails_before_any_call_and_switches_nothing(ws, playbook, fleet, tmp_path, where):
    directory_id, ids = fleet(MONTH_END)  # alice would switch to ALWAYS_ON, carol to AUTO_STOP
    report_path = tmp_path / "no-such-dir" / "modes.csv" if where == "missing directory" else tmp_path
    run = run_running_mode_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
                                workspaces_running_mode_report_path=str(report_path))
    assert run.returncode != 0
    message = run.task("Check the inputs")["msg"]
    expected = (
        f"its directory {report_path.parent} does not exist on the controller" if where == "missing directory"
        else f"{report_path} is a directory"
    )
    assert message.startswith(f"Nothing was looked up or changed: workspaces_running_mode_report_path {report_path}")
    assert expected in message
    assert ws.calls() == []
    assert running_modes(ws, ids) == UNCHANGED_MODES
    assert run.stats["changed"] == 0


# --- 2. the recap counts what changed, or in check mode what would change, once ------------------------------------


def test_terminate_role_recap_counts_a_dry_run_once_and_a_refusal_as_no_change(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["alice", "bob"])

    would = run_terminate_role(playbook, ws, "--check", workspaces_terminate_ids=[alice])
    assert would.returncode == 0, would.output
    assert would.stats["changed"] == 1
    assert would.task("Predict exactly what would be terminated (check mode, changes nothing)")["changed"] is False

    nothing = run_terminate_role(playbook, ws, "--check", workspaces_terminate_ids=["ws-0000000000"])
    assert nothing.returncode == 0, nothing.output
    assert nothing.stats["changed"] == 0

    for mode in ([], ["--check"]):
        refused = run_terminate_role(playbook, ws, *mode, workspaces_terminate_ids=[alice, bob], workspaces_terminate_max_count=1)
        assert refused.returncode != 0
        assert "Nothing was terminated" in refused.task("Refuse to terminate more WorkSpaces than allowed")["msg"]
        assert refused.stats["changed"] == 0, mode
    assert ws.calls("TerminateWorkspaces") == []

    done = run_terminate_role(playbook, ws, workspaces_terminate_ids=[alice])
    assert done.returncode == 0, done.output
    assert done.task("Terminate the WorkSpaces")["terminated"] == [alice]
    assert done.stats["changed"] == 1
    assert ws.state_of(bob) == "AVAILABLE"


# --- 3. long lists of bad input make short messages -----------------------------------------------------------------


def test_thousands_of_malformed_ids_fail_with_a_short_message_naming_their_count(ws, adhoc):
    malformed = [f"ws-{n}" for n in range(1, 3003)]
    run = adhoc({"workspace_ids": malformed, "endpoint_url": ws.endpoint_url})
    assert run.returncode != 0
    message = run.result["msg"]
    assert len(message) < 200, message
    assert message == (
        "Invalid WorkSpace IDs (each must match ^ws-[0-9a-z]{8,63}$): 'ws-1', 'ws-2', 'ws-3', 'ws-4', 'ws-5', 'ws-6',"
        " 'ws-7', 'ws-8', 'ws-9', 'ws-10', ... (first 10 of 3002)"
    )
    assert ws.calls() == []


def test_the_running_mode_guard_names_the_first_ten_and_the_count(ws, playbook):
    directory_id = ws.seed_directory()
    busy = ws.seed_workspaces(directory_id, count=12)
    for workspace_id in busy:
        seed_use(ws, workspace_id, MONTH_END, **BUSY)
    ws.reset_calls()
    run = run_running_mode_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
                                workspaces_running_mode_max_count=3)
    assert run.returncode != 0
    message = run.task("Refuse to change more running modes than allowed")["msg"]
    assert f"To ALWAYS_ON: {', '.join(busy[:10])}, ... (first 10 of 12); to AUTO_STOP: none." in message
    assert ws.calls("ModifyWorkspaceProperties") == []


# --- 4. a mistyped role variable is named, and only what is wrong is ------------------------------------------------


def test_a_mistyped_terminate_variable_is_named_with_the_option_meant_and_nothing_else(ws, playbook):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    ws.reset_calls()
    run = run_terminate_role(playbook, ws, workspaces_terminate_user=["alice"])
    assert run.returncode != 0
    assert run.task("Check the inputs")["msg"] == (
        "Nothing was looked up or terminated: workspaces_terminate_user is not an option of the role"
        " workspaces_terminate (did you mean workspaces_terminate_users?)."
    )
    wrong_value = run_terminate_role(playbook, ws, workspaces_terminate_ids=[alice], workspaces_terminate_max_count=-1)
    assert wrong_value.returncode != 0
    assert wrong_value.task("Check the inputs")["msg"] == (
        "Nothing was looked up or terminated: workspaces_terminate_max_count must be 0 or more, got -1."
    )
    assert ws.calls() == []
    assert ws.state_of(alice) == "AVAILABLE"


def test_a_mistyped_running_mode_variable_stops_the_run_before_it_widens_to_the_region(ws, playbook, fleet):
    directory_id, ids = fleet(MONTH_END)
    run = run_running_mode_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory=directory_id)
    assert run.returncode != 0
    assert run.task("Check the inputs")["msg"] == (
        "Nothing was looked up or changed: workspaces_running_mode_directory is not an option of the role"
        " workspaces_running_mode (did you mean workspaces_running_mode_directory_id?)."
    )
    assert ws.calls() == []
    assert running_modes(ws, ids) == UNCHANGED_MODES


# --- 5. the patch playbook fails on an empty window, unless told it is fine ------------------------------------------

PATCH_TASKS = """
- name: Say where
  ansible.builtin.debug:
    msg: "patching {{ inventory_hostname }}"
"""


@pytest.fixture(name="patch_example")
def fixture_patch_example(ws, tmp_path):
    """Runs examples/patch_workspaces.yml over the sandbox's inventory (and an inventory of one other host), its hosts
    local, reporting through the JSON callback."""
    config = tmp_path / "patch.workspaces.yml"
    config.write_text(yaml.safe_dump({
        "plugin": "euc.aws.workspaces",
        "endpoint_url": ws.endpoint_url,
        "regions": [ws.region],
        "compose": {"ansible_connection": "'local'"},
    }))
    others = tmp_path / "others.yml"
    others.write_text(yaml.safe_dump({"all": {"children": {"bystanders": {"hosts": {"bystander": {"ansible_connection": "local"}}}}}}))
    patch_tasks = tmp_path / "patch.yml"
    patch_tasks.write_text(PATCH_TASKS)

    def run(*cli, **extra_vars):
        variables = {"workspaces_endpoint_url": ws.endpoint_url, "patch_tasks": str(patch_tasks), **extra_vars}
        completed = subprocess.run(
            ["ansible-playbook", "-i", str(config), "-i", str(others), str(REPO_ROOT / "examples" / "patch_workspaces.yml"),
             "-e", json.dumps(variables), *cli],
            env=ansible_env(ws, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json"),
            capture_output=True, text=True, timeout=300, check=False,
        )
        return completed.returncode, json.loads(completed.stdout), completed.stdout + completed.stderr

    return run


def check_result(report):
    task = report["plays"][0]["tasks"][0]
    return next(iter(task["hosts"].values()))


def changing_calls(ws):
    return [call for call in ws.calls() if call["operation"] in ("StartWorkspaces", "StopWorkspaces", "ModifyWorkspaceState")]


def test_the_patch_playbook_fails_when_the_inventory_gives_no_workspace(ws, patch_example):
    returncode, report, output = patch_example()
    assert returncode != 0, output
    result = check_result(report)
    assert result["failed"] is True
    assert result["msg"].startswith("No WorkSpace to patch: the inventory gave no host in the group aws_workspaces.")
    assert "-e allow_empty_window=true" in result["msg"]
    assert report["stats"]["bystander"]["failures"] == 1
    assert changing_calls(ws) == []


def test_the_patch_playbook_fails_when_the_limit_leaves_no_workspace(ws, patch_example):
    ws.seed_workspaces(ws.seed_directory(), ["alice"])
    returncode, report, output = patch_example("--limit", "bystander")
    assert returncode != 0, output
    assert "within --limit bystander" in check_result(report)["msg"]
    assert changing_calls(ws) == []


def test_an_empty_window_is_fine_when_the_run_says_so(ws, patch_example):
    returncode, report, output = patch_example(allow_empty_window="true")
    assert returncode == 0, output
    assert check_result(report)["msg"] == "0 WorkSpace(s) in the window"
    assert all(not stats["failures"] for stats in report["stats"].values())


def test_a_window_with_workspaces_goes_on_to_patch_them(ws, patch_example):
    (alice,) = ws.seed_workspaces(ws.seed_directory(), ["alice"])
    returncode, report, output = patch_example("--check")
    assert returncode == 0, output
    assert check_result(report)["msg"] == "1 WorkSpace(s) in the window"
    assert report["stats"][alice]["failures"] == 0
    assert changing_calls(ws) == []

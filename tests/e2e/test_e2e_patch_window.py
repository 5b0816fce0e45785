# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The role euc.aws.workspaces_patch_window over hosts of the euc.aws.workspaces inventory, against the sandbox.

The hosts compose ``ansible_connection: local``, so that the patch tasks run on the controller. Those tasks write down,
for each host, the state euc.aws.workspaces_info shows for its WorkSpace while they run.
"""

import json
import subprocess
import time

import pytest
import yaml

from e2e_support import REPO_ROOT
from e2e_support import ansible_env
from e2e_support import play
from e2e_support import playbook_text

REGIONS = ("us-east-1", "eu-west-1")

PATCH_TASKS = """
- name: Look at the WorkSpace while being patched
  euc.aws.workspaces_info:
    workspace_ids: ["{{ workspace_id }}"]
    region: "{{ region }}"
  register: patch_seen

- name: Write down the state seen
  ansible.builtin.copy:
    content: "{{ patch_seen.workspaces[0].state }}"
    dest: "{{ record_dir }}/{{ inventory_hostname }}"
    mode: "0644"
  check_mode: false

- name: Fail where the test asks
  ansible.builtin.fail:
    msg: the patch failed on purpose
  when: inventory_hostname in fail_hosts
"""


def window_playbook(serial=None, role_vars=None):
    """The role's play over the inventory's hosts (``serial`` of them at a time, if given), then its result shown."""
    role = {"role": "euc.aws.workspaces_patch_window", "vars": {**(role_vars or {}), "workspaces_patch_window_tasks": "{{ patch_tasks }}"}}
    batches = {"serial": serial} if serial else {}
    window = play("Patch WorkSpaces", hosts="aws_workspaces", aws={"endpoint_url": "{{ endpoint_url }}"}, **batches, roles=[role])
    result = play("Show the result", [{"name": "Result", "ansible.builtin.debug": {"var": "workspaces_patch_window_result"}}], aws=None)
    return playbook_text(window, result)


MUTATING = ("StartWorkspaces", "StopWorkspaces", "ModifyWorkspaceState")


class WindowRun:
    def __init__(self, completed, record_dir):
        self.returncode = completed.returncode
        self.output = completed.stdout + completed.stderr
        self.report = json.loads(completed.stdout) if completed.stdout.lstrip().startswith("{") else None
        self.seen = {path.name: path.read_text() for path in record_dir.iterdir()}

    def results(self, task_name):
        found = []
        for played in self.report["plays"]:
            for task in played["tasks"]:
                if task["task"]["name"].split(" : ", 1)[-1] == task_name:
                    found.append(task["hosts"])
        return found

    @property
    def result(self):
        """The role's result; when every host of a batch failed, Ansible ends the playbook before the play that shows
        it, so it is read from the role's own task that keeps it."""
        shown = self.results("Result")
        if shown:
            return shown[-1]["localhost"]["workspaces_patch_window_result"]
        kept = next(iter(self.results("Keep the result for the play")[-1].values()))
        return kept["ansible_facts"]["workspaces_patch_window_outcome"]["result"]

    @property
    def summaries(self):
        return [next(iter(hosts.values()))["msg"] for hosts in self.results("Summary")]

    def failed_hosts(self):
        return sorted(host for host, stats in self.report["stats"].items() if stats["failures"] or stats["unreachable"])


class Window:
    """Runs the role's playbook over the sandbox inventory (and any extra inventory given): to the end, or started in
    the background for a test that cuts it off."""

    def __init__(self, ws, tmp_path):
        self.ws = ws
        self.tmp_path = tmp_path
        self.patch_tasks = tmp_path / "patch.yml"
        self.patch_tasks.write_text(PATCH_TASKS)

    def command(
        self, *cli, serial=None, extra_inventory=None, tasks=None, fail_hosts=(), role_vars=None, playbook=None, cli_vars=None
    ):
        """The ansible-playbook command line, and the folder where the patch tasks write down what they saw."""
        record_dir = self.tmp_path / f"seen-{len(list(self.tmp_path.glob('seen-*')))}"
        record_dir.mkdir()
        config = self.tmp_path / "patch.workspaces.yml"
        config.write_text(
            yaml.safe_dump(
                {
                    "plugin": "euc.aws.workspaces",
                    "endpoint_url": self.ws.endpoint_url,
                    "regions": list(REGIONS),
                    "compose": {"ansible_connection": "'local'"},
                }
            )
        )
        inventories = ["-i", str(config)]
        if extra_inventory:
            extra = self.tmp_path / "extra.yml"
            extra.write_text(yaml.safe_dump(extra_inventory))
            inventories += ["-i", str(extra)]
        if playbook is None:
            playbook = self.tmp_path / "window.yml"
            playbook.write_text(window_playbook(serial, role_vars))
        extra_vars = {
            "endpoint_url": self.ws.endpoint_url,
            "workspaces_endpoint_url": self.ws.endpoint_url,
            "patch_tasks": tasks or str(self.patch_tasks),
            "record_dir": str(record_dir),
            "fail_hosts": list(fail_hosts),
            **(cli_vars or {}),
        }
        argv = ["ansible-playbook", *inventories, str(playbook), "-e", json.dumps(extra_vars), *cli]
        return argv, record_dir

    def env(self):
        return ansible_env(self.ws, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json")

    def __call__(self, *cli, **options):
        argv, record_dir = self.command(*cli, **options)
        completed = subprocess.run(argv, env=self.env(), capture_output=True, text=True, timeout=900, check=False)
        return WindowRun(completed, record_dir)

    def start(self, *cli, **options):
        """The run in the background, in a session of its own, so that a test can kill it and all its workers."""
        argv, _record_dir = self.command(*cli, **options)
        return subprocess.Popen(
            argv, env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )


@pytest.fixture(name="window")
def fixture_window(ws, tmp_path):
    return Window(ws, tmp_path)


def named_ids(call):
    params = call["params"]
    if "WorkspaceIds" in params:
        return params["WorkspaceIds"]
    for key in ("StartWorkspaceRequests", "StopWorkspaceRequests"):
        if key in params:
            return [request["WorkspaceId"] for request in params[key]]
    return [params["WorkspaceId"]] if "WorkspaceId" in params else []


def label(call):
    if call["operation"] == "ModifyWorkspaceState":
        return f"ModifyWorkspaceState {call['params']['WorkspaceState']}"
    return call["operation"]


def sequence(ws, workspace_id):
    """The calls naming the WorkSpace, in order; the polls of a wait (repeated DescribeWorkspaces) count once."""
    labels = []
    for call in ws.calls():
        if workspace_id in named_ids(call) and (not labels or labels[-1] != label(call)):
            labels.append(label(call))
    return labels


def mutating_calls(ws):
    return [call for call in ws.calls() if call["operation"] in MUTATING]


def settled_state(ws, workspace_id, region=REGIONS[0]):
    """The state once a stop the role did not wait for is over (the sandbox's stopping takes half a second)."""
    deadline = time.monotonic() + 30
    while ws.state_of(workspace_id, region=region) == "STOPPING" and time.monotonic() < deadline:
        time.sleep(0.2)
    return ws.state_of(workspace_id, region=region)


def states(ws, workspace_ids, region=REGIONS[0]):
    return {workspace_id: settled_state(ws, workspace_id, region) for workspace_id in workspace_ids}


def ids_of(entries):
    return sorted(entry["workspace_id"] for entry in entries)


STARTED_SEQUENCE = [
    "DescribeWorkspaces",
    "StartWorkspaces",
    "DescribeWorkspaces",
    "ModifyWorkspaceState ADMIN_MAINTENANCE",
    "DescribeWorkspaces",
    "ModifyWorkspaceState AVAILABLE",
    "DescribeWorkspaces",
    "StopWorkspaces",
]
AVAILABLE_SEQUENCE = [
    "DescribeWorkspaces",
    "ModifyWorkspaceState ADMIN_MAINTENANCE",
    "DescribeWorkspaces",
    "ModifyWorkspaceState AVAILABLE",
]


@pytest.fixture(name="two_regions")
def fixture_two_regions(ws):
    """us-east-1: stopped AUTO_STOP, available ALWAYS_ON, one in ADMIN_MAINTENANCE; eu-west-1: stopped MANUAL and
    available AUTO_STOP."""
    ws.set_transition_seconds(starting=0.5, stopping=0.5)
    east = ws.seed_directory(REGIONS[0])
    west = ws.seed_directory(REGIONS[1])
    stopped, always_on, maintained_by_someone = ws.seed_workspaces(east, ["stopped", "alwayson", "elsewhere"])
    ws.set_state(stopped, "STOPPED")
    ws.set_running_mode(always_on, "ALWAYS_ON")
    ws.set_state(maintained_by_someone, "ADMIN_MAINTENANCE")
    west_stopped, west_available = ws.seed_workspaces(west, ["wstopped", "wavailable"], region=REGIONS[1])
    ws.set_running_mode(west_stopped, "MANUAL", region=REGIONS[1])
    ws.set_state(west_stopped, "STOPPED", region=REGIONS[1])
    ws.reset_calls()
    return {
        "stopped": stopped,
        "always_on": always_on,
        "elsewhere": maintained_by_someone,
        "west_stopped": west_stopped,
        "west_available": west_available,
    }


@pytest.mark.matrix
def test_each_workspace_is_started_maintained_patched_and_put_back_in_two_regions(ws, window, two_regions):
    fleet = two_regions
    run = window(serial=25)
    assert run.returncode == 0, run.output

    assert run.seen == {workspace_id: "ADMIN_MAINTENANCE" for workspace_id in fleet.values()}
    assert sequence(ws, fleet["stopped"]) == STARTED_SEQUENCE
    assert sequence(ws, fleet["west_stopped"]) == STARTED_SEQUENCE
    assert sequence(ws, fleet["always_on"]) == AVAILABLE_SEQUENCE
    assert sequence(ws, fleet["west_available"]) == AVAILABLE_SEQUENCE
    # Someone else's maintenance: looked up and looked at by the patch tasks, nothing more.
    assert sequence(ws, fleet["elsewhere"]) == ["DescribeWorkspaces"]
    assert {call["region"] for call in ws.calls() if fleet["west_stopped"] in named_ids(call)} == {REGIONS[1]}

    assert states(ws, [fleet["stopped"], fleet["always_on"], fleet["elsewhere"]]) == {
        fleet["stopped"]: "STOPPED",
        fleet["always_on"]: "AVAILABLE",
        fleet["elsewhere"]: "ADMIN_MAINTENANCE",
    }
    assert states(ws, [fleet["west_stopped"], fleet["west_available"]], region=REGIONS[1]) == {
        fleet["west_stopped"]: "STOPPED",
        fleet["west_available"]: "AVAILABLE",
    }

    result = run.result
    assert (
        ids_of(result["started"])
        == ids_of(result["stopped_again"])
        == sorted([fleet["stopped"], fleet["west_stopped"]])
    )
    assert ids_of(result["maintained"]) == sorted(set(fleet.values()) - {fleet["elsewhere"]})
    assert ids_of(result["patched"]) == sorted(fleet.values())
    assert result["failed"] == [] and result["skipped"] == []
    assert {entry["host"] for entry in result["patched"]} == set(fleet.values())  # hosts are named by ID here
    assert f"Left in ADMIN_MAINTENANCE (found there): {fleet['elsewhere']} ({fleet['elsewhere']})" in run.summaries[0]


def test_starts_and_stops_go_25_to_a_call_over_a_batch_of_more_than_25_hosts(ws, window):
    ws.set_transition_seconds(starting=0.5, stopping=0.5)
    directory = ws.seed_directory(REGIONS[0])
    stopped = ws.seed_workspaces(directory, count=27, state="STOPPED")
    available = ws.seed_workspaces(directory, ["alice"])
    ws.reset_calls()

    run = window()
    assert run.returncode == 0, run.output
    assert run.seen == {workspace_id: "ADMIN_MAINTENANCE" for workspace_id in stopped + available}
    started = [call["params"]["StartWorkspaceRequests"] for call in ws.calls("StartWorkspaces")]
    stopped_again = [call["params"]["StopWorkspaceRequests"] for call in ws.calls("StopWorkspaces")]
    # The two calls of each verb are sent concurrently, so they are compared as sizes, not in order.
    assert sorted(len(requests) for requests in started) == [2, 25]
    assert sorted(len(requests) for requests in stopped_again) == [2, 25]
    assert sorted(request["WorkspaceId"] for requests in started for request in requests) == sorted(stopped)
    assert sorted(request["WorkspaceId"] for requests in stopped_again for request in requests) == sorted(stopped)
    assert len(ws.calls("ModifyWorkspaceState")) == 2 * 28
    assert set(states(ws, stopped).values()) == {"STOPPED"}
    assert ws.state_of(available[0]) == "AVAILABLE"
    assert len(run.summaries) == 1


def test_a_host_whose_tasks_fail_is_put_back_then_fails_in_the_recap(ws, window, two_regions):
    fleet = two_regions
    run = window(serial=25, fail_hosts=[fleet["stopped"], fleet["always_on"]])
    assert run.returncode != 0, run.output
    assert run.failed_hosts() == sorted([fleet["stopped"], fleet["always_on"]])
    assert sequence(ws, fleet["stopped"]) == STARTED_SEQUENCE
    assert sequence(ws, fleet["always_on"]) == AVAILABLE_SEQUENCE
    assert states(ws, [fleet["stopped"], fleet["always_on"]]) == {
        fleet["stopped"]: "STOPPED",
        fleet["always_on"]: "AVAILABLE",
    }
    result = run.result
    assert ids_of(result["failed"]) == sorted([fleet["stopped"], fleet["always_on"]])
    assert ids_of(result["patched"]) == sorted([fleet["elsewhere"], fleet["west_stopped"], fleet["west_available"]])
    assert ids_of(result["stopped_again"]) == sorted([fleet["stopped"], fleet["west_stopped"]])


SKIPPED_STATES = ("ERROR", "SUSPENDED", "IMPAIRED", "UNHEALTHY", "REBOOTING")


@pytest.mark.parametrize("fail_on_skipped", [False, True])
def test_workspaces_in_other_states_are_skipped_with_their_reason_and_no_call(ws, window, fail_on_skipped):
    directory = ws.seed_directory(REGIONS[0])
    odd = dict(zip(SKIPPED_STATES, ws.seed_workspaces(directory, [state.lower() for state in SKIPPED_STATES])))
    for state, workspace_id in odd.items():
        ws.set_state(workspace_id, state)
    always_on_stopped, available = ws.seed_workspaces(directory, ["alwayson", "alice"])
    ws.set_running_mode(always_on_stopped, "ALWAYS_ON")
    ws.set_state(always_on_stopped, "STOPPED")
    ws.reset_calls()
    # A host whose WorkSpace is gone by the time the window opens.
    ghost_vars = {"workspace_id": "ws-0000000000", "region": REGIONS[0], "ansible_connection": "local"}
    ghost = {"all": {"children": {"aws_workspaces": {"hosts": {"ghost": ghost_vars}}}}}

    run = window(extra_inventory=ghost, role_vars={"workspaces_patch_window_fail_on_skipped": fail_on_skipped})
    skipped_ids = sorted([*odd.values(), always_on_stopped, "ws-0000000000"])
    assert set(run.seen) == {available}
    for workspace_id in skipped_ids:
        assert sequence(ws, workspace_id) == ["DescribeWorkspaces"]
    assert {workspace_id for call in mutating_calls(ws) for workspace_id in named_ids(call)} == {available}
    assert {workspace_id: ws.state_of(workspace_id) for workspace_id in odd.values()} == {v: k for k, v in odd.items()}
    reasons = {entry["workspace_id"]: entry["reason"] for entry in run.result["skipped"]}
    assert sorted(reasons) == skipped_ids
    assert reasons["ws-0000000000"] == "not found in us-east-1"
    assert reasons[always_on_stopped].startswith("STOPPED with running mode ALWAYS_ON")
    assert reasons[odd["REBOOTING"]].startswith("REBOOTING: busy")
    assert reasons[odd["SUSPENDED"]].startswith("SUSPENDED: needs attention")
    assert any(line.startswith("Skipped: ghost (ws-0000000000): not found") for line in run.summaries[0])
    assert ids_of(run.result["patched"]) == [available]
    if fail_on_skipped:
        assert run.returncode != 0
        assert run.failed_hosts() == sorted(["ghost", *(name for name in skipped_ids if name != "ws-0000000000")])
    else:
        assert run.returncode == 0, run.output
        assert run.failed_hosts() == []


def test_check_mode_calls_nothing_that_changes_and_says_what_it_would_do(ws, window, two_regions):
    fleet = two_regions
    # Three batches of at most two hosts: the result covers them all, and each has its summary.
    run = window("--check", serial=2)
    assert run.returncode == 0, run.output
    assert len(run.summaries) == 3
    assert mutating_calls(ws) == []
    assert {call["operation"] for call in ws.calls()} <= {"DescribeWorkspaces", "DescribeWorkspaceDirectories", "DescribeTags"}
    result = run.result
    stopped = sorted([fleet["stopped"], fleet["west_stopped"]])
    assert ids_of(result["started"]) == ids_of(result["stopped_again"]) == stopped
    assert ids_of(result["maintained"]) == sorted(set(fleet.values()) - {fleet["elsewhere"]})
    assert ids_of(result["left_out"]) == stopped
    # The tasks ran in check mode where the WorkSpace is reachable now, and saw it as it is.
    assert run.seen == {
        fleet["always_on"]: "AVAILABLE",
        fleet["west_available"]: "AVAILABLE",
        fleet["elsewhere"]: "ADMIN_MAINTENANCE",
    }
    assert ids_of(result["patched"]) == sorted(run.seen)
    summary = [line for lines in run.summaries for line in lines]
    assert f"Would have started: {fleet['stopped']} ({fleet['stopped']})" in summary
    assert any(line.startswith(f"Tasks left out: {fleet['west_stopped']}") for line in summary)


def test_bad_input_stops_the_play_before_any_aws_call(ws, window, two_regions, tmp_path):
    missing = window(tasks=str(tmp_path / "no-such-patch.yml"))
    assert missing.returncode != 0
    assert "no such file" in missing.output and "no-such-patch.yml" in missing.output
    assert [call for call in ws.calls() if named_ids(call)] == []
    assert missing.seen == {}

    ws.reset_calls()
    stray = {"all": {"children": {"aws_workspaces": {"hosts": {"stray": {"ansible_connection": "local"}}}}}}
    without_id = window(extra_inventory=stray)
    assert without_id.returncode != 0
    assert "not from the euc.aws.workspaces inventory): stray" in without_id.output
    assert [call for call in ws.calls() if named_ids(call)] == []
    assert without_id.seen == {}


def test_the_example_playbook_runs_the_window_with_the_tasks_given(ws, window, two_regions):
    fleet = two_regions
    run = window(playbook=REPO_ROOT / "examples" / "patch_workspaces.yml")
    assert run.returncode == 0, run.output
    assert run.seen == {workspace_id: "ADMIN_MAINTENANCE" for workspace_id in fleet.values()}
    assert sequence(ws, fleet["stopped"]) == STARTED_SEQUENCE
    assert states(ws, [fleet["stopped"], fleet["always_on"], fleet["elsewhere"]]) == {
        fleet["stopped"]: "STOPPED",
        fleet["always_on"]: "AVAILABLE",
        fleet["elsewhere"]: "ADMIN_MAINTENANCE",
    }


def test_the_example_finds_the_workspaces_left_in_admin_maintenance_and_tells_the_windows_from_someone_elses(
    ws, two_regions
):
    left_by_a_window = two_regions["always_on"]
    ws.set_state(left_by_a_window, "ADMIN_MAINTENANCE")
    ws.client("workspaces", REGIONS[0]).create_tags(
        ResourceId=left_by_a_window, Tags=[{"Key": "euc.aws:patch-window", "Value": "AVAILABLE"}]
    )
    extra_vars = {"workspaces_endpoint_url": ws.endpoint_url, "aws_region": REGIONS[0]}
    completed = subprocess.run(
        [
            "ansible-playbook",
            "-i",
            "localhost,",
            str(REPO_ROOT / "examples" / "left_in_maintenance.yml"),
            "-e",
            json.dumps(extra_vars),
        ],
        env=ansible_env(ws, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    tasks = json.loads(completed.stdout)["plays"][0]["tasks"]
    shown = next(task for task in tasks if task["task"]["name"] == "Those in ADMIN_MAINTENANCE, by who left them there")
    assert shown["hosts"]["localhost"]["msg"] == {
        "put_back_by_the_next_patch_window": [left_by_a_window],
        "someone_elses": [two_regions["elsewhere"]],
    }

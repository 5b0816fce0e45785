# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Changing WorkSpaces' properties through the real ansible and ansible-playbook, against the sandbox."""

import json
import subprocess

import pytest
import yaml

from e2e_support import REPO_ROOT
from e2e_support import ansible_env
from e2e_support import play
from e2e_support import playbook_text
from sandbox.lifecycle import TRANSITION_SECONDS

MODULE = "euc.aws.workspaces_properties"
OPERATION = "ModifyWorkspaceProperties"
# The first poll of a wait comes after 2 s: a modification of 1 + 3 s is still under way then, and done at the next.
UPDATE_INITIATED_SECONDS = 1
UPDATE_IN_PROGRESS_SECONDS = 3
RATE_LIMITED = ("InvalidParameterValuesException", "The compute type of this WorkSpace was changed less than 6 hours ago.")

PLAYBOOK = playbook_text(
    play(
        "Change WorkSpaces",
        """
        - name: Grow the volumes
          euc.aws.workspaces_properties:
            workspace_ids: "{{ workspace_ids }}"
            root_volume_size_gib: 175
            user_volume_size_gib: 100
            wait: true
            max_concurrency: 4
        """,
    )
)


@pytest.fixture(name="modifications", autouse=True)
def fixture_modifications(ws):
    ws.set_transition_seconds(update_initiated=UPDATE_INITIATED_SECONDS, update_in_progress=UPDATE_IN_PROGRESS_SECONDS)
    yield ws
    ws.set_transition_seconds(update_initiated=TRANSITION_SECONDS["update_initiated"], update_in_progress=TRANSITION_SECONDS["update_in_progress"])
    ws.show_new_values("at_start")


def seeded(ws, users, **settings):
    return ws.seed_workspaces(ws.seed_directory(), users, **settings)


def modify(adhoc, ws, args, *extra_cli):
    if isinstance(args, dict):
        args = dict(args, endpoint_url=ws.endpoint_url)
    else:
        args = f"{args} endpoint_url={ws.endpoint_url}"
    return adhoc(args, *extra_cli, module=MODULE)


def modification_states(ws, workspace_id):
    (workspace,) = ws.client("workspaces").describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"]
    return workspace["ModificationStates"]


@pytest.mark.matrix
def test_ad_hoc_changes_the_compute_type_then_is_ok(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    ws.reset_calls()

    first = modify(adhoc, ws, f"workspace_ids={alice} compute_type_name=POWER")
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED"
    assert first.result["modified"] == [alice] and first.result["unchanged"] == []
    assert first.result["differences"] == {alice: {"compute_type_name": {"before": "STANDARD", "after": "POWER"}}}
    assert first.result["failed_requests"] == [] and first.result["workspaces"][0]["workspace_id"] == alice
    assert [call["params"] for call in ws.calls(OPERATION)] == [{"WorkspaceId": alice, "WorkspaceProperties": {"ComputeTypeName": "POWER"}}]

    again = modify(adhoc, ws, {"workspace_ids": [alice], "compute_type_name": "POWER", "wait": True})
    assert again.returncode == 0, again.output
    assert again.status == "SUCCESS" and again.result["changed"] is False
    assert again.result["unchanged"] == [alice] and again.result["differences"] == {}
    assert len(ws.calls(OPERATION)) == 1
    assert ws.properties_of(alice)["ComputeTypeName"] == "POWER"


def test_check_mode_predicts_with_no_modify_call(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_properties(bob, {"RunningMode": "ALWAYS_ON"})
    ws.reset_calls()
    run = modify(adhoc, ws, {"workspace_ids": [alice, bob], "running_mode": "ALWAYS_ON", "protocols": ["WSP"]}, "--check")
    assert run.returncode == 0, run.output
    assert run.status == "CHANGED"
    assert run.result["modified"] == [alice, bob]
    assert run.result["differences"] == {
        alice: {"running_mode": {"before": "AUTO_STOP", "after": "ALWAYS_ON"}, "protocols": {"before": ["PCOIP"], "after": ["WSP"]}},
        bob: {"protocols": {"before": ["PCOIP"], "after": ["WSP"]}},
    }
    assert ws.calls(OPERATION) == []
    assert ws.properties_of(alice)["RunningMode"] == "AUTO_STOP"

    real = modify(adhoc, ws, {"workspace_ids": [alice, bob], "running_mode": "ALWAYS_ON", "protocols": ["WSP"]})
    assert real.returncode == 0, real.output
    assert real.result["modified"] == run.result["modified"] and real.result["differences"] == run.result["differences"]


def test_refusals_fail_before_any_call_naming_every_reason(ws, adhoc):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"])
    ws.set_state(bob, "ADMIN_MAINTENANCE")
    ws.set_properties(carol, {"RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100})
    ws.reset_calls()
    run = modify(adhoc, ws, {"workspace_ids": [alice, bob, carol], "root_volume_size_gib": 80, "user_volume_size_gib": 50})
    assert run.returncode != 0
    assert run.result["modified"] == [] and run.result["changed"] is False
    assert run.result["unchanged"] == [alice, bob]  # matching already, whatever its state
    assert run.result["refused"] == [
        {
            "workspace_id": carol,
            "state": "AVAILABLE",
            "reason": "AWS only grows volumes: the root volume is 175 GiB, 80 asked; AWS only grows volumes: the user volume is 100 GiB, 50 asked",
        }
    ]
    assert ws.calls(OPERATION) == []

    maintenance = modify(adhoc, ws, {"workspace_ids": [alice, bob], "compute_type_name": "POWER"})
    assert maintenance.returncode != 0
    assert maintenance.result["msg"] == (
        "Nothing was modified: these WorkSpaces cannot be modified as asked: "
        f"{bob} (ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available))"
    )
    assert ws.calls(OPERATION) == []


def test_a_workspace_aws_refuses_fails_the_task_and_the_others_are_modified(ws, adhoc):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"])
    ws.fail_requests({bob: RATE_LIMITED}, operation=OPERATION)
    run = modify(adhoc, ws, {"workspace_ids": [alice, bob, carol], "compute_type_name": "POWER", "max_concurrency": 4})
    assert run.returncode != 0
    assert run.result["changed"] is True
    assert run.result["modified"] == [alice, carol]
    assert run.result["failed_requests"] == [{"workspace_id": bob, "error_code": RATE_LIMITED[0], "error_message": RATE_LIMITED[1]}]
    assert f"{bob} ({RATE_LIMITED[0]}: {RATE_LIMITED[1]})" in run.result["msg"]
    assert [ws.properties_of(i)["ComputeTypeName"] for i in (alice, bob, carol)] == ["POWER", "STANDARD", "POWER"]


@pytest.mark.parametrize("new_values_shown", ["at_start", "when_done"])
def test_wait_returns_once_modification_states_is_empty_whenever_the_values_show(ws, adhoc, new_values_shown):
    ws.show_new_values(new_values_shown)
    (alice,) = seeded(ws, ["alice"])
    run = modify(adhoc, ws, {"workspace_ids": [alice], "compute_type_name": "PERFORMANCE", "wait": True})
    assert run.returncode == 0, run.output
    assert run.result["modified"] == [alice]
    assert modification_states(ws, alice) == []
    assert ws.properties_of(alice)["ComputeTypeName"] == "PERFORMANCE"
    assert len(ws.calls("DescribeWorkspaces")) >= 3  # the lookup, a poll while under way, the poll that saw it done


def test_update_failed_fails_the_task_naming_the_workspace(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.fail_modification(bob)
    run = modify(adhoc, ws, {"workspace_ids": [alice, bob], "compute_type_name": "POWER", "wait": True})
    assert run.returncode != 0
    assert run.result["modified"] == [alice, bob]
    assert run.result["wait_failed"] == [
        {"workspace_id": bob, "state": "AVAILABLE", "modification_states": [{"resource": "COMPUTE_TYPE", "state": "UPDATE_FAILED"}]}
    ]
    assert f"{bob} (AVAILABLE, COMPUTE_TYPE UPDATE_FAILED)" in run.result["msg"]
    assert ws.properties_of(alice)["ComputeTypeName"] == "POWER" and ws.properties_of(bob)["ComputeTypeName"] == "STANDARD"


def test_a_wait_timeout_names_those_still_updating(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    run = modify(adhoc, ws, {"workspace_ids": [alice], "compute_type_name": "POWER", "wait": True, "wait_timeout": 1})
    assert run.returncode != 0
    assert run.result["modified"] == [alice]
    assert [entry["workspace_id"] for entry in run.result["not_ready"]] == [alice]
    assert "timed out after 1s" in run.result["msg"]


@pytest.mark.parametrize("new_values_shown", ["at_start", "when_done"])
def test_the_playbook_grows_80_50_to_175_100_user_volume_first(ws, playbook, new_values_shown):
    ws.show_new_values(new_values_shown)
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_properties(bob, {"RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100})
    ws.reset_calls()
    run = playbook(PLAYBOOK, extra_vars={"endpoint_url": ws.endpoint_url, "workspace_ids": [alice, bob]})
    assert run.returncode == 0, run.output
    result = run.task("Grow the volumes")
    assert result["changed"] is True and result["modified"] == [alice] and result["unchanged"] == [bob]
    assert [call["params"] for call in ws.calls(OPERATION)] == [
        {"WorkspaceId": alice, "WorkspaceProperties": {"UserVolumeSizeGib": 100}},
        {"WorkspaceId": alice, "WorkspaceProperties": {"RootVolumeSizeGib": 175}},
    ]
    assert {key: ws.properties_of(alice)[key] for key in ("RootVolumeSizeGib", "UserVolumeSizeGib")} == {"RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100}
    assert modification_states(ws, alice) == []
    assert all(call["status"] == 200 for call in ws.calls(OPERATION))


@pytest.mark.matrix
def test_check_mode_and_diff_in_a_playbook(ws, playbook):
    (alice,) = seeded(ws, ["alice"])
    ws.reset_calls()
    run = playbook(PLAYBOOK, "--check", "--diff", extra_vars={"endpoint_url": ws.endpoint_url, "workspace_ids": [alice]})
    assert run.returncode == 0, run.output
    result = run.task("Grow the volumes")
    assert result["changed"] is True and result["modified"] == [alice]
    assert result["diff"]["before"]["properties"][alice]["user_volume_size_gib"] == 50
    assert result["diff"]["after"]["properties"][alice]["user_volume_size_gib"] == 100
    assert ws.calls(OPERATION) == []


def test_the_ansible_doc_examples_are_true(ws, playbook):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"])
    doc = subprocess.run(["ansible-doc", "--json", MODULE], env=ansible_env(ws), capture_output=True, text=True, check=True)
    tasks = yaml.safe_load(json.loads(doc.stdout)[MODULE]["examples"].replace("ws-abc12345d", alice))
    aws = {"endpoint_url": ws.endpoint_url, "region": ws.region}
    examples = play("The examples", tasks, aws=aws, vars={"team_workspace_ids": [bob, carol]})
    run = playbook(playbook_text(examples))
    assert run.returncode == 0, run.output
    assert run.stats["failures"] == 0 and run.stats["changed"] == len(tasks) - 1
    assert {key: ws.properties_of(alice)[key] for key in ("ComputeTypeName", "RootVolumeSizeGib", "UserVolumeSizeGib")} == {
        "ComputeTypeName": "POWER",
        "RootVolumeSizeGib": 175,
        "UserVolumeSizeGib": 100,
    }
    for member in (bob, carol):
        properties = ws.properties_of(member)
        assert properties["Protocols"] == ["WSP"] and properties["RunningMode"] == "AUTO_STOP"
        assert properties["RunningModeAutoStopTimeoutInMinutes"] == 120


def test_the_example_takes_a_survey_of_ids_and_a_compute_type_check_first(ws, playbook):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_properties(bob, {"ComputeTypeName": "POWER"})
    text = (REPO_ROOT / "examples" / "change_properties.yml").read_text()
    survey = {"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region, "workspace_ids": f"{alice}, {bob}", "compute_type_name": "POWER"}
    ws.reset_calls()
    check = playbook(text, "--check", extra_vars=survey)
    assert check.returncode == 0, check.output
    task = "Give the WorkSpaces the compute type asked for"
    assert check.task(task)["modified"] == [alice] and check.task(task)["unchanged"] == [bob]
    assert ws.calls(OPERATION) == []
    run = playbook(text, extra_vars=survey)
    assert run.returncode == 0, run.output
    assert run.task(task)["differences"] == check.task(task)["differences"]
    assert ws.properties_of(alice)["ComputeTypeName"] == "POWER" and modification_states(ws, alice) == []

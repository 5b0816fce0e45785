# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The workspaces_info module and the workspaces_terminate role through ansible-playbook against the sandbox."""

import math

import pytest

from e2e_support import play
from e2e_support import playbook_text

ROLE_PLAYBOOK = playbook_text(play("Offboard", roles=[{"role": "euc.aws.workspaces_terminate"}]))

INFO_PLAYBOOK = playbook_text(play("Find WorkSpaces", [{"name": "Find", "euc.aws.workspaces_info": "{{ info_args }}"}]))


def summary_of(run):
    return run.task("Summary")["msg"]


def run_role(playbook, ws, *extra_cli, **role_vars):
    return playbook(ROLE_PLAYBOOK, *extra_cli, extra_vars={"endpoint_url": ws.endpoint_url, **role_vars})


@pytest.mark.matrix
def test_role_by_ids(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob, carol = ws.seed_workspaces(directory_id, ["alice", "bob", "carol"])
    run = run_role(playbook, ws, workspaces_terminate_ids=[alice, bob, "ws-0000000000"])
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == [alice, bob]
    summary = summary_of(run)
    assert summary[0] == f"Terminated 2 WorkSpace(s): alice {alice}, bob {bob}"
    assert summary[1] == "Already gone: ws-0000000000"
    assert not any("WARNING" in line for line in summary)  # carol still uses the directory
    assert ws.state_of(carol) == "AVAILABLE"


def test_role_by_users_only_takes_theirs_and_reports_unknown_users(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob, carol = ws.seed_workspaces(directory_id, ["alice", "bob", "carol"])
    # A comma-separated string, as an AWX survey text field gives it.
    run = run_role(playbook, ws, workspaces_terminate_directory_id=directory_id, workspaces_terminate_users="Alice,carol,mallory")
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == [alice, carol]
    assert ws.state_of(bob) == "AVAILABLE"
    assert [ws.state_of(alice), ws.state_of(carol)] == ["TERMINATING", "TERMINATING"]
    assert f"Users with no WorkSpace in {directory_id}: mallory" in summary_of(run)


def test_role_by_users_matches_names_regardless_of_case_on_both_sides(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["Alice", "bob"])
    run = run_role(playbook, ws, workspaces_terminate_directory_id=directory_id, workspaces_terminate_users=["alice"])
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == [alice]
    assert ws.state_of(bob) == "AVAILABLE"


@pytest.mark.matrix
def test_role_in_check_mode_changes_nothing(ws, playbook):
    directory_id = ws.seed_directory()
    workspace_ids = ws.seed_workspaces(directory_id, ["alice", "bob"])
    run = run_role(playbook, ws, "--check", workspaces_terminate_directory_id=directory_id, workspaces_terminate_users=["alice", "bob"])
    assert run.returncode == 0, run.output
    summary = summary_of(run)
    assert summary[0] == f"Would terminate (check mode) 2 WorkSpace(s): alice {workspace_ids[0]}, bob {workspace_ids[1]}"
    assert any(line.startswith(f"WARNING: this leaves no WorkSpaces in directory {directory_id}") for line in summary)
    assert ws.calls("TerminateWorkspaces") == []
    assert [ws.state_of(i) for i in workspace_ids] == ["AVAILABLE", "AVAILABLE"]


def test_role_warns_when_it_empties_a_directory(ws, playbook):
    directory_id = ws.seed_directory()
    (alice,) = ws.seed_workspaces(directory_id, ["alice"])
    run = run_role(playbook, ws, workspaces_terminate_ids=[alice])
    assert run.returncode == 0, run.output
    assert any(line.startswith(f"WARNING: this leaves no WorkSpaces in directory {directory_id}") for line in summary_of(run))


def test_role_guard_refuses_and_terminates_nothing(ws, playbook):
    directory_id = ws.seed_directory()
    workspace_ids = ws.seed_workspaces(directory_id, count=4)
    run = run_role(playbook, ws, workspaces_terminate_ids=workspace_ids, workspaces_terminate_max_count=3)
    assert run.returncode != 0
    assert "Refusing to terminate 4 WorkSpaces" in run.task("Refuse to terminate more WorkSpaces than allowed")["msg"]
    assert ws.calls("TerminateWorkspaces") == []
    assert all(ws.state_of(i) == "AVAILABLE" for i in workspace_ids)


def test_role_guard_counts_only_what_would_really_go(ws, playbook):
    directory_id = ws.seed_directory()
    workspace_ids = ws.seed_workspaces(directory_id, count=2)
    # Two absent IDs and two real ones: only the real ones count against the limit of 2.
    run = run_role(playbook, ws, workspaces_terminate_ids=workspace_ids + ["ws-0000000001", "ws-0000000002"], workspaces_terminate_max_count=2)
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == workspace_ids


def test_role_rejects_ids_together_with_users(ws, playbook):
    run = run_role(playbook, ws, workspaces_terminate_ids=["ws-abc12345d"], workspaces_terminate_directory_id="d-1234567890",
                   workspaces_terminate_users=["alice"])
    assert run.returncode != 0
    assert "not two of them" in run.task("Check the inputs")["msg"]
    assert ws.calls() == []


def test_role_argument_spec_rejects_wrong_types(ws, playbook):
    run = run_role(playbook, ws, workspaces_terminate_ids=["ws-abc12345d"], workspaces_terminate_max_count="many")
    assert run.returncode != 0
    assert "workspaces_terminate_max_count" in run.output
    assert ws.calls() == []


def test_info_returns_every_workspace_of_a_large_directory(ws, playbook):
    directory_id = ws.seed_directory()
    workspace_ids = ws.seed_workspaces(directory_id, count=30)
    other_directory = ws.seed_directory()
    ws.seed_workspaces(other_directory, ["zed"])
    ws.reset_calls()
    run = playbook(INFO_PLAYBOOK, extra_vars={"endpoint_url": ws.endpoint_url, "info_args": {"directory_id": directory_id}})
    assert run.returncode == 0, run.output
    found = run.task("Find")["workspaces"]
    assert sorted(w["workspace_id"] for w in found) == sorted(workspace_ids)
    assert {"workspace_id", "user_name", "state", "directory_id", "bundle_id", "computer_name", "workspace_properties"} <= set(found[0])
    assert len(ws.calls("DescribeWorkspaces")) == math.ceil(30 / 25)  # followed NextToken across pages


@pytest.mark.matrix
def test_info_by_ids_is_batched(ws, playbook):
    workspace_ids = ws.seed_workspaces(ws.seed_directory(), count=27)
    ws.reset_calls()
    run = playbook(INFO_PLAYBOOK, extra_vars={"endpoint_url": ws.endpoint_url, "info_args": {"workspace_ids": workspace_ids}})
    assert run.returncode == 0, run.output
    assert [w["workspace_id"] for w in run.task("Find")["workspaces"]] == workspace_ids
    assert [len(call["params"]["WorkspaceIds"]) for call in ws.calls("DescribeWorkspaces")] == [25, 2]


def test_info_refuses_filter_combinations_the_api_forbids(ws, playbook):
    for info_args in (
        {"workspace_ids": ["ws-abc12345d"], "directory_id": "d-1234567890"},
        {"directory_id": "d-1234567890", "bundle_id": "wsb-123456789"},
        {"user_name": "alice"},
    ):
        run = playbook(INFO_PLAYBOOK, extra_vars={"endpoint_url": ws.endpoint_url, "info_args": info_args})
        assert run.returncode != 0
        msg = run.task("Find")["msg"]
        assert "mutually exclusive" in msg or "missing parameter(s) required by 'user_name': directory_id" in msg
    assert ws.calls() == []

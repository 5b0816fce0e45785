# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retiring unused WorkSpaces with the role, through ansible-playbook against the sandbox."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from e2e_support import REPO_ROOT
from test_e2e_role_and_info import run_role
from test_e2e_role_and_info import summary_of

NOW = datetime.now(timezone.utc)


def days_ago(days):
    return NOW - timedelta(days=days, hours=1)


@pytest.fixture(name="fleet")
def fixture_fleet(ws):
    """alice idle 100 days, bob active, carol never connected, dave idle but tagged to keep, erin idle and SUSPENDED."""
    directory_id = ws.seed_directory()
    ids = dict(zip(["alice", "bob", "carol", "dave", "erin"], ws.seed_workspaces(directory_id, ["alice", "bob", "carol", "dave", "erin"])))
    ws.set_connection(ids["alice"], last_connection=days_ago(100))
    ws.set_connection(ids["bob"], state="CONNECTED", last_connection=days_ago(0))
    ws.set_connection(ids["dave"], last_connection=days_ago(200))
    ws.set_connection(ids["erin"], last_connection=days_ago(300))
    ws.set_state(ids["erin"], "SUSPENDED")
    ws.client("workspaces").create_tags(ResourceId=ids["dave"], Tags=[{"Key": "euc:keep", "Value": "project archive"}])
    ws.reset_calls()
    return directory_id, ids


def result_of(run):
    return run.task("Keep the result for the play")["ansible_facts"]["workspaces_terminate_result"]


@pytest.mark.matrix
def test_terminates_what_is_unused_keeps_the_tagged_and_skips_naming_why(ws, playbook, fleet):
    directory_id, ids = fleet
    run = run_role(playbook, ws, workspaces_terminate_unused_days=90, workspaces_terminate_directory_id=directory_id)
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == [ids["alice"]]
    assert ws.state_of(ids["alice"]) == "TERMINATING"
    assert all(ws.state_of(ids[user]) != "TERMINATING" for user in ("bob", "carol", "dave", "erin"))
    result = result_of(run)
    assert result["terminated"] == [ids["alice"]]
    assert result["unused"] == [{
        "workspace_id": ids["alice"],
        "user_name": "alice",
        "directory_id": directory_id,
        "state": "AVAILABLE",
        "last_known_user_connection_timestamp": result["unused"][0]["last_known_user_connection_timestamp"],
        "days_since_last_connection": 100,
    }]
    assert result["unused"][0]["last_known_user_connection_timestamp"].startswith(days_ago(100).date().isoformat())
    assert [(k["workspace_id"], k["reason"]) for k in result["kept"]] == [(ids["dave"], "tagged euc:keep")]
    assert [(s["workspace_id"], s["reason"]) for s in result["skipped"]] == [
        (ids["carol"], "never connected: set include_never_connected to choose it"),
        (ids["erin"], "SUSPENDED: AWS cannot terminate it, resume it first"),
    ]
    summary = summary_of(run)
    assert summary[0] == f"Terminated 1 WorkSpace(s): alice {ids['alice']}"
    assert summary[1] == (
        f"Unused for 90 days or more: {ids['alice']} (alice, {directory_id}, last connection {days_ago(100).date().isoformat()})"
    )
    assert f"Kept: {ids['dave']} (dave): tagged euc:keep" in summary
    assert (
        f"Skipped: {ids['carol']} (carol): never connected: set include_never_connected to choose it; "
        f"{ids['erin']} (erin): SUSPENDED: AWS cannot terminate it, resume it first"
    ) in summary
    # Tags are looked up for the candidates only (alice, dave), not for the fleet of five.
    assert sorted(call["params"]["ResourceId"] for call in ws.calls("DescribeTags")) == sorted([ids["alice"], ids["dave"]])
    assert len(ws.calls("DescribeWorkspacesConnectionStatus")) == 2  # the fleet, then the candidates


def test_check_mode_lists_exactly_what_would_go_and_terminates_nothing(ws, playbook, fleet):
    directory_id, ids = fleet
    run = run_role(playbook, ws, "--check", workspaces_terminate_unused_days=90, workspaces_terminate_directory_id=directory_id)
    assert run.returncode == 0, run.output
    assert summary_of(run)[0] == f"Would terminate (check mode) 1 WorkSpace(s): alice {ids['alice']}"
    assert result_of(run)["terminated"] == [ids["alice"]]
    assert ws.calls("TerminateWorkspaces") == []
    assert ws.state_of(ids["alice"]) == "AVAILABLE"


def test_never_connected_are_chosen_only_when_asked(ws, playbook, fleet):
    directory_id, ids = fleet
    run = run_role(
        playbook, ws, workspaces_terminate_unused_days=90, workspaces_terminate_directory_id=directory_id,
        workspaces_terminate_include_never_connected=True,
    )
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == [ids["alice"], ids["carol"]]
    assert f"{ids['carol']} (carol, {directory_id}, last connection never)" in summary_of(run)[1]


def test_an_empty_keep_tag_exempts_nothing_and_looks_up_no_tags(ws, playbook, fleet):
    directory_id, ids = fleet
    run = run_role(playbook, ws, workspaces_terminate_unused_days=90, workspaces_terminate_directory_id=directory_id,
                   workspaces_terminate_keep_tag="")
    assert run.returncode == 0, run.output
    assert run.task("Terminate the WorkSpaces")["terminated"] == [ids["alice"], ids["dave"]]
    assert ws.calls("DescribeTags") == []


def test_the_guard_refuses_before_anything_is_terminated(ws, playbook, fleet):
    directory_id, ids = fleet
    run = run_role(playbook, ws, workspaces_terminate_unused_days=30, workspaces_terminate_directory_id=directory_id,
                   workspaces_terminate_keep_tag="", workspaces_terminate_max_count=1)
    assert run.returncode != 0
    assert "Refusing to terminate 2 WorkSpaces" in run.task("Refuse to terminate more WorkSpaces than allowed")["msg"]
    assert ws.calls("TerminateWorkspaces") == []
    assert ws.state_of(ids["alice"]) == "AVAILABLE" and ws.state_of(ids["dave"]) == "AVAILABLE"


def test_without_a_directory_the_whole_region_is_in_scope(ws, playbook):
    first, second = ws.seed_directory(), ws.seed_directory()
    (alice,) = ws.seed_workspaces(first, ["alice"])
    (bob,) = ws.seed_workspaces(second, ["bob"])
    for workspace_id in (alice, bob):
        ws.set_connection(workspace_id, last_connection=days_ago(60))
    run = run_role(playbook, ws, workspaces_terminate_unused_days=45)
    assert run.returncode == 0, run.output
    assert sorted(run.task("Terminate the WorkSpaces")["terminated"]) == sorted([alice, bob])


def test_unused_days_cannot_be_combined_with_ids(ws, playbook):
    run = run_role(playbook, ws, workspaces_terminate_unused_days=30, workspaces_terminate_ids=["ws-abc12345d"])
    assert run.returncode != 0
    assert "not two of them" in run.task("Check the inputs")["msg"]
    assert ws.calls() == []


def test_the_monthly_example_in_check_mode(ws, playbook, fleet):
    directory_id, ids = fleet
    text = (REPO_ROOT / "examples" / "retire_unused.yml").read_text()
    run = playbook(text, "--check", extra_vars={"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region, "directory_id": directory_id})
    assert run.returncode == 0, run.output
    assert summary_of(run)[0] == f"Would terminate (check mode) 1 WorkSpace(s): alice {ids['alice']}"
    assert ws.calls("TerminateWorkspaces") == []

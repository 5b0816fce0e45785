# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Joiners: workspaces_create through the real ansible and ansible-playbook, against the sandbox."""

import math

import pytest

from e2e_support import REPO_ROOT
from e2e_support import play
from e2e_support import playbook_text
from sandbox import BUNDLE_ID
from sandbox import OTHER_BUNDLE_ID

CREATE_PLAYBOOK = playbook_text(
    play(
        "Joiners",
        """
        - name: Create
          euc.aws.workspaces_create:
            directory_id: "{{ directory_id }}"
            bundle_id: "{{ bundle_id }}"
            user_names: "{{ user_names }}"
            workspace_properties:
              running_mode: AUTO_STOP
              running_mode_auto_stop_timeout_in_minutes: 60
            tags:
              team: finance
            wait: "{{ wait | default(false) }}"
        """,
    )
)


@pytest.fixture(name="quick_pending", autouse=True)
def fixture_quick_pending(ws):
    ws.set_transition_seconds(pending=3)
    return ws


def create(playbook, ws, directory_id, user_names, *extra_cli, bundle_id=BUNDLE_ID, **extra_vars):
    return playbook(
        CREATE_PLAYBOOK,
        *extra_cli,
        extra_vars=dict(endpoint_url=ws.endpoint_url, directory_id=directory_id, bundle_id=bundle_id, user_names=user_names, **extra_vars),
    )


@pytest.mark.matrix
def test_create_then_run_again_is_ok(ws, playbook):
    directory_id = ws.seed_directory()
    first = create(playbook, ws, directory_id, ["alice", "bob"])
    assert first.returncode == 0, first.output
    assert first.stats["changed"] == 1
    created = first.task("Create")["created"]
    assert [c["user_name"] for c in created] == ["alice", "bob"]
    for item in created:
        assert ws.state_of(item["workspace_id"]) == "PENDING"
        assert ws.tags_of(item["workspace_id"]) == {"team": "finance"}
    (create_call,) = ws.calls("CreateWorkspaces")
    assert create_call["params"]["Workspaces"][0]["WorkspaceProperties"] == {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 60}

    second = create(playbook, ws, directory_id, ["alice", "BOB"])
    assert second.returncode == 0, second.output
    assert second.stats["changed"] == 0
    assert [p["workspace_id"] for p in second.task("Create")["already_present"]] == [c["workspace_id"] for c in created]
    assert len(ws.calls("CreateWorkspaces")) == 1


def test_mixed_existing_and_new_users_with_differences_reported(ws, adhoc):
    directory_id = ws.seed_directory()
    (ann,) = ws.seed_workspaces(directory_id, ["Ann"], bundle_id=OTHER_BUNDLE_ID)
    ws.reset_calls()
    run = adhoc(
        {"directory_id": directory_id, "bundle_id": BUNDLE_ID, "user_names": ["ann", "cat"], "endpoint_url": ws.endpoint_url},
        module="euc.aws.workspaces_create",
    )
    assert run.returncode == 0, run.output
    assert run.status == "CHANGED"
    assert run.result["already_present"] == [{"user_name": "ann", "workspace_id": ann, "state": "AVAILABLE"}]
    assert run.result["differences"] == [
        {"user_name": "ann", "workspace_id": ann, "field": "bundle_id", "present": OTHER_BUNDLE_ID, "wanted": BUNDLE_ID}
    ]
    assert [c["user_name"] for c in run.result["created"]] == ["cat"]
    assert [r["UserName"] for call in ws.calls("CreateWorkspaces") for r in call["params"]["Workspaces"]] == ["cat"]


def test_check_mode_predicts_and_creates_nothing(ws, playbook):
    directory_id = ws.seed_directory()
    ws.seed_workspaces(directory_id, ["alice"])
    ws.reset_calls()
    run = create(playbook, ws, directory_id, ["alice", "bob"], "--check")
    assert run.returncode == 0, run.output
    task = run.task("Create")
    assert task["changed"] is True
    assert task["created"] == [{"workspace_id": None, "user_name": "bob"}]
    assert ws.calls("CreateWorkspaces") == []


def test_an_unknown_bundle_is_a_failed_request_naming_each_user(ws, adhoc):
    directory_id = ws.seed_directory()
    run = adhoc(
        {"directory_id": directory_id, "bundle_id": "wsb-00000000zz", "user_names": ["alice"], "endpoint_url": ws.endpoint_url},
        module="euc.aws.workspaces_create",
    )
    assert run.returncode != 0
    assert run.result["created"] == [] and run.result["changed"] is False
    assert run.result["failed_requests"][0]["user_name"] == "alice"
    assert run.result["failed_requests"][0]["error_code"] == "ResourceNotFound.Bundle"
    assert run.result["msg"].startswith("Failed to create 1 WorkSpace(s): alice (ResourceNotFound.Bundle: ")


def test_a_user_still_terminating_is_refused_before_any_create(ws, adhoc):
    directory_id = ws.seed_directory()
    (alice,) = ws.seed_workspaces(directory_id, ["alice"])
    ws.client("workspaces").terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    ws.reset_calls()
    run = adhoc(
        {"directory_id": directory_id, "bundle_id": BUNDLE_ID, "user_names": ["alice", "bob"], "endpoint_url": ws.endpoint_url},
        module="euc.aws.workspaces_create",
    )
    assert run.returncode != 0
    assert run.result["terminating"] == [{"user_name": "alice", "workspace_id": alice, "state": "TERMINATING"}]
    assert ws.calls("CreateWorkspaces") == []


def test_wait_until_available(ws, playbook):
    directory_id = ws.seed_directory()
    run = create(playbook, ws, directory_id, ["alice"], wait=True)
    assert run.returncode == 0, run.output
    (created,) = run.task("Create")["created"]
    assert ws.state_of(created["workspace_id"]) == "AVAILABLE"


def test_a_workspace_that_lands_in_error_fails_the_wait_naming_its_user(ws, playbook):
    directory_id = ws.seed_directory()
    ws.land_in_on_create("bob", "ERROR")
    run = create(playbook, ws, directory_id, ["alice", "bob"], wait=True)
    assert run.returncode != 0
    task = run.task("Create")
    assert [c["user_name"] for c in task["created"]] == ["alice", "bob"] and task["changed"] is True
    (failed,) = task["wait_failed"]
    assert failed["user_name"] == "bob" and failed["state"] == "ERROR"
    assert f"{failed['workspace_id']} (ERROR) of bob" in task["msg"]


def test_many_users_cost_the_minimum_calls(ws, adhoc):
    directory_id = ws.seed_directory()
    users = [f"joiner{n:03d}" for n in range(60)]
    run = adhoc(
        {"directory_id": directory_id, "bundle_id": BUNDLE_ID, "user_names": users, "endpoint_url": ws.endpoint_url},
        module="euc.aws.workspaces_create",
    )
    assert run.returncode == 0, run.output
    assert len(run.result["created"]) == 60
    # The shared lookup by user: one call per user, then one listing (one page, the directory being empty) for the
    # users those calls did not find, in case AWS's UserName filter compares case.
    assert len(ws.calls("DescribeWorkspaces")) == 60 + 1
    assert sorted(len(call["params"]["Workspaces"]) for call in ws.calls("CreateWorkspaces")) == [10, 25, 25]
    assert len(ws.calls("CreateWorkspaces")) == math.ceil(60 / 25)


def test_bad_input_fails_before_any_call(ws, adhoc):
    run = adhoc(
        {"directory_id": "d-1234567890", "bundle_id": BUNDLE_ID, "user_names": ["alice"], "endpoint_url": ws.endpoint_url,
         "workspace_properties": {"running_mode": "ALWAYS_ON", "running_mode_auto_stop_timeout_in_minutes": 60}},
        module="euc.aws.workspaces_create",
    )
    assert run.returncode != 0
    assert "applies to AUTO_STOP only" in run.result["msg"]
    assert ws.calls() == []


def test_the_onboarding_example_takes_a_survey_of_comma_separated_users(ws, playbook):
    directory_id = ws.seed_directory()
    text = (REPO_ROOT / "examples" / "onboard_workspaces.yml").read_text()
    extra = {"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region, "directory_id": directory_id,
             "bundle_id": BUNDLE_ID, "user_names": "alice, bob"}
    first = playbook(text, extra_vars=extra)
    assert first.returncode == 0, first.output
    assert [c["user_name"] for c in first.task("Create a WorkSpace for each joiner")["created"]] == ["alice", "bob"]
    again = playbook(text, extra_vars=extra)
    assert again.returncode == 0 and again.stats["changed"] == 0


def test_a_user_in_a_large_directory_is_found_whatever_the_case_with_one_call(ws, adhoc):
    directory_id = ws.seed_directory()
    ws.seed_fleet(directory_id, 60)
    (ann,) = ws.seed_workspaces(directory_id, ["Ann"])
    ws.reset_calls()
    run = adhoc(
        {"directory_id": directory_id, "bundle_id": BUNDLE_ID, "user_names": ["ann"], "endpoint_url": ws.endpoint_url},
        module="euc.aws.workspaces_create",
    )
    assert run.returncode == 0, run.output
    assert run.result["already_present"] == [{"user_name": "ann", "workspace_id": ann, "state": "AVAILABLE"}]
    # One look-up by user, whatever the size of the directory: the sandbox's filter ignores case, so no listing.
    assert [call["params"] for call in ws.calls("DescribeWorkspaces")] == [{"DirectoryId": directory_id, "UserName": "ann"}]
    assert ws.calls("CreateWorkspaces") == []

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The helpdesk works by user name: every action module takes directory_id and user_names, through the real ansible
and ansible-playbook, against the sandbox."""

import time

import pytest

from e2e_support import REPO_ROOT
from e2e_support import play
from e2e_support import playbook_text
from sandbox import OTHER_BUNDLE_ID

# verb -> (module arguments besides the users, the call it makes, the result key of what it did)
VERBS = {
    "reboot": ("", "RebootWorkspaces", "rebooted"),
    "stop": ("", "StopWorkspaces", "stopped"),
    "maintenance": ("state=admin_maintenance", "ModifyWorkspaceState", "modified"),
    "properties": ("running_mode=ALWAYS_ON", "ModifyWorkspaceProperties", "modified"),
}


def by_user(adhoc, ws, verb, directory_id, user_names, *extra_cli, extra=""):
    """The issue's ad hoc line: ansible localhost -m euc.aws.workspaces_VERB -a "directory_id=... user_names=..."."""
    args = f"directory_id={directory_id} user_names={user_names} endpoint_url={ws.endpoint_url} {extra}"
    return adhoc(args.strip(), *extra_cli, module=f"euc.aws.workspaces_{verb}")


def acted_on(ws, operation):
    return [call["params"].get("WorkspaceId") or call["params"] for call in ws.calls(operation)]


def lookups(ws):
    """The DescribeWorkspaces calls of a lookup by user: (UserName or None for a listing of the directory)."""
    return [call["params"].get("UserName") for call in ws.calls("DescribeWorkspaces") if "DirectoryId" in call["params"]]


@pytest.mark.matrix
@pytest.mark.parametrize("verb", VERBS)
def test_ad_hoc_by_user_name_in_another_case(ws, adhoc, verb):
    extra, operation, done_key = VERBS[verb]
    directory_id = ws.seed_directory()
    alice, _bob = ws.seed_workspaces(directory_id, ["alice", "bob"])
    ws.reset_calls()
    run = by_user(adhoc, ws, verb, directory_id, "ALICE", extra=extra)
    assert run.returncode == 0, run.output
    assert run.status == "CHANGED" and run.result[done_key] == [alice]
    assert run.result["users"] == {"ALICE": alice}
    assert run.result["workspaces"][0]["user_name"] == "alice"
    assert len(ws.calls(operation)) == 1 and alice in str(ws.calls(operation)[0]["params"])
    assert lookups(ws) == ["ALICE"]  # one call for one user: no listing of the directory


def test_an_unknown_user_fails_before_any_change_and_is_named(ws, adhoc):
    directory_id = ws.seed_directory()
    alice, = ws.seed_workspaces(directory_id, ["alice"])
    ws.reset_calls()
    run = by_user(adhoc, ws, "reboot", directory_id, "alice,zoe")
    assert run.returncode != 0 and run.result["changed"] is False and run.result["rebooted"] == []
    assert run.result["not_found"] == ["zoe"] and run.result["users"] == {"alice": alice, "zoe": None}
    assert f"directory {directory_id} holds no WorkSpace of zoe" in run.result["msg"]
    # zoe is looked for once more in one listing of the directory, in case AWS's filter compares case.
    assert sorted(lookups(ws), key=str) == sorted(["alice", "zoe", None], key=str)
    assert ws.calls("RebootWorkspaces") == []


def test_a_user_mid_migration_is_about_the_new_workspace(ws, adhoc):
    ws.set_lifecycle(600, 1)  # the WorkSpace migrated away from stays TERMINATING for the whole test
    ws.set_transition_seconds(pending=1)
    directory_id = ws.seed_directory()
    old, = ws.seed_workspaces(directory_id, ["alice"])
    new = ws.client("workspaces").migrate_workspace(SourceWorkspaceId=old, BundleId=OTHER_BUNDLE_ID)["TargetWorkspaceId"]
    deadline = time.monotonic() + 30
    while ws.state_of(new) != "AVAILABLE" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ws.state_of(old) == "TERMINATING" and ws.state_of(new) == "AVAILABLE"
    ws.reset_calls()
    run = by_user(adhoc, ws, "stop", directory_id, "alice")
    assert run.returncode == 0, run.output
    assert run.result["stopped"] == [new] and run.result["users"] == {"alice": new}
    assert ws.state_of(old) == "TERMINATING"


def test_check_mode_predicts_and_changes_nothing(ws, adhoc):
    directory_id = ws.seed_directory()
    alice, = ws.seed_workspaces(directory_id, ["alice"])
    ws.reset_calls()
    run = by_user(adhoc, ws, "reboot", directory_id, "Alice", "--check")
    assert run.returncode == 0, run.output
    assert run.status == "CHANGED" and run.result["rebooted"] == [alice]
    assert ws.calls("RebootWorkspaces") == [] and ws.state_of(alice) == "AVAILABLE"


@pytest.mark.parametrize("arguments, problem", [
    ("directory_id=dir user_names=alice", "directory_id 'dir' must match"),
    (f"directory_id=d-1234567890 user_names={'x' * 64}", "must be 1 to 63 characters long"),
    ("directory_id=d-1234567890 user_names=alice workspace_ids=ws-abc12345d", "mutually exclusive"),
], ids=["directory", "user name", "ids and users"])
def test_bad_input_fails_before_any_call(ws, adhoc, arguments, problem):
    ws.reset_calls()
    run = adhoc(f"{arguments} endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_reboot")
    assert run.returncode != 0 and problem in run.result["msg"], run.output
    assert ws.calls() == []


TERMINATE_PLAYBOOK = playbook_text(
    play(
        "Leavers by user name",
        """
        - name: Terminate
          euc.aws.workspaces_terminate:
            directory_id: "{{ directory_id }}"
            user_names: "{{ leavers }}"
        """,
    )
)


@pytest.mark.matrix
def test_terminate_by_user_name_in_a_playbook(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob, carol = ws.seed_workspaces(directory_id, ["alice", "bob", "carol"])
    extra_vars = {"endpoint_url": ws.endpoint_url, "directory_id": directory_id, "leavers": ["alice", "BOB", "zoe"]}

    check = playbook(TERMINATE_PLAYBOOK, "--check", extra_vars=extra_vars)
    assert check.returncode == 0, check.output
    assert check.task("Terminate")["terminated"] == [alice, bob] and ws.calls("TerminateWorkspaces") == []

    first = playbook(TERMINATE_PLAYBOOK, extra_vars=extra_vars)
    assert first.returncode == 0, first.output
    task = first.task("Terminate")
    assert task["changed"] is True and task["terminated"] == [alice, bob]
    assert task["already_absent"] == ["zoe"]  # a user with no WorkSpace is already gone: ok, no call
    assert task["users"] == {"alice": alice, "BOB": bob, "zoe": None}
    assert ws.state_of(carol) == "AVAILABLE"

    again = playbook(TERMINATE_PLAYBOOK, extra_vars=extra_vars)
    assert again.returncode == 0, again.output
    assert again.task("Terminate")["changed"] is False and again.task("Terminate")["terminated"] == []
    assert len(ws.calls("TerminateWorkspaces")) == 1


def test_the_helpdesk_example_takes_a_survey_of_user_names_and_a_directory(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["alice", "bob"])
    text = (REPO_ROOT / "examples" / "helpdesk.yml").read_text()
    survey = {"helpdesk_action": "stop", "user_names": "Alice, bob", "directory_id": directory_id}
    run = playbook(text, extra_vars=dict(survey, workspaces_endpoint_url=ws.endpoint_url, aws_region=ws.region))
    assert run.returncode == 0, run.output
    assert run.task("Stop the WorkSpaces")["stopped"] == [alice, bob]
    assert run.task("Stop the WorkSpaces")["users"] == {"Alice": alice, "bob": bob}
    assert [ws.state_of(alice), ws.state_of(bob)] == ["STOPPED", "STOPPED"]
    both = playbook(text, extra_vars=dict(survey, workspace_ids=alice, workspaces_endpoint_url=ws.endpoint_url, aws_region=ws.region))
    assert both.returncode != 0
    assert "Give user_names (with directory_id) or workspace_ids, one of the two" in both.task("Check whose WorkSpaces")["msg"]

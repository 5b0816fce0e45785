# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Changing WorkSpaces in place: admin maintenance, restore and migrate through the real ansible and ansible-playbook,
against the sandbox."""

import json
import subprocess

import pytest
import yaml

from e2e_support import REPO_ROOT
from e2e_support import ansible_env
from e2e_support import play
from e2e_support import playbook_text
from sandbox import OTHER_BUNDLE_ID

MAINTENANCE = "euc.aws.workspaces_maintenance"


def seeded(ws, users, **settings):
    return ws.seed_workspaces(ws.seed_directory(), users, **settings)


def run_module(adhoc, ws, module, args, *extra_cli):
    return adhoc(dict(args, endpoint_url=ws.endpoint_url), *extra_cli, module=module)


def check_mode_playbook(ws, module, args):
    task = dict(args, endpoint_url=ws.endpoint_url, region="us-east-1")
    return playbook_text(play("Preview", [{"name": "Change", module: task}], aws=None))


# --- admin maintenance ---------------------------------------------------------------------------


@pytest.mark.matrix
def test_maintenance_on_then_ok_again_then_off(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.reset_calls()
    first = run_module(adhoc, ws, MAINTENANCE, {"workspace_ids": [alice, bob], "state": "admin_maintenance"})
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED" and first.result["modified"] == [alice, bob] and first.result["unchanged"] == []
    calls = sorted((call["params"]["WorkspaceId"], call["params"]["WorkspaceState"]) for call in ws.calls("ModifyWorkspaceState"))
    assert calls == sorted([(alice, "ADMIN_MAINTENANCE"), (bob, "ADMIN_MAINTENANCE")])
    assert [ws.state_of(alice), ws.state_of(bob)] == ["ADMIN_MAINTENANCE", "ADMIN_MAINTENANCE"]

    again = run_module(adhoc, ws, MAINTENANCE, {"workspace_ids": [alice, bob], "state": "admin_maintenance"})
    assert again.returncode == 0, again.output
    assert again.status == "SUCCESS" and again.result["changed"] is False and again.result["unchanged"] == [alice, bob]
    assert len(ws.calls("ModifyWorkspaceState")) == 2

    off = run_module(adhoc, ws, MAINTENANCE, {"workspace_ids": [alice], "state": "available"})
    assert off.returncode == 0, off.output
    assert off.status == "CHANGED" and off.result["modified"] == [alice]
    assert [ws.state_of(alice), ws.state_of(bob)] == ["AVAILABLE", "ADMIN_MAINTENANCE"]


def test_maintenance_check_mode_calls_nothing_that_changes(ws, playbook):
    (alice,) = seeded(ws, ["alice"])
    run = playbook(check_mode_playbook(ws, MAINTENANCE, {"workspace_ids": [alice], "state": "admin_maintenance"}), "--check", "--diff")
    assert run.returncode == 0, run.output
    task = run.task("Change")
    assert task["changed"] is True and task["modified"] == [alice]
    assert task["diff"] == {"before": {"states": {alice: "AVAILABLE"}}, "after": {"states": {alice: "ADMIN_MAINTENANCE"}}}
    assert ws.calls("ModifyWorkspaceState") == [] and ws.state_of(alice) == "AVAILABLE"


def test_maintenance_refuses_a_stopped_workspace_before_any_call(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_state(bob, "STOPPED")
    run = run_module(adhoc, ws, MAINTENANCE, {"workspace_ids": [alice, bob], "state": "admin_maintenance"})
    assert run.returncode != 0 and run.result["changed"] is False and run.result["modified"] == []
    reason = "STOPPED: start it first (euc.aws.workspaces_start); only an AVAILABLE WorkSpace can be put into admin maintenance"
    assert run.result["refused"] == [{"workspace_id": bob, "state": "STOPPED", "reason": reason}]
    assert ws.calls("ModifyWorkspaceState") == [] and ws.state_of(alice) == "AVAILABLE"


def test_maintenance_a_workspace_aws_refuses_fails_by_name_while_the_others_change(ws, adhoc):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"])
    ws.fail_requests({bob: ("InvalidResourceStateException", "The WorkSpace is being updated.")}, operation="ModifyWorkspaceState")
    run = run_module(adhoc, ws, MAINTENANCE, {"workspace_ids": [alice, bob, carol], "state": "admin_maintenance", "max_concurrency": 4})
    assert run.returncode != 0
    assert run.result["changed"] is True and run.result["modified"] == [alice, carol]
    assert run.result["failed_requests"] == [
        {"workspace_id": bob, "error_code": "InvalidResourceStateException", "error_message": "The WorkSpace is being updated."}
    ]
    assert run.result["msg"] == (
        f"Failed to put into admin maintenance 1 WorkSpace(s): {bob} (InvalidResourceStateException: The WorkSpace is being updated.)"
    )
    assert [ws.state_of(i) for i in (alice, bob, carol)] == ["ADMIN_MAINTENANCE", "AVAILABLE", "ADMIN_MAINTENANCE"]


def test_maintenance_operation_in_progress_is_retried_until_aws_takes_it(ws, adhoc):
    (alice,) = seeded(ws, ["alice"])
    ws.fail_requests({alice: ("OperationInProgressException", "Please try again in a moment.")}, operation="ModifyWorkspaceState", times=1)
    run = run_module(adhoc, ws, MAINTENANCE, {"workspace_ids": [alice], "state": "admin_maintenance"})
    assert run.returncode == 0, run.output
    assert run.result["modified"] == [alice] and run.result["failed_requests"] == []
    assert [call["status"] for call in ws.calls("ModifyWorkspaceState")] == [400, 200]
    assert ws.state_of(alice) == "ADMIN_MAINTENANCE"


MAINTENANCE_WINDOW = playbook_text(
    play(
        "Patch night",
        """
        - name: Keep users out
          euc.aws.workspaces_maintenance:
            workspace_ids: "{{ workspace_ids }}"
            state: admin_maintenance
            wait: true
        - name: A reboot while in admin maintenance
          euc.aws.workspaces_reboot:
            workspace_ids: "{{ workspace_ids }}"
          register: refused_reboot
          ignore_errors: true
        - name: Let users back in
          euc.aws.workspaces_maintenance:
            workspace_ids: "{{ workspace_ids }}"
            state: available
            wait: true
        - name: Reboot once out of it
          euc.aws.workspaces_reboot:
            workspace_ids: "{{ workspace_ids }}"
        """,
    )
)


def test_a_patch_night_waits_for_each_state_and_the_power_verbs_refuse_admin_maintenance(ws, playbook):
    alice, bob = seeded(ws, ["alice", "bob"])
    run = playbook(MAINTENANCE_WINDOW, extra_vars={"endpoint_url": ws.endpoint_url, "workspace_ids": [alice, bob]})
    assert run.returncode == 0, run.output
    assert run.task("Keep users out")["modified"] == [alice, bob]
    refused = run.task("A reboot while in admin maintenance")
    advice = "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"
    assert refused["failed"] is True and refused["rebooted"] == []
    assert refused["refused"] == [{"workspace_id": i, "state": "ADMIN_MAINTENANCE", "reason": advice} for i in (alice, bob)]
    assert run.task("Let users back in")["modified"] == [alice, bob]
    assert run.task("Reboot once out of it")["rebooted"] == [alice, bob]
    # The one RebootWorkspaces call is the last task's: the refused reboot never reached AWS.
    assert len(ws.calls("RebootWorkspaces")) == 1


@pytest.mark.parametrize("verb", ["start", "stop", "rebuild"])
def test_the_other_power_verbs_refuse_admin_maintenance_before_any_call(ws, adhoc, verb):
    (alice,) = seeded(ws, ["alice"])
    ws.set_state(alice, "ADMIN_MAINTENANCE")
    run = run_module(adhoc, ws, f"euc.aws.workspaces_{verb}", {"workspace_ids": [alice]})
    assert run.returncode != 0 and run.result["changed"] is False
    assert "take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)" in run.result["msg"]
    operation = f"{verb.capitalize()}Workspaces"
    assert ws.calls(operation) == []


# --- restore -------------------------------------------------------------------------------------

RESTORE = "euc.aws.workspaces_restore"
# Long enough that a second ansible run still finds the WorkSpace RESTORING.
RESTORING_SECONDS = 30


@pytest.mark.matrix
def test_restore_then_ok_while_it_restores(ws, adhoc):
    broken, stopped = seeded(ws, ["alice", "bob"])
    ws.set_state(broken, "ERROR")
    ws.set_state(stopped, "STOPPED")
    ws.set_transition_seconds(restoring=RESTORING_SECONDS)
    ws.reset_calls()
    first = run_module(adhoc, ws, RESTORE, {"workspace_ids": [broken, stopped]})
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED" and first.result["restored"] == [broken, stopped] and first.result["already_restoring"] == []
    assert sorted(call["params"]["WorkspaceId"] for call in ws.calls("RestoreWorkspace")) == sorted([broken, stopped])
    assert [ws.state_of(broken), ws.state_of(stopped)] == ["RESTORING", "RESTORING"]

    again = run_module(adhoc, ws, RESTORE, {"workspace_ids": [broken, stopped]})
    assert again.returncode == 0, again.output
    assert again.status == "SUCCESS" and again.result["changed"] is False and again.result["already_restoring"] == [broken, stopped]
    assert len(ws.calls("RestoreWorkspace")) == 2


def test_restore_check_mode_calls_nothing_that_changes(ws, playbook):
    (alice,) = seeded(ws, ["alice"])
    ws.set_state(alice, "UNHEALTHY")
    run = playbook(check_mode_playbook(ws, RESTORE, {"workspace_ids": [alice]}), "--check", "--diff")
    assert run.returncode == 0, run.output
    task = run.task("Change")
    assert task["changed"] is True and task["restored"] == [alice]
    assert task["diff"] == {"before": {"states": {alice: "UNHEALTHY"}}, "after": {"states": {alice: "AVAILABLE"}}}
    assert ws.calls("RestoreWorkspace") == [] and ws.state_of(alice) == "UNHEALTHY"


def test_restore_refuses_admin_maintenance_and_busy_workspaces_before_any_call(ws, adhoc):
    in_maintenance, pending, fine = seeded(ws, ["alice", "bob", "carol"])
    ws.set_state(in_maintenance, "ADMIN_MAINTENANCE")
    ws.set_state(pending, "PENDING")
    run = run_module(adhoc, ws, RESTORE, {"workspace_ids": [in_maintenance, pending, fine]})
    assert run.returncode != 0 and run.result["changed"] is False and run.result["restored"] == []
    assert run.result["refused"] == [
        {"workspace_id": in_maintenance, "state": "ADMIN_MAINTENANCE",
         "reason": "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"},
        {"workspace_id": pending, "state": "PENDING", "reason": "PENDING: it is busy; wait until it has settled, then try again"},
    ]
    assert ws.calls("RestoreWorkspace") == [] and ws.state_of(fine) == "AVAILABLE"


def test_restore_a_workspace_aws_refuses_fails_by_name_while_the_others_restore(ws, adhoc):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"], state="ERROR")
    ws.fail_requests({bob: ("OperationNotSupportedException", "This WorkSpace has no snapshot to restore from.")}, operation="RestoreWorkspace")
    run = run_module(adhoc, ws, RESTORE, {"workspace_ids": [alice, bob, carol], "max_concurrency": 4})
    assert run.returncode != 0
    assert run.result["changed"] is True and run.result["restored"] == [alice, carol]
    assert run.result["failed_requests"] == [
        {"workspace_id": bob, "error_code": "OperationNotSupportedException", "error_message": "This WorkSpace has no snapshot to restore from."}
    ]
    assert ws.state_of(bob) == "ERROR" and {ws.state_of(alice), ws.state_of(carol)} <= {"RESTORING", "AVAILABLE"}


def test_restore_waits_until_available_and_names_one_that_lands_in_error(ws, adhoc):
    alice, bob = seeded(ws, ["alice", "bob"], state="UNHEALTHY")
    ws.set_transition_seconds(restoring=3)
    ws.land_in(bob, "ERROR")
    run = run_module(adhoc, ws, RESTORE, {"workspace_ids": [alice, bob], "wait": True, "wait_timeout": 60})
    assert run.returncode != 0
    assert run.result["restored"] == [alice, bob] and run.result["changed"] is True
    assert run.result["wait_failed"] == [{"workspace_id": bob, "state": "ERROR"}]
    assert run.result["msg"] == f"Restored {alice}, {bob}, but 1 WorkSpace(s) did not become AVAILABLE: {bob} (ERROR)"
    assert ws.state_of(alice) == "AVAILABLE"


# --- migrate -------------------------------------------------------------------------------------

MIGRATE = "euc.aws.workspaces_migrate"


def bundle_of(ws, workspace_id):
    (found,) = ws.client("workspaces").describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"]
    return found["BundleId"]


@pytest.mark.matrix
def test_migrate_by_user_then_ok_again_while_and_after_it_runs(ws, adhoc):
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["alice", "bob"])
    ws.reset_calls()
    args = {"directory_id": directory_id, "user_names": ["alice", "bob"], "bundle_id": OTHER_BUNDLE_ID}
    first = run_module(adhoc, ws, MIGRATE, args)
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED" and first.result["unchanged"] == []
    migrated = {entry["user_name"]: entry for entry in first.result["migrated"]}
    assert [entry["source_workspace_id"] for entry in first.result["migrated"]] == [alice, bob]
    assert sorted(call["params"]["SourceWorkspaceId"] for call in ws.calls("MigrateWorkspace")) == sorted([alice, bob])
    new_alice, new_bob = migrated["alice"]["target_workspace_id"], migrated["bob"]["target_workspace_id"]
    assert bundle_of(ws, new_alice) == bundle_of(ws, new_bob) == OTHER_BUNDLE_ID
    assert ws.state_of(alice) == "TERMINATING"

    again = run_module(adhoc, ws, MIGRATE, args)
    assert again.returncode == 0, again.output
    assert again.status == "SUCCESS" and again.result["changed"] is False and again.result["unchanged"] == [new_alice, new_bob]
    assert len(ws.calls("MigrateWorkspace")) == 2


def test_migrate_check_mode_calls_nothing_that_changes(ws, playbook):
    (alice,) = seeded(ws, ["alice"])
    run = playbook(check_mode_playbook(ws, MIGRATE, {"workspace_ids": [alice], "bundle_id": OTHER_BUNDLE_ID}), "--check", "--diff")
    assert run.returncode == 0, run.output
    task = run.task("Change")
    assert task["changed"] is True
    assert task["migrated"] == [{"source_workspace_id": alice, "target_workspace_id": None, "user_name": "alice"}]
    assert task["diff"]["after"] == {"bundle_ids": {alice: OTHER_BUNDLE_ID}}
    assert ws.calls("MigrateWorkspace") == [] and ws.state_of(alice) == "AVAILABLE"


def test_migrate_refuses_other_states_and_users_without_a_workspace_before_any_call(ws, adhoc):
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["alice", "bob"])
    ws.set_state(bob, "ERROR")
    refused = run_module(adhoc, ws, MIGRATE, {"workspace_ids": [alice, bob], "bundle_id": OTHER_BUNDLE_ID})
    assert refused.returncode != 0 and refused.result["changed"] is False and refused.result["migrated"] == []
    assert refused.result["refused"] == [{"workspace_id": bob, "state": "ERROR", "reason": "ERROR: AWS cannot migrate a WorkSpace in this state"}]
    missing = run_module(adhoc, ws, MIGRATE, {"directory_id": directory_id, "user_names": ["alice", "zoe"], "bundle_id": OTHER_BUNDLE_ID})
    assert missing.returncode != 0 and missing.result["not_found"] == ["zoe"]
    assert ws.calls("MigrateWorkspace") == [] and ws.state_of(alice) == "AVAILABLE"


def test_migrate_a_workspace_aws_refuses_fails_by_name_while_the_others_migrate(ws, adhoc):
    alice, bob, carol = seeded(ws, ["alice", "bob", "carol"])
    ws.fail_requests({bob: ("OperationNotSupportedException", "Migration between these bundles is not supported.")}, operation="MigrateWorkspace")
    run = run_module(adhoc, ws, MIGRATE, {"workspace_ids": [alice, bob, carol], "bundle_id": OTHER_BUNDLE_ID, "max_concurrency": 4})
    assert run.returncode != 0 and run.result["changed"] is True
    assert [entry["source_workspace_id"] for entry in run.result["migrated"]] == [alice, carol]
    assert run.result["failed_requests"] == [
        {"workspace_id": bob, "error_code": "OperationNotSupportedException", "error_message": "Migration between these bundles is not supported."}
    ]
    assert ws.state_of(bob) == "AVAILABLE" and bundle_of(ws, bob) != OTHER_BUNDLE_ID


def test_migrate_waits_until_the_new_workspace_is_available_and_the_old_one_gone(ws, adhoc):
    (alice,) = seeded(ws, ["alice"], state="STOPPED")
    ws.set_lifecycle(terminating_seconds=2, terminated_seconds=1)
    ws.set_transition_seconds(pending=2)
    run = run_module(adhoc, ws, MIGRATE, {"workspace_ids": [alice], "bundle_id": OTHER_BUNDLE_ID, "wait": True, "wait_timeout": 120})
    assert run.returncode == 0, run.output
    (entry,) = run.result["migrated"]
    assert ws.state_of(entry["target_workspace_id"]) == "AVAILABLE" and ws.state_of(alice) is None


# --- the example playbook, as an AWX survey fills it ------------------------------------------------


def run_example(ws, playbook, *extra_cli, **survey):
    text = (REPO_ROOT / "examples" / "change_workspaces.yml").read_text()
    extra = {"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region, **survey}
    return playbook(text, *extra_cli, extra_vars=extra)


def test_the_change_example_checks_first_then_migrates_the_workspaces_the_survey_names(ws, playbook):
    alice, bob = seeded(ws, ["alice", "bob"])
    ws.set_lifecycle(terminating_seconds=2, terminated_seconds=1)
    survey = {"change": "migrate", "workspace_ids": f"{alice}, {bob}", "bundle_id": OTHER_BUNDLE_ID}
    check = run_example(ws, playbook, "--check", **survey)
    assert check.returncode == 0, check.output
    predicted = check.task("Migrate the WorkSpaces to the bundle")
    assert predicted["changed"] is True and [entry["source_workspace_id"] for entry in predicted["migrated"]] == [alice, bob]
    assert ws.calls("MigrateWorkspace") == []

    run = run_example(ws, playbook, **survey)
    assert run.returncode == 0, run.output
    migrated = run.task("Migrate the WorkSpaces to the bundle")["migrated"]
    assert [entry["source_workspace_id"] for entry in migrated] == [alice, bob]
    assert [ws.state_of(entry["target_workspace_id"]) for entry in migrated] == ["AVAILABLE", "AVAILABLE"]
    assert [ws.state_of(alice), ws.state_of(bob)] == [None, None]
    assert run.task("Restore the WorkSpaces to their last snapshots (the changes since are lost)")["skipped"] is True


def test_the_change_example_puts_into_admin_maintenance_and_refuses_an_unknown_change(ws, playbook):
    (alice,) = seeded(ws, ["alice"])
    run = run_example(ws, playbook, change="admin_maintenance", workspace_ids=alice)
    assert run.returncode == 0, run.output
    assert run.task("Put the WorkSpaces into admin maintenance, or take them out of it")["modified"] == [alice]
    assert ws.state_of(alice) == "ADMIN_MAINTENANCE"
    wrong = run_example(ws, playbook, change="migrate", workspace_ids=alice)
    assert wrong.returncode != 0
    assert "change must be admin_maintenance, available, restore or migrate (with bundle_id)" in wrong.task("Check the change asked for")["msg"]


# --- the ansible-doc examples ---------------------------------------------------------------------


def run_examples(ws, playbook, module, replacements):
    """The module's EXAMPLES, as ansible-doc shows them, run as one play against the sandbox with real IDs."""
    doc = subprocess.run(["ansible-doc", "--json", module], env=ansible_env(ws), capture_output=True, text=True, check=True)
    examples = json.loads(doc.stdout)[module]["examples"]
    for placeholder, value in replacements.items():
        examples = examples.replace(placeholder, value)
    aws = {"endpoint_url": ws.endpoint_url, "region": ws.region}
    run = playbook(playbook_text(play("The examples", yaml.safe_load(examples), aws=aws)))
    assert run.returncode == 0, run.output
    assert run.stats["failures"] == 0
    return run


def test_the_maintenance_examples_are_true(ws, playbook):
    alice, bob = seeded(ws, ["alice", "bob"])
    run_examples(ws, playbook, MAINTENANCE, {"ws-abc12345d": alice, "ws-def67890g": bob})
    calls = sorted((call["params"]["WorkspaceId"], call["params"]["WorkspaceState"]) for call in ws.calls("ModifyWorkspaceState"))
    assert calls == sorted([(alice, "ADMIN_MAINTENANCE"), (bob, "ADMIN_MAINTENANCE"), (alice, "AVAILABLE"), (bob, "AVAILABLE")])
    assert [ws.state_of(alice), ws.state_of(bob)] == ["AVAILABLE", "AVAILABLE"]


def test_the_restore_examples_are_true(ws, playbook):
    (alice,) = seeded(ws, ["alice"])
    ws.set_transition_seconds(restoring=3)
    ws.reset_calls()
    run = run_examples(ws, playbook, "euc.aws.workspaces_restore", {"ws-abc12345d": alice})
    assert run.task("Preview a restore first (check mode calls nothing that changes AWS)")["restored"] == [alice]
    assert [call["params"] for call in ws.calls("RestoreWorkspace")] == [{"WorkspaceId": alice}]
    assert ws.state_of(alice) == "AVAILABLE"


def test_the_migrate_examples_are_true(ws, playbook):
    directory_id = ws.seed_directory()
    alice, bob, carol = ws.seed_workspaces(directory_id, ["alice", "bob", "carol"])
    # The second example waits until the old WorkSpaces are gone: short terminations, so that it returns soon.
    ws.set_lifecycle(2, 1)
    ws.set_transition_seconds(pending=2)
    ws.reset_calls()
    run = run_examples(
        ws, playbook, "euc.aws.workspaces_migrate", {"d-1234567890": directory_id, "wsb-0123456789": OTHER_BUNDLE_ID, "ws-abc12345d": carol}
    )
    preview = run.task("Preview which users' WorkSpaces would move to the new bundle (check mode calls nothing that changes AWS)")
    assert [entry["source_workspace_id"] for entry in preview["migrated"]] == [alice, bob]
    assert sorted(call["params"]["SourceWorkspaceId"] for call in ws.calls("MigrateWorkspace")) == sorted([alice, bob, carol])
    assert all(call["params"]["BundleId"] == OTHER_BUNDLE_ID for call in ws.calls("MigrateWorkspace"))
    # wait: true in the second example: alice's and bob's old WorkSpaces are gone by the time it returned.
    assert [ws.state_of(alice), ws.state_of(bob)] == [None, None]

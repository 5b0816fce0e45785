# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_migrate through main(), every AWS call pinned with botocore's Stubber."""

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_migrate

from module_harness import describe_params
from module_harness import looked_up as harness_looked_up
from module_harness import run_main
from module_harness import workspace

OLD_BUNDLE = "wsb-123456789"  # the harness's WorkSpaces are on it
NEW_BUNDLE = "wsb-987654321"
DIRECTORY = "d-1234567890"
MODEL = botocore.session.get_session().get_service_model("workspaces")


def on(bundle_id, workspace_id, state="AVAILABLE", user_name="alice"):
    return dict(workspace(workspace_id, state, user_name=user_name), BundleId=bundle_id)


def migrate(stubber, source, target):
    stubber.add_response(
        "migrate_workspace", {"SourceWorkspaceId": source, "TargetWorkspaceId": target}, {"SourceWorkspaceId": source, "BundleId": NEW_BUNDLE}
    )


def looked_up(stubber, users, workspaces):
    harness_looked_up(stubber, DIRECTORY, users, workspaces)


def test_by_id_one_call_for_each_workspace_not_on_the_bundle(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [on(OLD_BUNDLE, "ws-aaaaaaaa1"), on(NEW_BUNDLE, "ws-aaaaaaaa2", user_name="bob"),
                        on(OLD_BUNDLE, "ws-aaaaaaaa3", "STOPPED", user_name="carol")]},
        describe_params(requested),
    )
    migrate(stubber, "ws-aaaaaaaa1", "ws-bbbbbbbb1")
    migrate(stubber, "ws-aaaaaaaa3", "ws-bbbbbbbb3")
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, workspace_ids=requested + ["ws-aaaaaaaa3"])
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["migrated"] == [
        {"source_workspace_id": "ws-aaaaaaaa1", "target_workspace_id": "ws-bbbbbbbb1", "user_name": "alice"},
        {"source_workspace_id": "ws-aaaaaaaa3", "target_workspace_id": "ws-bbbbbbbb3", "user_name": "carol"},
    ]
    assert result["unchanged"] == ["ws-aaaaaaaa2"]
    assert result["not_found"] == [] and result["refused"] == [] and result["failed_requests"] == []


def test_by_user_a_user_already_on_the_bundle_is_unchanged_even_while_the_migration_runs(stubber, capsys):
    looked_up(stubber, ["alice", "Bob", "ALICE"], [
        on(OLD_BUNDLE, "ws-aaaaaaaa1", user_name="alice"),
        on(OLD_BUNDLE, "ws-aaaaaaaa2", "TERMINATING", user_name="bob"),  # migrated away from by an earlier run
        on(NEW_BUNDLE, "ws-bbbbbbbb2", "PENDING", user_name="bob"),
        on(OLD_BUNDLE, "ws-aaaaaaaa9", user_name="zoe"),  # not asked for
    ])
    migrate(stubber, "ws-aaaaaaaa1", "ws-bbbbbbbb1")
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, directory_id=DIRECTORY, user_names=["alice", "Bob", "ALICE"])
    assert not result.get("failed"), result
    assert result["migrated"] == [{"source_workspace_id": "ws-aaaaaaaa1", "target_workspace_id": "ws-bbbbbbbb1", "user_name": "alice"}]
    assert result["unchanged"] == ["ws-bbbbbbbb2"]
    assert [ws["workspace_id"] for ws in result["workspaces"]] == ["ws-aaaaaaaa1", "ws-bbbbbbbb2"]


def test_by_user_again_is_ok_with_no_call(stubber, capsys):
    looked_up(stubber, ["alice", "bob"], [on(NEW_BUNDLE, "ws-bbbbbbbb1", user_name="alice"), on(NEW_BUNDLE, "ws-bbbbbbbb2", user_name="bob")])
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, directory_id=DIRECTORY, user_names=["alice", "bob"])
    assert result["changed"] is False and result["migrated"] == [] and result["unchanged"] == ["ws-bbbbbbbb1", "ws-bbbbbbbb2"]


def test_by_user_a_user_without_a_workspace_fails_before_any_call(stubber, capsys):
    directory = [on(OLD_BUNDLE, "ws-aaaaaaaa1", user_name="alice"), on(OLD_BUNDLE, "ws-aaaaaaaa2", "TERMINATED", user_name="dave")]
    looked_up(stubber, ["alice", "carol", "dave"], directory)
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, directory_id=DIRECTORY, user_names=["alice", "carol", "dave"])
    assert result["failed"] is True and result["changed"] is False and result["migrated"] == []
    assert result["not_found"] == ["carol", "dave"]
    assert result["msg"] == f"Nothing was migrated: directory {DIRECTORY} holds no WorkSpace of carol, dave (check the user names and the directory)"


@pytest.mark.parametrize("options", [{"workspace_ids": []}, {"directory_id": DIRECTORY, "user_names": []}], ids=["ids", "users"])
def test_an_empty_list_is_ok_and_calls_nothing(stubber, capsys, options):
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, **options)
    assert not result.get("failed"), result
    assert result["changed"] is False and result["migrated"] == []


def test_options_the_model_refuses_fail_before_any_call(stubber, capsys):
    bundle_pattern, directory = (MODEL.shape_for(shape).metadata for shape in ("BundleId", "DirectoryId"))
    result = run_main(workspaces_migrate, capsys, bundle_id="bundle-1", directory_id="dir", user_names=["alice", ""])
    assert result["failed"] is True and result["migrated"] == []
    assert result["invalid"] == [
        f"bundle_id 'bundle-1' must match {bundle_pattern['pattern']}",
        f"directory_id 'dir' must be {directory['min']} to {directory['max']} characters long",
        f"directory_id 'dir' must match {directory['pattern']}",
        f"user_names: '' must be {MODEL.shape_for('UserName').metadata['min']} to {MODEL.shape_for('UserName').metadata['max']} characters long",
    ]
    assert result["msg"] == "Nothing was migrated: " + "; ".join(result["invalid"])


def test_malformed_ids_fail_before_any_call(stubber, capsys):
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, workspace_ids=["ws-abc12345d", "WS-ABC12345D"])
    assert result["failed"] is True and result["malformed_ids"] == ["WS-ABC12345D"] and result["migrated"] == []


@pytest.mark.parametrize("options, message", [
    ({"workspace_ids": ["ws-aaaaaaaa1"], "directory_id": DIRECTORY, "user_names": ["alice"]}, "mutually exclusive: workspace_ids|directory_id"),
    ({"directory_id": DIRECTORY}, "required together: directory_id, user_names"),
    ({}, "one of the following is required: workspace_ids, user_names"),
], ids=["both", "directory without users", "neither"])
def test_ids_or_users_but_one_of_them(stubber, capsys, options, message):
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, **options)
    assert result["failed"] is True and message in result["msg"]


@pytest.mark.parametrize("state, reason", [
    ("ERROR", "ERROR: AWS cannot migrate a WorkSpace in this state"),
    ("ADMIN_MAINTENANCE", "ADMIN_MAINTENANCE: take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"),
    ("PENDING", "PENDING: it is busy; wait until it has settled, then try again"),
    ("TERMINATING", "TERMINATING: it is being terminated"),
])
def test_other_states_are_refused_before_anything_is_migrated(stubber, capsys, state, reason):
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [on(OLD_BUNDLE, "ws-aaaaaaaa1"), on(OLD_BUNDLE, "ws-aaaaaaaa2", state)]},
        describe_params(["ws-aaaaaaaa1", "ws-aaaaaaaa2"]),
    )
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, workspace_ids=["ws-aaaaaaaa1", "ws-aaaaaaaa2"])
    assert result["failed"] is True and result["changed"] is False and result["migrated"] == []
    assert result["refused"] == [{"workspace_id": "ws-aaaaaaaa2", "state": state, "reason": reason}]
    assert result["msg"] == f"Nothing was migrated: these WorkSpaces cannot be migrated in their current state: ws-aaaaaaaa2 ({reason})"


def test_a_workspace_aws_refuses_fails_the_task_by_name_and_the_others_proceed(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2"]
    stubber.add_response("describe_workspaces", {"Workspaces": [on(OLD_BUNDLE, i) for i in requested]}, describe_params(requested))
    stubber.add_client_error(
        "migrate_workspace", "OperationNotSupportedException", "Migration between these bundles is not supported.", 400,
        expected_params={"SourceWorkspaceId": "ws-aaaaaaaa1", "BundleId": NEW_BUNDLE},
    )
    migrate(stubber, "ws-aaaaaaaa2", "ws-bbbbbbbb2")
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, workspace_ids=requested)
    assert result["failed"] is True and result["changed"] is True
    assert result["migrated"] == [{"source_workspace_id": "ws-aaaaaaaa2", "target_workspace_id": "ws-bbbbbbbb2", "user_name": "alice"}]
    assert result["failed_requests"] == [{
        "workspace_id": "ws-aaaaaaaa1", "error_code": "OperationNotSupportedException",
        "error_message": "Migration between these bundles is not supported.",
    }]
    assert result["msg"] == (
        "Failed to migrate 1 WorkSpace(s): ws-aaaaaaaa1 (OperationNotSupportedException: Migration between these bundles is not supported.)"
    )


def test_access_denied_midway_stops_and_names_who_is_in_doubt(stubber, capsys):
    requested = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response("describe_workspaces", {"Workspaces": [on(OLD_BUNDLE, i) for i in requested]}, describe_params(requested))
    migrate(stubber, "ws-aaaaaaaa1", "ws-bbbbbbbb1")
    stubber.add_client_error(
        "migrate_workspace", "AccessDeniedException", "not allowed", 400, expected_params={"SourceWorkspaceId": "ws-aaaaaaaa2", "BundleId": NEW_BUNDLE}
    )
    result = run_main(workspaces_migrate, capsys, bundle_id=NEW_BUNDLE, workspace_ids=requested)
    assert result["failed"] is True and result["changed"] is True
    assert result["migrated"] == [{"source_workspace_id": "ws-aaaaaaaa1", "target_workspace_id": "ws-bbbbbbbb1", "user_name": "alice"}]
    assert result["outcome_unknown"] == ["ws-aaaaaaaa2"] and result["not_attempted"] == ["ws-aaaaaaaa3"]


def test_check_mode_predicts_exactly_and_shows_the_bundles_before_and_after(stubber, capsys):
    looked_up(stubber, ["alice", "bob"], [on(OLD_BUNDLE, "ws-aaaaaaaa1", user_name="alice"), on(NEW_BUNDLE, "ws-bbbbbbbb2", user_name="bob")])
    result = run_main(
        workspaces_migrate, capsys, check_mode=True, diff=True, wait=True, bundle_id=NEW_BUNDLE, directory_id=DIRECTORY, user_names=["alice", "bob"]
    )
    assert result["changed"] is True and result["unchanged"] == ["ws-bbbbbbbb2"]
    assert result["migrated"] == [{"source_workspace_id": "ws-aaaaaaaa1", "target_workspace_id": None, "user_name": "alice"}]
    assert result["diff"] == {
        "before": {"bundle_ids": {"ws-aaaaaaaa1": OLD_BUNDLE, "ws-bbbbbbbb2": NEW_BUNDLE}},
        "after": {"bundle_ids": {"ws-aaaaaaaa1": NEW_BUNDLE, "ws-bbbbbbbb2": NEW_BUNDLE}},
    }


def test_wait_until_each_new_workspace_is_available_and_its_source_gone(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [on(OLD_BUNDLE, "ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    migrate(stubber, "ws-aaaaaaaa1", "ws-bbbbbbbb1")
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [on(NEW_BUNDLE, "ws-bbbbbbbb1", "PENDING"), on(OLD_BUNDLE, "ws-aaaaaaaa1", "TERMINATING")]},
        describe_params(["ws-bbbbbbbb1", "ws-aaaaaaaa1"]),
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [on(NEW_BUNDLE, "ws-bbbbbbbb1")]}, describe_params(["ws-bbbbbbbb1", "ws-aaaaaaaa1"]))
    result = run_main(workspaces_migrate, capsys, wait=True, bundle_id=NEW_BUNDLE, workspace_ids=["ws-aaaaaaaa1"])
    assert not result.get("failed"), result
    assert result["migrated"][0]["target_workspace_id"] == "ws-bbbbbbbb1" and len(fake_time.sleeps) == 2


def test_wait_timeout_names_the_new_and_the_old_not_there_yet(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [on(OLD_BUNDLE, "ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    migrate(stubber, "ws-aaaaaaaa1", "ws-bbbbbbbb1")
    for _poll in range(2):
        stubber.add_response(
            "describe_workspaces",
            {"Workspaces": [on(NEW_BUNDLE, "ws-bbbbbbbb1", "PENDING"), on(OLD_BUNDLE, "ws-aaaaaaaa1", "TERMINATING")]},
            describe_params(["ws-bbbbbbbb1", "ws-aaaaaaaa1"]),
        )
    result = run_main(workspaces_migrate, capsys, wait=True, wait_timeout=3, bundle_id=NEW_BUNDLE, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True and result["changed"] is True
    assert result["not_ready"] == [{"workspace_id": "ws-bbbbbbbb1", "state": "PENDING"}, {"workspace_id": "ws-aaaaaaaa1", "state": "TERMINATING"}]
    assert result["msg"] == (
        "Migrated ws-aaaaaaaa1, but timed out after 3s waiting for WorkSpaces to end the migration (the new WorkSpaces AVAILABLE, "
        "their sources gone); not there yet: ws-bbbbbbbb1 (PENDING), ws-aaaaaaaa1 (TERMINATING)"
    )


def test_wait_fails_naming_a_new_workspace_that_lands_in_error(stubber, capsys, fake_time):
    stubber.add_response("describe_workspaces", {"Workspaces": [on(OLD_BUNDLE, "ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    migrate(stubber, "ws-aaaaaaaa1", "ws-bbbbbbbb1")
    stubber.add_response("describe_workspaces", {"Workspaces": [on(NEW_BUNDLE, "ws-bbbbbbbb1", "ERROR")]}, describe_params(["ws-bbbbbbbb1", "ws-aaaaaaaa1"]))
    result = run_main(workspaces_migrate, capsys, wait=True, bundle_id=NEW_BUNDLE, workspace_ids=["ws-aaaaaaaa1"])
    assert result["failed"] is True
    assert result["wait_failed"] == [{"workspace_id": "ws-bbbbbbbb1", "state": "ERROR"}]

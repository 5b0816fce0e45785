# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""MigrateWorkspace (moto has none): a new WorkSpace on the new bundle, the old one leaving, over HTTP through boto3."""

import time

import pytest
from botocore.exceptions import ClientError

from sandbox import BUNDLE_ID
from sandbox import OTHER_BUNDLE_ID
from sandbox.testing import INVALID_STATE
from sandbox.testing import MODEL
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import TERMINATED
from sandbox.testing import TERMINATING
from sandbox.testing import raw_call
from sandbox.testing import refusal
from sandbox.testing import states

ALL_STATES = MODEL.shape_for("WorkspaceState").enum


def migrate(client, source_id, bundle_id=OTHER_BUNDLE_ID):
    answer = client.migrate_workspace(SourceWorkspaceId=source_id, BundleId=bundle_id)
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def refused(client, source_id, bundle_id=OTHER_BUNDLE_ID):
    with pytest.raises(ClientError) as raised:
        migrate(client, source_id, bundle_id)
    return refusal(raised)


def described(client, workspace_id):
    (workspace,) = client.describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"]
    return workspace


@pytest.fixture(name="directory_id")
def fixture_directory_id(sb):
    return sb.seed_directory()


def test_the_target_is_created_pending_then_available_and_the_source_leaves(sb, client, directory_id):
    sb.set_transition_seconds(pending=SLOW)
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    answer = migrate(client, alice)
    target = answer["TargetWorkspaceId"]
    assert answer == {"SourceWorkspaceId": alice, "TargetWorkspaceId": target} and target != alice
    assert states(client, DirectoryId=directory_id, UserName="alice") == {alice: "TERMINATING", target: "PENDING"}
    assert described(client, target) == {
        "WorkspaceId": target, "DirectoryId": directory_id, "UserName": "alice", "State": "PENDING", "BundleId": OTHER_BUNDLE_ID,
    }
    sb.set_transition_seconds(pending=0)
    assert described(client, target)["State"] == "AVAILABLE"
    time.sleep(TERMINATING + TERMINATED + 0.1)
    assert states(client, DirectoryId=directory_id) == {target: "AVAILABLE"}
    assert sb.state_of(alice) is None


def test_the_target_keeps_user_directory_properties_and_tags_on_the_new_bundle(sb, client, directory_id):
    sb.set_transition_seconds(pending=0)
    (alice,) = sb.seed_workspaces(directory_id, ["alice"], running_mode="ALWAYS_ON")
    sb.set_properties(alice, {"ComputeTypeName": "POWER", "RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100})
    client.create_tags(ResourceId=alice, Tags=[{"Key": "team", "Value": "blue"}])
    before = described(client, alice)
    target = migrate(client, alice)["TargetWorkspaceId"]
    after = described(client, target)
    assert {key: after[key] for key in ("DirectoryId", "UserName", "WorkspaceProperties", "ModificationStates", "State")} == {
        "DirectoryId": directory_id, "UserName": "alice", "WorkspaceProperties": before["WorkspaceProperties"],
        "ModificationStates": [], "State": "AVAILABLE",
    }
    assert after["BundleId"] == OTHER_BUNDLE_ID != before["BundleId"]
    assert sb.tags_of(target) == {"team": "blue"}


def test_a_stopped_workspace_is_migrated(sb, client, directory_id):
    sb.set_transition_seconds(pending=SLOW)
    (alice,) = sb.seed_workspaces(directory_id, ["alice"], state="STOPPED")
    target = migrate(client, alice)["TargetWorkspaceId"]
    assert (sb.state_of(alice), sb.state_of(target)) == ("TERMINATING", "PENDING")


def test_other_states_are_refused(sb, client, directory_id):
    others = [state for state in ALL_STATES if state not in ("AVAILABLE", "STOPPED")]
    for state, workspace_id in zip(others, sb.seed_workspaces(directory_id, count=len(others))):
        sb.set_state(workspace_id, state)
        assert refused(client, workspace_id) == INVALID_STATE, state
        assert sb.state_of(workspace_id) == state
    assert len(states(client, DirectoryId=directory_id)) == len(others)  # no target was made


def test_an_unknown_or_leaving_source_is_refused(sb, client, directory_id):
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    assert refused(client, "ws-000000000") == ("ResourceNotFoundException", "The specified WorkSpace could not be found.")
    migrate(client, alice)
    assert refused(client, alice, BUNDLE_ID) == INVALID_STATE  # it is TERMINATING


def test_an_unknown_bundle_or_the_bundle_it_has_is_refused(sb, client, directory_id):
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    assert refused(client, alice, "wsb-000000000") == (
        "ResourceNotFoundException", "The specified bundle could not be found in the specified region."
    )
    assert refused(client, alice, BUNDLE_ID) == (
        "InvalidParameterValuesException", "The WorkSpace already uses the specified bundle."
    )
    assert states(client, DirectoryId=directory_id) == {alice: "AVAILABLE"}


def test_a_workspace_whose_properties_are_being_modified_is_refused(sb, client, directory_id):
    sb.set_transition_seconds(update_initiated=SLOW)
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    client.modify_workspace_properties(WorkspaceId=alice, WorkspaceProperties={"ComputeTypeName": "POWER"})
    assert refused(client, alice)[0] == "OperationInProgressException"
    sb.set_transition_seconds(update_initiated=0, update_in_progress=0)
    assert migrate(client, alice)["SourceWorkspaceId"] == alice


@pytest.mark.parametrize("params, where, rule", [
    ({"SourceWorkspaceId": "ws-000000000", "BundleId": "bundle-1"}, "bundleId", "pattern"),
    ({"SourceWorkspaceId": "ws-short", "BundleId": OTHER_BUNDLE_ID}, "sourceWorkspaceId", "pattern"),
    ({"SourceWorkspaceId": "ws-000000000"}, "bundleId", "must not be null"),
])
def test_input_is_checked_against_the_model(sb, params, where, rule):
    status, answer = raw_call(sb, "MigrateWorkspace", params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert f"'{where}'" in answer["message"] and rule in answer["message"]


def test_the_target_can_be_made_to_end_elsewhere(sb, client, directory_id):
    sb.set_transition_seconds(pending=SLOW)
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    sb.land_in_on_create("alice", "ERROR")
    target = migrate(client, alice)["TargetWorkspaceId"]
    sb.set_transition_seconds(pending=0)
    assert sb.state_of(target) == "ERROR"


def test_an_armed_exception_answers_by_source_the_first_times(sb, client, directory_id):
    alice, bob = sb.seed_workspaces(directory_id, ["alice", "bob"])
    sb.fail_requests({alice: ("ResourceUnavailableException", "Later.")}, operation="MigrateWorkspace", times=1)
    assert refused(client, alice) == ("ResourceUnavailableException", "Later.")
    assert sb.state_of(alice) == "AVAILABLE"
    migrate(client, bob)
    migrate(client, alice)
    assert [call["status"] for call in sb.calls("MigrateWorkspace")] == [400, 200, 200]
    assert sb.calls("MigrateWorkspace")[0]["params"] == {"SourceWorkspaceId": alice, "BundleId": OTHER_BUNDLE_ID}


def test_migration_belongs_to_its_region(sb, client):
    sb.set_transition_seconds(pending=SLOW)
    (here,) = sb.seed_workspaces(sb.seed_directory(), ["alice"])
    (there,) = sb.seed_workspaces(sb.seed_directory(OTHER_REGION), ["alice"], region=OTHER_REGION)
    other_client = sb.client("workspaces", OTHER_REGION, retries={"total_max_attempts": 1})
    assert refused(client, there)[0] == "ResourceNotFoundException"
    target = migrate(other_client, there)["TargetWorkspaceId"]
    assert (sb.state_of(target), sb.state_of(target, region=OTHER_REGION)) == (None, "PENDING")
    assert states(client) == {here: "AVAILABLE"}
    assert [call["region"] for call in sb.calls("MigrateWorkspace")] == ["us-east-1", OTHER_REGION]

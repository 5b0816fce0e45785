# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DescribeWorkspacesConnectionStatus (moto lacks it) and tags as AWS keeps them, over HTTP."""

import datetime

import pytest
from botocore.exceptions import ClientError

from sandbox.testing import MODEL
from sandbox.testing import create_workspace
from sandbox.testing import error_code
from sandbox.testing import raw_call
from sandbox.testing import seeded

MOST_IDS = MODEL.shape_for("WorkspaceIdList").metadata["max"]
SHORTER = f"Member must have length less than or equal to {MOST_IDS}"


def statuses(client, **params):
    return client.describe_workspaces_connection_status(**params)["WorkspacesConnectionStatus"]


def connection_states(client, **params):
    return {status["WorkspaceId"]: status["ConnectionState"] for status in statuses(client, **params)}


# --- DescribeWorkspacesConnectionStatus ----------------------------------------------------------


@pytest.mark.parametrize("params, where", [
    ({"WorkspaceIds": [f"ws-{n:09d}" for n in range(MOST_IDS + 1)]}, f"'workspaceIds' failed to satisfy constraint: {SHORTER}"),
    ({"WorkspaceIds": []}, "'workspaceIds' failed to satisfy constraint: Member must have length greater"),
    ({"WorkspaceIds": ["ws-short"]}, "'workspaceIds.1.member'"),
    ({"NextToken": ""}, "'nextToken'"),
])
def test_connection_status_input_is_checked(sb, params, where):
    status, answer = raw_call(sb, "DescribeWorkspacesConnectionStatus", params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert where in answer["message"]


def test_seeded_workspaces_are_disconnected_and_never_connected(sb, client):
    (alice,) = seeded(sb, ["alice"])
    (status,) = statuses(client, WorkspaceIds=[alice])
    assert status["ConnectionState"] == "DISCONNECTED"
    assert "LastKnownUserConnectionTimestamp" not in status
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs(status["ConnectionStateCheckTimestamp"] - now) < datetime.timedelta(minutes=1)


def test_without_ids_every_workspace_of_the_region_is_paged(sb, client):
    created = sb.seed_workspaces(sb.seed_directory(), count=MOST_IDS + 5)
    created += sb.seed_workspaces(sb.seed_directory(), ["zed"])
    first = client.describe_workspaces_connection_status()
    assert len(first["WorkspacesConnectionStatus"]) == MOST_IDS and "NextToken" in first
    second = client.describe_workspaces_connection_status(NextToken=first["NextToken"])
    assert "NextToken" not in second
    walked = [status["WorkspaceId"] for page in (first, second) for status in page["WorkspacesConnectionStatus"]]
    assert walked == created
    paginated = client.get_paginator("describe_workspaces_connection_status").paginate()
    assert [status["WorkspaceId"] for page in paginated for status in page["WorkspacesConnectionStatus"]] == created


def test_with_ids_unknown_ones_are_simply_absent(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"])
    assert connection_states(client, WorkspaceIds=[bob, "ws-000000000"]) == {bob: "DISCONNECTED"}


def test_a_stopped_workspace_is_unknown_and_a_pending_one_absent(sb, client):
    sb.set_transition_seconds(pending=60)
    directory_id = sb.seed_directory()
    alice, bob = sb.seed_workspaces(directory_id, ["alice", "bob"])
    sb.set_connection(bob, "CONNECTED")
    sb.set_state(bob, "STOPPED")
    carol = create_workspace(client, directory_id, "carol")
    assert connection_states(client) == {alice: "DISCONNECTED", bob: "UNKNOWN"}
    sb.set_transition_seconds(pending=0)
    assert connection_states(client, WorkspaceIds=[carol]) == {carol: "DISCONNECTED"}


def test_last_connection_as_a_test_sets_it(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"])
    long_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=45)
    sb.set_connection(alice, last_connection=long_ago)
    sb.set_connection(bob, state="CONNECTED", last_connection=long_ago)
    answer = {status["WorkspaceId"]: status for status in statuses(client)}
    assert answer[alice]["ConnectionState"] == "DISCONNECTED"
    assert abs(answer[alice]["LastKnownUserConnectionTimestamp"] - long_ago) < datetime.timedelta(seconds=1)
    assert answer[bob]["ConnectionState"] == "CONNECTED"
    sb.set_connection(alice, last_connection=None)
    assert "LastKnownUserConnectionTimestamp" not in statuses(client, WorkspaceIds=[alice])[0]
    with pytest.raises(ValueError):
        sb.set_connection(alice, last_connection=datetime.datetime(2026, 1, 1))  # naive: which zone?
    with pytest.raises(ValueError):
        sb.set_connection(alice, state="BUSY")


def test_a_token_of_another_call_is_refused(sb, client):
    sb.seed_workspaces(sb.seed_directory(), count=MOST_IDS + 1)
    token = client.describe_workspaces()["NextToken"]
    with pytest.raises(ClientError) as raised:
        client.describe_workspaces_connection_status(NextToken=token)
    assert error_code(raised) == "InvalidParameterValuesException"


# --- tags -----------------------------------------------------------------------------------------


def test_create_tags_replaces_the_value_of_an_existing_key(sb, client):
    (alice,) = seeded(sb, ["alice"])
    client.create_tags(ResourceId=alice, Tags=[{"Key": "team", "Value": "blue"}, {"Key": "owner", "Value": "ops"}])
    client.create_tags(ResourceId=alice, Tags=[{"Key": "team", "Value": "red"}])
    assert client.describe_tags(ResourceId=alice)["TagList"] == [{"Key": "team", "Value": "red"}, {"Key": "owner", "Value": "ops"}]
    assert sb.tags_of(alice) == {"team": "red", "owner": "ops"}


def test_delete_tags_removes_the_keys_given(sb, client):
    (alice,) = seeded(sb, ["alice"])
    client.create_tags(ResourceId=alice, Tags=[{"Key": "team", "Value": "blue"}, {"Key": "owner", "Value": "ops"}])
    client.delete_tags(ResourceId=alice, TagKeys=["team", "not-there"])
    assert sb.tags_of(alice) == {"owner": "ops"}


@pytest.mark.parametrize("call", [
    lambda client: client.describe_tags(ResourceId="ws-000000000"),
    lambda client: client.create_tags(ResourceId="ws-000000000", Tags=[{"Key": "k", "Value": "v"}]),
    lambda client: client.delete_tags(ResourceId="ws-000000000", TagKeys=["k"]),
])
def test_tags_of_an_unknown_resource_are_a_resource_not_found(sb, client, call):
    with pytest.raises(ClientError) as raised:
        call(client)
    assert error_code(raised) == "ResourceNotFoundException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_at_most_50_tags_per_resource(sb, client):
    (alice,) = seeded(sb, ["alice"])
    client.create_tags(ResourceId=alice, Tags=[{"Key": f"k{n}", "Value": "v"} for n in range(50)])
    client.create_tags(ResourceId=alice, Tags=[{"Key": "k0", "Value": "replaced"}])  # replacing adds no tag
    with pytest.raises(ClientError) as raised:
        client.create_tags(ResourceId=alice, Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_code(raised) == "ResourceLimitExceededException"
    assert len(sb.tags_of(alice)) == 50 and sb.tags_of(alice)["k0"] == "replaced"


@pytest.mark.parametrize("tag, where", [
    ({"Key": "k" * (MODEL.shape_for("TagKey").metadata["max"] + 1), "Value": "v"}, "'tags.1.member.key'"),
    ({"Key": "", "Value": "v"}, "'tags.1.member.key'"),
    ({"Key": "k", "Value": "v" * (MODEL.shape_for("TagValue").metadata["max"] + 1)}, "'tags.1.member.value'"),
])
def test_tag_limits_are_the_models(sb, client, tag, where):
    (alice,) = seeded(sb, ["alice"])
    status, answer = raw_call(sb, "CreateTags", {"ResourceId": alice, "Tags": [tag]})
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert where in answer["message"]
    assert sb.tags_of(alice) == {}


def test_directories_are_tagged_the_same_way(sb, client):
    directory_id = sb.seed_directory()
    client.create_tags(ResourceId=directory_id, Tags=[{"Key": "site", "Value": "a"}])
    client.create_tags(ResourceId=directory_id, Tags=[{"Key": "site", "Value": "b"}])
    assert client.describe_tags(ResourceId=directory_id)["TagList"] == [{"Key": "site", "Value": "b"}]


def test_a_terminating_workspace_keeps_its_tags(sb, client):
    (alice,) = seeded(sb, ["alice"])
    client.create_tags(ResourceId=alice, Tags=[{"Key": "team", "Value": "blue"}])
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert client.describe_tags(ResourceId=alice)["TagList"] == [{"Key": "team", "Value": "blue"}]

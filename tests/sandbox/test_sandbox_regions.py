# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Regions kept apart (moto's backends and the sandbox's own state), directories in pages, reset, and the control API."""

import datetime
import urllib.error

import pytest
from botocore.exceptions import ClientError

from sandbox.testing import MODEL
from sandbox.testing import control
from sandbox.testing import create_workspace
from sandbox.testing import error_code
from sandbox.testing import raw_call
from sandbox.testing import states

OTHER_REGION = "eu-west-1"
SLOW = 60.0


@pytest.fixture(name="other_client")
def fixture_other_client(sb):
    return sb.client("workspaces", OTHER_REGION, retries={"total_max_attempts": 1})


# --- regions ---------------------------------------------------------------------------------------


def test_each_region_has_its_own_workspaces(sb, client, other_client):
    (here,) = sb.seed_workspaces(sb.seed_directory(), ["alice"])
    (there,) = sb.seed_workspaces(sb.seed_directory(OTHER_REGION), ["alice"], region=OTHER_REGION, state="STOPPED")
    assert states(client) == {here: "AVAILABLE"}
    assert states(other_client) == {there: "STOPPED"}
    assert (sb.state_of(there), sb.state_of(there, region=OTHER_REGION)) == (None, "STOPPED")
    assert [call["region"] for call in sb.calls("DescribeWorkspaces")] == ["us-east-1", OTHER_REGION]
    assert [call["region"] for call in sb.calls(region=OTHER_REGION)] == [OTHER_REGION] * len(sb.calls(region=OTHER_REGION))
    assert len(sb.calls("DescribeWorkspaces", region=OTHER_REGION)) == 1


def test_termination_transitions_and_connections_belong_to_their_region(sb, client, other_client):
    sb.set_transition_seconds(stopping=SLOW)
    (here,) = sb.seed_workspaces(sb.seed_directory(), ["alice"])
    (there,) = sb.seed_workspaces(sb.seed_directory(OTHER_REGION), ["alice"], region=OTHER_REGION)
    assert other_client.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": there}])["FailedRequests"] == []
    other_client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": there}])
    # The same ID from the wrong region is unknown there, as in AWS.
    assert client.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": there}])["FailedRequests"][0]["ErrorCode"] == "400"
    assert states(other_client) == {there: "TERMINATING"}
    assert states(client) == {here: "AVAILABLE"}
    sb.set_connection(here, "CONNECTED")
    with pytest.raises(KeyError):
        sb.set_connection(here, "CONNECTED", region=OTHER_REGION)
    assert other_client.describe_workspaces_connection_status()["WorkspacesConnectionStatus"] == []


def test_region_keywords_reach_every_control(sb, other_client):
    directory_id = sb.seed_directory(OTHER_REGION)
    (alice,) = sb.seed_workspaces(directory_id, ["alice"], region=OTHER_REGION)
    sb.set_running_mode(alice, "MANUAL", region=OTHER_REGION)
    sb.land_in(alice, "ERROR", region=OTHER_REGION)
    sb.set_transition_seconds(stopping=0)
    other_client.stop_workspaces(StopWorkspaceRequests=[{"WorkspaceId": alice}])
    assert sb.state_of(alice, region=OTHER_REGION) == "ERROR"
    sb.land_in_on_create("bob", "UNHEALTHY", region=OTHER_REGION)
    sb.set_transition_seconds(pending=0)
    bob = create_workspace(other_client, directory_id, "bob")
    assert sb.state_of(bob, region=OTHER_REGION) == "UNHEALTHY"
    other_client.create_tags(ResourceId=bob, Tags=[{"Key": "k", "Value": "v"}])
    assert sb.tags_of(bob, region=OTHER_REGION) == {"k": "v"}
    assert len(sb.seed_fleet(directory_id, 3, region=OTHER_REGION)) == 3


def test_paging_positions_are_per_region(sb, client, other_client):
    sb.seed_fleet(sb.seed_directory(OTHER_REGION), 30, region=OTHER_REGION)
    here = sb.seed_fleet(sb.seed_directory(), 30)
    first = client.describe_workspaces(Limit=10)
    second = client.describe_workspaces(Limit=10, NextToken=first["NextToken"])
    assert [ws["WorkspaceId"] for ws in first["Workspaces"] + second["Workspaces"]] == here[:20]


# --- DescribeWorkspaceDirectories --------------------------------------------------------------------


def test_directories_page_with_limit_and_next_token(sb, client):
    created = [sb.seed_directory() for _directory in range(5)]
    first = client.describe_workspace_directories(Limit=2)
    assert [d["DirectoryId"] for d in first["Directories"]] == created[:2]
    pages = [first]
    while "NextToken" in pages[-1]:
        pages.append(client.describe_workspace_directories(Limit=2, NextToken=pages[-1]["NextToken"]))
    assert [len(page["Directories"]) for page in pages] == [2, 2, 1]
    assert [d["DirectoryId"] for page in pages for d in page["Directories"]] == created
    walked = client.get_paginator("describe_workspace_directories").paginate()
    assert [d["DirectoryId"] for page in walked for d in page["Directories"]] == created


def test_directory_ids_filter_the_directories(sb, client):
    first, second, third = (sb.seed_directory() for _directory in range(3))
    answer = client.describe_workspace_directories(DirectoryIds=[third, first])
    assert [d["DirectoryId"] for d in answer["Directories"]] == [first, third]
    assert client.describe_workspace_directories(DirectoryIds=["d-0000000000"])["Directories"] == []
    token = client.describe_workspace_directories(Limit=1)["NextToken"]
    with pytest.raises(ClientError) as raised:
        client.describe_workspace_directories(DirectoryIds=[first], NextToken=token)
    assert error_code(raised) == "InvalidParameterValuesException"


def test_directory_limit_is_the_models(sb):
    most = MODEL.operation_model("DescribeWorkspaceDirectories").input_shape.members["Limit"].metadata["max"]
    assert raw_call(sb, "DescribeWorkspaceDirectories", {"Limit": most})[0] == 200
    status, answer = raw_call(sb, "DescribeWorkspaceDirectories", {"Limit": most + 1})
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert raw_call(sb, "DescribeWorkspaceDirectories", {"DirectoryIds": ["d-nothex!!"]})[1]["__type"] == "ValidationException"


def test_directories_belong_to_their_region(sb, client, other_client):
    there = sb.seed_directory(OTHER_REGION)
    assert client.describe_workspace_directories()["Directories"] == []
    assert [d["DirectoryId"] for d in other_client.describe_workspace_directories()["Directories"]] == [there]


# --- reset -----------------------------------------------------------------------------------------------


def test_reset_forgets_every_region_but_keeps_the_times(sb, client, other_client):
    sb.set_transition_seconds(starting=7)
    (alice,) = sb.seed_workspaces(sb.seed_directory(OTHER_REGION), ["alice"], region=OTHER_REGION)
    sb.set_connection(alice, "CONNECTED", region=OTHER_REGION)
    sb.land_in_on_create("bob", "ERROR", region=OTHER_REGION)
    sb.fail_requests({"bob": ("Code", "message")}, operation="CreateWorkspaces")
    sb.reset()
    assert sb.fidelity.regions == {} and sb.calls() == []
    assert sb.fidelity.transition_seconds["starting"] == 7
    sb.set_transition_seconds(pending=0)
    directory_id = sb.seed_directory(OTHER_REGION)
    assert sb.state_of(create_workspace(other_client, directory_id, "bob"), region=OTHER_REGION) == "AVAILABLE"


# --- the control API over HTTP -----------------------------------------------------------------------------


def test_http_control_of_the_new_behaviour(sb, other_client):
    seeded_now = control(
        sb, "seed", {"users": ["alice", "bob"], "region": OTHER_REGION, "running_mode": "MANUAL", "state": "STOPPED"}
    )
    alice, bob = seeded_now["workspace_ids"]
    assert sb.state_of(alice, region=OTHER_REGION) == "STOPPED" and sb.running_mode_of(alice, region=OTHER_REGION) == "MANUAL"
    fleet = control(sb, "seed", {"fleet": True, "count": 30, "region": OTHER_REGION, "directory_id": seeded_now["directory_id"]})
    assert len(fleet["workspace_ids"]) == 30 and fleet["directory_id"] == seeded_now["directory_id"]
    changed = control(sb, "state", {"workspace_id": bob, "running_mode": "ALWAYS_ON", "state": "AVAILABLE", "region": OTHER_REGION})
    assert changed == {"workspace_id": bob, "state": "AVAILABLE", "running_mode": "ALWAYS_ON"}
    assert control(sb, "transitions", {"starting": SLOW})["transition_seconds"]["starting"] == SLOW
    control(sb, "land_in", {"workspace_id": alice, "state": "ERROR", "region": OTHER_REGION})
    other_client.start_workspaces(StartWorkspaceRequests=[{"WorkspaceId": alice}])
    assert sb.state_of(alice, region=OTHER_REGION) == "STARTING"
    control(sb, "transitions", {"starting": 0})
    assert sb.state_of(alice, region=OTHER_REGION) == "ERROR"
    connected = {"workspace_id": bob, "state": "CONNECTED", "last_connection": "2026-01-02T03:04:05+00:00", "region": OTHER_REGION}
    control(sb, "connection", connected)
    (status,) = other_client.describe_workspaces_connection_status(WorkspaceIds=[bob])["WorkspacesConnectionStatus"]
    assert status["LastKnownUserConnectionTimestamp"] == datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    control(sb, "connection", {"workspace_id": bob, "last_connection": None, "state": "DISCONNECTED", "region": OTHER_REGION})
    (status,) = other_client.describe_workspaces_connection_status(WorkspaceIds=[bob])["WorkspacesConnectionStatus"]
    assert "LastKnownUserConnectionTimestamp" not in status
    control(sb, "land_in_on_create", {"user_name": "carol", "state": "ERROR", "region": OTHER_REGION})
    control(sb, "faults", {"fail_requests": {"dave": ["ResourceLimitExceeded", "full"]}, "operation": "CreateWorkspaces"})
    control(sb, "transitions", {"pending": 0})
    answer = other_client.create_workspaces(Workspaces=[
        {"DirectoryId": seeded_now["directory_id"], "UserName": name, "BundleId": sb.known_bundles[0]} for name in ("carol", "dave")
    ])
    assert [failure["ErrorCode"] for failure in answer["FailedRequests"]] == ["ResourceLimitExceeded"]
    assert sb.state_of(answer["PendingRequests"][0]["WorkspaceId"], region=OTHER_REGION) == "ERROR"
    other_client.create_tags(ResourceId=bob, Tags=[{"Key": "k", "Value": "v"}])
    assert control(sb, "tags", {"workspace_id": bob, "region": OTHER_REGION}) == {"tags": {"k": "v"}}
    assert {call["region"] for call in control(sb, "calls", {"region": OTHER_REGION})["calls"]} == {OTHER_REGION}
    assert control(sb, "calls", {"region": "us-east-1", "operation": "CreateWorkspaces"})["calls"] == []


@pytest.mark.parametrize("action, payload", [
    ("state", {"workspace_id": "ws-000000000", "state": "AVAILABLE"}),
    ("transitions", {"booting": 1}),
    ("land_in", {"workspace_id": "ws-000000000", "state": "ERROR"}),
    ("connection", {"workspace_id": "ws-000000000", "last_connection": "yesterday"}),
    ("tags", {"workspace_id": "ws-000000000"}),
    ("faults", {"fail_requests": {"ws-000000000": ["Code", "message"]}, "operation": "DescribeWorkspaces"}),
])
def test_http_control_refuses_what_it_cannot_do_with_400(sb, action, payload):
    with pytest.raises(urllib.error.HTTPError) as refused:
        control(sb, action, payload)
    assert refused.value.code == 400

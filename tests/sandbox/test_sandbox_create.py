# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CreateWorkspaces as AWS answers it, and seeding (through CreateWorkspaces, or straight into moto for large fleets)."""

import json
import os
import time

import pytest
from botocore.exceptions import ClientError
from werkzeug.test import Client

from sandbox import BUNDLE_ID
from sandbox import OTHER_BUNDLE_ID
from sandbox import Sandbox
from sandbox.testing import MODEL
from sandbox.testing import error_code
from sandbox.testing import raw_call
from sandbox.testing import states

SLOW = 60.0
USER_HAS_WORKSPACE = {
    "ErrorCode": "ResourceExists.WorkSpace",
    "ErrorMessage": "The specified user already has a WorkSpace in this directory.",
}
LONGEST_USER_NAME = MODEL.shape_for("UserName").metadata["max"]
LONGEST_TAG_KEY = MODEL.shape_for("TagKey").metadata["max"]
MEMBER = "workspaces.1.member"


def request(directory_id, user_name, **more):
    return {"DirectoryId": directory_id, "UserName": user_name, "BundleId": BUNDLE_ID, **more}


def create(client, *requests):
    return client.create_workspaces(Workspaces=list(requests))


# --- input checked against the model -------------------------------------------------------------


def test_request_count_is_the_models(sb):
    most = MODEL.shape_for("WorkspaceRequestList").metadata["max"]
    directory_id = sb.seed_directory()
    status, answer = raw_call(sb, "CreateWorkspaces", {"Workspaces": [request(directory_id, f"u{n}") for n in range(most + 1)]})
    assert (status, answer["__type"]) == (400, "ValidationException")
    status, answer = raw_call(sb, "CreateWorkspaces", {"Workspaces": [request(directory_id, f"u{n}") for n in range(most)]})
    assert (status, len(answer["PendingRequests"])) == (200, most)


@pytest.mark.parametrize("changes, where, rule", [
    ({"DirectoryId": "d-XYZ"}, f"{MEMBER}.directoryId", "length greater than or equal to"),
    ({"DirectoryId": "directory-1234"}, f"{MEMBER}.directoryId", "regular expression pattern"),
    ({"BundleId": "wsb-SHOUT"}, f"{MEMBER}.bundleId", "regular expression pattern"),
    ({"UserName": "u" * (LONGEST_USER_NAME + 1)}, f"{MEMBER}.userName", "length less than or equal to"),
    ({"UserName": ""}, f"{MEMBER}.userName", "length greater than or equal to"),
    ({"WorkspaceProperties": {"RunningMode": "SOMETIMES"}}, f"{MEMBER}.workspaceProperties.runningMode", "enum value set: [AUTO_STOP,"),
    ({"WorkspaceProperties": {"ComputeTypeName": "HUGE"}}, f"{MEMBER}.workspaceProperties.computeTypeName", "enum value set"),
    ({"Tags": [{"Key": "k" * (LONGEST_TAG_KEY + 1), "Value": "v"}]}, f"{MEMBER}.tags.1.member.key", "length less than or equal to"),
    ({"Tags": [{"Value": "v"}]}, f"null at '{MEMBER}.tags.1.member.key'", ""),
])
def test_each_member_is_checked(sb, changes, where, rule):
    status, answer = raw_call(sb, "CreateWorkspaces", {"Workspaces": [{**request("d-1234567890", "alice"), **changes}]})
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert where in answer["message"] and rule in answer["message"]


def test_a_wrongly_typed_boolean_is_a_serialization_error(sb):
    wrongly_typed = request("d-1234567890", "alice", RootVolumeEncryptionEnabled="yes")
    status, answer = raw_call(sb, "CreateWorkspaces", {"Workspaces": [wrongly_typed]})
    assert (status, answer["__type"]) == (400, "SerializationException")


def test_enums_are_checked_through_boto3_too(sb, client):
    with pytest.raises(ClientError) as raised:
        create(client, request(sb.seed_directory(), "alice", WorkspaceProperties={"RunningMode": "SOMETIMES"}))
    assert error_code(raised) == "ValidationException"


# --- PENDING, then AVAILABLE ----------------------------------------------------------------------


def test_a_new_workspace_is_pending_then_available(sb, client):
    sb.set_transition_seconds(pending=SLOW)
    directory_id = sb.seed_directory()
    answer = create(client, request(directory_id, "alice"))
    assert answer["FailedRequests"] == []
    (pending,) = answer["PendingRequests"]
    assert pending == {
        "WorkspaceId": pending["WorkspaceId"], "DirectoryId": directory_id, "UserName": "alice", "BundleId": BUNDLE_ID, "State": "PENDING"
    }
    assert states(client, WorkspaceIds=[pending["WorkspaceId"]]) == {pending["WorkspaceId"]: "PENDING"}
    sb.set_transition_seconds(pending=0)
    assert states(client, WorkspaceIds=[pending["WorkspaceId"]]) == {pending["WorkspaceId"]: "AVAILABLE"}


def test_pending_lasts_the_pending_time(sb, client):
    sb.set_transition_seconds(pending=0.5)
    (pending,) = create(client, request(sb.seed_directory(), "alice"))["PendingRequests"]
    assert sb.state_of(pending["WorkspaceId"]) == "PENDING"
    time.sleep(0.6)
    assert sb.state_of(pending["WorkspaceId"]) == "AVAILABLE"


def test_land_in_on_create_ends_pending_elsewhere(sb, client):
    sb.set_transition_seconds(pending=SLOW)
    directory_id = sb.seed_directory()
    sb.land_in_on_create("Alice", "ERROR")
    answer = create(client, request(directory_id, "alice"), request(directory_id, "bob"))
    alice, bob = (pending["WorkspaceId"] for pending in answer["PendingRequests"])
    assert states(client, DirectoryId=directory_id) == {alice: "PENDING", bob: "PENDING"}
    sb.set_transition_seconds(pending=0)
    assert states(client, DirectoryId=directory_id) == {alice: "ERROR", bob: "AVAILABLE"}


def test_running_mode_and_tags_are_kept_as_given(sb, client):
    directory_id = sb.seed_directory()
    tags = [{"Key": "team", "Value": "blue"}, {"Key": "cost-centre", "Value": "42"}]
    answer = create(client, request(directory_id, "alice", WorkspaceProperties={"RunningMode": "AUTO_STOP"}, Tags=tags))
    alice = answer["PendingRequests"][0]["WorkspaceId"]
    assert client.describe_tags(ResourceId=alice)["TagList"] == tags
    sb.set_transition_seconds(pending=0)  # a PENDING WorkSpace shows no properties yet
    assert client.describe_workspaces(WorkspaceIds=[alice])["Workspaces"][0]["WorkspaceProperties"]["RunningMode"] == "AUTO_STOP"


# --- refusals, echoing the request as AWS does --------------------------------------------------


def test_a_second_workspace_for_a_user_is_refused_whatever_the_case(sb, client):
    directory_id = sb.seed_directory()
    create(client, request(directory_id, "alice"))
    answer = create(client, request(directory_id, "ALICE"), request(directory_id, "bob"), request(directory_id, "Bob"))
    assert [pending["UserName"] for pending in answer["PendingRequests"]] == ["bob"]
    assert answer["FailedRequests"] == [
        dict(USER_HAS_WORKSPACE, WorkspaceRequest=request(directory_id, "ALICE")),
        dict(USER_HAS_WORKSPACE, WorkspaceRequest=request(directory_id, "Bob")),
    ]
    assert len(client.describe_workspaces(DirectoryId=directory_id)["Workspaces"]) == 2


def test_the_same_user_in_another_directory_is_another_user(sb, client):
    first, second = sb.seed_directory(), sb.seed_directory()
    create(client, request(first, "alice"))
    assert create(client, request(second, "alice"))["FailedRequests"] == []


def test_a_user_whose_workspace_is_still_terminating_is_refused_until_it_is_gone(sb, client):
    sb.set_lifecycle(0.6, 0.3)
    directory_id = sb.seed_directory()
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert create(client, request(directory_id, "alice"))["FailedRequests"][0]["ErrorCode"] == "ResourceExists.WorkSpace"
    time.sleep(0.65)
    assert sb.state_of(alice) == "TERMINATED"
    assert create(client, request(directory_id, "alice"))["FailedRequests"][0]["ErrorCode"] == "ResourceExists.WorkSpace"
    time.sleep(0.35)
    assert create(client, request(directory_id, "alice"))["FailedRequests"] == []


def test_unknown_directory_and_bundle_are_failed_requests(sb, client):
    directory_id = sb.seed_directory()
    unknown_directory = request("d-0000000000", "alice")
    unknown_bundle = request(directory_id, "bob", BundleId="wsb-000000000")
    answer = create(client, unknown_directory, unknown_bundle, request(directory_id, "carol", BundleId=OTHER_BUNDLE_ID))
    assert answer["FailedRequests"] == [
        {"WorkspaceRequest": unknown_directory, "ErrorCode": "ResourceNotFound.Directory",
         "ErrorMessage": "The specified directory could not be found in the specified region."},
        {"WorkspaceRequest": unknown_bundle, "ErrorCode": "ResourceNotFound.Bundle",
         "ErrorMessage": "The specified bundle could not be found in the specified region."},
    ]
    assert [pending["BundleId"] for pending in answer["PendingRequests"]] == [OTHER_BUNDLE_ID]
    assert sb.known_bundles == (BUNDLE_ID, OTHER_BUNDLE_ID)


def test_failed_requests_injected_by_user_name(sb, client):
    directory_id = sb.seed_directory()
    sb.fail_requests({"alice": ("ResourceLimitExceeded", "too many")}, operation="CreateWorkspaces")
    sb.fail_requests({"ws-000000000": ("InternalError", "not this one")}, operation="TerminateWorkspaces")
    answer = create(client, request(directory_id, "Alice"), request(directory_id, "bob"))
    assert answer["FailedRequests"] == [
        {"WorkspaceRequest": request(directory_id, "Alice"), "ErrorCode": "ResourceLimitExceeded", "ErrorMessage": "too many"}
    ]
    assert [pending["UserName"] for pending in answer["PendingRequests"]] == ["bob"]


def test_moto_alone_creates_a_second_workspace_for_the_same_user(sb):
    directory_id = sb.seed_directory()
    moto_alone = Client(sb.fidelity.app)
    headers = {
        "X-Amz-Target": "WorkspacesService.CreateWorkspaces",
        "Content-Type": "application/x-amz-json-1.1",
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIASANDBOXEXAMPLE/20260101/us-east-1/workspaces/aws4_request",
    }
    body = json.dumps({"Workspaces": [request(directory_id, "alice"), request(directory_id, "alice")]})
    answer = moto_alone.post("/", data=body, headers=headers).get_json(force=True)
    assert [pending["State"] for pending in answer["PendingRequests"]] == ["AVAILABLE", "AVAILABLE"]


# --- seeding --------------------------------------------------------------------------------------


def test_seeded_workspaces_skip_pending_and_take_mode_state_and_bundle(sb, client):
    sb.set_transition_seconds(pending=SLOW)
    directory_id = sb.seed_directory()
    (alice,) = sb.seed_workspaces(directory_id, ["alice"])
    (bob,) = sb.seed_workspaces(directory_id, ["bob"], running_mode="ALWAYS_ON", state="STOPPED", bundle_id=OTHER_BUNDLE_ID)
    described = {ws["WorkspaceId"]: ws for ws in client.describe_workspaces(DirectoryId=directory_id)["Workspaces"]}
    assert (described[alice]["State"], described[alice]["WorkspaceProperties"]["RunningMode"]) == ("AVAILABLE", "AUTO_STOP")
    assert (described[bob]["State"], described[bob]["WorkspaceProperties"]["RunningMode"], described[bob]["BundleId"]) == (
        "STOPPED", "ALWAYS_ON", OTHER_BUNDLE_ID)
    assert sb.running_mode_of(bob) == "ALWAYS_ON"


def test_a_fleet_seeded_into_moto_looks_and_pages_like_created_workspaces(sb, client):
    directory_id = sb.seed_directory()
    created = sb.seed_workspaces(directory_id, ["alice"])
    fleet = sb.seed_fleet(directory_id, 2000)
    assert len(set(fleet)) == 2000
    pages = list(client.get_paginator("describe_workspaces").paginate(DirectoryId=directory_id))
    walked = [ws for page in pages for ws in page["Workspaces"]]
    assert [ws["WorkspaceId"] for ws in walked] == created + fleet
    assert len(pages) == 81  # 25 a page
    by_http, by_fleet = walked[0], walked[1]
    assert set(by_http) == set(by_fleet)
    assert {key: value for key, value in by_fleet.items() if key not in ("WorkspaceId", "UserName")} == {
        key: value for key, value in by_http.items() if key not in ("WorkspaceId", "UserName")
    }
    assert by_fleet["UserName"] == "user0001"
    assert sb.calls("CreateWorkspaces")[-1]["params"]["Workspaces"][0]["UserName"] == "alice"  # the fleet made no call


def test_a_fleet_refuses_users_who_have_a_workspace(sb):
    directory_id = sb.seed_directory()
    sb.seed_workspaces(directory_id, ["user0001"])
    with pytest.raises(ValueError):
        sb.seed_fleet(directory_id, 3)
    with pytest.raises(ValueError):
        sb.seed_fleet("d-0000000000", 3)
    assert len(sb.seed_fleet(directory_id, 3, user_prefix="temp")) == 3


@pytest.mark.skipif(not os.environ.get("SANDBOX_BIG_FLEET"), reason="20 000 WorkSpaces: set SANDBOX_BIG_FLEET=1 to measure")
def test_twenty_thousand_workspaces_over_eight_directories_in_two_regions_seed_quickly():
    with Sandbox() as sb:
        started = time.monotonic()
        for region in ("us-east-1", "eu-west-1"):
            for number in range(4):
                sb.seed_fleet(sb.seed_directory(region), 2500, region=region, user_prefix=f"d{number}u")
        seconds = time.monotonic() - started
        print(f"\n20 000 WorkSpaces over 8 directories in 2 regions seeded in {seconds:.2f} s")
        assert seconds < 60
        client = sb.client("workspaces", "eu-west-1")
        started = time.monotonic()
        listed = sum(len(page["Workspaces"]) for page in client.get_paginator("describe_workspaces").paginate())
        print(f"10 000 WorkSpaces of one region listed in {time.monotonic() - started:.2f} s")
        assert listed == 10000


def test_the_user_name_filter_ignores_case_as_active_directory_does(sb, client):
    directory_id = sb.seed_directory()
    (ann,) = sb.seed_workspaces(directory_id, ["Ann"])
    for asked in ("ann", "ANN", "Ann"):
        found = client.describe_workspaces(DirectoryId=directory_id, UserName=asked)["Workspaces"]
        assert [(ws["WorkspaceId"], ws["UserName"]) for ws in found] == [(ann, "Ann")]
    assert client.describe_workspaces(DirectoryId=directory_id, UserName="anne")["Workspaces"] == []

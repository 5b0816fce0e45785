# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_create through main(), every AWS call pinned with botocore's Stubber."""

import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_create

from module_harness import looked_up as harness_looked_up
from module_harness import run_main

DIRECTORY = "d-1234567890"
BUNDLE = "wsb-0123456789"


def existing(workspace_id, user_name, state="AVAILABLE", bundle_id=BUNDLE, running_mode="AUTO_STOP"):
    return {
        "WorkspaceId": workspace_id,
        "UserName": user_name,
        "State": state,
        "DirectoryId": DIRECTORY,
        "BundleId": bundle_id,
        "WorkspaceProperties": {"RunningMode": running_mode},
    }


def request(user_name, **extra):
    return dict({"DirectoryId": DIRECTORY, "UserName": user_name, "BundleId": BUNDLE}, **extra)


def pending(user_name, workspace_id):
    return {"WorkspaceId": workspace_id, "DirectoryId": DIRECTORY, "UserName": user_name, "BundleId": BUNDLE, "State": "PENDING"}


def create(capsys, users, **params):
    return run_main(workspaces_create, capsys, directory_id=DIRECTORY, bundle_id=BUNDLE, user_names=users, **params)


def looked_up(stubber, users, workspaces, filter_ignores_case=True):
    harness_looked_up(stubber, DIRECTORY, users, workspaces, filter_ignores_case)


def test_creates_for_users_without_one_in_batches_of_25_with_the_options_given(stubber, capsys):
    users = [f"user{n:02d}" for n in range(30)]
    looked_up(stubber, users, [])
    options = {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 120}
    tags = [{"Key": "team", "Value": "finance"}]
    for batch in (users[:25], users[25:]):
        stubber.add_response(
            "create_workspaces",
            {"FailedRequests": [], "PendingRequests": [pending(u, f"ws-{u}xyz") for u in batch]},
            {"Workspaces": [request(u, WorkspaceProperties=options, Tags=tags, RootVolumeEncryptionEnabled=True) for u in batch]},
        )
    result = create(
        capsys, users,
        workspace_properties={"running_mode": "AUTO_STOP", "running_mode_auto_stop_timeout_in_minutes": 120},
        tags={"team": "finance"}, root_volume_encryption_enabled=True,
    )
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["created"] == [{"workspace_id": f"ws-{u}xyz", "user_name": u} for u in users]
    assert result["already_present"] == [] and result["failed_requests"] == []


def test_users_who_have_one_are_already_present_whatever_the_case_and_differences_are_reported(stubber, capsys):
    looked_up(stubber, ["ann", "BOB", "bob"], [existing("ws-ann000001", "Ann", bundle_id="wsb-9876543210"), existing("ws-bob000001", "bob")])
    result = create(capsys, ["ann", "BOB", "bob"], workspace_properties={"running_mode": "AUTO_STOP"})
    assert not result.get("failed") and result["changed"] is False
    assert result["created"] == []
    assert result["already_present"] == [
        {"user_name": "ann", "workspace_id": "ws-ann000001", "state": "AVAILABLE"},
        {"user_name": "BOB", "workspace_id": "ws-bob000001", "state": "AVAILABLE"},
    ]
    assert result["differences"] == [
        {"user_name": "ann", "workspace_id": "ws-ann000001", "field": "bundle_id", "present": "wsb-9876543210", "wanted": BUNDLE}
    ]
    assert [ws["user_name"] for ws in result["workspaces"]] == ["Ann", "bob"]


def test_a_handful_of_users_costs_one_call_each_and_no_listing(stubber, capsys):
    """Each user is looked up on their own, however large the directory; whatever comes back is compared regardless of
    case, since AWS does not document whether the UserName filter ignores it."""
    stubber.add_response("describe_workspaces", {"Workspaces": [existing("ws-ann000001", "Ann")]}, {"DirectoryId": DIRECTORY, "UserName": "ann"})
    stubber.add_response("describe_workspaces", {"Workspaces": [existing("ws-cat000001", "Cat")]}, {"DirectoryId": DIRECTORY, "UserName": "cat"})
    result = create(capsys, ["ann", "cat"])
    assert not result.get("failed"), result
    assert [p["user_name"] for p in result["already_present"]] == ["ann", "cat"] and result["changed"] is False


def test_a_user_the_filter_does_not_find_is_looked_for_once_in_a_listing_of_the_directory(stubber, capsys):
    """Were the UserName filter to compare case, "ann" would not find Ann: the listing does, and she gets no second
    WorkSpace; dan, in neither, gets one."""
    looked_up(stubber, ["ann", "dan"], [existing("ws-ann000001", "Ann"), existing("ws-other0001", "other")], filter_ignores_case=False)
    stubber.add_response(
        "create_workspaces", {"FailedRequests": [], "PendingRequests": [pending("dan", "ws-dan000001")]}, {"Workspaces": [request("dan")]}
    )
    result = create(capsys, ["ann", "dan"])
    assert [p["workspace_id"] for p in result["already_present"]] == ["ws-ann000001"]
    assert result["created"] == [{"workspace_id": "ws-dan000001", "user_name": "dan"}]


def test_a_user_whose_workspace_is_still_terminating_fails_before_any_create(stubber, capsys):
    looked_up(stubber, ["ann", "bob"], [existing("ws-ann000001", "ann", state="TERMINATING")])
    result = create(capsys, ["ann", "bob"])
    assert result["failed"] is True and result["changed"] is False and result["created"] == []
    assert result["terminating"] == [{"user_name": "ann", "workspace_id": "ws-ann000001", "state": "TERMINATING"}]
    assert "ann (ws-ann000001, TERMINATING)" in result["msg"] and result["msg"].startswith("Nothing was created")


def test_a_new_workspace_beside_a_terminated_one_is_already_present(stubber, capsys):
    looked_up(stubber, ["ann"], [existing("ws-ann000001", "ann", state="TERMINATED"), existing("ws-ann000002", "ann", state="PENDING")])
    result = create(capsys, ["ann"])
    assert not result.get("failed") and result["already_present"][0]["workspace_id"] == "ws-ann000002"


def test_failed_requests_fail_naming_the_user_and_keep_what_was_created(stubber, capsys):
    looked_up(stubber, ["ann", "bob"], [])
    stubber.add_response(
        "create_workspaces",
        {
            "FailedRequests": [{"WorkspaceRequest": request("bob"), "ErrorCode": "ResourceNotFound.User", "ErrorMessage": "no such user"}],
            "PendingRequests": [pending("ann", "ws-ann000001")],
        },
        {"Workspaces": [request("ann"), request("bob")]},
    )
    result = create(capsys, ["ann", "bob"])
    assert result["failed"] is True and result["changed"] is True
    assert result["created"] == [{"workspace_id": "ws-ann000001", "user_name": "ann"}]
    assert result["failed_requests"] == [{"user_name": "bob", "error_code": "ResourceNotFound.User", "error_message": "no such user"}]
    assert result["msg"] == "Failed to create 1 WorkSpace(s): bob (ResourceNotFound.User: no such user)"


def test_check_mode_predicts_exactly_and_creates_nothing(stubber, capsys):
    looked_up(stubber, ["ann", "bob", "carol"], [existing("ws-ann000001", "ann")])
    result = create(capsys, ["ann", "bob", "carol"], check_mode=True, wait=True)
    assert result["changed"] is True
    assert result["created"] == [{"workspace_id": None, "user_name": "bob"}, {"workspace_id": None, "user_name": "carol"}]
    assert result["already_present"][0]["user_name"] == "ann"


def test_an_empty_user_list_is_ok_and_calls_nothing(stubber, capsys):
    result = create(capsys, [])
    assert not result.get("failed") and result["changed"] is False and result["created"] == []


@pytest.mark.parametrize(
    "params, problem",
    [
        ({"user_names": ["x" * 64]}, "user_names: 'xxxx"),
        ({"directory_id": "d-XYZ"}, "directory_id 'd-XYZ' must"),
        ({"bundle_id": "bundle-1"}, "bundle_id 'bundle-1' must match ^wsb-[0-9a-z]{8,63}$"),
        ({"workspace_properties": {"running_mode": "ALWAYS_ON", "running_mode_auto_stop_timeout_in_minutes": 60}}, "applies to AUTO_STOP only"),
        ({"workspace_properties": {"running_mode_auto_stop_timeout_in_minutes": 90}}, "must be a positive multiple of 60, got 90"),
        ({"workspace_properties": {"running_mode": "SOMETIMES"}}, "must be one of AUTO_STOP, ALWAYS_ON, MANUAL"),
        ({"workspace_properties": {"compute_type_name": "HUGE"}}, "workspace_properties.compute_type_name 'HUGE' must be one of VALUE"),
        ({"tags": {f"k{n}": "v" for n in range(51)}}, "tags: 51 given, AWS allows at most 50"),
        ({"tags": {"k" * 128: "v"}}, "must be 1 to 127 characters long"),
        ({"tags": {"team": "v" * 256}}, "must be 0 to 255 characters long"),
    ],
)
def test_input_the_api_would_refuse_fails_before_any_call(stubber, capsys, params, problem):
    args = dict({"directory_id": DIRECTORY, "bundle_id": BUNDLE, "user_names": ["ann"]}, **params)
    result = run_main(workspaces_create, capsys, **args)
    assert result["failed"] is True and result["changed"] is False and result["created"] == []
    assert problem in result["msg"], result["msg"]
    assert result["msg"].startswith("Nothing was created: ")


def test_wait_returns_once_every_workspace_created_is_available(stubber, capsys, fake_time):
    looked_up(stubber, ["ann", "bob"], [])
    stubber.add_response(
        "create_workspaces",
        {"FailedRequests": [], "PendingRequests": [pending("ann", "ws-ann000001"), pending("bob", "ws-bob000001")]},
        {"Workspaces": [request("ann"), request("bob")]},
    )
    stubber.add_response(
        "describe_workspaces",
        {"Workspaces": [existing("ws-ann000001", "ann"), existing("ws-bob000001", "bob", state="PENDING")]},
        {"WorkspaceIds": ["ws-ann000001", "ws-bob000001"]},
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [existing("ws-bob000001", "bob")]}, {"WorkspaceIds": ["ws-bob000001"]})
    result = create(capsys, ["ann", "bob"], wait=True)
    assert not result.get("failed"), result
    assert len(fake_time.sleeps) == 2


def test_wait_fails_naming_what_landed_in_error_and_its_user(stubber, capsys, fake_time):
    looked_up(stubber, ["ann"], [])
    stubber.add_response(
        "create_workspaces", {"FailedRequests": [], "PendingRequests": [pending("ann", "ws-ann000001")]}, {"Workspaces": [request("ann")]}
    )
    stubber.add_response("describe_workspaces", {"Workspaces": [existing("ws-ann000001", "ann", state="ERROR")]}, {"WorkspaceIds": ["ws-ann000001"]})
    result = create(capsys, ["ann"], wait=True)
    assert result["failed"] is True and result["changed"] is True
    assert result["created"] == [{"workspace_id": "ws-ann000001", "user_name": "ann"}]
    assert result["wait_failed"] == [{"workspace_id": "ws-ann000001", "user_name": "ann", "state": "ERROR"}]
    assert result["msg"] == "Created ann (ws-ann000001), but 1 WorkSpace(s) did not become AVAILABLE: ws-ann000001 (ERROR) of ann"


def test_wait_timeout_names_the_pending_ones(stubber, capsys, fake_time):
    looked_up(stubber, ["ann"], [])
    stubber.add_response(
        "create_workspaces", {"FailedRequests": [], "PendingRequests": [pending("ann", "ws-ann000001")]}, {"Workspaces": [request("ann")]}
    )
    for _poll in range(2):
        stubber.add_response(
            "describe_workspaces", {"Workspaces": [existing("ws-ann000001", "ann", state="PENDING")]}, {"WorkspaceIds": ["ws-ann000001"]}
        )
    result = create(capsys, ["ann"], wait=True, wait_timeout=3)
    assert result["failed"] is True
    assert result["not_ready"] == [{"workspace_id": "ws-ann000001", "user_name": "ann", "state": "PENDING"}]

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_bundle through main(), every AWS call pinned with botocore's Stubber: find by name or ID, compare only
the options given, refuse what AWS cannot change before any call, point the bundle at a new image."""

import copy
from datetime import datetime
from datetime import timezone

import botocore.session
import pytest
from botocore.model import ServiceModel

from ansible_collections.euc.aws.plugins.module_utils import resources
from ansible_collections.euc.aws.plugins.modules import workspaces_bundle

from fake_time import FakeTime
from module_harness import run_main

BUNDLE = "wsb-0123456789"
OTHER_BUNDLE = "wsb-0fedcba987"
IMAGE = "wsi-0123456789a"
NEW_IMAGE = "wsi-0123456789b"
ACCOUNT = "111122223333"
CREATED = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)
UPDATED = datetime(2025, 6, 3, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(name="clock", autouse=True)
def fixture_clock(monkeypatch):
    """Time that passes only when a wait sleeps."""
    fake = FakeTime(1000.0)
    monkeypatch.setattr(resources, "time", fake)
    return fake


def bundle_entry(state="AVAILABLE", bundle_id=BUNDLE, name="desktop", image_id=IMAGE, compute="STANDARD", root="80", user="50"):
    """A DescribeWorkspaceBundles entry: AWS gives the capacities as strings."""
    return {
        "BundleId": bundle_id, "Name": name, "Owner": ACCOUNT, "Description": "Standard desktop", "ImageId": image_id,
        "RootStorage": {"Capacity": root}, "UserStorage": {"Capacity": user}, "ComputeType": {"Name": compute},
        "LastUpdatedTime": UPDATED, "CreationTime": CREATED, "State": state, "BundleType": "REGULAR",
    }


def image_entry(state="AVAILABLE", image_id=NEW_IMAGE, name="golden-2025-06"):
    return {"ImageId": image_id, "Name": name, "State": state, "OperatingSystem": {"Type": "WINDOWS"}, "RequiredTenancy": "DEFAULT"}


def listed(stubber, bundles):
    """The look-up by name: every page of the account's bundles."""
    stubber.add_response("describe_workspace_bundles", {"Bundles": list(bundles)}, {})


def by_id(stubber, bundles, bundle_id=BUNDLE):
    stubber.add_response("describe_workspace_bundles", {"Bundles": list(bundles)}, {"BundleIds": [bundle_id]})


def tags(stubber, tag_dict=None, bundle_id=BUNDLE):
    stubber.add_response("describe_tags", {"TagList": [{"Key": k, "Value": v} for k, v in (tag_dict or {}).items()]}, {"ResourceId": bundle_id})


def found(stubber, bundle, tag_dict=None):
    listed(stubber, [bundle])
    tags(stubber, tag_dict, bundle["BundleId"])


def image_by_id(stubber, images, image_id=NEW_IMAGE):
    stubber.add_response("describe_workspace_images", {"Images": list(images)}, {"ImageIds": [image_id]})


def read_back(stubber, bundle, tag_dict=None):
    by_id(stubber, [bundle], bundle["BundleId"])
    tags(stubber, tag_dict, bundle["BundleId"])


def bundle(capsys, **params):
    return run_main(workspaces_bundle, capsys, **params)


MAKE = {
    "name": "desktop", "description": "Standard desktop", "image_id": IMAGE, "compute_type_name": "STANDARD", "root_volume_size_gib": 80,
    "user_volume_size_gib": 50,
}
CREATE_REQUEST = {
    "BundleName": "desktop", "BundleDescription": "Standard desktop", "ImageId": IMAGE, "ComputeType": {"Name": "STANDARD"},
    "UserStorage": {"Capacity": "50"}, "RootStorage": {"Capacity": "80"},
}


def created(stubber, request=None):
    stubber.add_response("create_workspace_bundle", {"WorkspaceBundle": bundle_entry("PENDING")}, dict(CREATE_REQUEST, **(request or {})))


# ---------------------------------------------------------------------------------------------
# Making a bundle
# ---------------------------------------------------------------------------------------------


def test_makes_a_bundle_and_waits_until_it_is_available(stubber, capsys, clock):
    listed(stubber, [])
    image_by_id(stubber, [image_entry(image_id=IMAGE)], IMAGE)
    created(stubber, {"Tags": [{"Key": "team", "Value": "euc"}]})
    by_id(stubber, [bundle_entry("PENDING")])
    by_id(stubber, [bundle_entry()])
    read_back(stubber, bundle_entry(), {"team": "euc"})
    result = bundle(capsys, tags={"team": "euc"}, **MAKE)
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["changes"] == {
        "state": {"before": "absent", "after": "present"},
        "description": {"before": None, "after": "Standard desktop"},
        "image_id": {"before": None, "after": IMAGE},
        "tags": {"before": None, "after": {"team": "euc"}},
    }
    assert result["bundle"] == {
        "bundle_id": BUNDLE, "name": "desktop", "description": "Standard desktop", "owner": ACCOUNT, "image_id": IMAGE,
        "compute_type_name": "STANDARD", "root_volume_size_gib": 80, "user_volume_size_gib": 50, "state": "AVAILABLE",
        "last_updated_time": "2025-06-03T08:00:00+00:00", "creation_time": "2024-01-15T08:00:00+00:00", "tags": {"team": "euc"},
    }
    assert "previous_image_id" not in result and clock.sleeps == [2.0, 3.0]


def test_the_image_is_looked_up_by_name_among_the_accounts_images(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspace_images", {"Images": [image_entry(image_id=IMAGE, name="golden")]}, {"ImageType": "OWNED"})
    created(stubber)
    by_id(stubber, [bundle_entry()])
    read_back(stubber, bundle_entry())
    params = dict(MAKE, image_name="golden")
    del params["image_id"]
    result = bundle(capsys, **params)
    assert not result.get("failed"), result
    assert result["bundle"]["image_id"] == IMAGE


def test_without_a_root_volume_aws_decides_it(stubber, capsys):
    listed(stubber, [])
    image_by_id(stubber, [image_entry(image_id=IMAGE)], IMAGE)
    request = dict(CREATE_REQUEST)
    del request["RootStorage"]
    stubber.add_response("create_workspace_bundle", {"WorkspaceBundle": bundle_entry("PENDING")}, request)
    read_back(stubber, bundle_entry("PENDING"))
    params = dict(MAKE, wait=False)
    del params["root_volume_size_gib"]
    result = bundle(capsys, **params)
    assert result["changed"] is True and result["bundle"]["state"] == "PENDING"


def test_check_mode_predicts_the_bundle_and_makes_nothing(stubber, capsys):
    listed(stubber, [])
    image_by_id(stubber, [image_entry(image_id=IMAGE)], IMAGE)
    result = bundle(capsys, check_mode=True, diff=True, **MAKE)
    assert result["changed"] is True and result["bundle"]["bundle_id"] is None
    assert result["bundle"]["root_volume_size_gib"] == 80 and result["bundle"]["state"] == "AVAILABLE"
    assert result["diff"] == {"before": {}, "after": result["bundle"]}


def test_a_bundle_needs_its_required_options_to_be_made(stubber, capsys):
    listed(stubber, [])
    result = bundle(capsys, name="desktop", image_id=IMAGE)
    assert result["failed"] is True and result["changed"] is False
    assert "to make the bundle 'desktop', give description, compute_type_name, user_volume_size_gib too" in result["msg"]


def test_a_bundle_needs_an_image_to_be_made(stubber, capsys):
    listed(stubber, [])
    params = dict(MAKE)
    del params["image_id"]
    result = bundle(capsys, **params)
    assert result["failed"] is True and "to make the bundle 'desktop', give image_id or image_name too" in result["msg"]


def test_a_bundle_id_not_found_is_not_made(stubber, capsys):
    by_id(stubber, [])
    result = bundle(capsys, bundle_id=BUNDLE, **MAKE)
    assert result["failed"] is True and f"there is no bundle {BUNDLE}" in result["msg"]


def test_a_bundle_ending_in_error_fails(stubber, capsys):
    listed(stubber, [])
    image_by_id(stubber, [image_entry(image_id=IMAGE)], IMAGE)
    created(stubber)
    by_id(stubber, [bundle_entry("ERROR")])
    result = bundle(capsys, **MAKE)
    assert result["failed"] is True and result["changed"] is True and f"The bundle {BUNDLE} (desktop) ended in ERROR" in result["msg"]
    assert result["bundle"]["state"] == "ERROR"


# ---------------------------------------------------------------------------------------------
# The image must be AVAILABLE
# ---------------------------------------------------------------------------------------------


def test_a_pending_image_is_waited_for_with_wait(stubber, capsys, clock):
    listed(stubber, [])
    image_by_id(stubber, [image_entry("PENDING", image_id=IMAGE)], IMAGE)
    image_by_id(stubber, [image_entry("AVAILABLE", image_id=IMAGE)], IMAGE)
    created(stubber)
    by_id(stubber, [bundle_entry()])
    read_back(stubber, bundle_entry())
    result = bundle(capsys, **MAKE)
    assert not result.get("failed"), result
    assert clock.sleeps == [2.0, 2.0]


@pytest.mark.parametrize("images, wait, reason", [
    ([image_entry("PENDING", image_id=IMAGE)], False, "is PENDING, and AWS makes a bundle only of an AVAILABLE image; run with wait: true"),
    ([dict(image_entry("ERROR", image_id=IMAGE), ErrorCode="Code", ErrorMessage="Message")], True, "is in ERROR (Code: Message)"),
    ([], True, f"there is no image {IMAGE}"),
], ids=["pending without wait", "error", "not found"])
def test_an_image_that_is_not_available_is_refused_before_any_change(stubber, capsys, images, wait, reason):
    listed(stubber, [])
    image_by_id(stubber, images, IMAGE)
    result = bundle(capsys, wait=wait, **MAKE)
    assert result["failed"] is True and result["changed"] is False and reason in result["msg"]


# ---------------------------------------------------------------------------------------------
# An existing bundle
# ---------------------------------------------------------------------------------------------


def test_a_bundle_that_matches_is_ok_with_no_call(stubber, capsys):
    found(stubber, bundle_entry(), {"team": "euc"})
    result = bundle(capsys, tags={"team": "euc"}, **MAKE)
    assert not result.get("failed"), result
    assert result["changed"] is False and result["changes"] == {}


def test_only_the_options_given_are_compared(stubber, capsys):
    found(stubber, bundle_entry(compute="POWER", root="175", user="100"))
    result = bundle(capsys, name="desktop")
    assert result["changed"] is False and result["bundle"]["compute_type_name"] == "POWER"


def test_a_new_image_is_set_with_one_update_and_the_previous_image_is_returned(stubber, capsys):
    found(stubber, bundle_entry())
    image_by_id(stubber, [image_entry()])
    stubber.add_response("update_workspace_bundle", {}, {"BundleId": BUNDLE, "ImageId": NEW_IMAGE})
    by_id(stubber, [bundle_entry(image_id=NEW_IMAGE)])
    read_back(stubber, bundle_entry(image_id=NEW_IMAGE))
    result = bundle(capsys, name="desktop", image_id=NEW_IMAGE, compute_type_name="STANDARD")
    assert not result.get("failed"), result
    assert result["changed"] is True and result["previous_image_id"] == IMAGE
    assert result["changes"] == {"image_id": {"before": IMAGE, "after": NEW_IMAGE}}
    assert result["bundle"]["image_id"] == NEW_IMAGE


def test_check_mode_of_a_new_image_predicts_the_previous_image_too(stubber, capsys):
    found(stubber, bundle_entry())
    stubber.add_response("describe_workspace_images", {"Images": [image_entry()]}, {"ImageType": "OWNED"})
    result = bundle(capsys, check_mode=True, name="desktop", image_name="golden-2025-06")
    assert result["changed"] is True and result["previous_image_id"] == IMAGE and result["bundle"]["image_id"] == NEW_IMAGE


def test_an_image_name_that_names_the_bundles_image_is_ok(stubber, capsys):
    found(stubber, bundle_entry())
    stubber.add_response("describe_workspace_images", {"Images": [image_entry(image_id=IMAGE, name="golden")]}, {"ImageType": "OWNED"})
    result = bundle(capsys, name="desktop", image_name="golden")
    assert result["changed"] is False and "previous_image_id" not in result


def test_a_new_image_that_is_pending_without_wait_is_refused_before_any_change(stubber, capsys):
    found(stubber, bundle_entry())
    image_by_id(stubber, [image_entry("PENDING")])
    result = bundle(capsys, name="desktop", image_id=NEW_IMAGE, wait=False)
    assert result["failed"] is True and result["changed"] is False and "is PENDING" in result["msg"]


@pytest.mark.parametrize("option, value, shown", [
    ("description", "Power desktop", "'Standard desktop', not 'Power desktop'"),
    ("compute_type_name", "POWER", "'STANDARD', not 'POWER'"),
    ("root_volume_size_gib", 175, "80, not 175"),
    ("user_volume_size_gib", 100, "50, not 100"),
])
def test_any_other_difference_fails_before_any_change_naming_the_way_out(stubber, capsys, option, value, shown):
    found(stubber, bundle_entry())
    image_by_id(stubber, [image_entry()])
    result = bundle(capsys, name="desktop", image_id=NEW_IMAGE, **{option: value})
    assert result["failed"] is True and result["changed"] is False and result["changes"] == {}
    assert f"{option} is {shown}" in result["msg"]
    assert "AWS can change only a bundle's image: make a new bundle (another name) with it instead" in result["msg"]


def test_a_pending_bundle_found_is_waited_for_with_wait(stubber, capsys, clock):
    listed(stubber, [bundle_entry("PENDING")])
    by_id(stubber, [bundle_entry()])
    tags(stubber)
    result = bundle(capsys, name="desktop")
    assert result["changed"] is False and result["bundle"]["state"] == "AVAILABLE" and clock.sleeps == [2.0]


def test_tags_of_an_existing_bundle_are_brought_to_those_given(stubber, capsys):
    found(stubber, bundle_entry(), {"team": "euc"})
    stubber.add_response("create_tags", {}, {"ResourceId": BUNDLE, "Tags": [{"Key": "tier", "Value": "gold"}]})
    read_back(stubber, bundle_entry(), {"team": "euc", "tier": "gold"})
    result = bundle(capsys, name="desktop", tags={"tier": "gold"}, purge_tags=False)
    assert result["changes"] == {"tags": {"before": {"team": "euc"}, "after": {"team": "euc", "tier": "gold"}}}


def test_more_tags_than_aws_allows_are_refused_before_any_change(stubber, capsys):
    found(stubber, bundle_entry(), {f"key{n}": "x" for n in range(50)})
    result = bundle(capsys, name="desktop", tags={"one": "more"}, purge_tags=False)
    assert result["failed"] is True and result["changed"] is False and f"{BUNDLE} would have 51 tags" in result["msg"]


def test_two_bundles_of_one_name_fail_before_any_change_naming_both(stubber, capsys):
    listed(stubber, [bundle_entry(), bundle_entry(bundle_id=OTHER_BUNDLE)])
    result = bundle(capsys, name="desktop")
    assert result["failed"] is True and f"({BUNDLE}, {OTHER_BUNDLE}); name one by bundle_id" in result["msg"]


# ---------------------------------------------------------------------------------------------
# Bad input, before any call
# ---------------------------------------------------------------------------------------------


def model_without_compute_type(value):
    loader = botocore.session.get_session().get_component("data_loader")
    data = copy.deepcopy(loader.load_service_model("workspaces", "service-2"))
    data["shapes"]["Compute"]["enum"].remove(value)
    return ServiceModel(data, "workspaces")


def test_a_compute_type_the_installed_botocore_lacks_fails_before_any_call_saying_it_needs_a_newer_one(stubber, capsys, monkeypatch):
    monkeypatch.setattr(stubber.client.meta, "_service_model", model_without_compute_type("GRAPHICS_G4DN"))
    result = bundle(capsys, **{**MAKE, "compute_type_name": "GRAPHICS_G4DN"})
    assert result["failed"] is True and result["changed"] is False
    assert "compute_type_name 'GRAPHICS_G4DN' must be one of" in result["msg"]
    assert f"(the compute types botocore {botocore.__version__} knows; a type AWS added since needs a newer botocore)" in result["msg"]


@pytest.mark.parametrize("params, problem", [
    ({"user_volume_size_gib": 0}, "user_volume_size_gib must be 1 GiB or more, not 0"),
    ({"name": "my desktop!"}, "name 'my desktop!' must match"),
    ({"image_id": "ami-12345678"}, "image_id 'ami-12345678' must match"),
    ({"bundle_id": "b-1"}, "bundle_id 'b-1' must match"),
    ({"tags": {"aws:x": "y"}}, "begins with aws:"),
], ids=["volume", "name", "image_id", "bundle_id", "tags"])
def test_bad_input_fails_before_any_call(stubber, capsys, params, problem):
    result = bundle(capsys, **dict(MAKE, **params))
    assert result["failed"] is True and problem in result["msg"] and result["invalid"]


# ---------------------------------------------------------------------------------------------
# state: absent
# ---------------------------------------------------------------------------------------------


def test_absent_deletes_a_bundle_no_workspace_uses(stubber, capsys):
    found(stubber, bundle_entry())
    stubber.add_response("describe_workspaces", {"Workspaces": []}, {"BundleId": BUNDLE})
    stubber.add_response("delete_workspace_bundle", {}, {"BundleId": BUNDLE})
    result = bundle(capsys, name="desktop", state="absent")
    assert result["changed"] is True and result["bundle"] is None
    assert result["changes"] == {"state": {"before": "present", "after": "absent"}}


def test_absent_refuses_a_bundle_workspaces_use_with_their_number_and_first_ids(stubber, capsys):
    found(stubber, bundle_entry())
    users = [{"WorkspaceId": f"ws-{n:09d}", "BundleId": BUNDLE, "State": "AVAILABLE"} for n in range(12)]
    stubber.add_response("describe_workspaces", {"Workspaces": users[:7], "NextToken": "p2"}, {"BundleId": BUNDLE})
    stubber.add_response("describe_workspaces", {"Workspaces": users[7:]}, {"BundleId": BUNDLE, "NextToken": "p2"})
    result = bundle(capsys, name="desktop", state="absent")
    assert result["failed"] is True and result["changed"] is False
    assert "is still used by 12 WorkSpaces (ws-000000000, ws-000000001" in result["msg"]
    assert "(first 10 of 12)" in result["msg"] and "workspaces_migrate" in result["msg"]


def test_absent_of_no_bundle_is_ok(stubber, capsys):
    listed(stubber, [])
    result = bundle(capsys, name="desktop", state="absent")
    assert not result.get("failed") and result["changed"] is False and result["bundle"] is None

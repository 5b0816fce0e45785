# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_image through main(), every AWS call pinned with botocore's Stubber: find by name or ID, refuse before
any call, then only the calls that change something; waiting on the image's own states."""

from datetime import datetime
from datetime import timezone

import pytest

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils import resources
from ansible_collections.euc.aws.plugins.modules import workspaces_image

from fake_time import FakeTime
from module_harness import run_main

IMAGE = "wsi-0123456789a"
OTHER_IMAGE = "wsi-0fedcba9876"
WORKSPACE = "ws-0123456789"
ACCOUNT = "111122223333"
TEST_ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
CREATED = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(name="clock", autouse=True)
def fixture_clock(monkeypatch):
    """Time that passes only when a wait sleeps."""
    fake = FakeTime(1000.0)
    monkeypatch.setattr(resources, "time", fake)
    return fake


@pytest.fixture(name="regions_asked")
def fixture_regions_asked(stubber, monkeypatch):
    """The region each client the module asks for is of (None: the module's own); the same Stubber answers all."""
    asked = []
    stubbed_client = AnsibleAWSModule.client

    def client(module, service, retry_decorator=None, **extra):
        asked.append(extra.get("region"))
        return stubbed_client(module, service, retry_decorator=retry_decorator)

    monkeypatch.setattr(AnsibleAWSModule, "client", client)
    return asked


def entry(state="AVAILABLE", image_id=IMAGE, name="golden", description="Golden image", **extra):
    """A DescribeWorkspaceImages entry."""
    image = {
        "ImageId": image_id,
        "Name": name,
        "Description": description,
        "OperatingSystem": {"Type": "WINDOWS"},
        "State": state,
        "RequiredTenancy": "DEFAULT",
        "Created": CREATED,
        "OwnerAccountId": ACCOUNT,
    }
    image.update(extra)
    return image


def in_error(**extra):
    return entry(
        "ERROR",
        ErrorCode="ImageCreationFailed",
        ErrorMessage="The image could not be made.",
        ErrorDetails=[{"ErrorCode": "PendingReboot", "ErrorMessage": "A reboot is pending."}],
        **extra,
    )


def listed(stubber, images, pages=1):
    """The look-up by name: every page of the account's own images."""
    images = list(images)
    size = max(1, -(-len(images) // pages))
    chunks = [images[start:start + size] for start in range(0, len(images), size)] or [[]]
    for number, chunk in enumerate(chunks):
        answer = {"Images": chunk, "NextToken": f"p{number + 2}"} if number < len(chunks) - 1 else {"Images": chunk}
        stubber.add_response("describe_workspace_images", answer, dict({"ImageType": "OWNED"}, **({"NextToken": f"p{number + 1}"} if number else {})))


def by_id(stubber, images, image_id=IMAGE):
    stubber.add_response("describe_workspace_images", {"Images": list(images)}, {"ImageIds": [image_id]})


def details(stubber, accounts=(), tags=None, image_id=IMAGE):
    """What a found image is read with: whom it is shared with, and its tags."""
    stubber.add_response(
        "describe_workspace_image_permissions", {"ImageId": image_id, "ImagePermissions": [{"SharedAccountId": a} for a in accounts]}, {"ImageId": image_id}
    )
    stubber.add_response("describe_tags", {"TagList": [{"Key": k, "Value": v} for k, v in (tags or {}).items()]}, {"ResourceId": image_id})


def found(stubber, image, accounts=(), tags=None):
    listed(stubber, [image])
    details(stubber, accounts, tags, image["ImageId"])


def source_workspace(state="AVAILABLE", **extra):
    workspace = {"WorkspaceId": WORKSPACE, "State": state, "DirectoryId": "d-1234567890", "UserName": "builder", "BundleId": "wsb-12345678"}
    workspace.update(extra)
    return workspace


def share(stubber, account, allow, image_id=IMAGE):
    stubber.add_response("update_workspace_image_permission", {}, {"ImageId": image_id, "AllowCopyImage": allow, "SharedAccountId": account})


def image(capsys, **params):
    return run_main(workspaces_image, capsys, **params)


MAKE = {"name": "golden", "description": "Golden image", "source_workspace_id": WORKSPACE}


# ---------------------------------------------------------------------------------------------
# Made from a WorkSpace
# ---------------------------------------------------------------------------------------------


def test_makes_an_image_of_a_workspace_and_waits_until_it_is_available(stubber, capsys, clock):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace(ModificationStates=[])]}, {"WorkspaceIds": [WORKSPACE]})
    stubber.add_response(
        "create_workspace_image",
        {"ImageId": IMAGE, "Name": "golden", "State": "PENDING"},
        {"Name": "golden", "Description": "Golden image", "WorkspaceId": WORKSPACE, "Tags": [{"Key": "team", "Value": "euc"}]},
    )
    by_id(stubber, [entry("PENDING")])
    by_id(stubber, [entry("AVAILABLE")])
    by_id(stubber, [entry("AVAILABLE")])
    details(stubber, tags={"team": "euc"})
    result = image(capsys, tags={"team": "euc"}, **MAKE)
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["changes"] == {
        "state": {"before": "absent", "after": "present"},
        "description": {"before": None, "after": "Golden image"},
        "tags": {"before": None, "after": {"team": "euc"}},
    }
    assert result["image"] == {
        "image_id": IMAGE, "name": "golden", "description": "Golden image", "state": "AVAILABLE", "operating_system": "WINDOWS",
        "required_tenancy": "DEFAULT", "created": "2025-06-02T09:30:00+00:00", "owner_account_id": ACCOUNT, "shared_account_ids": [],
        "tags": {"team": "euc"},
    }
    assert clock.sleeps == [2.0, 3.0]


def test_without_wait_it_returns_the_pending_image(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    stubber.add_response("create_workspace_image", {"ImageId": IMAGE}, {"Name": "golden", "Description": "Golden image", "WorkspaceId": WORKSPACE})
    by_id(stubber, [entry("PENDING")])
    details(stubber)
    result = image(capsys, wait=False, **MAKE)
    assert result["changed"] is True and result["image"]["state"] == "PENDING"


def test_an_image_that_ends_in_error_fails_with_aws_error_code_message_and_details(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    stubber.add_response("create_workspace_image", {"ImageId": IMAGE}, {"Name": "golden", "Description": "Golden image", "WorkspaceId": WORKSPACE})
    by_id(stubber, [in_error()])
    result = image(capsys, **MAKE)
    assert result["failed"] is True and result["changed"] is True
    assert "ImageCreationFailed: The image could not be made." in result["msg"]
    assert "PendingReboot: A reboot is pending." in result["msg"]
    assert result["changes"] == {"state": {"before": "absent", "after": "present"}}
    assert result["image"]["error_details"] == [{"error_code": "PendingReboot", "error_message": "A reboot is pending."}]


def test_an_image_not_available_within_wait_timeout_fails_naming_its_state(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    stubber.add_response("create_workspace_image", {"ImageId": IMAGE}, {"Name": "golden", "Description": "Golden image", "WorkspaceId": WORKSPACE})
    for _poll in range(3):  # at 2, 5 and 6 seconds: the last sleep is cut at the deadline
        by_id(stubber, [entry("PENDING")])
    result = image(capsys, wait_timeout=6, **MAKE)
    assert result["failed"] is True and result["changed"] is True
    assert f"The image {IMAGE} was still PENDING after 6 seconds of waiting for it to be AVAILABLE" in result["msg"]


@pytest.mark.parametrize("workspaces, reason", [
    ([], f"there is no WorkSpace {WORKSPACE} to make the image from"),
    ([source_workspace("STOPPED")], f"{WORKSPACE} is STOPPED, and AWS makes an image only of an AVAILABLE WorkSpace"),
    (
        [source_workspace(ModificationStates=[{"Resource": "COMPUTE_TYPE", "State": "UPDATE_IN_PROGRESS"}])],
        f"{WORKSPACE} is being modified (COMPUTE_TYPE UPDATE_IN_PROGRESS)",
    ),
    ([source_workspace(RootVolumeEncryptionEnabled=True)], f"{WORKSPACE}'s root volume is encrypted"),
    ([source_workspace(UserVolumeEncryptionEnabled=True)], f"{WORKSPACE}'s user volume is encrypted"),
], ids=["not found", "not available", "being modified", "root encrypted", "user encrypted"])
def test_a_workspace_aws_cannot_image_is_refused_before_any_change(stubber, capsys, workspaces, reason):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": workspaces}, {"WorkspaceIds": [WORKSPACE]})
    result = image(capsys, **MAKE)
    assert result["failed"] is True and result["changed"] is False and result["changes"] == {}
    assert reason in result["msg"]


def test_making_an_image_of_a_workspace_needs_a_description(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    result = image(capsys, name="golden", source_workspace_id=WORKSPACE)
    assert result["failed"] is True and "description is required to make an image from a WorkSpace" in result["msg"]


def test_an_image_of_that_name_that_exists_is_ok_with_no_call(stubber, capsys):
    listed(stubber, [entry(name="silver", image_id=OTHER_IMAGE), entry()], pages=2)
    details(stubber, accounts=[TEST_ACCOUNT], tags={"team": "euc"})
    result = image(capsys, tags={"team": "euc"}, **MAKE)
    assert not result.get("failed"), result
    assert result["changed"] is False and result["changes"] == {}
    assert result["image"]["image_id"] == IMAGE and result["image"]["shared_account_ids"] == [TEST_ACCOUNT]


def test_a_pending_image_found_is_waited_for_with_wait(stubber, capsys, clock):
    listed(stubber, [entry("PENDING")])
    by_id(stubber, [entry("PENDING")])
    by_id(stubber, [entry("AVAILABLE")])
    details(stubber)
    result = image(capsys, **MAKE)
    assert result["changed"] is False and result["image"]["state"] == "AVAILABLE"
    assert len(clock.sleeps) == 2


def test_a_pending_image_found_is_not_waited_for_without_wait(stubber, capsys, clock):
    found(stubber, entry("PENDING"))
    result = image(capsys, wait=False, **MAKE)
    assert result["changed"] is False and result["image"]["state"] == "PENDING" and clock.sleeps == []


def test_no_image_of_that_name_and_no_source_is_refused(stubber, capsys):
    listed(stubber, [])
    result = image(capsys, name="golden")
    assert result["failed"] is True and "give source_workspace_id or source_image_id to make one" in result["msg"]


def test_an_image_id_not_found_is_not_made(stubber, capsys):
    by_id(stubber, [])
    result = image(capsys, image_id=IMAGE, name="golden", description="Golden image", source_workspace_id=WORKSPACE)
    assert result["failed"] is True and f"there is no image {IMAGE}" in result["msg"]


def test_two_images_of_one_name_fail_before_any_change_naming_both(stubber, capsys):
    listed(stubber, [entry(), entry(image_id=OTHER_IMAGE)])
    result = image(capsys, **MAKE)
    assert result["failed"] is True and f"({IMAGE}, {OTHER_IMAGE}); name one by image_id" in result["msg"]


def test_check_mode_predicts_the_image_and_makes_nothing(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    result = image(capsys, check_mode=True, diff=True, **MAKE)
    assert result["changed"] is True and result["image"]["image_id"] is None and result["image"]["state"] == "AVAILABLE"
    assert result["diff"] == {"before": {}, "after": result["image"]}


# ---------------------------------------------------------------------------------------------
# Copied from another region
# ---------------------------------------------------------------------------------------------

COPY = {"name": "golden", "source_image_id": OTHER_IMAGE, "source_region": "eu-west-1"}


def test_copies_an_image_from_another_region_reading_the_source_there(stubber, capsys, regions_asked):
    listed(stubber, [])
    by_id(stubber, [entry(image_id=OTHER_IMAGE, description="From Ireland", RequiredTenancy="DEDICATED")], OTHER_IMAGE)
    stubber.add_response(
        "copy_workspace_image",
        {"ImageId": IMAGE},
        {"Name": "golden", "Description": "From Ireland", "SourceImageId": OTHER_IMAGE, "SourceRegion": "eu-west-1"},
    )
    by_id(stubber, [entry(description="From Ireland", RequiredTenancy="DEDICATED")])
    by_id(stubber, [entry(description="From Ireland", RequiredTenancy="DEDICATED")])
    details(stubber)
    result = image(capsys, **COPY)
    assert not result.get("failed"), result
    assert result["changed"] is True and result["image"]["image_id"] == IMAGE
    assert regions_asked == [None, "eu-west-1"]


def test_check_mode_predicts_a_copy_from_its_source(stubber, capsys, regions_asked):
    listed(stubber, [])
    by_id(stubber, [entry(image_id=OTHER_IMAGE, description="From Ireland", RequiredTenancy="DEDICATED")], OTHER_IMAGE)
    result = image(capsys, check_mode=True, **COPY)
    assert result["changed"] is True
    assert result["image"]["description"] == "From Ireland" and result["image"]["required_tenancy"] == "DEDICATED"
    assert result["image"]["operating_system"] == "WINDOWS"


@pytest.mark.parametrize("source, reason", [
    ([], f"there is no image {OTHER_IMAGE} in eu-west-1 to copy"),
    ([entry("PENDING", image_id=OTHER_IMAGE)], "is PENDING, and AWS copies only an AVAILABLE image"),
], ids=["not found", "pending"])
def test_a_source_image_aws_cannot_copy_is_refused_before_any_change(stubber, capsys, regions_asked, source, reason):
    listed(stubber, [])
    by_id(stubber, source, OTHER_IMAGE)
    result = image(capsys, **COPY)
    assert result["failed"] is True and result["changed"] is False and reason in result["msg"]


# ---------------------------------------------------------------------------------------------
# Sharing
# ---------------------------------------------------------------------------------------------


def test_sharing_revokes_the_others_first_then_allows_one_call_per_account(stubber, capsys):
    found(stubber, entry(), accounts=[OTHER_ACCOUNT])
    share(stubber, OTHER_ACCOUNT, False)
    share(stubber, TEST_ACCOUNT, True)
    by_id(stubber, [entry()])
    details(stubber, accounts=[TEST_ACCOUNT])
    result = image(capsys, name="golden", shared_account_ids=[TEST_ACCOUNT, TEST_ACCOUNT])
    assert result["changed"] is True
    assert result["changes"] == {"shared_account_ids": {"before": [OTHER_ACCOUNT], "after": [TEST_ACCOUNT]}}


def test_without_purging_the_accounts_given_are_added(stubber, capsys):
    found(stubber, entry(), accounts=[OTHER_ACCOUNT])
    share(stubber, TEST_ACCOUNT, True)
    by_id(stubber, [entry()])
    details(stubber, accounts=[OTHER_ACCOUNT, TEST_ACCOUNT])
    result = image(capsys, name="golden", shared_account_ids=[TEST_ACCOUNT], purge_shared_accounts=False)
    assert result["changes"]["shared_account_ids"]["after"] == [OTHER_ACCOUNT, TEST_ACCOUNT]


def test_the_accounts_it_is_shared_with_already_make_no_call(stubber, capsys):
    found(stubber, entry(), accounts=[TEST_ACCOUNT])
    result = image(capsys, name="golden", shared_account_ids=[TEST_ACCOUNT])
    assert result["changed"] is False


def test_the_permissions_are_read_page_by_page(stubber, capsys):
    listed(stubber, [entry()])
    stubber.add_response(
        "describe_workspace_image_permissions",
        {"ImageId": IMAGE, "ImagePermissions": [{"SharedAccountId": OTHER_ACCOUNT}], "NextToken": "p2"},
        {"ImageId": IMAGE},
    )
    stubber.add_response(
        "describe_workspace_image_permissions",
        {"ImageId": IMAGE, "ImagePermissions": [{"SharedAccountId": TEST_ACCOUNT}]},
        {"ImageId": IMAGE, "NextToken": "p2"},
    )
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": IMAGE})
    result = image(capsys, name="golden", shared_account_ids=[OTHER_ACCOUNT, TEST_ACCOUNT])
    assert result["changed"] is False and result["image"]["shared_account_ids"] == [OTHER_ACCOUNT, TEST_ACCOUNT]


def test_account_ids_that_are_not_12_digits_fail_before_any_call(stubber, capsys):
    result = image(capsys, name="golden", shared_account_ids=["12345", TEST_ACCOUNT, "12345678901a"])
    assert result["failed"] is True and result["changed"] is False
    assert "shared_account_ids: '12345', '12345678901a' must match" in result["msg"]
    assert result["invalid"]


def test_sharing_a_pending_image_without_wait_is_refused_before_any_change(stubber, capsys):
    found(stubber, entry("PENDING"))
    result = image(capsys, name="golden", shared_account_ids=[TEST_ACCOUNT], wait=False)
    assert result["failed"] is True and result["changed"] is False
    assert "is PENDING, and AWS shares only an AVAILABLE one; run with wait: true" in result["msg"]


def test_a_new_image_is_shared_once_available(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    stubber.add_response("create_workspace_image", {"ImageId": IMAGE}, {"Name": "golden", "Description": "Golden image", "WorkspaceId": WORKSPACE})
    by_id(stubber, [entry()])
    share(stubber, TEST_ACCOUNT, True)
    by_id(stubber, [entry()])
    details(stubber, accounts=[TEST_ACCOUNT])
    result = image(capsys, shared_account_ids=[TEST_ACCOUNT], **MAKE)
    assert result["changed"] is True and result["changes"]["shared_account_ids"] == {"before": None, "after": [TEST_ACCOUNT]}


def test_sharing_a_new_image_without_wait_is_refused_before_any_change(stubber, capsys):
    listed(stubber, [])
    stubber.add_response("describe_workspaces", {"Workspaces": [source_workspace()]}, {"WorkspaceIds": [WORKSPACE]})
    result = image(capsys, shared_account_ids=[TEST_ACCOUNT], wait=False, **MAKE)
    assert result["failed"] is True and "shared_account_ids needs the image AVAILABLE" in result["msg"]


# ---------------------------------------------------------------------------------------------
# What AWS cannot change, and images in ERROR
# ---------------------------------------------------------------------------------------------


def test_a_different_description_is_refused_before_any_change(stubber, capsys):
    found(stubber, entry())
    result = image(capsys, name="golden", description="Another", shared_account_ids=[TEST_ACCOUNT])
    assert result["failed"] is True and result["changed"] is False
    assert "description is 'Golden image', not 'Another', and AWS has no call that changes it; make a new image" in result["msg"]


def test_a_name_other_than_the_image_ids_is_refused(stubber, capsys):
    by_id(stubber, [entry()])
    details(stubber)
    result = image(capsys, image_id=IMAGE, name="silver")
    assert result["failed"] is True and "name is 'golden', not 'silver'" in result["msg"]


def test_present_finding_its_image_in_error_fails_naming_aws_error_and_the_way_out(stubber, capsys):
    found(stubber, in_error())
    result = image(capsys, **MAKE)
    assert result["failed"] is True and result["changed"] is False
    assert "is in ERROR (ImageCreationFailed: The image could not be made." in result["msg"]
    assert "delete it (state: absent) and run again" in result["msg"]


def test_tags_of_an_existing_image_are_brought_to_those_given(stubber, capsys):
    found(stubber, entry(), tags={"team": "euc", "old": "x"})
    stubber.add_response("delete_tags", {}, {"ResourceId": IMAGE, "TagKeys": ["old"]})
    stubber.add_response("create_tags", {}, {"ResourceId": IMAGE, "Tags": [{"Key": "month", "Value": "june"}]})
    by_id(stubber, [entry()])
    details(stubber, tags={"team": "euc", "month": "june"})
    result = image(capsys, name="golden", tags={"team": "euc", "month": "june"})
    assert result["changes"] == {"tags": {"before": {"team": "euc", "old": "x"}, "after": {"team": "euc", "month": "june"}}}


def test_more_tags_than_aws_allows_are_refused_before_any_change(stubber, capsys):
    found(stubber, entry(), tags={f"key{n}": "x" for n in range(50)})
    result = image(capsys, name="golden", tags={"one": "more"}, purge_tags=False)
    assert result["failed"] is True and result["changed"] is False and f"{IMAGE} would have 51 tags" in result["msg"]


@pytest.mark.parametrize("params, problem", [
    ({"name": "golden image!"}, "name 'golden image!' must match"),
    ({"image_id": "ami-123"}, "image_id 'ami-123' must match"),
    ({"name": "golden", "source_image_id": OTHER_IMAGE, "source_region": "EU West"}, "source_region 'EU West' must match"),
    ({"name": "golden", "tags": {"aws:owner": "me"}}, "begins with aws:"),
], ids=["name", "image_id", "source_region", "tags"])
def test_bad_input_fails_before_any_call(stubber, capsys, params, problem):
    result = image(capsys, **params)
    assert result["failed"] is True and problem in result["msg"]


# ---------------------------------------------------------------------------------------------
# state: absent
# ---------------------------------------------------------------------------------------------


def test_absent_revokes_the_shared_accounts_first_then_deletes(stubber, capsys):
    found(stubber, entry(), accounts=[TEST_ACCOUNT])
    stubber.add_response("describe_workspace_bundles", {"Bundles": [{"BundleId": "wsb-12345678", "Name": "other", "ImageId": OTHER_IMAGE}]}, {})
    share(stubber, TEST_ACCOUNT, False)
    stubber.add_response("delete_workspace_image", {}, {"ImageId": IMAGE})
    result = image(capsys, name="golden", state="absent")
    assert not result.get("failed"), result
    assert result["changed"] is True and result["image"] is None
    assert result["changes"] == {
        "shared_account_ids": {"before": [TEST_ACCOUNT], "after": []},
        "state": {"before": "present", "after": "absent"},
    }


def test_absent_refuses_an_image_a_bundle_still_uses_naming_the_bundles(stubber, capsys):
    found(stubber, entry())
    stubber.add_response("describe_workspace_bundles", {"Bundles": [{"BundleId": "wsb-12345678", "Name": "desktop", "ImageId": IMAGE}]}, {})
    result = image(capsys, name="golden", state="absent")
    assert result["failed"] is True and result["changed"] is False
    assert "is still used by the bundles wsb-12345678 (desktop)" in result["msg"]


def test_absent_deletes_an_image_in_error_like_any_other(stubber, capsys):
    found(stubber, in_error())
    stubber.add_response("describe_workspace_bundles", {"Bundles": []}, {})
    stubber.add_response("delete_workspace_image", {}, {"ImageId": IMAGE})
    result = image(capsys, name="golden", state="absent")
    assert result["changed"] is True and result["image"] is None


def test_absent_of_no_image_is_ok(stubber, capsys):
    listed(stubber, [])
    result = image(capsys, name="golden", state="absent")
    assert not result.get("failed") and result["changed"] is False


def test_check_mode_of_absent_deletes_nothing(stubber, capsys):
    found(stubber, entry())
    stubber.add_response("describe_workspace_bundles", {"Bundles": []}, {})
    result = image(capsys, check_mode=True, name="golden", state="absent")
    assert result["changed"] is True and result["image"] is None

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WorkSpaces images as AWS makes, copies, shares and deletes them (moto makes them AVAILABLE at once and can neither
copy nor delete them), over HTTP through boto3."""

import time

import pytest
from botocore.exceptions import ClientError

from sandbox import BUNDLE_ID
from sandbox.images import ENCRYPTED
from sandbox.images import NAME_TAKEN
from sandbox.testing import INVALID_STATE
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import control
from sandbox.testing import raw_call
from sandbox.testing import refusal

OTHER_ACCOUNT = "210987654321"
THIRD_ACCOUNT = "111122223333"
TAGS = [{"Key": "team", "Value": "euc"}]


def make_image(client, workspace_id, name="golden", **params):
    answer = client.create_workspace_image(Name=name, Description="Golden image", WorkspaceId=workspace_id, **params)
    return answer["ImageId"]


def image(client, image_id):
    (found,) = client.describe_workspace_images(ImageIds=[image_id])["Images"]
    return found


def refused(call, *args, **params):
    """(code, message) of the ClientError the call raises."""
    with pytest.raises(ClientError) as raised:
        call(*args, **params)
    return refusal(raised)


def create_refused(client, workspace_id, name="golden"):
    """(code, message) of a refused CreateWorkspaceImage."""
    return refused(client.create_workspace_image, Name=name, Description="d", WorkspaceId=workspace_id)


def share(client, image_id, account, allow=True):
    return client.update_workspace_image_permission(ImageId=image_id, AllowCopyImage=allow, SharedAccountId=account)


def permissions(client, image_id, **params):
    return [
        entry["SharedAccountId"]
        for entry in client.describe_workspace_image_permissions(ImageId=image_id, **params)["ImagePermissions"]
    ]


@pytest.fixture(name="alice")
def fixture_alice(sb):
    (alice,) = sb.seed_workspaces(sb.seed_directory(), ["alice"])
    return alice


# --- made from a WorkSpace ----------------------------------------------------------------------


def test_an_image_is_pending_then_available_its_workspace_suspended_meanwhile(sb, client, alice):
    sb.set_image_seconds(SLOW)
    answer = client.create_workspace_image(Name="golden", Description="Golden image", WorkspaceId=alice)
    image_id = answer["ImageId"]
    assert image_id.startswith("wsi-") and answer["State"] == "PENDING"
    assert {
        key: answer[key] for key in ("Name", "Description", "OperatingSystem", "RequiredTenancy", "OwnerAccountId")
    } == {
        "Name": "golden",
        "Description": "Golden image",
        "OperatingSystem": {"Type": "WINDOWS"},
        "RequiredTenancy": "DEFAULT",
        "OwnerAccountId": sb.account_id,
    }
    assert image(client, image_id)["State"] == "PENDING" and sb.state_of(alice) == "SUSPENDED"
    assert reboot_refusal(client, alice) == "InvalidResourceStateException"  # unusable while the image is made
    sb.set_image_seconds(0)
    assert image(client, image_id)["State"] == "AVAILABLE" and "ErrorCode" not in image(client, image_id)
    assert sb.state_of(alice) == "AVAILABLE" == sb.image_state_of(image_id)


def reboot_refusal(client, workspace_id):
    (failed,) = client.reboot_workspaces(RebootWorkspaceRequests=[{"WorkspaceId": workspace_id}])["FailedRequests"]
    return failed["ErrorCode"]


def copy(client, source_id, name, **params):
    """CopyWorkspaceImage from the sandbox's default region into the client's; the copy's ID."""
    answer = client.copy_workspace_image(Name=name, SourceImageId=source_id, SourceRegion="us-east-1", **params)
    return answer["ImageId"]


def test_how_long_an_image_is_pending_is_settable_and_half_a_second_by_default(sb, client, alice):
    assert sb.fidelity.transition_seconds["image_pending"] == 0.5
    # Long enough that a loaded machine still sees PENDING right after the call.
    sb.set_image_seconds(pending=3.0)
    try:
        image_id = make_image(client, alice)
        assert sb.image_state_of(image_id) == "PENDING"
        time.sleep(3.1)
        assert sb.image_state_of(image_id) == "AVAILABLE" and sb.state_of(alice) == "AVAILABLE"
    finally:
        sb.set_image_seconds(pending=0.5)


def test_an_armed_failure_ends_the_next_image_in_error_and_gives_the_workspace_back(sb, client, alice):
    sb.set_image_seconds(SLOW)
    sb.fail_next_image("DiskFreeSpace", "The root volume has less than 5 GB free.")
    seeded = sb.seed_image("seeded", state="PENDING")  # seeding does not use the failure up
    image_id = make_image(client, alice)
    sb.set_image_seconds(0)
    assert sb.image_state_of(seeded) == "AVAILABLE"
    described = image(client, image_id)
    assert described["State"] == "ERROR"
    assert (described["ErrorCode"], described["ErrorMessage"]) == (
        "DiskFreeSpace",
        "The root volume has less than 5 GB free.",
    )
    assert described["ErrorDetails"] == [
        {"ErrorCode": "DiskFreeSpace", "ErrorMessage": "The root volume has less than 5 GB free."}
    ]
    assert sb.state_of(alice) == "AVAILABLE"
    assert sb.image_state_of(make_image(client, alice, "second")) == "AVAILABLE"  # used up by one image


def test_an_armed_failure_is_per_region_and_an_unknown_code_details_as_unknown_error(sb, client, alice):
    sb.set_image_seconds(0)
    sb.fail_next_image("ImageCreationFailed", "Sysprep failed.", region=OTHER_REGION)
    assert sb.image_state_of(make_image(client, alice)) == "AVAILABLE"
    other = sb.client("workspaces", OTHER_REGION)
    copy_id = copy(other, sb.seed_image("source"), "copy")
    described = image(other, copy_id)
    assert (described["State"], described["ErrorCode"]) == ("ERROR", "ImageCreationFailed")
    assert described["ErrorDetails"] == [{"ErrorCode": "UnknownError", "ErrorMessage": "Sysprep failed."}]


@pytest.mark.parametrize("state", ["STOPPED", "ERROR", "ADMIN_MAINTENANCE", "PENDING"])
def test_a_workspace_not_available_is_refused(sb, client, alice, state):
    sb.set_state(alice, state)
    assert create_refused(client, alice) == INVALID_STATE
    assert client.describe_workspace_images()["Images"] == [] and sb.state_of(alice) == state


def test_a_workspace_being_modified_is_refused(sb, client, alice):
    sb.set_transition_seconds(update_initiated=SLOW)
    client.modify_workspace_properties(WorkspaceId=alice, WorkspaceProperties={"ComputeTypeName": "POWER"})
    assert create_refused(client, alice)[0] == "InvalidResourceStateException"
    sb.set_transition_seconds(update_initiated=0, update_in_progress=0)
    assert make_image(client, alice)


@pytest.mark.parametrize("encryption", [{"RootVolumeEncryptionEnabled": True}, {"UserVolumeEncryptionEnabled": True}])
def test_a_workspace_with_an_encrypted_volume_is_refused(sb, client, encryption):
    request = {
        "DirectoryId": sb.seed_directory(),
        "UserName": "bob",
        "BundleId": BUNDLE_ID,
        "VolumeEncryptionKey": "alias/aws/workspaces",
    }
    (pending,) = client.create_workspaces(Workspaces=[dict(request, **encryption)])["PendingRequests"]
    sb.set_state(pending["WorkspaceId"], "AVAILABLE")
    assert create_refused(client, pending["WorkspaceId"]) == ENCRYPTED


def test_an_unknown_workspace_is_refused(sb, client):
    assert create_refused(client, "ws-000000000")[0] == "ResourceNotFoundException"


def test_a_name_taken_in_the_region_is_refused_whatever_the_image_state(sb, client, alice):
    sb.set_image_seconds(SLOW)
    make_image(client, alice)
    sb.set_image_seconds(0)
    assert create_refused(client, alice) == NAME_TAKEN
    sb.seed_image("failed", state="ERROR")
    assert create_refused(client, alice, "failed") == NAME_TAKEN
    assert copy(sb.client("workspaces", OTHER_REGION), sb.seed_image("source"), "golden")  # per region
    again = sb.seed_image("again")
    assert refused(lambda: copy(client, again, "golden")) == NAME_TAKEN


def test_failures_are_armable_per_source_workspace(sb, client, alice):
    quota = ("ResourceLimitExceededException", "40 images")
    sb.fail_requests({alice: quota}, operation="CreateWorkspaceImage", times=1)
    assert create_refused(client, alice) == quota
    assert make_image(client, alice)


# --- copies ---------------------------------------------------------------------------------------


def test_a_copy_is_made_pending_then_available_in_the_clients_region(sb, client):
    sb.set_image_seconds(SLOW)
    source = sb.seed_image("golden", description="Golden image")
    other = sb.client("workspaces", OTHER_REGION)
    answer = other.copy_workspace_image(Name="golden-eu", SourceImageId=source, SourceRegion=sb.region, Tags=TAGS)
    copy_id = answer["ImageId"]
    assert set(answer) - {"ResponseMetadata"} == {"ImageId"} and copy_id != source
    assert image(other, copy_id)["State"] == "PENDING" and image(other, copy_id)["Description"] == "Golden image"
    assert sb.image_state_of(copy_id) is None and sb.image_state_of(copy_id, OTHER_REGION) == "PENDING"
    sb.set_image_seconds(0)
    assert image(other, copy_id)["State"] == "AVAILABLE" and sb.tags_of(copy_id, OTHER_REGION) == {"team": "euc"}
    assert image(client, copy(client, source, "golden-2", Description="Second"))["Description"] == "Second"


def test_a_copy_of_an_unknown_or_unavailable_image_is_refused(sb, client):
    other = sb.client("workspaces", OTHER_REGION)
    source = sb.seed_image("golden")
    code, _message = refused(other.copy_workspace_image, Name="c", SourceImageId=source, SourceRegion="ap-southeast-2")
    assert code == "ResourceNotFoundException"
    for state in ("PENDING", "ERROR"):
        sb.set_image_seconds(SLOW)
        pending = sb.seed_image(f"not-yet-{state}", state=state)
        code, _message = refused(other.copy_workspace_image, Name="c", SourceImageId=pending, SourceRegion=sb.region)
        assert code == "ResourceUnavailableException"


# --- permissions ----------------------------------------------------------------------------------


def test_an_available_image_is_shared_and_unshared_by_account(sb, client):
    image_id = sb.seed_image("golden")
    for account in (OTHER_ACCOUNT, THIRD_ACCOUNT, OTHER_ACCOUNT):
        assert share(client, image_id, account)
    assert permissions(client, image_id) == [OTHER_ACCOUNT, THIRD_ACCOUNT]  # in the order granted, each once
    assert sb.image_permissions_of(image_id) == sorted([OTHER_ACCOUNT, THIRD_ACCOUNT])
    share(client, image_id, OTHER_ACCOUNT, allow=False)
    share(client, image_id, "999999999999", allow=False)  # not shared with it: nothing changes
    assert permissions(client, image_id) == [THIRD_ACCOUNT]


def test_only_an_available_image_is_shared_and_never_with_its_owner(sb, client):
    sb.set_image_seconds(SLOW)
    for state in ("PENDING", "ERROR"):
        image_id = sb.seed_image(state.lower(), state=state)
        code, _message = refused(share, client, image_id, OTHER_ACCOUNT)
        assert code == "ResourceUnavailableException" and sb.image_permissions_of(image_id) == []
    assert refused(share, client, sb.seed_image("available"), sb.account_id)[0] == "InvalidParameterValuesException"
    assert refused(share, client, "wsi-000000000", OTHER_ACCOUNT)[0] == "ResourceNotFoundException"


def test_permissions_are_described_in_pages(sb, client):
    image_id = sb.seed_image("golden")
    accounts = [f"{n:012d}" for n in range(1, 6)]
    for account in accounts:
        share(client, image_id, account)
    pages = [client.describe_workspace_image_permissions(ImageId=image_id, MaxResults=2)]
    while "NextToken" in pages[-1]:  # botocore has no paginator for this call
        token = pages[-1]["NextToken"]
        pages.append(client.describe_workspace_image_permissions(ImageId=image_id, MaxResults=2, NextToken=token))
    assert [len(page["ImagePermissions"]) for page in pages] == [2, 2, 1]
    assert {page["ImageId"] for page in pages} == {image_id}
    assert [entry["SharedAccountId"] for page in pages for entry in page["ImagePermissions"]] == accounts
    assert permissions(client, image_id) == accounts  # 25 a page without MaxResults
    code, _message = refused(client.describe_workspace_image_permissions, ImageId="wsi-000000000")
    assert code == "ResourceNotFoundException"


# --- deletion -------------------------------------------------------------------------------------


def test_an_image_a_bundle_uses_is_not_deleted(sb, client):
    image_id = sb.seed_image("golden")
    bundle_id = sb.seed_bundle("golden-bundle", image_id)
    code, message = refused(client.delete_workspace_image, ImageId=image_id)
    assert code == "ResourceAssociatedException" and bundle_id in message
    client.delete_workspace_bundle(BundleId=bundle_id)
    client.delete_workspace_image(ImageId=image_id)
    assert sb.image_state_of(image_id) is None


def test_a_shared_image_is_not_deleted_until_unshared(sb, client):
    image_id = sb.seed_image("golden")
    share(client, image_id, OTHER_ACCOUNT)
    code, message = refused(client.delete_workspace_image, ImageId=image_id)
    assert code == "ResourceAssociatedException" and OTHER_ACCOUNT in message
    share(client, image_id, OTHER_ACCOUNT, allow=False)
    client.delete_workspace_image(ImageId=image_id)
    assert client.describe_workspace_images()["Images"] == []


def test_a_pending_image_is_not_deleted_an_unknown_one_is_deleted_already(sb, client):
    sb.set_image_seconds(SLOW)
    pending = sb.seed_image("pending", state="PENDING")
    assert refused(client.delete_workspace_image, ImageId=pending)[0] == "InvalidResourceStateException"
    failed = sb.seed_image("failed", state="ERROR")
    client.delete_workspace_image(ImageId=failed)
    assert client.delete_workspace_image(ImageId="wsi-000000000")["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert [entry["ImageId"] for entry in client.describe_workspace_images()["Images"]] == [pending]


# --- describing -----------------------------------------------------------------------------------


def test_images_are_described_by_id_and_by_owned_or_shared(sb, client):
    owned = sb.seed_image("golden")
    shared = sb.seed_image("theirs", owner_account_id=OTHER_ACCOUNT)

    def ids(**params):
        return [entry["ImageId"] for entry in client.describe_workspace_images(**params)["Images"]]

    assert ids() == [owned, shared]
    assert ids(ImageType="OWNED") == [owned] and ids(ImageType="SHARED") == [shared]
    assert ids(ImageIds=[shared, "wsi-000000000"]) == [shared]
    assert image(client, shared)["OwnerAccountId"] == OTHER_ACCOUNT
    assert sb.seed_image("theirs")  # another account's name is not the account's


def test_another_accounts_image_is_copied_but_not_changed(sb, client):
    shared = sb.seed_image("theirs", owner_account_id=OTHER_ACCOUNT)
    assert copy(client, shared, "ours")
    assert refused(client.delete_workspace_image, ImageId=shared)[0] == "AccessDeniedException"
    assert refused(share, client, shared, THIRD_ACCOUNT)[0] == "AccessDeniedException"
    assert refused(client.describe_workspace_image_permissions, ImageId=shared)[0] == "AccessDeniedException"


def test_images_are_described_in_pages_in_creation_order(sb, client):
    made = [sb.seed_image(f"image{n:02d}") for n in range(30)]
    first = client.describe_workspace_images()
    assert len(first["Images"]) == 25 and first["NextToken"]
    pages = client.get_paginator("describe_workspace_images").paginate(PaginationConfig={"PageSize": 7})
    assert [entry["ImageId"] for page in pages for entry in page["Images"]] == made
    code, _message = refused(client.describe_workspace_images, ImageType="OWNED", NextToken=first["NextToken"])
    assert code == "InvalidParameterValuesException"  # a token used with other filters


@pytest.mark.parametrize(
    "operation, params, where",
    [
        (
            "CreateWorkspaceImage",
            {"Name": "golden image!", "Description": "d", "WorkspaceId": "ws-000000000"},
            "'name'",
        ),
        ("DescribeWorkspaceImages", {"MaxResults": 26}, "'maxResults'"),
        ("DescribeWorkspaceImages", {"ImageType": "PUBLIC"}, "'imageType'"),
        (
            "UpdateWorkspaceImagePermission",
            {"ImageId": "wsi-000000000", "AllowCopyImage": True, "SharedAccountId": "1234"},
            "'sharedAccountId'",
        ),
        ("CopyWorkspaceImage", {"Name": "c", "SourceImageId": "wsi-000000000"}, "'sourceRegion'"),
    ],
)
def test_image_calls_are_checked_against_the_model(sb, operation, params, where):
    status, answer = raw_call(sb, operation, params)
    assert (status, answer["__type"]) == (400, "ValidationException") and where in answer["message"]


# --- tags, control and reset ------------------------------------------------------------------------


def test_images_made_or_copied_take_tags(sb, client, alice):
    image_id = make_image(client, alice, Tags=TAGS)
    assert client.describe_tags(ResourceId=image_id)["TagList"] == TAGS
    client.create_tags(ResourceId=image_id, Tags=[{"Key": "stage", "Value": "gold"}])
    assert sb.tags_of(image_id) == {"team": "euc", "stage": "gold"}
    source = sb.seed_image("source")
    copy_id = copy(client, source, "copy", Tags=TAGS)
    assert sb.tags_of(copy_id) == {"team": "euc"}
    reserved = [{"Key": "aws:x", "Value": "v"}]
    assert refused(lambda: copy(client, source, "c", Tags=reserved))[0] == "InvalidParameterValuesException"


def test_the_http_control_seeds_reads_and_fails_images(sb, client, alice):
    assert control(sb, "set_image_seconds", {"pending": SLOW}) == {"pending": SLOW}
    control(sb, "fail_next_image", {"error_code": "DiskFreeSpace", "error_message": "Full."})
    failing = make_image(client, alice)
    assert control(sb, "image_state_of", {"image_id": failing}) == {"image_id": failing, "state": "PENDING"}
    control(sb, "set_image_seconds", {"pending": 0})
    assert control(sb, "image_state_of", {"image_id": failing})["state"] == "ERROR"
    seeded = control(sb, "seed_image", {"name": "seeded", "description": "Seeded", "region": OTHER_REGION})["image_id"]
    assert image(sb.client("workspaces", OTHER_REGION), seeded)["Description"] == "Seeded"
    answer = control(sb, "image_permissions_of", {"image_id": seeded, "region": OTHER_REGION})
    assert answer == {"image_id": seeded, "permissions": []}


def test_reset_forgets_images_and_armed_failures(sb, client):
    image_id = sb.seed_image("golden")
    sb.fail_next_image("DiskFreeSpace", "Full.")
    sb.reset()
    assert sb.image_state_of(image_id) is None and client.describe_workspace_images()["Images"] == []
    sb.set_image_seconds(0)
    (alice,) = sb.seed_workspaces(sb.seed_directory(), ["alice"])
    assert sb.image_state_of(make_image(client, alice)) == "AVAILABLE"

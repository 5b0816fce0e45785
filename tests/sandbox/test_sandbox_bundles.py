# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WorkSpace bundles (moto has no bundle call at all): AWS's public ones, the account's own made from its images, and
the bundles CreateWorkspaces and MigrateWorkspace take, over HTTP through boto3."""

import time

import pytest
from botocore.exceptions import ClientError

from sandbox import BUNDLE_ID
from sandbox import OTHER_BUNDLE_ID
from sandbox.bundles import BUNDLE_MEMBERS
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import TERMINATED
from sandbox.testing import TERMINATING
from sandbox.testing import control
from sandbox.testing import raw_call
from sandbox.testing import refusal

TAGS = [{"Key": "team", "Value": "euc"}]


def refused(call, **params):
    with pytest.raises(ClientError) as raised:
        call(**params)
    return refusal(raised)


def code_of(call, **params):
    return refused(call, **params)[0]


def bundle(client, bundle_id):
    (found,) = client.describe_workspace_bundles(BundleIds=[bundle_id])["Bundles"]
    return found


def ids(client, **params):
    return [entry["BundleId"] for entry in client.describe_workspace_bundles(**params)["Bundles"]]


def create_bundle(client, image_id, name="golden-bundle", **params):
    request = dict(
        BundleName=name,
        BundleDescription="Golden bundle",
        ImageId=image_id,
        ComputeType={"Name": "POWER"},
        UserStorage={"Capacity": "100"},
        RootStorage={"Capacity": "175"},
    )
    return client.create_workspace_bundle(**dict(request, **params))["WorkspaceBundle"]


# --- AWS's public bundles -----------------------------------------------------------------------


def test_the_public_bundles_are_amazons_in_every_region(sb):
    for region in (sb.region, OTHER_REGION):
        public = sb.client("workspaces", region).describe_workspace_bundles(Owner="AMAZON")["Bundles"]
        assert [(entry["BundleId"], entry["Owner"], entry["State"]) for entry in public] == [
            (BUNDLE_ID, "AMAZON", "AVAILABLE"),
            (OTHER_BUNDLE_ID, "AMAZON", "AVAILABLE"),
        ]
        assert [(entry["ComputeType"], entry["RootStorage"], entry["UserStorage"]) for entry in public] == [
            ({"Name": "STANDARD"}, {"Capacity": "80"}, {"Capacity": "50"}),
            ({"Name": "PERFORMANCE"}, {"Capacity": "80"}, {"Capacity": "100"}),
        ]
        assert all(entry["ImageId"].startswith("wsi-") and set(entry) == BUNDLE_MEMBERS for entry in public)


def test_without_owner_the_accounts_own_bundles_are_described(sb, client):
    assert ids(client) == []
    own = sb.seed_bundle("golden-bundle", sb.seed_image("golden"))
    assert ids(client) == [own] == ids(client, Owner=sb.account_id)
    assert ids(client, Owner="AMAZON") == [BUNDLE_ID, OTHER_BUNDLE_ID]
    assert code_of(client.describe_workspace_bundles, Owner="210987654321") == "InvalidParameterValuesException"


def test_bundles_are_described_by_id_public_or_own_but_not_with_an_owner(sb, client):
    own = sb.seed_bundle("golden-bundle", sb.seed_image("golden"))
    assert ids(client, BundleIds=[own, OTHER_BUNDLE_ID, "wsb-000000000"]) == [OTHER_BUNDLE_ID, own]
    code, _message = refused(client.describe_workspace_bundles, BundleIds=[own], Owner="AMAZON")
    assert code == "InvalidParameterValuesException"
    assert ids(sb.client("workspaces", OTHER_REGION), BundleIds=[own]) == []  # the account's bundles are per region


def test_bundles_are_described_in_pages_of_25(sb, client):
    image_id = sb.seed_image("golden")
    made = [sb.seed_bundle(f"bundle{n:02d}", image_id) for n in range(30)]
    first = client.describe_workspace_bundles()
    assert len(first["Bundles"]) == 25 and first["NextToken"]
    pages = list(client.get_paginator("describe_workspace_bundles").paginate())
    assert [entry["BundleId"] for page in pages for entry in page["Bundles"]] == made and len(pages) == 2
    code, _message = refused(client.describe_workspace_bundles, Owner="AMAZON", NextToken=first["NextToken"])
    assert code == "InvalidParameterValuesException"


# --- the account's own ----------------------------------------------------------------------------


def test_a_bundle_is_created_pending_then_available_with_every_member(sb, client):
    sb.set_bundle_seconds(SLOW)
    image_id = sb.seed_image("golden")
    made = create_bundle(client, image_id)
    assert made["BundleId"].startswith("wsb-") and set(made) == BUNDLE_MEMBERS
    assert {key: made[key] for key in ("Name", "Owner", "Description", "ImageId", "State", "BundleType")} == {
        "Name": "golden-bundle",
        "Owner": sb.account_id,
        "Description": "Golden bundle",
        "ImageId": image_id,
        "State": "PENDING",
        "BundleType": "REGULAR",
    }
    storage = ({"Name": "POWER"}, {"Capacity": "175"}, {"Capacity": "100"})
    assert (made["ComputeType"], made["RootStorage"], made["UserStorage"]) == storage
    assert made["CreationTime"] == made["LastUpdatedTime"]
    assert bundle(client, made["BundleId"])["State"] == "PENDING" == sb.bundle_state_of(made["BundleId"])
    sb.set_bundle_seconds(0)
    assert bundle(client, made["BundleId"])["State"] == "AVAILABLE"


def test_how_long_a_bundle_is_pending_is_settable_and_half_a_second_by_default(sb, client):
    assert sb.fidelity.transition_seconds["bundle_pending"] == 0.5
    # Long enough that a loaded machine still sees PENDING right after the call.
    sb.set_bundle_seconds(pending=3.0)
    try:
        bundle_id = create_bundle(client, sb.seed_image("golden"))["BundleId"]
        assert sb.bundle_state_of(bundle_id) == "PENDING"
        time.sleep(3.1)
        assert sb.bundle_state_of(bundle_id) == "AVAILABLE"
    finally:
        sb.set_bundle_seconds(pending=0.5)


def test_a_bundle_without_root_storage_takes_the_images_root_volume(sb, client):
    image_id = sb.seed_image("golden")
    request = {
        "BundleName": "b",
        "BundleDescription": "d",
        "ImageId": image_id,
        "ComputeType": {"Name": "VALUE"},
        "UserStorage": {"Capacity": "10"},
    }
    assert client.create_workspace_bundle(**request)["WorkspaceBundle"]["RootStorage"] == {"Capacity": "80"}


@pytest.mark.parametrize(
    "change, code",
    [
        ({"BundleName": "taken"}, "ResourceAlreadyExistsException"),
        ({"ImageId": "wsi-000000000"}, "ResourceNotFoundException"),
        ({"ImageId": "pending"}, "ResourceUnavailableException"),
        ({"ImageId": "theirs"}, "ResourceNotFoundException"),
        ({"ComputeType": {}}, "InvalidParameterValuesException"),
        ({"RootStorage": {"Capacity": "60"}}, "InvalidParameterValuesException"),  # smaller than the image's 80 GiB
        ({"UserStorage": {"Capacity": "fifty"}}, "InvalidParameterValuesException"),
    ],
)
def test_a_bundle_is_refused_for_a_taken_name_an_image_it_cannot_use_or_bad_storage(sb, client, change, code):
    sb.set_image_seconds(SLOW)
    images = {
        "pending": sb.seed_image("pending", state="PENDING"),
        "theirs": sb.seed_image("theirs", owner_account_id="210987654321"),
    }
    image_id = sb.seed_image("golden")
    sb.seed_bundle("taken", image_id)
    change = {key: images.get(value, value) if key == "ImageId" else value for key, value in change.items()}
    assert code_of(lambda: create_bundle(client, image_id, **change)) == code
    assert len(ids(client)) == 1


def test_a_bundle_takes_a_new_image_pending_then_available(sb, client):
    sb.set_bundle_seconds(SLOW)
    first, second = sb.seed_image("first"), sb.seed_image("second")
    bundle_id = sb.seed_bundle("golden-bundle", first)
    before = bundle(client, bundle_id)
    answer = client.update_workspace_bundle(BundleId=bundle_id, ImageId=second)
    assert set(answer) == {"ResponseMetadata"}  # an empty body
    after = bundle(client, bundle_id)
    assert (after["ImageId"], after["State"]) == (second, "PENDING")
    assert after["LastUpdatedTime"] > before["LastUpdatedTime"]
    assert after["CreationTime"] == before["CreationTime"]
    assert code_of(client.update_workspace_bundle, BundleId=bundle_id, ImageId=first) == "ResourceUnavailableException"
    sb.set_bundle_seconds(0)
    assert sb.bundle_state_of(bundle_id) == "AVAILABLE"


def test_public_unknown_or_unnamed_bundles_are_not_updated(sb, client):
    image_id = sb.seed_image("golden")
    update = client.update_workspace_bundle
    assert code_of(update, BundleId=BUNDLE_ID, ImageId=image_id) == "OperationNotSupportedException"
    assert code_of(update, BundleId="wsb-000000000", ImageId=image_id) == "ResourceNotFoundException"
    assert code_of(update, ImageId=image_id) == "InvalidParameterValuesException"
    bundle_id = sb.seed_bundle("golden-bundle", image_id)
    assert code_of(update, BundleId=bundle_id, ImageId="wsi-000000000") == "ResourceNotFoundException"
    assert code_of(update, BundleId=bundle_id) == "InvalidParameterValuesException"


def test_a_bundle_workspaces_use_is_not_deleted_until_they_are_gone(sb, client):
    bundle_id = sb.seed_bundle("golden-bundle", sb.seed_image("golden"))
    (alice,) = sb.seed_workspaces(sb.seed_directory(), ["alice"], bundle_id=bundle_id)
    code, message = refused(client.delete_workspace_bundle, BundleId=bundle_id)
    assert code == "ResourceAssociatedException" and alice in message
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert code_of(client.delete_workspace_bundle, BundleId=bundle_id) == "ResourceAssociatedException"  # TERMINATING
    time.sleep(TERMINATING + TERMINATED + 0.1)
    client.delete_workspace_bundle(BundleId=bundle_id)
    assert sb.bundle_state_of(bundle_id) is None and ids(client) == []


def test_public_and_unknown_bundles_are_not_deleted(sb, client):
    assert code_of(client.delete_workspace_bundle, BundleId=BUNDLE_ID) == "InvalidParameterValuesException"
    assert code_of(client.delete_workspace_bundle, BundleId="wsb-000000000") == "ResourceNotFoundException"
    assert ids(client, Owner="AMAZON") == [BUNDLE_ID, OTHER_BUNDLE_ID]


# --- the bundles WorkSpaces are made from ---------------------------------------------------------------


def test_workspaces_are_created_and_migrated_on_the_regions_bundles(sb, client):
    sb.set_transition_seconds(pending=0)
    directory_id = sb.seed_directory()
    own = sb.seed_bundle("power", sb.seed_image("golden"), "POWER", root_volume_size_gib=175, user_volume_size_gib=100)
    request = {"DirectoryId": directory_id, "UserName": "alice", "BundleId": own}
    (pending,) = client.create_workspaces(Workspaces=[request])["PendingRequests"]
    (alice,) = client.describe_workspaces(WorkspaceIds=[pending["WorkspaceId"]])["Workspaces"]
    assert alice["BundleId"] == own
    wanted = {"ComputeTypeName": "POWER", "RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100}
    assert {key: alice["WorkspaceProperties"][key] for key in wanted} == wanted
    (bob,) = sb.seed_workspaces(directory_id, ["bob"])
    assert client.migrate_workspace(SourceWorkspaceId=bob, BundleId=own)["TargetWorkspaceId"]
    elsewhere = sb.client("workspaces", OTHER_REGION)
    other_directory = sb.seed_directory(OTHER_REGION)
    (failed,) = elsewhere.create_workspaces(Workspaces=[dict(request, DirectoryId=other_directory)])["FailedRequests"]
    assert failed["ErrorCode"] == "ResourceNotFound.Bundle"


def test_seeded_workspaces_take_a_seeded_bundle(sb, client):
    own = sb.seed_bundle("value", sb.seed_image("golden"), compute_type="VALUE", user_volume_size_gib=10)
    (alice,) = sb.seed_workspaces(sb.seed_directory(), ["alice"], bundle_id=own)
    assert sb.properties_of(alice)["ComputeTypeName"] == "VALUE" and sb.properties_of(alice)["UserVolumeSizeGib"] == 10
    with pytest.raises(ValueError):
        sb.seed_bundle("value", sb.seed_image("other"))  # a name the account's bundles have
    with pytest.raises(ValueError):
        sb.seed_bundle("nowhere", "wsi-000000000")


# --- tags, validation, control and reset --------------------------------------------------------------


def test_bundles_take_tags_from_their_creation_and_lose_them_with_it(sb, client):
    bundle_id = create_bundle(client, sb.seed_image("golden"), Tags=TAGS)["BundleId"]
    assert client.describe_tags(ResourceId=bundle_id)["TagList"] == TAGS
    sb.set_bundle_seconds(0)
    client.delete_workspace_bundle(BundleId=bundle_id)
    assert code_of(client.describe_tags, ResourceId=bundle_id) == "ResourceNotFoundException"
    reserved = [{"Key": "aws:x", "Value": "v"}]
    other_image = sb.seed_image("other")
    assert code_of(lambda: create_bundle(client, other_image, Tags=reserved)) == "InvalidParameterValuesException"


@pytest.mark.parametrize(
    "operation, params, where",
    [
        ("DescribeWorkspaceBundles", {"BundleIds": [f"wsb-{n:09d}" for n in range(26)]}, "'bundleIds'"),
        (
            "CreateWorkspaceBundle",
            {
                "BundleName": "b",
                "BundleDescription": "d",
                "ImageId": "wsi-000000000",
                "ComputeType": {"Name": "HUGE"},
                "UserStorage": {"Capacity": "50"},
            },
            "'computeType.name'",
        ),
        ("UpdateWorkspaceBundle", {"BundleId": "bundle-1"}, "'bundleId'"),
        ("DeleteWorkspaceBundle", {"BundleId": "wsb-1"}, "'bundleId'"),
    ],
)
def test_bundle_calls_are_checked_against_the_model(sb, operation, params, where):
    status, answer = raw_call(sb, operation, params)
    assert (status, answer["__type"]) == (400, "ValidationException") and where in answer["message"]


def test_the_http_control_seeds_and_reads_bundles(sb, client):
    image_id = control(sb, "seed_image", {"name": "golden"})["image_id"]
    bundle_id = control(
        sb, "seed_bundle", {"name": "b", "image_id": image_id, "compute_type": "POWER", "user_volume_size_gib": 100}
    )["bundle_id"]
    assert bundle(client, bundle_id)["ComputeType"] == {"Name": "POWER"}
    assert control(sb, "set_bundle_seconds", {"pending": SLOW}) == {"pending": SLOW}
    client.update_workspace_bundle(BundleId=bundle_id, ImageId=image_id)
    assert control(sb, "bundle_state_of", {"bundle_id": bundle_id}) == {"bundle_id": bundle_id, "state": "PENDING"}
    seeded = control(sb, "seed", {"users": ["alice"], "bundle_id": bundle_id})["workspace_ids"]
    assert client.describe_workspaces(WorkspaceIds=seeded)["Workspaces"][0]["BundleId"] == bundle_id


def test_reset_forgets_the_accounts_bundles_and_the_tags_of_public_ones(sb, client):
    own = sb.seed_bundle("golden-bundle", sb.seed_image("golden"))
    client.create_tags(ResourceId=BUNDLE_ID, Tags=TAGS)
    sb.reset()
    assert sb.bundle_state_of(own) is None and ids(client) == []
    assert sb.tags_of(BUNDLE_ID) == {} and ids(client, Owner="AMAZON") == [BUNDLE_ID, OTHER_BUNDLE_ID]

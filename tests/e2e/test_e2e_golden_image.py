# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The golden image as code: images and custom bundles (workspaces_image, workspaces_image_info, workspaces_bundle,
workspaces_bundle_info) through the real ansible-playbook and ansible, against the sandbox; and the guide's example
playbook, examples/golden_image.yml."""

import threading
import time

import pytest

from e2e_support import REPO_ROOT
from e2e_support import play
from e2e_support import playbook_text
from sandbox import BUNDLE_ID
from sandbox import OTHER_BUNDLE_ID

OTHER_REGION = "us-west-2"
# Accounts to share with: never the sandbox's own (Sandbox.account_id, 123456789012), which AWS refuses.
TEST_ACCOUNT, PROD_ACCOUNT, AUDIT_ACCOUNT = "111122223333", "444455556666", "777788889999"

IMAGE_PLAYBOOK = playbook_text(
    play(
        "The golden image",
        """
        - name: Image
          euc.aws.workspaces_image:
            name: "{{ image_name | default('golden-2025-06') }}"
            description: Golden image of June 2025
            source_workspace_id: "{{ builder_id }}"
            tags: "{{ image_tags | default(omit) }}"
            wait: "{{ image_wait | default(true) }}"
            wait_timeout: 120
          register: image
        """,
    )
)

BUNDLE_PLAYBOOK = playbook_text(
    play(
        "The custom bundle",
        """
        - name: Bundle
          euc.aws.workspaces_bundle:
            name: standard-desktop
            description: Standard desktop
            image_name: "{{ image_name }}"
            compute_type_name: "{{ compute_type | default('STANDARD') }}"
            root_volume_size_gib: 80
            user_volume_size_gib: 50
            tags:
              team: euc
            wait_timeout: 120
        """,
    )
)


def changing_calls(ws, region=None):
    """The operations called that are not look-ups, in order."""
    return [call["operation"] for call in ws.calls(region=region) if not call["operation"].startswith("Describe")]


def image_module(adhoc, ws, *cli, **args):
    return adhoc(dict(args, endpoint_url=ws.endpoint_url), *cli, module="euc.aws.workspaces_image")


def bundle_module(adhoc, ws, *cli, **args):
    return adhoc(dict(args, endpoint_url=ws.endpoint_url), *cli, module="euc.aws.workspaces_bundle")


@pytest.fixture(name="image_and_bundle_seconds", autouse=True)
def fixture_image_and_bundle_seconds(ws):
    """The sandbox's own times for images and bundles again after each test (reset() keeps the times set)."""
    yield
    ws.set_transition_seconds(image_pending=0.5, bundle_pending=0.5)


def settled_once_looked_up(ws, run, operation):
    """``run()``'s result, run while the sandbox's images and bundles stay PENDING (600 s) until ``run`` has called
    ``operation`` once (its look-up saw them PENDING); then they settle at the next call, which ``run`` must wait for."""
    ws.set_transition_seconds(image_pending=600, bundle_pending=600)
    results = []
    worker = threading.Thread(target=lambda: results.append(run()))
    worker.start()
    deadline = time.monotonic() + 240
    while not ws.calls(operation) and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    ws.set_transition_seconds(image_pending=0, bundle_pending=0)
    worker.join(300)
    (result,) = results
    return result


@pytest.fixture(name="builder")
def fixture_builder(ws):
    """The builder WorkSpace, AVAILABLE, its Image Checker passed; no call logged yet."""
    directory_id = ws.seed_directory()
    (builder,) = ws.seed_workspaces(directory_id, ["builder"])
    ws.reset_calls()
    return builder


def run_image(playbook, ws, builder, *cli, **extra):
    return playbook(IMAGE_PLAYBOOK, *cli, extra_vars=dict({"endpoint_url": ws.endpoint_url, "builder_id": builder}, **extra))


def run_bundle(playbook, ws, *cli, **extra):
    return playbook(BUNDLE_PLAYBOOK, *cli, extra_vars=dict({"endpoint_url": ws.endpoint_url}, **extra))


# --- workspaces_image ------------------------------------------------------------------------------


@pytest.mark.matrix
def test_image_made_from_a_workspace_then_ok_with_no_call(ws, playbook, builder):
    first = run_image(playbook, ws, builder, image_tags={"team": "euc"})
    assert first.returncode == 0, first.output
    task = first.task("Image")
    image = task["image"]
    assert task["changed"] is True and task["changes"]["state"] == {"before": "absent", "after": "present"}
    assert image["image_id"].startswith("wsi-") and image["state"] == "AVAILABLE" and image["tags"] == {"team": "euc"}
    (create,) = ws.calls("CreateWorkspaceImage")
    assert create["params"]["WorkspaceId"] == builder and create["params"]["Name"] == "golden-2025-06"
    assert ws.image_state_of(image["image_id"]) == "AVAILABLE" and ws.tags_of(image["image_id"]) == {"team": "euc"}
    assert changing_calls(ws) == ["CreateWorkspaceImage"]

    ws.reset_calls()
    again = run_image(playbook, ws, builder, image_tags={"team": "euc"})
    assert again.returncode == 0, again.output
    assert again.task("Image")["changed"] is False and again.task("Image")["image"]["image_id"] == image["image_id"]
    assert changing_calls(ws) == []


def test_image_waits_through_pending_and_its_workspace_is_suspended_meanwhile(ws, playbook, builder):
    ws.set_image_seconds(600)
    unwaited = run_image(playbook, ws, builder, image_wait=False)
    assert unwaited.returncode == 0, unwaited.output
    image_id = unwaited.task("Image")["image"]["image_id"]
    assert unwaited.task("Image")["image"]["state"] == "PENDING"
    assert ws.image_state_of(image_id) == "PENDING" and ws.state_of(builder) == "SUSPENDED"

    # The image of that name, still PENDING, is the one made: waited for, with no second CreateWorkspaceImage.
    ws.reset_calls()
    waited = settled_once_looked_up(ws, lambda: run_image(playbook, ws, builder), "DescribeWorkspaceImages")
    assert waited.returncode == 0, waited.output
    task = waited.task("Image")
    assert task["changed"] is False and task["image"]["image_id"] == image_id and task["image"]["state"] == "AVAILABLE"
    assert changing_calls(ws) == [] and len(ws.calls("DescribeWorkspaceImages")) >= 2
    assert ws.image_state_of(image_id) == "AVAILABLE" and ws.state_of(builder) == "AVAILABLE"


def test_a_new_image_is_waited_for_until_available(ws, playbook, builder):
    ws.set_image_seconds(4)
    made = run_image(playbook, ws, builder)
    assert made.returncode == 0, made.output
    assert made.task("Image")["image"]["state"] == "AVAILABLE"
    assert len(ws.calls("DescribeWorkspaceImages")) >= 2 and ws.state_of(builder) == "AVAILABLE"


def test_an_image_in_error_fails_naming_aws_error_then_says_to_delete_it(ws, playbook, adhoc, builder):
    ws.fail_next_image("ImageCheckerFailed", "The WorkSpace failed the Image Checker's checks.")
    failed = run_image(playbook, ws, builder)
    assert failed.returncode != 0
    message = failed.task("Image")["msg"]
    assert "ImageCheckerFailed" in message and "The WorkSpace failed the Image Checker's checks." in message
    (image,) = ws.client("workspaces").describe_workspace_images()["Images"]
    assert ws.image_state_of(image["ImageId"]) == "ERROR"

    ws.reset_calls()
    again = run_image(playbook, ws, builder)
    assert again.returncode != 0
    message = again.task("Image")["msg"]
    assert "ImageCheckerFailed" in message and "delete it (state: absent) and run again" in message
    assert changing_calls(ws) == []

    deleted = image_module(adhoc, ws, name="golden-2025-06", state="absent")
    assert deleted.returncode == 0 and deleted.status == "CHANGED", deleted.output
    assert ws.image_state_of(image["ImageId"]) is None and changing_calls(ws) == ["DeleteWorkspaceImage"]


def test_an_image_of_a_workspace_not_available_is_refused_before_any_call(ws, playbook, builder):
    ws.set_state(builder, "STOPPED")
    refused = run_image(playbook, ws, builder)
    assert refused.returncode != 0
    assert f"{builder} is STOPPED" in refused.task("Image")["msg"]
    assert ws.calls("CreateWorkspaceImage") == [] and changing_calls(ws) == []


def test_image_copied_from_another_region(ws, adhoc):
    source = ws.seed_image("golden-2025-06", region=OTHER_REGION, description="Golden image of June 2025")
    ws.reset_calls()
    copied = image_module(adhoc, ws, name="golden-2025-06", source_image_id=source, source_region=OTHER_REGION, wait_timeout=120)
    assert copied.returncode == 0 and copied.status == "CHANGED", copied.output
    image = copied.result["image"]
    assert image["image_id"] != source and image["state"] == "AVAILABLE" and image["description"] == "Golden image of June 2025"
    (copy,) = ws.calls("CopyWorkspaceImage")
    assert copy["region"] == ws.region and copy["params"]["SourceImageId"] == source and copy["params"]["SourceRegion"] == OTHER_REGION
    assert ws.image_state_of(image["image_id"]) == "AVAILABLE" and ws.image_state_of(source, region=OTHER_REGION) == "AVAILABLE"

    ws.reset_calls()
    again = image_module(adhoc, ws, name="golden-2025-06", source_image_id=source, source_region=OTHER_REGION)
    assert again.returncode == 0 and again.status == "SUCCESS", again.output
    assert changing_calls(ws) == []


def test_image_shared_then_added_to_then_revoked(ws, adhoc):
    image_id = ws.seed_image("golden-2025-06")
    ws.reset_calls()
    shared = image_module(adhoc, ws, name="golden-2025-06", shared_account_ids=[TEST_ACCOUNT, PROD_ACCOUNT])
    assert shared.returncode == 0 and shared.status == "CHANGED", shared.output
    assert shared.result["changes"]["shared_account_ids"] == {"before": [], "after": [TEST_ACCOUNT, PROD_ACCOUNT]}
    assert ws.image_permissions_of(image_id) == [TEST_ACCOUNT, PROD_ACCOUNT]
    assert [(c["params"]["SharedAccountId"], c["params"]["AllowCopyImage"]) for c in ws.calls("UpdateWorkspaceImagePermission")] == [
        (TEST_ACCOUNT, True), (PROD_ACCOUNT, True)
    ]

    ws.reset_calls()
    added = image_module(adhoc, ws, name="golden-2025-06", shared_account_ids=[AUDIT_ACCOUNT], purge_shared_accounts=False)
    assert added.returncode == 0 and added.status == "CHANGED", added.output
    assert ws.image_permissions_of(image_id) == sorted([TEST_ACCOUNT, PROD_ACCOUNT, AUDIT_ACCOUNT])
    assert changing_calls(ws) == ["UpdateWorkspaceImagePermission"]

    ws.reset_calls()
    purged = image_module(adhoc, ws, name="golden-2025-06", shared_account_ids=[PROD_ACCOUNT])
    assert purged.returncode == 0 and purged.status == "CHANGED", purged.output
    assert ws.image_permissions_of(image_id) == [PROD_ACCOUNT]
    revoked = [(c["params"]["SharedAccountId"], c["params"]["AllowCopyImage"]) for c in ws.calls("UpdateWorkspaceImagePermission")]
    assert sorted(revoked) == sorted([(TEST_ACCOUNT, False), (AUDIT_ACCOUNT, False)])

    ws.reset_calls()
    again = image_module(adhoc, ws, name="golden-2025-06", shared_account_ids=[PROD_ACCOUNT])
    assert again.returncode == 0 and again.status == "SUCCESS", again.output
    assert changing_calls(ws) == []


def test_image_absent_refused_while_a_bundle_uses_it_then_revoked_and_deleted(ws, adhoc):
    image_id = ws.seed_image("golden-2024-06")
    bundle_id = ws.seed_bundle("old-desktop", image_id)
    ws.client("workspaces").update_workspace_image_permission(ImageId=image_id, AllowCopyImage=True, SharedAccountId=TEST_ACCOUNT)
    ws.reset_calls()
    refused = image_module(adhoc, ws, name="golden-2024-06", state="absent")
    assert refused.returncode != 0
    assert bundle_id in refused.result["msg"] and "old-desktop" in refused.result["msg"]
    assert changing_calls(ws) == [] and ws.image_state_of(image_id) == "AVAILABLE"

    ws.client("workspaces").delete_workspace_bundle(BundleId=bundle_id)
    ws.reset_calls()
    deleted = image_module(adhoc, ws, name="golden-2024-06", state="absent")
    assert deleted.returncode == 0 and deleted.status == "CHANGED", deleted.output
    assert deleted.result["image"] is None
    # AWS will not delete a shared image: the account is revoked first.
    assert changing_calls(ws) == ["UpdateWorkspaceImagePermission", "DeleteWorkspaceImage"]
    assert ws.calls("UpdateWorkspaceImagePermission")[0]["params"]["AllowCopyImage"] is False
    assert ws.image_state_of(image_id) is None

    ws.reset_calls()
    again = image_module(adhoc, ws, name="golden-2024-06", state="absent")
    assert again.returncode == 0 and again.status == "SUCCESS", again.output
    assert changing_calls(ws) == []


def test_image_check_mode_and_diff_change_nothing(ws, playbook, adhoc, builder):
    check = run_image(playbook, ws, builder, "--check", "--diff", image_tags={"team": "euc"})
    assert check.returncode == 0, check.output
    task = check.task("Image")
    assert task["changed"] is True and task["changes"]["state"] == {"before": "absent", "after": "present"}
    assert task["image"]["image_id"] is None and task["image"]["name"] == "golden-2025-06"
    assert "before" in task["diff"] and task["diff"]["after"]["tags"] == {"team": "euc"}
    assert task["diff"]["after"]["name"] == "golden-2025-06" and task["diff"]["after"]["state"] == "AVAILABLE"
    assert changing_calls(ws) == [] and ws.client("workspaces").describe_workspace_images()["Images"] == []
    assert ws.state_of(builder) == "AVAILABLE"

    image_id = ws.seed_image("golden-2024-06")
    ws.reset_calls()
    shared = image_module(adhoc, ws, "--check", "--diff", name="golden-2024-06", shared_account_ids=[TEST_ACCOUNT])
    assert shared.returncode == 0 and shared.status == "CHANGED", shared.output
    assert shared.result["image"]["shared_account_ids"] == [TEST_ACCOUNT]
    assert "+" in shared.output and TEST_ACCOUNT in shared.output  # the --diff, before and after
    assert changing_calls(ws) == [] and ws.image_permissions_of(image_id) == []


def test_image_bad_input_fails_before_any_call(ws, adhoc):
    ws.seed_image("golden-2025-06")
    ws.reset_calls()
    thirteen = image_module(adhoc, ws, name="golden-2025-06", shared_account_ids=["1234567890123"])
    assert thirteen.returncode != 0 and "1234567890123" in thirteen.result["msg"], thirteen.output
    assert any("shared_account_ids" in problem for problem in thirteen.result["invalid"])
    bad_name = image_module(adhoc, ws, name="golden image!", source_workspace_id="ws-abc12345d", description="Golden")
    assert bad_name.returncode != 0 and "golden image!" in bad_name.result["msg"], bad_name.output
    assert ws.calls() == []


# --- workspaces_bundle -----------------------------------------------------------------------------


@pytest.mark.matrix
def test_bundle_created_then_ok_then_pointed_at_a_new_image_and_back(ws, playbook, adhoc):
    june = ws.seed_image("golden-2025-06")
    july = ws.seed_image("golden-2025-07")
    ws.reset_calls()
    first = run_bundle(playbook, ws, image_name="golden-2025-06")
    assert first.returncode == 0, first.output
    task = first.task("Bundle")
    bundle = task["bundle"]
    assert task["changed"] is True and bundle["bundle_id"].startswith("wsb-") and bundle["image_id"] == june
    assert (bundle["compute_type_name"], bundle["root_volume_size_gib"], bundle["user_volume_size_gib"]) == ("STANDARD", 80, 50)
    assert bundle["state"] == "AVAILABLE" and "previous_image_id" not in task
    (create,) = ws.calls("CreateWorkspaceBundle")
    assert create["params"]["ImageId"] == june and create["params"]["ComputeType"] == {"Name": "STANDARD"}
    assert ws.bundle_state_of(bundle["bundle_id"]) == "AVAILABLE" and ws.tags_of(bundle["bundle_id"]) == {"team": "euc"}

    ws.reset_calls()
    again = run_bundle(playbook, ws, image_name="golden-2025-06")
    assert again.returncode == 0, again.output
    assert again.task("Bundle")["changed"] is False and changing_calls(ws) == []

    ws.reset_calls()
    pointed = run_bundle(playbook, ws, image_name="golden-2025-07")
    assert pointed.returncode == 0, pointed.output
    task = pointed.task("Bundle")
    assert task["changed"] is True and task["previous_image_id"] == june and task["bundle"]["image_id"] == july
    assert task["changes"] == {"image_id": {"before": june, "after": july}}
    assert changing_calls(ws) == ["UpdateWorkspaceBundle"]
    assert ws.calls("UpdateWorkspaceBundle")[0]["params"] == {"BundleId": bundle["bundle_id"], "ImageId": july}

    ws.reset_calls()
    back = bundle_module(adhoc, ws, name="standard-desktop", image_id=task["previous_image_id"], wait_timeout=120)
    assert back.returncode == 0 and back.status == "CHANGED", back.output
    assert back.result["previous_image_id"] == july and back.result["bundle"]["image_id"] == june
    assert changing_calls(ws) == ["UpdateWorkspaceBundle"]


def test_bundle_waits_for_its_pending_image_then_for_itself(ws, playbook):
    image_id = ws.seed_image("golden-2025-06", state="PENDING")
    ws.reset_calls()
    made = settled_once_looked_up(ws, lambda: run_bundle(playbook, ws, image_name="golden-2025-06"), "DescribeWorkspaceImages")
    assert made.returncode == 0, made.output
    bundle = made.task("Bundle")["bundle"]
    assert bundle["state"] == "AVAILABLE" and bundle["image_id"] == image_id
    # The image was waited for before the bundle was made (AWS makes none of a PENDING image).
    operations = [call["operation"] for call in ws.calls()]
    assert operations[:operations.index("CreateWorkspaceBundle")].count("DescribeWorkspaceImages") >= 2
    assert ws.bundle_state_of(bundle["bundle_id"]) == "AVAILABLE"


def test_a_new_bundle_is_waited_for_until_available(ws, playbook):
    ws.seed_image("golden-2025-06")
    ws.set_bundle_seconds(4)
    ws.reset_calls()
    made = run_bundle(playbook, ws, image_name="golden-2025-06")
    assert made.returncode == 0, made.output
    assert made.task("Bundle")["bundle"]["state"] == "AVAILABLE"
    operations = [call["operation"] for call in ws.calls()]
    assert operations[operations.index("CreateWorkspaceBundle"):].count("DescribeWorkspaceBundles") >= 2


def test_bundle_immutable_difference_refused_before_any_change(ws, playbook):
    june = ws.seed_image("golden-2025-06")
    ws.seed_image("golden-2025-07")
    bundle_id = ws.seed_bundle("standard-desktop", june, description="Standard desktop")
    ws.reset_calls()
    # A new image and another compute type: AWS can change only the first, so neither is changed.
    refused = run_bundle(playbook, ws, image_name="golden-2025-07", compute_type="PERFORMANCE")
    assert refused.returncode != 0
    message = refused.task("Bundle")["msg"]
    assert "compute_type_name" in message and "PERFORMANCE" in message and "new bundle" in message
    assert changing_calls(ws) == []
    (described,) = ws.client("workspaces").describe_workspace_bundles(BundleIds=[bundle_id])["Bundles"]
    assert described["ImageId"] == june and described["ComputeType"] == {"Name": "STANDARD"}


def test_bundle_absent_refused_while_workspaces_use_it_then_deleted(ws, adhoc):
    image_id = ws.seed_image("golden-2025-06")
    used = ws.seed_bundle("standard-desktop", image_id)
    unused = ws.seed_bundle("old-desktop", image_id)
    directory_id = ws.seed_directory()
    alice, bob = ws.seed_workspaces(directory_id, ["alice", "bob"], bundle_id=used)
    ws.reset_calls()
    refused = bundle_module(adhoc, ws, name="standard-desktop", state="absent")
    assert refused.returncode != 0
    assert "2 WorkSpaces" in refused.result["msg"] and alice in refused.result["msg"], refused.output
    assert changing_calls(ws) == [] and ws.bundle_state_of(used) == "AVAILABLE"

    deleted = bundle_module(adhoc, ws, name="old-desktop", state="absent")
    assert deleted.returncode == 0 and deleted.status == "CHANGED", deleted.output
    assert deleted.result["bundle"] is None and deleted.result["changes"]["state"] == {"before": "present", "after": "absent"}
    assert changing_calls(ws) == ["DeleteWorkspaceBundle"] and ws.bundle_state_of(unused) is None

    ws.reset_calls()
    again = bundle_module(adhoc, ws, name="old-desktop", state="absent")
    assert again.returncode == 0 and again.status == "SUCCESS", again.output
    assert changing_calls(ws) == []


def test_bundle_check_mode_and_diff_change_nothing(ws, playbook):
    june = ws.seed_image("golden-2025-06")
    july = ws.seed_image("golden-2025-07")
    ws.reset_calls()
    new = run_bundle(playbook, ws, "--check", "--diff", image_name="golden-2025-06")
    assert new.returncode == 0, new.output
    assert new.task("Bundle")["changed"] is True and new.task("Bundle")["bundle"]["bundle_id"] is None
    assert changing_calls(ws) == [] and ws.client("workspaces").describe_workspace_bundles()["Bundles"] == []

    bundle_id = ws.seed_bundle("standard-desktop", june, description="Standard desktop")
    ws.client("workspaces").create_tags(ResourceId=bundle_id, Tags=[{"Key": "team", "Value": "euc"}])
    ws.reset_calls()
    check = run_bundle(playbook, ws, "--check", "--diff", image_name="golden-2025-07")
    assert check.returncode == 0, check.output
    task = check.task("Bundle")
    assert task["changed"] is True and task["previous_image_id"] == june
    assert task["diff"]["before"]["image_id"] == june and task["diff"]["after"]["image_id"] == july
    assert changing_calls(ws) == []
    (described,) = ws.client("workspaces").describe_workspace_bundles(BundleIds=[bundle_id])["Bundles"]
    assert described["ImageId"] == june


def test_bundle_bad_input_fails_before_any_call(ws, adhoc):
    image_id = ws.seed_image("golden-2025-06")
    ws.reset_calls()
    common = {"description": "Standard desktop", "image_id": image_id, "compute_type_name": "STANDARD", "user_volume_size_gib": 50}
    bad_name = bundle_module(adhoc, ws, name="standard desktop!", **common)
    assert bad_name.returncode != 0 and "standard desktop!" in bad_name.result["msg"], bad_name.output
    no_volume = bundle_module(adhoc, ws, name="standard-desktop", **{**common, "user_volume_size_gib": 0})
    assert no_volume.returncode != 0 and "user_volume_size_gib must be 1 GiB or more, not 0" in no_volume.result["invalid"], no_volume.output
    no_type = bundle_module(adhoc, ws, name="standard-desktop", **{**common, "compute_type_name": "HUGE"})
    assert no_type.returncode != 0 and "HUGE" in no_type.result["msg"], no_type.output
    assert ws.calls() == []


# --- the info modules ------------------------------------------------------------------------------


def test_image_info_by_id_by_name_and_shared(ws, adhoc):
    june = ws.seed_image("golden-2025-06", description="Golden image of June 2025")
    ws.seed_image("golden-2025-07")
    shared = ws.seed_image("partner-image", owner_account_id=TEST_ACCOUNT)
    ws.client("workspaces").update_workspace_image_permission(ImageId=june, AllowCopyImage=True, SharedAccountId=PROD_ACCOUNT)
    ws.client("workspaces").create_tags(ResourceId=june, Tags=[{"Key": "team", "Value": "euc"}])
    ws.reset_calls()
    module = "euc.aws.workspaces_image_info"

    by_id = adhoc({"image_ids": [june], "permissions": True, "tags": True, "endpoint_url": ws.endpoint_url}, module=module)
    assert by_id.returncode == 0, by_id.output
    (image,) = by_id.result["images"]
    assert (image["image_id"], image["name"], image["description"]) == (june, "golden-2025-06", "Golden image of June 2025")
    assert image["shared_account_ids"] == [PROD_ACCOUNT] and image["tags"] == {"team": "euc"} and image["owner_account_id"] == ws.account_id

    by_name = adhoc({"names": ["golden-2025-07"], "endpoint_url": ws.endpoint_url}, module=module)
    assert by_name.returncode == 0, by_name.output
    assert [entry["name"] for entry in by_name.result["images"]] == ["golden-2025-07"]

    owned = adhoc({"endpoint_url": ws.endpoint_url}, module=module)
    assert sorted(entry["name"] for entry in owned.result["images"]) == ["golden-2025-06", "golden-2025-07"]
    from_others = adhoc({"image_type": "SHARED", "endpoint_url": ws.endpoint_url}, module=module)
    assert from_others.returncode == 0, from_others.output
    assert [(entry["image_id"], entry["owner_account_id"]) for entry in from_others.result["images"]] == [(shared, TEST_ACCOUNT)]
    assert changing_calls(ws) == []


def test_bundle_info_by_id_by_name_and_amazons(ws, adhoc):
    image_id = ws.seed_image("golden-2025-06")
    standard = ws.seed_bundle("standard-desktop", image_id)
    ws.seed_bundle("power-desktop", image_id, compute_type="POWER", root_volume_size_gib=175, user_volume_size_gib=100)
    ws.client("workspaces").create_tags(ResourceId=standard, Tags=[{"Key": "team", "Value": "euc"}])
    module = "euc.aws.workspaces_bundle_info"

    by_id = adhoc({"bundle_ids": [standard], "tags": True, "endpoint_url": ws.endpoint_url}, module=module)
    assert by_id.returncode == 0, by_id.output
    (bundle,) = by_id.result["bundles"]
    assert (bundle["bundle_id"], bundle["name"], bundle["image_id"], bundle["owner"]) == (standard, "standard-desktop", image_id, ws.account_id)
    assert bundle["tags"] == {"team": "euc"} and bundle["state"] == "AVAILABLE"

    by_name = adhoc({"names": ["power-desktop"], "endpoint_url": ws.endpoint_url}, module=module)
    assert by_name.returncode == 0, by_name.output
    (power,) = by_name.result["bundles"]
    assert (power["compute_type_name"], power["root_volume_size_gib"], power["user_volume_size_gib"]) == ("POWER", 175, 100)

    own = adhoc({"endpoint_url": ws.endpoint_url}, module=module)
    assert sorted(entry["name"] for entry in own.result["bundles"]) == ["power-desktop", "standard-desktop"]
    amazons = adhoc({"owner": "AMAZON", "endpoint_url": ws.endpoint_url}, module=module)
    assert amazons.returncode == 0, amazons.output
    assert sorted(entry["bundle_id"] for entry in amazons.result["bundles"]) == sorted([BUNDLE_ID, OTHER_BUNDLE_ID])
    assert {entry["owner"] for entry in amazons.result["bundles"]} == {"AMAZON"}
    assert [call["params"].get("Owner") for call in ws.calls("DescribeWorkspaceBundles")][-1] == "AMAZON"


# --- the guide's playbook --------------------------------------------------------------------------


def test_the_golden_image_example_makes_copies_shares_points_and_keeps_the_last_three(ws, playbook, builder):
    old = [ws.seed_image(f"golden-2025-0{month}") for month in (2, 3, 4, 5)]
    bundle_id = ws.seed_bundle("standard-desktop", old[-1], description="Standard desktop")
    ws.seed_image("partner-image", owner_account_id=TEST_ACCOUNT)
    ws.reset_calls()
    text = (REPO_ROOT / "examples" / "golden_image.yml").read_text()
    extra = {
        "workspaces_endpoint_url": ws.endpoint_url,
        "aws_region": ws.region,
        "builder_workspace_id": builder,
        "golden_image_name": "golden-2025-06",
        "golden_copy_regions": [OTHER_REGION],
        "golden_shared_account_ids": [PROD_ACCOUNT],
        "golden_keep": 3,
    }
    first = playbook(text, extra_vars=extra)
    assert first.returncode == 0, first.output
    image_id = first.task("Make the image of the builder WorkSpace")["image"]["image_id"]
    assert ws.image_state_of(image_id) == "AVAILABLE" and ws.image_permissions_of(image_id) == [PROD_ACCOUNT]
    (copy,) = ws.calls("CopyWorkspaceImage")
    assert copy["region"] == OTHER_REGION and copy["params"]["SourceImageId"] == image_id
    copies = ws.client("workspaces", OTHER_REGION).describe_workspace_images()["Images"]
    assert [(entry["Name"], entry["State"]) for entry in copies] == [("golden-2025-06", "AVAILABLE")]
    pointed = first.task("Point the bundle at the new image")
    assert pointed["previous_image_id"] == old[-1] and pointed["bundle"]["bundle_id"] == bundle_id
    # Kept: the newest three (the new one, May's the bundle had, April's); deleted: February's and March's.
    assert [ws.image_state_of(image_id) for image_id in old] == [None, None, "AVAILABLE", "AVAILABLE"]
    assert sorted(call["params"]["ImageId"] for call in ws.calls("DeleteWorkspaceImage")) == sorted(old[:2])

    ws.reset_calls()
    again = playbook(text, extra_vars=extra)
    assert again.returncode == 0, again.output
    assert again.stats["changed"] == 0 and changing_calls(ws) == []

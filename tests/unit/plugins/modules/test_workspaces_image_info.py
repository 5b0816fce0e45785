# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_image_info through main(), every AWS call pinned with botocore's Stubber."""

from datetime import datetime
from datetime import timezone

import botocore.session
import yaml

from ansible_collections.euc.aws.plugins.modules import workspaces_image_info

from module_harness import run_main

CREATED = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)


def entry(image_id, name, state="AVAILABLE"):
    return {
        "ImageId": image_id, "Name": name, "Description": f"{name} image", "OperatingSystem": {"Type": "LINUX"}, "State": state,
        "RequiredTenancy": "DEFAULT", "Created": CREATED, "OwnerAccountId": "111122223333",
    }


GOLDEN = entry("wsi-0123456789a", "golden")
SILVER = entry("wsi-0123456789b", "silver")


def info(capsys, **params):
    return run_main(workspaces_image_info, capsys, **params)


def test_the_image_type_choices_are_the_model_enum():
    enum = botocore.session.get_session().get_service_model("workspaces").shape_for("ImageType").enum
    options = yaml.safe_load(workspaces_image_info.DOCUMENTATION)["options"]
    assert options["image_type"]["choices"] == list(enum)


def test_every_owned_image_page_by_page_without_permissions_or_tags(stubber, capsys):
    stubber.add_response("describe_workspace_images", {"Images": [GOLDEN], "NextToken": "p2"}, {"ImageType": "OWNED"})
    stubber.add_response("describe_workspace_images", {"Images": [SILVER]}, {"ImageType": "OWNED", "NextToken": "p2"})
    result = info(capsys)
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert result["images"] == [
        {"image_id": "wsi-0123456789a", "name": "golden", "description": "golden image", "state": "AVAILABLE", "operating_system": "LINUX",
         "required_tenancy": "DEFAULT", "created": "2025-06-02T09:30:00+00:00", "owner_account_id": "111122223333"},
        {"image_id": "wsi-0123456789b", "name": "silver", "description": "silver image", "state": "AVAILABLE", "operating_system": "LINUX",
         "required_tenancy": "DEFAULT", "created": "2025-06-02T09:30:00+00:00", "owner_account_id": "111122223333"},
    ]


def test_the_images_shared_with_the_account(stubber, capsys):
    stubber.add_response("describe_workspace_images", {"Images": [SILVER]}, {"ImageType": "SHARED"})
    result = info(capsys, image_type="SHARED")
    assert [image["name"] for image in result["images"]] == ["silver"]


def test_by_name_reads_the_pages_and_keeps_those_named(stubber, capsys):
    stubber.add_response("describe_workspace_images", {"Images": [GOLDEN, SILVER]}, {"ImageType": "OWNED"})
    result = info(capsys, names=["silver"])
    assert [image["image_id"] for image in result["images"]] == ["wsi-0123456789b"]


def test_by_ids_as_many_a_call_as_the_model_allows_in_the_order_asked(stubber, capsys):
    image_ids = [f"wsi-{n:09d}" for n in range(26)]
    stubber.add_response("describe_workspace_images", {"Images": [entry(i, "x") for i in reversed(image_ids[:25])]}, {"ImageIds": image_ids[:25]})
    stubber.add_response("describe_workspace_images", {"Images": []}, {"ImageIds": image_ids[25:]})
    result = info(capsys, image_ids=image_ids + image_ids[:1])
    assert [image["image_id"] for image in result["images"]] == image_ids[:25]


def test_permissions_and_tags_one_call_an_image(stubber, capsys):
    stubber.add_response("describe_workspace_images", {"Images": [GOLDEN, SILVER]}, {"ImageType": "OWNED"})
    stubber.add_response(
        "describe_workspace_image_permissions", {"ImagePermissions": [{"SharedAccountId": "123456789012"}]}, {"ImageId": GOLDEN["ImageId"]}
    )
    stubber.add_response("describe_workspace_image_permissions", {"ImagePermissions": []}, {"ImageId": SILVER["ImageId"]})
    stubber.add_response("describe_tags", {"TagList": [{"Key": "team", "Value": "euc"}]}, {"ResourceId": GOLDEN["ImageId"]})
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": SILVER["ImageId"]})
    result = info(capsys, permissions=True, tags=True)
    assert [(image["shared_account_ids"], image["tags"]) for image in result["images"]] == [(["123456789012"], {"team": "euc"}), ([], {})]


def test_an_image_in_error_carries_aws_error(stubber, capsys):
    broken = dict(entry("wsi-0123456789c", "broken", "ERROR"), ErrorCode="Code", ErrorMessage="Message", ErrorDetails=[])
    stubber.add_response("describe_workspace_images", {"Images": [broken]}, {"ImageType": "OWNED"})
    result = info(capsys)
    assert result["images"][0]["error_code"] == "Code" and result["images"][0]["error_message"] == "Message"
    assert result["images"][0]["error_details"] == []


def test_a_malformed_id_fails_before_any_call(stubber, capsys):
    result = info(capsys, image_ids=["ami-12345678"])
    assert result["failed"] is True and "image_ids: 'ami-12345678' must match" in result["msg"]


def test_an_empty_list_makes_no_call(stubber, capsys):
    assert info(capsys, image_ids=[])["images"] == []
    assert info(capsys, names=[])["images"] == []

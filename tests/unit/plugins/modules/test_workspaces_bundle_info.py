# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_bundle_info through main(), every AWS call pinned with botocore's Stubber."""

from datetime import datetime
from datetime import timezone

from ansible_collections.euc.aws.plugins.modules import workspaces_bundle_info

from module_harness import run_main

CREATED = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)


def entry(bundle_id, name, owner="111122223333"):
    return {
        "BundleId": bundle_id, "Name": name, "Owner": owner, "Description": f"{name} bundle", "ImageId": "wsi-0123456789a",
        "RootStorage": {"Capacity": "80"}, "UserStorage": {"Capacity": "50"}, "ComputeType": {"Name": "STANDARD"},
        "LastUpdatedTime": CREATED, "CreationTime": CREATED, "State": "AVAILABLE",
    }


DESKTOP = entry("wsb-0123456789", "desktop")
POWER = entry("wsb-0123456780", "power")


def info(capsys, **params):
    return run_main(workspaces_bundle_info, capsys, **params)


def test_every_bundle_of_the_account_page_by_page(stubber, capsys):
    stubber.add_response("describe_workspace_bundles", {"Bundles": [DESKTOP], "NextToken": "p2"}, {})
    stubber.add_response("describe_workspace_bundles", {"Bundles": [POWER]}, {"NextToken": "p2"})
    result = info(capsys)
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert result["bundles"][0] == {
        "bundle_id": "wsb-0123456789", "name": "desktop", "description": "desktop bundle", "owner": "111122223333",
        "image_id": "wsi-0123456789a", "compute_type_name": "STANDARD", "root_volume_size_gib": 80, "user_volume_size_gib": 50,
        "state": "AVAILABLE", "last_updated_time": "2024-01-15T08:00:00+00:00", "creation_time": "2024-01-15T08:00:00+00:00",
    }
    assert [bundle["name"] for bundle in result["bundles"]] == ["desktop", "power"]


def test_aws_own_bundles_with_owner_amazon(stubber, capsys):
    stubber.add_response("describe_workspace_bundles", {"Bundles": [entry("wsb-bh8rsxt14", "Standard with Windows", "AMAZON")]}, {"Owner": "AMAZON"})
    result = info(capsys, owner="AMAZON")
    assert [bundle["owner"] for bundle in result["bundles"]] == ["AMAZON"]


def test_by_name_reads_the_pages_and_keeps_those_named(stubber, capsys):
    stubber.add_response("describe_workspace_bundles", {"Bundles": [DESKTOP, POWER]}, {})
    result = info(capsys, names=["power"])
    assert [bundle["bundle_id"] for bundle in result["bundles"]] == ["wsb-0123456780"]


def test_by_ids_as_many_a_call_as_the_model_allows_in_the_order_asked(stubber, capsys):
    bundle_ids = [f"wsb-{n:08d}" for n in range(26)]
    stubber.add_response("describe_workspace_bundles", {"Bundles": [entry(i, "x") for i in reversed(bundle_ids[:25])]}, {"BundleIds": bundle_ids[:25]})
    stubber.add_response("describe_workspace_bundles", {"Bundles": [entry(bundle_ids[25], "y")]}, {"BundleIds": bundle_ids[25:]})
    result = info(capsys, bundle_ids=bundle_ids + bundle_ids[:1])
    assert [bundle["bundle_id"] for bundle in result["bundles"]] == bundle_ids


def test_tags_one_call_a_bundle(stubber, capsys):
    stubber.add_response("describe_workspace_bundles", {"Bundles": [DESKTOP, POWER]}, {})
    stubber.add_response("describe_tags", {"TagList": [{"Key": "team", "Value": "euc"}]}, {"ResourceId": DESKTOP["BundleId"]})
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": POWER["BundleId"]})
    result = info(capsys, tags=True)
    assert [bundle["tags"] for bundle in result["bundles"]] == [{"team": "euc"}, {}]


def test_a_malformed_id_fails_before_any_call(stubber, capsys):
    result = info(capsys, bundle_ids=["bundle-1"])
    assert result["failed"] is True and "bundle_ids: 'bundle-1' must match" in result["msg"]


def test_an_empty_list_makes_no_call(stubber, capsys):
    assert info(capsys, bundle_ids=[])["bundles"] == []
    assert info(capsys, names=[])["bundles"] == []

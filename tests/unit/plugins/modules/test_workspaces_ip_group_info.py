# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_ip_group_info through main(), every AWS call pinned with botocore's Stubber."""

from ansible_collections.euc.aws.plugins.modules import workspaces_ip_group_info

from module_harness import run_main

OFFICE = {"groupId": "wsipg-abcd1234", "groupName": "office", "groupDesc": "Office", "userRules": [{"ipRule": "203.0.113.0/24"}]}
HOME = {"groupId": "wsipg-efgh5678", "groupName": "home", "userRules": []}


def test_every_group_with_rules_directories_and_tags(stubber, capsys):
    stubber.add_response("describe_ip_groups", {"Result": [OFFICE], "NextToken": "p2"}, {})
    stubber.add_response("describe_ip_groups", {"Result": [HOME]}, {"NextToken": "p2"})
    stubber.add_response("describe_workspace_directories", {"Directories": [{"DirectoryId": "d-1234567890", "ipGroupIds": [OFFICE["groupId"]]}]}, {})
    stubber.add_response("describe_tags", {"TagList": [{"Key": "team", "Value": "euc"}]}, {"ResourceId": OFFICE["groupId"]})
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": HOME["groupId"]})
    result = run_main(workspaces_ip_group_info, capsys)
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert result["ip_groups"] == [
        {"group_id": "wsipg-abcd1234", "name": "office", "description": "Office", "rules": [{"ip_rule": "203.0.113.0/24", "description": ""}],
         "directory_ids": ["d-1234567890"], "tags": {"team": "euc"}},
        {"group_id": "wsipg-efgh5678", "name": "home", "description": "", "rules": [], "directory_ids": [], "tags": {}},
    ]


def test_by_name_reads_the_pages_and_keeps_those_named(stubber, capsys):
    stubber.add_response("describe_ip_groups", {"Result": [OFFICE, HOME]}, {})
    stubber.add_response("describe_workspace_directories", {"Directories": []}, {})
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": HOME["groupId"]})
    result = run_main(workspaces_ip_group_info, capsys, names=["home"])
    assert [group["group_id"] for group in result["ip_groups"]] == ["wsipg-efgh5678"]


def test_by_id_asks_for_those_ids(stubber, capsys):
    stubber.add_response("describe_ip_groups", {"Result": [OFFICE]}, {"GroupIds": [OFFICE["groupId"]]})
    stubber.add_response("describe_workspace_directories", {"Directories": []}, {})
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": OFFICE["groupId"]})
    result = run_main(workspaces_ip_group_info, capsys, group_ids=[OFFICE["groupId"]])
    assert [group["name"] for group in result["ip_groups"]] == ["office"]


def test_a_malformed_id_fails_before_any_call(stubber, capsys):
    result = run_main(workspaces_ip_group_info, capsys, group_ids=["ipg-1"])
    assert result["failed"] is True and "group_ids: 'ipg-1' must match wsipg-" in result["msg"]

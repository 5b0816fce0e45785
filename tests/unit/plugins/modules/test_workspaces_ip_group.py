# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_ip_group through main(), every AWS call pinned with botocore's Stubber: find, compare, refuse, then
only the calls that change something."""

import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_ip_group

from module_harness import run_main

GROUP = "wsipg-abcd1234"
OFFICE = {"ipRule": "203.0.113.0/24", "ruleDesc": "Head office"}
VPN = {"ipRule": "198.51.100.7", "ruleDesc": "VPN"}


def group(rules=(OFFICE,), name="office", description="Office networks", group_id=GROUP):
    return {"groupId": group_id, "groupName": name, "groupDesc": description, "userRules": list(rules)}


def found(stubber, groups, directories=(), tags=None, by_id=None):
    """The look-up: DescribeIpGroups (by ID, or every page when by name), the directories, the group's tags."""
    stubber.add_response("describe_ip_groups", {"Result": list(groups)}, {"GroupIds": [by_id]} if by_id else {})
    matching = [g for g in groups if by_id or g["groupName"] == "office"]
    if len(matching) == 1:
        stubber.add_response("describe_workspace_directories", {"Directories": list(directories)}, {})
        tag_list = [{"Key": k, "Value": v} for k, v in (tags or {}).items()]
        stubber.add_response("describe_tags", {"TagList": tag_list}, {"ResourceId": matching[0]["groupId"]})


def ip_group(capsys, **params):
    return run_main(workspaces_ip_group, capsys, **params)


def rules_given(*rules):
    return [{"ip_rule": rule["ipRule"], "description": rule.get("ruleDesc")} for rule in rules]


def test_creates_a_group_with_its_rules_and_tags_in_one_call(stubber, capsys):
    stubber.add_response("describe_ip_groups", {"Result": []}, {})
    stubber.add_response(
        "create_ip_group",
        {"GroupId": GROUP},
        {
            "GroupName": "office", "GroupDesc": "Office networks",
            "UserRules": [OFFICE, {"ipRule": "198.51.100.7/32", "ruleDesc": "VPN"}], "Tags": [{"Key": "team", "Value": "euc"}],
        },
    )
    found(stubber, [group((OFFICE, VPN))], tags={"team": "euc"}, by_id=GROUP)
    result = ip_group(capsys, name="office", description="Office networks", rules=rules_given(OFFICE, VPN), tags={"team": "euc"})
    assert not result.get("failed"), result
    assert result["changed"] is True and result["changes"]["state"] == {"before": "absent", "after": "present"}
    assert result["ip_group"]["group_id"] == GROUP
    assert result["ip_group"]["rules"] == [
        {"ip_rule": "203.0.113.0/24", "description": "Head office"}, {"ip_rule": "198.51.100.7/32", "description": "VPN"}
    ]


def test_a_group_that_matches_as_networks_is_ok_with_no_call(stubber, capsys):
    found(stubber, [group((OFFICE, VPN))], tags={"team": "euc"})
    vpn_as_cidr = {"ip_rule": "198.51.100.7/32", "description": "VPN"}
    result = ip_group(capsys, name="office", rules=rules_given(OFFICE) + [vpn_as_cidr], tags={"team": "euc"})
    assert not result.get("failed"), result
    assert result["changed"] is False and result["changes"] == {}


def test_purging_replaces_the_whole_set_in_one_update(stubber, capsys):
    found(stubber, [group((OFFICE, VPN))])
    stubber.add_response("update_rules_of_ip_group", {}, {"GroupId": GROUP, "UserRules": [OFFICE]})
    found(stubber, [group((OFFICE,))], by_id=GROUP)
    result = ip_group(capsys, name="office", rules=rules_given(OFFICE), diff=True)
    assert result["changed"] is True, result["msg"]
    assert result["changes"]["rules"]["after"] == [{"ip_rule": "203.0.113.0/24", "description": "Head office"}]
    assert len(result["diff"]["before"]["rules"]) == 2 and len(result["diff"]["after"]["rules"]) == 1


def test_without_purging_the_missing_rules_are_authorized(stubber, capsys):
    found(stubber, [group((OFFICE,))])
    stubber.add_response("authorize_ip_rules", {}, {"GroupId": GROUP, "UserRules": [{"ipRule": "198.51.100.7/32", "ruleDesc": "VPN"}]})
    found(stubber, [group((OFFICE, VPN))], by_id=GROUP)
    result = ip_group(capsys, name="office", rules=rules_given(VPN), purge_rules=False)
    assert result["changed"] is True and [r["ip_rule"] for r in result["changes"]["rules"]["after"]] == ["203.0.113.0/24", "198.51.100.7/32"]


def test_without_purging_a_changed_description_goes_in_one_update_with_the_merged_set(stubber, capsys):
    found(stubber, [group((OFFICE,))])
    renamed = {"ipRule": "203.0.113.0/24", "ruleDesc": "HQ"}
    stubber.add_response(
        "update_rules_of_ip_group", {}, {"GroupId": GROUP, "UserRules": [renamed, {"ipRule": "198.51.100.7/32", "ruleDesc": "VPN"}]}
    )
    found(stubber, [group((renamed, VPN))], by_id=GROUP)
    result = ip_group(capsys, name="office", rules=rules_given(renamed, VPN), purge_rules=False)
    assert result["changed"] is True


def test_no_rules_given_leaves_the_rules_and_purges_only_tags(stubber, capsys):
    found(stubber, [group()], tags={"team": "euc", "old": "x"})
    stubber.add_response("delete_tags", {}, {"ResourceId": GROUP, "TagKeys": ["old"]})
    found(stubber, [group()], tags={"team": "euc"}, by_id=GROUP)
    result = ip_group(capsys, name="office", tags={"team": "euc"})
    assert result["changed"] is True and result["changes"] == {"tags": {"before": {"team": "euc", "old": "x"}, "after": {"team": "euc"}}}


def test_check_mode_predicts_and_changes_nothing(stubber, capsys):
    found(stubber, [group((OFFICE, VPN))])
    result = ip_group(capsys, check_mode=True, name="office", rules=rules_given(OFFICE))
    assert result["changed"] is True and result["ip_group"]["rules"] == [{"ip_rule": "203.0.113.0/24", "description": "Head office"}]


def test_a_different_description_is_refused_before_any_change(stubber, capsys):
    found(stubber, [group()])
    result = ip_group(capsys, name="office", description="Something else", rules=rules_given(VPN))
    assert result["failed"] is True and result["changed"] is False and result["changes"] == {}
    assert "AWS has no call that changes it; create a new group with it instead" in result["msg"]


def test_two_groups_of_one_name_fail_before_any_change_naming_both(stubber, capsys):
    found(stubber, [group(), group(group_id="wsipg-efgh5678")])
    result = ip_group(capsys, name="office", rules=rules_given(VPN))
    assert result["failed"] is True and "wsipg-abcd1234, wsipg-efgh5678" in result["msg"]


@pytest.mark.parametrize("rules, problem", [
    ([{"ip_rule": "10.0.0.1/24"}], "has host bits set"),
    ([{"ip_rule": "not-an-ip"}], "'not-an-ip' is not an IPv4 address or CIDR"),
    ([{"ip_rule": "10.0.0.1"}, {"ip_rule": "10.0.0.1/32"}], "are the same network 10.0.0.1/32"),
], ids=["host bits", "malformed", "twice"])
def test_bad_rules_fail_before_any_call(stubber, capsys, rules, problem):
    result = ip_group(capsys, name="office", rules=rules)
    assert result["failed"] is True and problem in result["msg"] and result["changed"] is False


def test_reserved_tag_keys_fail_before_any_call(stubber, capsys):
    result = ip_group(capsys, name="office", tags={"AWS:owner": "me"})
    assert result["failed"] is True and "begins with aws:" in result["msg"]


def test_absent_deletes_a_group_no_directory_uses(stubber, capsys):
    found(stubber, [group()])
    stubber.add_response("delete_ip_group", {}, {"GroupId": GROUP})
    result = ip_group(capsys, name="office", state="absent")
    assert result["changed"] is True and result["ip_group"] is None and result["changes"] == {"state": {"before": "present", "after": "absent"}}


def test_absent_refuses_a_group_still_associated_naming_its_directories(stubber, capsys):
    found(stubber, [group()], directories=[{"DirectoryId": "d-1234567890", "ipGroupIds": [GROUP]}])
    result = ip_group(capsys, name="office", state="absent")
    assert result["failed"] is True and "still associated with d-1234567890" in result["msg"]


def test_absent_of_no_group_is_ok(stubber, capsys):
    stubber.add_response("describe_ip_groups", {"Result": []}, {})
    result = ip_group(capsys, name="office", state="absent")
    assert not result.get("failed") and result["changed"] is False


def test_an_aws_refusal_midway_reports_what_was_changed(stubber, capsys):
    found(stubber, [group()], tags={})
    stubber.add_response("update_rules_of_ip_group", {}, {"GroupId": GROUP, "UserRules": [{"ipRule": "198.51.100.7/32", "ruleDesc": "VPN"}]})
    stubber.add_client_error("create_tags", "ResourceLimitExceededException", "too many tags")
    result = ip_group(capsys, name="office", rules=rules_given(VPN), tags={"team": "euc"})
    assert result["failed"] is True and result["changed"] is True
    assert list(result["changes"]) == ["rules"] and "too many tags" in result["msg"]

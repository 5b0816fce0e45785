# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IP access control groups (moto has none) and tags on every WorkSpaces resource that takes them, over HTTP."""

import pytest
from botocore.exceptions import ClientError

from sandbox import BUNDLE_ID
from sandbox.ip_groups import MOST_GROUPS
from sandbox.ip_groups import MOST_GROUPS_PER_DIRECTORY
from sandbox.ip_groups import MOST_RULES
from sandbox.tags import MOST_TAGS
from sandbox.testing import OTHER_REGION
from sandbox.testing import SLOW
from sandbox.testing import control
from sandbox.testing import raw_call
from sandbox.testing import refusal
from sandbox.testing import seeded

OFFICE = {"ipRule": "203.0.113.0/24", "ruleDesc": "office"}
HOME = {"ipRule": "198.51.100.7"}


def rules(count, start=0):
    return [{"ipRule": f"10.0.{n}.0/24", "ruleDesc": f"site {n}"} for n in range(start, start + count)]


def group_named(client, name, **params):
    return client.create_ip_group(GroupName=name, **params)["GroupId"]


def described(client, group_id):
    (group,) = client.describe_ip_groups(GroupIds=[group_id])["Result"]
    return group


def associated(client, directory_id):
    (directory,) = client.describe_workspace_directories(DirectoryIds=[directory_id])["Directories"]
    return directory["ipGroupIds"]


def code_of(call, **params):
    with pytest.raises(ClientError) as raised:
        call(**params)
    return refusal(raised)[0]


# --- groups and their rules ---------------------------------------------------------------------


def test_groups_travel_with_awss_lowercase_keys(sb):
    status, created = raw_call(sb, "CreateIpGroup", {"GroupName": "office", "GroupDesc": "HQ", "UserRules": [OFFICE, HOME]})
    assert status == 200 and created["GroupId"].startswith("wsipg-")
    status, answer = raw_call(sb, "DescribeIpGroups", {})
    assert answer == {"Result": [{
        "groupId": created["GroupId"], "groupName": "office", "groupDesc": "HQ", "userRules": [OFFICE, HOME],
    }]}


def test_a_group_without_a_description_has_none(sb, client):
    group_id = group_named(client, "bare")
    assert described(client, group_id) == {"groupId": group_id, "groupName": "bare", "userRules": []}


def test_a_name_already_taken_is_refused(sb, client):
    group_named(client, "office")
    assert code_of(client.create_ip_group, GroupName="office") == "ResourceAlreadyExistsException"
    group_named(client, "Office")  # names compare exactly
    assert group_named(sb.client("workspaces", OTHER_REGION), "office")  # per region


def test_at_most_100_groups_a_region(sb, client):
    for n in range(MOST_GROUPS):
        group_named(client, f"group{n}")
    assert code_of(client.create_ip_group, GroupName="one-more") == "ResourceLimitExceededException"
    assert len(list(client.get_paginator("describe_ip_groups").paginate())) == MOST_GROUPS // 25


def test_describe_pages_and_filters(sb, client):
    group_ids = [group_named(client, f"group{n}") for n in range(5)]
    first = client.describe_ip_groups(MaxResults=3)
    assert [group["groupId"] for group in first["Result"]] == group_ids[:3]
    second = client.describe_ip_groups(MaxResults=3, NextToken=first["NextToken"])
    assert [group["groupId"] for group in second["Result"]] == group_ids[3:] and "NextToken" not in second
    unknown = "wsipg-000000000"
    assert [group["groupId"] for group in client.describe_ip_groups(GroupIds=[group_ids[4], unknown])["Result"]] == [group_ids[4]]
    status, answer = raw_call(sb, "DescribeIpGroups", {"MaxResults": 26})
    assert (status, answer["__type"]) == (400, "ValidationException")


def test_at_most_10_rules_a_group_by_any_call(sb, client):
    assert code_of(client.create_ip_group, GroupName="big", UserRules=rules(MOST_RULES + 1)) == "ResourceLimitExceededException"
    group_id = group_named(client, "full", UserRules=rules(MOST_RULES - 1))
    assert code_of(client.authorize_ip_rules, GroupId=group_id, UserRules=rules(2, start=50)) == "ResourceLimitExceededException"
    assert len(described(client, group_id)["userRules"]) == MOST_RULES - 1  # nothing added
    client.authorize_ip_rules(GroupId=group_id, UserRules=rules(1, start=50))
    assert code_of(client.update_rules_of_ip_group, GroupId=group_id, UserRules=rules(MOST_RULES + 1)) == "ResourceLimitExceededException"


@pytest.mark.parametrize("rule", ["10.0.0.256", "10.0.0.0/33", "office", "10.0.0.1/24", "2001:db8::/32", ""])
def test_a_malformed_rule_is_refused_by_every_call(sb, client, rule):
    group_id = group_named(client, "office", UserRules=[OFFICE])
    bad = [{"ipRule": rule, "ruleDesc": "bad"}]
    assert code_of(client.create_ip_group, GroupName="other", UserRules=bad) == "InvalidParameterValuesException"
    assert code_of(client.authorize_ip_rules, GroupId=group_id, UserRules=bad) == "InvalidParameterValuesException"
    assert code_of(client.update_rules_of_ip_group, GroupId=group_id, UserRules=bad) == "InvalidParameterValuesException"
    assert code_of(client.revoke_ip_rules, GroupId=group_id, UserRules=[rule]) == "InvalidParameterValuesException"
    assert described(client, group_id)["userRules"] == [OFFICE]


def test_one_network_twice_is_refused(sb, client):
    twice = [{"ipRule": "198.51.100.7"}, {"ipRule": "198.51.100.7/32"}]
    assert code_of(client.create_ip_group, GroupName="twice", UserRules=twice) == "InvalidParameterValuesException"
    group_id = group_named(client, "home", UserRules=[HOME])
    assert code_of(client.authorize_ip_rules, GroupId=group_id, UserRules=[{"ipRule": "198.51.100.7/32"}]) == (
        "InvalidParameterValuesException"
    )


def test_authorize_adds_revoke_removes_update_replaces(sb, client):
    group_id = group_named(client, "office", UserRules=[OFFICE])
    client.authorize_ip_rules(GroupId=group_id, UserRules=[HOME])
    assert described(client, group_id)["userRules"] == [OFFICE, HOME]
    client.revoke_ip_rules(GroupId=group_id, UserRules=["198.51.100.7/32", "192.0.2.0/24"])  # by network; absent: ignored
    assert described(client, group_id)["userRules"] == [OFFICE]
    client.update_rules_of_ip_group(GroupId=group_id, UserRules=[HOME, dict(OFFICE, ruleDesc="moved")])
    assert described(client, group_id)["userRules"] == [HOME, dict(OFFICE, ruleDesc="moved")]
    client.update_rules_of_ip_group(GroupId=group_id, UserRules=[])
    assert described(client, group_id)["userRules"] == []


@pytest.mark.parametrize("call, params", [
    ("delete_ip_group", {}),
    ("authorize_ip_rules", {"UserRules": [OFFICE]}),
    ("revoke_ip_rules", {"UserRules": ["203.0.113.0/24"]}),
    ("update_rules_of_ip_group", {"UserRules": [OFFICE]}),
])
def test_an_unknown_group_is_resource_not_found(sb, client, call, params):
    assert code_of(getattr(client, call), GroupId="wsipg-000000000", **params) == "ResourceNotFoundException"


# --- associations -----------------------------------------------------------------------------------


def test_associate_and_disassociate_show_in_ip_group_ids(sb, client):
    directory_id = sb.seed_directory()
    office, home = group_named(client, "office", UserRules=[OFFICE]), group_named(client, "home", UserRules=[HOME])
    client.associate_ip_groups(DirectoryId=directory_id, GroupIds=[office, home])
    client.associate_ip_groups(DirectoryId=directory_id, GroupIds=[office])  # already associated: no change
    assert associated(client, directory_id) == [office, home]
    client.disassociate_ip_groups(DirectoryId=directory_id, GroupIds=[office])
    client.disassociate_ip_groups(DirectoryId=directory_id, GroupIds=[office])  # no longer associated: no change
    assert associated(client, directory_id) == [home]


def test_at_most_25_groups_a_directory(sb, client):
    directory_id = sb.seed_directory()
    group_ids = [group_named(client, f"group{n}") for n in range(MOST_GROUPS_PER_DIRECTORY + 1)]
    client.associate_ip_groups(DirectoryId=directory_id, GroupIds=group_ids[:MOST_GROUPS_PER_DIRECTORY])
    assert code_of(client.associate_ip_groups, DirectoryId=directory_id, GroupIds=group_ids[-1:]) == "ResourceLimitExceededException"
    assert associated(client, directory_id) == group_ids[:MOST_GROUPS_PER_DIRECTORY]


def test_association_refusals(sb, client):
    directory_id = sb.seed_directory()
    group_id = group_named(client, "office")
    for call in (client.associate_ip_groups, client.disassociate_ip_groups):
        assert code_of(call, DirectoryId="d-0000000000", GroupIds=[group_id]) == "ResourceNotFoundException"
        assert code_of(call, DirectoryId=directory_id, GroupIds=["wsipg-000000000"]) == "ResourceNotFoundException"
        assert code_of(call, DirectoryId=directory_id, GroupIds=[]) == "InvalidParameterValuesException"
    sb.set_transition_seconds(registering=SLOW)
    registering = sb.seed_unregistered_directory()
    client.register_workspace_directory(DirectoryId=registering)
    assert code_of(client.associate_ip_groups, DirectoryId=registering, GroupIds=[group_id]) == "InvalidResourceStateException"


def test_a_group_in_use_cannot_be_deleted(sb, client):
    first, second = sb.seed_directory(), sb.seed_directory()
    group_id = group_named(client, "office")
    for directory_id in (first, second):
        client.associate_ip_groups(DirectoryId=directory_id, GroupIds=[group_id])
    with pytest.raises(ClientError) as raised:
        client.delete_ip_group(GroupId=group_id)
    assert refusal(raised) == (
        "ResourceAssociatedException",
        f"Can not delete IP Group with GroupId - {group_id} because its attached with these Directories {first}, {second}",
    )
    client.disassociate_ip_groups(DirectoryId=first, GroupIds=[group_id])
    sb.set_transition_seconds(deregistering=0)
    client.deregister_workspace_directory(DirectoryId=second)  # a directory that is gone uses no group
    client.delete_ip_group(GroupId=group_id)
    assert client.describe_ip_groups()["Result"] == []


# --- tags on every resource -------------------------------------------------------------------------


def tag_everything(sb, client):
    """One resource of each kind that takes tags: a WorkSpace, a directory, an IP group, an image, a bundle, a
    connection alias."""
    directory_id = sb.seed_directory()
    (workspace_id,) = sb.seed_workspaces(directory_id, ["alice"])
    image_id = client.create_workspace_image(Name="golden", Description="golden", WorkspaceId=workspace_id)["ImageId"]
    return [workspace_id, directory_id, group_named(client, "office"), image_id, BUNDLE_ID, sb.seed_connection_alias()]


def test_every_kind_of_resource_takes_tags(sb, client):
    for resource_id in tag_everything(sb, client):
        assert client.describe_tags(ResourceId=resource_id)["TagList"] == [], resource_id  # untagged: an empty list
        client.create_tags(ResourceId=resource_id, Tags=[{"Key": "team", "Value": "euc"}, {"Key": "old", "Value": "x"}])
        client.create_tags(ResourceId=resource_id, Tags=[{"Key": "team", "Value": "ops"}])
        client.delete_tags(ResourceId=resource_id, TagKeys=["old"])
        assert client.describe_tags(ResourceId=resource_id)["TagList"] == [{"Key": "team", "Value": "ops"}], resource_id
        assert sb.tags_of(resource_id) == {"team": "ops"}


@pytest.mark.parametrize("resource_id", ["wsipg-000000000", "wsca-000000000", "wsb-000000000", "wsi-000000000", "d-0000000000"])
def test_tags_of_unknown_resources_are_resource_not_found(sb, client, resource_id):
    assert code_of(client.describe_tags, ResourceId=resource_id) == "ResourceNotFoundException"
    assert code_of(client.create_tags, ResourceId=resource_id, Tags=[{"Key": "k", "Value": "v"}]) == "ResourceNotFoundException"


def test_at_most_50_tags_on_an_ip_group_from_its_creation_on(sb, client):
    too_many = [{"Key": f"k{n}", "Value": "v"} for n in range(MOST_TAGS + 1)]
    assert code_of(client.create_ip_group, GroupName="tagged", Tags=too_many) == "ResourceLimitExceededException"
    group_id = group_named(client, "tagged", Tags=too_many[:MOST_TAGS])
    assert code_of(client.create_tags, ResourceId=group_id, Tags=too_many[-1:]) == "ResourceLimitExceededException"
    assert len(sb.tags_of(group_id)) == MOST_TAGS


@pytest.mark.parametrize("key", ["aws:owner", "AWS:owner", "Aws:Team"])
def test_keys_reserved_for_aws_are_refused(sb, client, key):
    (alice,) = seeded(sb, ["alice"])
    assert code_of(client.create_tags, ResourceId=alice, Tags=[{"Key": key, "Value": "v"}]) == "InvalidParameterValuesException"
    assert code_of(client.create_ip_group, GroupName="g", Tags=[{"Key": key, "Value": "v"}]) == "InvalidParameterValuesException"
    assert sb.tags_of(alice) == {}


def test_tags_of_a_deleted_group_are_gone_with_it(sb, client):
    group_id = group_named(client, "office", Tags=[{"Key": "team", "Value": "euc"}])
    client.delete_ip_group(GroupId=group_id)
    assert code_of(client.describe_tags, ResourceId=group_id) == "ResourceNotFoundException"


def test_http_control_reads_and_writes_tags_of_any_resource(sb, client):
    alias_id = control(sb, "seed_connection_alias", {"connection_string": "desktop.corp.example"})["alias_id"]
    assert alias_id.startswith("wsca-")
    group_id = group_named(client, "office")
    for resource_id in (alias_id, group_id):
        assert control(sb, "tags", {"resource_id": resource_id, "tags": {"team": "euc"}}) == {"tags": {"team": "euc"}}

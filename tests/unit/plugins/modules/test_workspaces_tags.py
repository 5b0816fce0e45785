# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_tags through main(), every AWS call pinned with botocore's Stubber."""

import pytest

from ansible_collections.euc.aws.plugins.modules import workspaces_tags

from module_harness import run_main

WS, DIRECTORY = "ws-abc12345d", "d-1234567890"


def has(stubber, resource_id, tags):
    stubber.add_response("describe_tags", {"TagList": [{"Key": k, "Value": v} for k, v in tags.items()]}, {"ResourceId": resource_id})


def tag(capsys, **params):
    return run_main(workspaces_tags, capsys, **params)


def test_sets_only_what_differs_one_resource_at_a_time(stubber, capsys):
    has(stubber, WS, {"team": "hr", "owner": "ann"})
    has(stubber, DIRECTORY, {"team": "finance"})
    stubber.add_response("create_tags", {}, {"ResourceId": WS, "Tags": [{"Key": "team", "Value": "finance"}]})
    result = tag(capsys, resource_ids=[WS, DIRECTORY, WS], tags={"team": "finance"})
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert result["resources"] == [
        {"resource_id": WS, "added": {}, "updated": {"team": {"before": "hr", "after": "finance"}}, "removed": {},
         "tags": {"team": "finance", "owner": "ann"}},
        {"resource_id": DIRECTORY, "added": {}, "updated": {}, "removed": {}, "tags": {"team": "finance"}},
    ]


def test_purge_removes_the_others_but_the_aws_ones(stubber, capsys):
    has(stubber, WS, {"team": "hr", "owner": "ann", "aws:created": "x"})
    stubber.add_response("delete_tags", {}, {"ResourceId": WS, "TagKeys": ["owner"]})
    result = tag(capsys, resource_ids=[WS], tags={"team": "hr"}, purge_tags=True)
    assert result["resources"][0]["removed"] == {"owner": "ann"}


def test_absent_removes_a_key_with_a_value_only_while_it_has_that_value(stubber, capsys):
    has(stubber, WS, {"temporary": "yes", "stage": "test"})
    has(stubber, DIRECTORY, {"temporary": "no"})
    stubber.add_response("delete_tags", {}, {"ResourceId": WS, "TagKeys": ["temporary", "stage"]})
    result = tag(capsys, resource_ids=[WS, DIRECTORY], state="absent", tags={"temporary": "yes", "stage": None})
    assert [r["removed"] for r in result["resources"]] == [{"temporary": "yes", "stage": "test"}, {}]


def test_nothing_to_change_is_ok_and_check_mode_calls_nothing_that_changes(stubber, capsys):
    has(stubber, WS, {"team": "finance"})
    assert tag(capsys, resource_ids=[WS], tags={"team": "finance"})["changed"] is False
    has(stubber, WS, {})
    result = tag(capsys, check_mode=True, diff=True, resource_ids=[WS], tags={"team": "finance"})
    assert result["changed"] is True and result["diff"] == {"before": {WS: {}}, "after": {WS: {"team": "finance"}}}


@pytest.mark.parametrize("tags, problem", [
    ({"aws:owner": "me"}, "begins with aws:"),
    ({"AWS:Owner": "me"}, "begins with aws:"),
    ({"k" * 128: "v"}, "must be 1 to 127 characters long"),
    ({"team": "v" * 256}, "must be 0 to 255 characters long"),
], ids=["aws:", "AWS:", "long key", "long value"])
def test_bad_tags_fail_before_any_call(stubber, capsys, tags, problem):
    result = tag(capsys, resource_ids=[WS], tags=tags)
    assert result["failed"] is True and problem in result["msg"]


def test_more_than_fifty_tags_fail_after_the_look_up_before_any_change(stubber, capsys):
    has(stubber, WS, {f"k{n}": "v" for n in range(45)})
    result = tag(capsys, resource_ids=[WS], tags={f"new{n}": "v" for n in range(6)})
    assert result["failed"] is True and f"{WS} would have 51 tags; AWS allows at most 50 a resource" in result["msg"]


def test_an_unknown_resource_fails_naming_it_before_any_change(stubber, capsys):
    stubber.add_client_error("describe_tags", "ResourceNotFoundException", "The resource could not be found.", expected_params={"ResourceId": WS})
    result = tag(capsys, resource_ids=[WS], tags={"team": "finance"})
    assert result["failed"] is True and "The resource could not be found" in str(result)


def test_a_failure_midway_names_what_was_tagged_and_what_was_not(stubber, capsys):
    has(stubber, WS, {})
    has(stubber, DIRECTORY, {})
    stubber.add_response("create_tags", {}, {"ResourceId": WS, "Tags": [{"Key": "team", "Value": "finance"}]})
    expected = {"ResourceId": DIRECTORY, "Tags": [{"Key": "team", "Value": "finance"}]}
    stubber.add_client_error("create_tags", "ResourceLimitExceededException", "too many", expected_params=expected)
    result = tag(capsys, resource_ids=[WS, DIRECTORY], tags={"team": "finance"})
    assert result["failed"] is True and result["changed"] is True
    assert result["tagged"] == [WS] and result["failed_resources"] == [DIRECTORY] and result["not_attempted"] == []

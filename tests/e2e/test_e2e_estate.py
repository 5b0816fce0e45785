# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The estate as code: IP access control groups and tags through the real ansible-playbook and ansible, against the
sandbox (the directory's own story is in test_e2e_directory.py)."""

import pytest

from e2e_support import play
from e2e_support import playbook_text

OFFICE_RULES = [{"ip_rule": "203.0.113.0/24", "description": "Head office"}, {"ip_rule": "198.51.100.7", "description": "VPN"}]

IP_GROUP_PLAYBOOK = playbook_text(
    play(
        "IP groups",
        """
        - name: Office group
          euc.aws.workspaces_ip_group:
            name: office
            description: Office networks
            rules: "{{ rules }}"
            purge_rules: "{{ purge_rules | default(true) }}"
            tags: "{{ group_tags | default(omit) }}"
        """,
    )
)


def ip_group_calls(ws):
    changing = ("CreateIpGroup", "UpdateRulesOfIpGroup", "AuthorizeIpRules", "DeleteIpGroup", "CreateTags", "DeleteTags")
    return [call["operation"] for call in ws.calls() if call["operation"] in changing]


def run_group(playbook, ws, *cli, **extra):
    return playbook(IP_GROUP_PLAYBOOK, *cli, extra_vars=dict({"endpoint_url": ws.endpoint_url, "rules": OFFICE_RULES}, **extra))


@pytest.mark.matrix
def test_ip_group_created_then_ok_then_changed(ws, playbook):
    ws.reset_calls()
    first = run_group(playbook, ws, group_tags={"team": "euc"})
    assert first.returncode == 0, first.output
    group = first.task("Office group")
    assert group["changed"] is True and group["ip_group"]["group_id"].startswith("wsipg-")
    assert group["ip_group"]["rules"] == [
        {"ip_rule": "203.0.113.0/24", "description": "Head office"}, {"ip_rule": "198.51.100.7/32", "description": "VPN"}
    ]
    assert group["ip_group"]["tags"] == {"team": "euc"} and ip_group_calls(ws) == ["CreateIpGroup"]

    ws.reset_calls()
    again = run_group(playbook, ws, group_tags={"team": "euc"})
    assert again.returncode == 0, again.output
    assert again.task("Office group")["changed"] is False and ip_group_calls(ws) == []

    branch = [{"ip_rule": "192.0.2.0/25", "description": "Branch"}]
    added = run_group(playbook, ws, rules=branch, purge_rules=False)
    assert added.returncode == 0, added.output
    assert [r["ip_rule"] for r in added.task("Office group")["ip_group"]["rules"]] == ["203.0.113.0/24", "198.51.100.7/32", "192.0.2.0/25"]
    assert ip_group_calls(ws) == ["AuthorizeIpRules"]


def test_ip_group_check_mode_and_diff_change_nothing(ws, playbook):
    run_group(playbook, ws)
    ws.reset_calls()
    check = run_group(playbook, ws, "--check", "--diff", rules=OFFICE_RULES[:1])
    assert check.returncode == 0, check.output
    task = check.task("Office group")
    assert task["changed"] is True and len(task["diff"]["before"]["rules"]) == 2 and len(task["diff"]["after"]["rules"]) == 1
    assert ip_group_calls(ws) == []


def test_ip_group_absent_refused_while_associated_then_deleted(ws, adhoc):
    created = adhoc({"name": "office", "rules": OFFICE_RULES, "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_ip_group")
    assert created.returncode == 0, created.output
    group_id = created.result["ip_group"]["group_id"]
    directory_id = ws.seed_directory()
    ws.client("workspaces").associate_ip_groups(DirectoryId=directory_id, GroupIds=[group_id])
    refused = adhoc(f"group_id={group_id} state=absent endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_ip_group")
    assert refused.returncode != 0 and f"still associated with {directory_id}" in refused.result["msg"]
    info = adhoc(f"group_ids={group_id} endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_ip_group_info")
    assert info.returncode == 0 and info.result["ip_groups"][0]["directory_ids"] == [directory_id]
    ws.client("workspaces").disassociate_ip_groups(DirectoryId=directory_id, GroupIds=[group_id])
    deleted = adhoc(f"group_id={group_id} state=absent endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_ip_group")
    assert deleted.returncode == 0 and deleted.status == "CHANGED", deleted.output
    again = adhoc(f"name=office state=absent endpoint_url={ws.endpoint_url}", module="euc.aws.workspaces_ip_group")
    assert again.returncode == 0 and again.status == "SUCCESS"


def test_ip_group_bad_rules_fail_before_any_call_and_aws_refusals_pass_through(ws, adhoc):
    ws.reset_calls()
    bad = adhoc({"name": "office", "rules": [{"ip_rule": "10.0.0.1/24"}], "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_ip_group")
    assert bad.returncode != 0 and "host bits set" in bad.result["msg"] and ws.calls() == []
    many = [{"ip_rule": f"10.0.{n}.0/24"} for n in range(200)]
    refused = adhoc({"name": "large", "rules": many, "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_ip_group")
    assert refused.returncode != 0 and "ResourceLimitExceeded" in refused.output
    assert refused.result["changed"] is False


@pytest.mark.matrix
def test_tags_on_a_workspace_and_a_directory_then_ok_then_absent(ws, adhoc):
    directory_id = ws.seed_directory()
    (alice,) = ws.seed_workspaces(directory_id, ["alice"])
    args = {"resource_ids": [alice, directory_id], "tags": {"team": "finance"}, "endpoint_url": ws.endpoint_url}
    first = adhoc(args, module="euc.aws.workspaces_tags")
    assert first.returncode == 0, first.output
    assert first.status == "CHANGED" and [r["added"] for r in first.result["resources"]] == [{"team": "finance"}] * 2
    again = adhoc(args, "--check", "--diff", module="euc.aws.workspaces_tags")
    assert again.returncode == 0 and again.status == "SUCCESS"
    info = adhoc({"workspace_ids": [alice], "tags": True, "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_info")
    assert info.result["workspaces"][0]["tags"] == {"team": "finance"}
    removed = adhoc(dict(args, state="absent", tags={"team": "hr"}), module="euc.aws.workspaces_tags")
    assert removed.returncode == 0 and removed.status == "SUCCESS"  # only while it has that value
    removed = adhoc(dict(args, state="absent", tags={"team": None}), module="euc.aws.workspaces_tags")
    assert removed.status == "CHANGED" and [r["tags"] for r in removed.result["resources"]] == [{}, {}]


def test_tags_bad_input_fails_before_any_call_and_an_unknown_resource_is_named(ws, adhoc):
    ws.reset_calls()
    bad = adhoc({"resource_ids": ["ws-abc12345d"], "tags": {"aws:owner": "me"}, "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_tags")
    assert bad.returncode != 0 and "begins with aws:" in bad.result["msg"] and ws.calls() == []
    unknown = adhoc({"resource_ids": ["ws-0000000000"], "tags": {"team": "x"}, "endpoint_url": ws.endpoint_url}, module="euc.aws.workspaces_tags")
    assert unknown.returncode != 0 and "ResourceNotFound" in unknown.output

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IP access control groups as a resource: the IP ranges users may connect to a directory's WorkSpaces from.

The rules, pure: rules compare as networks (10.0.0.1 is 10.0.0.1/32) with their descriptions; with ``purge_rules``
the group gets exactly the rules given (one UpdateRulesOfIpGroup, only when they differ), without it the missing
ones are added (AuthorizeIpRules), or, when a description changed too, one UpdateRulesOfIpGroup with the merged set
does both. A group's name and description are set at creation: AWS has no call that changes either.
"""

import ipaddress

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.resources import Resource
from ansible_collections.euc.aws.plugins.module_utils.resources import ResourcePlan
from ansible_collections.euc.aws.plugins.module_utils.resources import Step
from ansible_collections.euc.aws.plugins.module_utils.resources import changed
from ansible_collections.euc.aws.plugins.module_utils.resources import tag_steps
from ansible_collections.euc.aws.plugins.module_utils.tagging import MOST_TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import TAGS
from ansible_collections.euc.aws.plugins.module_utils.tagging import boto3_tags
from ansible_collections.euc.aws.plugins.module_utils.tagging import tag_problems
from ansible_collections.euc.aws.plugins.module_utils.tagging import too_many_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WorkSpacesErrorHandler
from ansible_collections.euc.aws.plugins.module_utils.workspaces import all_pages
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_tags
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspace_directories
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems

DIRECTORY_GUARD = "remove it from them first with euc.aws.workspaces_directory's ip_group_ids (under its open-access guard)"


# ---------------------------------------------------------------------------------------------
# The rules (pure)
# ---------------------------------------------------------------------------------------------


def network_of(ip_rule):
    """The IPv4 network a rule allows (10.0.0.1 -> 10.0.0.1/32); ValueError for a malformed one or host bits set."""
    return str(ipaddress.IPv4Network(ip_rule.strip(), strict=True))


def rule_problems(rules):
    """What is wrong with ``rules`` (module option form), before any call: malformed, host bits set, given twice; one
    problem naming each bad rule (the first ten and their count, when there are more)."""
    bad, seen = [], {}
    for rule in rules or ():
        ip_rule = rule.get("ip_rule") or ""
        try:
            network = network_of(ip_rule)
        except ValueError as error:
            bad.append(f"{ip_rule!r} is not an IPv4 address or CIDR without host bits set ({error})")
            continue
        if network in seen:
            bad.append(f"{ip_rule!r} and {seen[network]!r} are the same network {network}")
        seen.setdefault(network, ip_rule)
    return [f"rules: {named(bad, separator='; ')}"] if bad else []


def by_network(rules):
    """{network: description} of rules as results carry them (``ip_rule``, ``description``), in order."""
    return {as_shown(rule["ip_rule"]): rule.get("description") or "" for rule in rules}


def as_rules(networks):
    return [{"ip_rule": network, "description": description} for network, description in networks.items()]


def rules_plan(current, desired, purge):
    """(the rules after, the call that gets there: "update", "authorize" or None) for ``current`` and ``desired``
    (None: leave the rules as they are), both in result form, compared as networks."""
    if desired is None:
        return current, None
    have, want = by_network(current), by_network(desired)
    if purge:
        return (as_rules(want), "update") if want != have else (current, None)
    merged = dict(have, **want)
    if merged == have:
        return current, None
    descriptions_changed = any(network in have and have[network] != want[network] for network in want)
    return as_rules(merged), "update" if descriptions_changed else "authorize"


# ---------------------------------------------------------------------------------------------
# The calls
# ---------------------------------------------------------------------------------------------


def as_api_rules(rules):
    return [dict({"ipRule": rule["ip_rule"]}, **({"ruleDesc": rule["description"]} if rule.get("description") else {})) for rule in rules]


def as_shown(ip_rule):
    """A rule AWS holds, as results show it: its network, or as AWS has it when it is not one this module writes."""
    try:
        return network_of(ip_rule)
    except ValueError:
        return ip_rule


def as_result_rules(user_rules):
    return [{"ip_rule": as_shown(rule["ipRule"]), "description": rule.get("ruleDesc") or ""} for rule in user_rules or ()]


@WorkSpacesErrorHandler.common_error_handler("describe ip groups")
def describe_ip_groups(client, group_ids=None):
    """Every IP group (or those of ``group_ids``), page by page: DescribeIpGroups has no filter by name."""
    return all_pages(client.describe_ip_groups, "Result", **({"GroupIds": list(group_ids)} if group_ids else {}))


def directories_by_group(client):
    """{group ID: [directory IDs it is associated with]}: what DescribeWorkspaceDirectories says of each directory."""
    associated = {}
    for directory in describe_workspace_directories(client):
        for group_id in directory.get("ipGroupIds") or ():
            associated.setdefault(group_id, []).append(directory["DirectoryId"])
    return associated


def as_ip_group(group, directory_ids, tags):
    """An IP group as results carry it."""
    return {
        "group_id": group["groupId"],
        "name": group.get("groupName"),
        "description": group.get("groupDesc") or "",
        "rules": as_result_rules(group.get("userRules")),
        "directory_ids": list(directory_ids),
        "tags": tags,
    }


class IpGroupCalls:
    """The calls that change an IP group, each through the one error handler."""

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("create ip group")
    def create(client, name, description, rules, tags):
        request = {"GroupName": name, "UserRules": as_api_rules(rules)}
        if description:
            request["GroupDesc"] = description
        if tags:
            request["Tags"] = boto3_tags(tags)
        return client.create_ip_group(**request, aws_retry=True)["GroupId"]

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("update rules of ip group")
    def update_rules(client, group_id, rules):
        client.update_rules_of_ip_group(GroupId=group_id, UserRules=as_api_rules(rules), aws_retry=True)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("authorize ip rules")
    def authorize(client, group_id, rules):
        client.authorize_ip_rules(GroupId=group_id, UserRules=as_api_rules(rules), aws_retry=True)

    @staticmethod
    @WorkSpacesErrorHandler.common_error_handler("delete ip group")
    def delete(client, group_id):
        client.delete_ip_group(GroupId=group_id, aws_retry=True)


CALLS = IpGroupCalls()


# ---------------------------------------------------------------------------------------------
# The resource
# ---------------------------------------------------------------------------------------------


class IpGroup(Resource):
    """An IP access control group, found by ``group_id`` or by ``name``."""

    noun = "IP access control group"
    result_key = "ip_group"

    def option_problems(self, service_model, params):
        problems = []
        if params.get("group_id"):
            problems += string_problems(service_model, "group_id", params["group_id"], "IpGroupId")
        return problems + rule_problems(params.get("rules")) + tag_problems(service_model, params.get("tags"))

    def find(self, client, params):
        if params.get("group_id"):
            groups = describe_ip_groups(client, [params["group_id"]])
        else:
            groups = [group for group in describe_ip_groups(client) if group.get("groupName") == params["name"]]
        if len(groups) > 1:
            raise AnsibleWorkSpacesError(
                message=f"Nothing was changed: {len(groups)} IP groups are named {params['name']!r} "
                f"({', '.join(group['groupId'] for group in groups)}); name one by group_id",
                changed=False,
                changes={},
            )
        if not groups:
            return None
        group = groups[0]
        return as_ip_group(group, directories_by_group(client).get(group["groupId"], []), describe_tags(client, group["groupId"]))

    def identity(self, resource_id):
        return {"group_id": resource_id}

    def id_of(self, current):
        return current["group_id"]

    def plan(self, current, params):
        if params["state"] == "absent":
            return self.deletion(current)
        if current is None:
            return self.creation(params)
        return self.modification(current, params)

    def deletion(self, current):
        if current is None:
            return ResourcePlan(None, {}, [], [], after=None)
        if current["directory_ids"]:
            refusal = (
                f"{current['group_id']} is still associated with {', '.join(current['directory_ids'])}; {DIRECTORY_GUARD}"
            )
            return ResourcePlan(current, {}, [], [refusal], after=current)
        delete = Step("state", lambda client: CALLS.delete(client, current["group_id"]))
        return ResourcePlan(current, {"state": changed("present", "absent")}, [delete], [], after=None)

    def creation(self, params):
        if not params.get("name"):
            return ResourcePlan(None, {}, [], [f"there is no IP group {params['group_id']}; give a name to create one"], after=None)
        rules, tags = as_rules(by_network(params.get("rules") or [])), params.get("tags") or {}
        after = as_ip_group(
            {"groupId": None, "groupName": params["name"], "groupDesc": params.get("description"), "userRules": as_api_rules(rules)}, [], tags
        )
        changes = {"state": changed("absent", "present")}
        changes.update({option: changed(None, after[option]) for option in ("description", "rules", "tags") if params.get(option)})
        create = Step("state", lambda client: CALLS.create(client, params["name"], params.get("description"), rules, tags))
        return ResourcePlan(None, changes, [create], [], after=after)

    def modification(self, current, params):
        refusals = []
        for option in ("name", "description"):
            wanted = params.get(option)
            if wanted is not None and wanted != current[option]:
                refusals.append(
                    f"{current['group_id']}'s {option} is {current[option]!r}, not {wanted!r}, and AWS has no call that changes "
                    "it; create a new group with it instead"
                )
        rules, call = rules_plan(current["rules"], params.get("rules"), params["purge_rules"])
        changes, steps = {}, []
        if call:
            changes["rules"] = changed(current["rules"], rules)
            added = [rule for rule in rules if rule["ip_rule"] not in by_network(current["rules"])]
            steps.append(Step("rules", self.rules_call(current["group_id"], call, rules, added)))
        tags_change, tags_steps = tag_steps(TAGS, lambda: current["group_id"], current["tags"], params.get("tags"), params["purge_tags"])
        if tags_change:
            changes["tags"] = tags_change
            if len(tags_change["after"]) > MOST_TAGS:
                refusals.append(too_many_tags(current["group_id"], len(tags_change["after"])))
        after = dict(current, rules=rules, tags=tags_change["after"] if tags_change else current["tags"])
        return ResourcePlan(current, changes, steps + tags_steps, refusals, after=after)

    @staticmethod
    def rules_call(group_id, call, rules, added):
        if call == "update":
            return lambda client: CALLS.update_rules(client, group_id, rules)
        return lambda client: CALLS.authorize(client, group_id, added)


IP_GROUP = IpGroup()


def list_ip_groups(client, group_ids=None, names=None, max_workers=1):
    """The IP groups of ``group_ids``, or named ``names``, or all of them, as results carry them: each with its
    rules, the directories it is associated with (one listing of the directories) and its tags (one DescribeTags a
    group, on the bounded pool)."""
    groups = describe_ip_groups(client, group_ids)
    if names is not None:
        groups = [group for group in groups if group.get("groupName") in set(names)]
    associated = directories_by_group(client) if groups else {}
    tags = map_bounded(lambda group: describe_tags(client, group["groupId"]), groups, max_workers)
    return [as_ip_group(group, associated.get(group["groupId"], []), group_tags) for group, group_tags in zip(groups, tags)]


def ip_groups_info(client, params):
    """workspaces_ip_group_info's result: the groups asked for, after checking their IDs against the model."""
    problems = strings_problems(client.meta.service_model, "group_ids:", params.get("group_ids") or [], "IpGroupId")
    if problems:
        raise AnsibleWorkSpacesError(message="; ".join(problems), invalid=problems)
    if params.get("group_ids") == [] or params.get("names") == []:
        return {"ip_groups": []}
    return {"ip_groups": list_ip_groups(client, params.get("group_ids"), params.get("names"), params["max_concurrency"])}

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IP access control groups, which moto lacks: their rules, their association with directories, AWS's quotas.

AWS's keys are lowercase here, as its model spells them: a group is {"groupId", "groupName", "groupDesc",
"userRules": [{"ipRule", "ruleDesc"}]}, and a directory lists its groups under "ipGroupIds".
"""

import copy
import ipaddress

from .paging import in_places
from .paging import paged
from .paging import with_token
from .state import ApiError
from .state import IpGroup
from .state import backend_of
from .state import new_id
from .tags import merged_tags

OPERATION = "DescribeIpGroups"
# AWS's quotas (Amazon WorkSpaces quotas, none adjustable): groups per Region, groups per directory, rules per group.
MOST_GROUPS = 100
MOST_GROUPS_PER_DIRECTORY = 25
MOST_RULES = 10
LIMIT = "ResourceLimitExceededException"
TOO_MANY_GROUPS = (LIMIT, f"The maximum number of IP access control groups ({MOST_GROUPS}) for this Region has been reached.")
TOO_MANY_RULES = (LIMIT, f"An IP access control group can have at most {MOST_RULES} rules.")
TOO_MANY_FOR_DIRECTORY = (
    LIMIT, f"A directory can have at most {MOST_GROUPS_PER_DIRECTORY} IP access control groups associated with it.",
)
# Recorded from the real service (a Terraform provider's acceptance test run): the directories joined by ", ".
STILL_ASSOCIATED = "Can not delete IP Group with GroupId - {group} because its attached with these Directories {directories}"
# The codes are the model's errors of these calls; AWS documents neither the cases nor the messages, the sandbox's.
NAME_TAKEN = "An IP access control group named {name} already exists."
UNKNOWN_GROUP = "The IP access control group {group} could not be found."
BAD_VALUES = "InvalidParameterValuesException"
MALFORMED_RULE = "The IP rule {rule} is not an IPv4 address or CIDR block."
HOST_BITS_SET = "The IP rule {rule} has host bits set: the network is {network}."
RULE_TWICE = "The IP rule {rule} is given more than once."
RULE_EXISTS = "The IP rule {rule} is already in the IP access control group."
NO_GROUP_IDS = (BAD_VALUES, "GroupIds must name at least one IP access control group.")
NOT_REGISTERED = ("InvalidResourceStateException", "IP access control groups can change only on a REGISTERED directory.")


def network_of(rule):
    """The IPv4 network a rule names (10.0.0.1 is 10.0.0.1/32), or AWS's refusal of a malformed one."""
    try:
        network = ipaddress.IPv4Network(rule, strict=False)
    except (TypeError, ValueError) as error:
        raise ApiError(400, BAD_VALUES, MALFORMED_RULE.format(rule=rule)) from error
    if network.network_address != ipaddress.IPv4Address(rule.split("/")[0]):
        raise ApiError(400, BAD_VALUES, HOST_BITS_SET.format(rule=rule, network=network))
    return network


def checked_rules(rules, present=()):
    """The rules as AWS keeps them ({"ipRule", "ruleDesc"}, as given), refused when one is malformed, names a network
    twice, or is already among ``present``; then the quota of rules, counting ``present``."""
    existing = {network_of(rule["ipRule"]) for rule in present}
    given = set()
    for rule in rules:
        network = network_of(rule.get("ipRule"))
        if network in existing or network in given:
            message = RULE_EXISTS if network in existing else RULE_TWICE
            raise ApiError(400, BAD_VALUES, message.format(rule=rule["ipRule"]))
        given.add(network)
    if len(existing) + len(given) > MOST_RULES:
        raise ApiError(400, *TOO_MANY_RULES)
    return copy.deepcopy(list(rules))


def described(group):
    entry = {"groupId": group.group_id, "groupName": group.name, "userRules": copy.deepcopy(group.rules)}
    if group.description is not None:
        entry["groupDesc"] = group.description
    return entry


class IpGroups:
    """Mixed into WorkSpacesFidelity."""

    def create_ip_group(self, params, _environ, region):
        with self.lock:
            groups = self.region_state(region).ip_groups
            if any(group.name == params["GroupName"] for group in groups.values()):
                raise ApiError(400, "ResourceAlreadyExistsException", NAME_TAKEN.format(name=params["GroupName"]))
            if len(groups) >= MOST_GROUPS:
                raise ApiError(400, *TOO_MANY_GROUPS)
            rules = checked_rules(params.get("UserRules") or [])
            tags = merged_tags([], params.get("Tags") or [])
            group_id = new_id("wsipg-", groups)
            groups[group_id] = IpGroup(group_id, params["GroupName"], params.get("GroupDesc"), rules, tags)
        return 200, {"GroupId": group_id}

    def describe_ip_groups(self, params, _environ, region):
        page_size = params.get("MaxResults", self.model.most(OPERATION, "MaxResults"))
        wanted = params.get("GroupIds")
        with self.lock:
            state = self.region_state(region)
            placed = in_places(state.ip_group_places, state.ip_groups, wanted)
            page, token = paged(placed, params, OPERATION, ("GroupIds",), page_size)
            entries = [described(group) for group in page]
        return 200, with_token({"Result": entries}, token)

    def delete_ip_group(self, params, _environ, region):
        group_id = params["GroupId"]
        with self.lock:
            self.ip_group_called(region, group_id)
            users = [directory.directory_id for directory in self.directories_using(region, group_id)]
            if users:
                message = STILL_ASSOCIATED.format(group=group_id, directories=", ".join(users))
                raise ApiError(400, "ResourceAssociatedException", message)
            state = self.region_state(region)
            del state.ip_groups[group_id]
            state.ip_group_places.forget(group_id)
        return 200, {}

    def authorize_ip_rules(self, params, _environ, region):
        with self.lock:
            group = self.ip_group_called(region, params["GroupId"])
            group.rules = group.rules + checked_rules(params["UserRules"], group.rules)
        return 200, {}

    def update_rules_of_ip_group(self, params, _environ, region):
        with self.lock:
            group = self.ip_group_called(region, params["GroupId"])
            group.rules = checked_rules(params["UserRules"])
        return 200, {}

    def revoke_ip_rules(self, params, _environ, region):
        with self.lock:
            group = self.ip_group_called(region, params["GroupId"])
            revoked = {network_of(rule) for rule in params["UserRules"]}
            group.rules = [rule for rule in group.rules if network_of(rule["ipRule"]) not in revoked]
        return 200, {}

    def associate_ip_groups(self, params, _environ, region):
        with self.lock:
            directory, asked = self.association_called(region, params)
            associated = directory.ip_group_ids + [group_id for group_id in asked if group_id not in directory.ip_group_ids]
            if len(associated) > MOST_GROUPS_PER_DIRECTORY:
                raise ApiError(400, *TOO_MANY_FOR_DIRECTORY)
            directory.ip_group_ids = associated
        return 200, {}

    def disassociate_ip_groups(self, params, _environ, region):
        with self.lock:
            directory, asked = self.association_called(region, params)
            directory.ip_group_ids = [group_id for group_id in directory.ip_group_ids if group_id not in asked]
        return 200, {}

    # -- shared ------------------------------------------------------------------------------------

    def ip_group_called(self, region, group_id):
        """The group a call acts on, or AWS's ResourceNotFoundException. Call with the lock held."""
        group = self.region_state(region).ip_groups.get(group_id)
        if group is None:
            raise ApiError(400, "ResourceNotFoundException", UNKNOWN_GROUP.format(group=group_id))
        return group

    def association_called(self, region, params):
        """The directory and the groups (each once, in order) of Associate/DisassociateIpGroups, checked in the order
        directory, empty list, unknown group, directory state. Call with the lock held."""
        directory = self.directory_called(region, params["DirectoryId"])
        if not params["GroupIds"]:
            raise ApiError(400, *NO_GROUP_IDS)
        asked = list(dict.fromkeys(params["GroupIds"]))
        for group_id in asked:
            self.ip_group_called(region, group_id)
        if directory.state != "REGISTERED":
            raise ApiError(400, *NOT_REGISTERED)
        return directory, asked

    def directories_using(self, region, group_id):
        """The directories the group is associated with. Call with the lock held."""
        self.settle_directories(region)
        directories = backend_of(region).workspace_directories.values()
        return [directory for directory in directories if group_id in directory.ip_group_ids]

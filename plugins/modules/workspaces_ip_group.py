#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_ip_group
short_description: Manage an Amazon WorkSpaces IP access control group and its rules
version_added: 0.4.0
description:
  - Creates, updates or deletes an IP access control group, the IP ranges users may connect to a directory's
    WorkSpaces from. Associate it with a directory with M(euc.aws.workspaces_directory)'s O(euc.aws.workspaces_directory#module:ip_group_ids).
  - The group is found by O(group_id), or by O(name). DescribeIpGroups has no filter by name, so the module reads
    its pages; two groups with the same name fail the task before any change, naming both IDs.
  - One DescribeIpGroups look-up first (with DescribeWorkspaceDirectories for the directories the group is
    associated with, and DescribeTags), then only the calls that change something; C(changed) only when something
    changed.
  - A group's name and description are set when it is created, and AWS has no call that changes either. A different
    O(description) on an existing group fails before any change; the way out is a new group.
  - Associating a group that has no rules with a directory locks every user out of it; see M(euc.aws.workspaces_directory).
  - AWS's limits on groups and rules (its quotas) are not guessed here. Its C(ResourceLimitExceededException) fails
    the task with AWS's message.
author:
  - euc.aws maintainers (@euc-aws)
options:
  state:
    description:
      - V(present) creates the group, or brings an existing one to the options given.
      - V(absent) deletes it. A group still associated with a directory is refused before any call, naming the
        directories; remove it from them first with M(euc.aws.workspaces_directory)'s O(euc.aws.workspaces_directory#module:ip_group_ids).
        A group that does not exist is V(ok).
    type: str
    choices: [present, absent]
    default: present
  group_id:
    description:
      - The ID of the group, for example V(wsipg-abcd1234); one of O(group_id) and O(name) is required.
    type: str
  name:
    description:
      - The name of the group; required to create one. With O(group_id) too, it must be the group's name.
    type: str
  description:
    description:
      - The description of the group, set when it is created.
    type: str
  rules:
    description:
      - The rules of the group. Without O(rules) the rules are left as they are.
      - Rules compare as networks, so that V(10.0.0.1) is V(10.0.0.1/32), and with their descriptions. A malformed
        rule, a CIDR with host bits set (V(10.0.0.1/24)) and the same network given twice fail before any call.
    type: list
    elements: dict
    suboptions:
      ip_rule:
        description: An IPv4 address or CIDR range, for example V(203.0.113.0/24).
        type: str
        required: true
      description:
        description: What the rule is for.
        type: str
  purge_rules:
    description:
      - With O(purge_rules=true) the group gets exactly O(rules), in one UpdateRulesOfIpGroup, only when they differ.
      - With O(purge_rules=false) the rules missing from the group are added (AuthorizeIpRules) and the others kept;
        when the description of a rule the group has changed too, one UpdateRulesOfIpGroup with the merged rules does
        both.
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Looks up and predicts C(changed), RV(changes) and RV(ip_group) exactly; changes nothing.
  diff_mode:
    support: full
    description: The group before and after.
notes:
  - "IAM actions: C(workspaces:DescribeIpGroups), C(workspaces:DescribeWorkspaceDirectories), C(workspaces:DescribeTags),
    and to change it C(workspaces:CreateIpGroup), C(workspaces:UpdateRulesOfIpGroup), C(workspaces:AuthorizeIpRules),
    C(workspaces:DeleteIpGroup), C(workspaces:CreateTags), C(workspaces:DeleteTags)."
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options.
"""

EXAMPLES = r"""
- name: The office's ranges, and nothing else
  euc.aws.workspaces_ip_group:
    name: office
    description: Office networks
    rules:
      - ip_rule: 203.0.113.0/24
        description: Head office
      - ip_rule: 198.51.100.7
        description: VPN gateway
    tags:
      team: euc

- name: Add a range, keeping the others
  euc.aws.workspaces_ip_group:
    name: office
    rules:
      - ip_rule: 192.0.2.0/25
        description: Branch office
    purge_rules: false

- name: Delete the group (once no directory uses it)
  euc.aws.workspaces_ip_group:
    name: office
    state: absent
"""

RETURN = r"""
ip_group:
  description:
    - The group as M(euc.aws.workspaces_ip_group_info) returns it (in check mode, as it would be); V(null) once
      deleted, or when there is none.
  returned: always
  type: dict
  contains:
    group_id:
      description: The ID of the group; V(null) in check mode before it is created.
      type: str
      sample: wsipg-abcd1234
    name:
      description: Its name.
      type: str
      sample: office
    description:
      description: Its description; empty when it has none.
      type: str
      sample: Office networks
    rules:
      description: Its rules, each as a network (V(198.51.100.7) shows as V(198.51.100.7/32)) with its description.
      type: list
      elements: dict
      sample: [{"ip_rule": "203.0.113.0/24", "description": "Head office"}]
    directory_ids:
      description: The directories it is associated with.
      type: list
      elements: str
      sample: ["d-1234567890"]
    tags:
      description: Its tags.
      type: dict
      sample: {"team": "euc"}
changes:
  description:
    - What this run changed (in check mode, would change), keyed by the option, each with C(before) and C(after);
      C(state) for a creation or a deletion. Empty when nothing changed.
    - Also returned when the task fails midway, with what was changed before the failure.
  returned: always
  type: dict
  sample: {"rules": {"before": [], "after": [{"ip_rule": "203.0.113.0/24", "description": "Head office"}]}}
invalid:
  description: What is wrong with the options given; nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["rules: '10.0.0.1/24' is not an IPv4 address or CIDR without host bits set (10.0.0.1/24 has host bits set)"]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.ip_groups import IP_GROUP
from ansible_collections.euc.aws.plugins.module_utils.resources import resource_argument_spec
from ansible_collections.euc.aws.plugins.module_utils.resources import run_resource_module


def main():
    argument_spec = resource_argument_spec(
        group_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        rules=dict(type="list", elements="dict", options=dict(ip_rule=dict(type="str", required=True), description=dict(type="str"))),
        purge_rules=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, required_one_of=[("group_id", "name")], supports_check_mode=True)
    run_resource_module(module, IP_GROUP)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_ip_group_info
short_description: List Amazon WorkSpaces IP access control groups, with their rules and directories
version_added: 0.4.0
description:
  - Returns the IP access control groups named by O(group_ids) or O(names), or every group in the region, each with
    its rules, the directories it is associated with, and its tags.
  - DescribeIpGroups, every page; one DescribeWorkspaceDirectories listing for the associations; one DescribeTags a
    group, side by side on the bounded pool.
  - Group IDs that do not match the pattern in botocore's service model fail before any call.
author:
  - euc.aws maintainers (@euc-aws)
options:
  group_ids:
    description: IDs of the groups, for example V(wsipg-abcd1234). Mutually exclusive with O(names).
    type: list
    elements: str
  names:
    description: Names of the groups. Mutually exclusive with O(group_ids).
    type: list
    elements: str
extends_documentation_fragment:
  - euc.aws.concurrency
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Changes nothing in any mode.
notes:
  - "IAM actions: C(workspaces:DescribeIpGroups), C(workspaces:DescribeWorkspaceDirectories), C(workspaces:DescribeTags)."
"""

EXAMPLES = r"""
- name: Every IP group in the region
  euc.aws.workspaces_ip_group_info:
  register: groups

- name: Which directories the office group is associated with
  euc.aws.workspaces_ip_group_info:
    names: [office]
  register: office
"""

RETURN = r"""
ip_groups:
  description:
    - The groups, each as M(euc.aws.workspaces_ip_group) returns it in RV(euc.aws.workspaces_ip_group#module:ip_group).
  returned: always
  type: list
  elements: dict
  sample: [{"group_id": "wsipg-abcd1234", "name": "office", "description": "Office networks",
            "rules": [{"ip_rule": "203.0.113.0/24", "description": "Head office"}], "directory_ids": ["d-1234567890"], "tags": {}}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.wiring import run_info_module
from ansible_collections.euc.aws.plugins.module_utils.ip_groups import ip_groups_info


def main():
    argument_spec = dict(
        group_ids=dict(type="list", elements="str"),
        names=dict(type="list", elements="str"),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, mutually_exclusive=[("group_ids", "names")], supports_check_mode=True)
    run_info_module(module, ip_groups_info)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_directory_info
short_description: List the directories registered with Amazon WorkSpaces, with their settings
version_added: 0.4.0
description:
  - Returns the directories named by O(directory_ids), or every directory registered with WorkSpaces in the region,
    each with every setting M(euc.aws.workspaces_directory) manages, in snake_case, its state and its IP access control
    groups.
  - DescribeWorkspaceDirectories takes at most 25 IDs a call (the limit in botocore's service model), each call
    followed to its last page. The client properties come from DescribeClientProperties, as many directories a call as
    the model allows (25). With O(tags=true), one DescribeTags a directory. The calls run side by side on the bounded
    pool.
  - Directory IDs that do not match the pattern in botocore's service model fail before any call. A directory that is
    not registered is simply absent from RV(directories).
author:
  - euc.aws maintainers (@euc-aws)
options:
  directory_ids:
    description:
      - IDs of the directories, for example V(d-1234567890). Duplicates count once. An empty list returns no
        directories and makes no AWS call.
    type: list
    elements: str
  tags:
    description:
      - Add to each directory its C(tags); DescribeTags takes one directory a call.
    type: bool
    default: false
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
  - "IAM actions: C(workspaces:DescribeWorkspaceDirectories), C(workspaces:DescribeClientProperties), and with
    O(tags=true) C(workspaces:DescribeTags)."
"""

EXAMPLES = r"""
- name: Every directory registered with WorkSpaces in the region
  euc.aws.workspaces_directory_info:
  register: directories

- name: One directory, with its tags
  euc.aws.workspaces_directory_info:
    directory_ids: [d-1234567890]
    tags: true
  register: corp

- name: Which devices may connect to it
  ansible.builtin.debug:
    var: corp.directories[0].workspace_access_properties
"""

RETURN = r"""
directories:
  description:
    - The directories, each as M(euc.aws.workspaces_directory) returns it in
      RV(euc.aws.workspaces_directory#module:directory); C(tags) only with O(tags=true).
  returned: always
  type: list
  elements: dict
  sample: [{"directory_id": "d-1234567890", "state": "REGISTERED", "directory_name": "corp.example.com", "subnet_ids": [],
            "tenancy": "SHARED", "ip_group_ids": ["wsipg-abcd1234"], "self_service_permissions": {"restart_workspace": "ENABLED"},
            "workspace_creation_properties": {"enable_internet_access": false},
            "workspace_access_properties": {"device_type_web": "DENY"}, "client_properties": {"reconnect_enabled": "ENABLED"},
            "saml_properties": {"status": "DISABLED"}, "certificate_based_auth_properties": {"status": "DISABLED"}}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.directories import directories_info
from ansible_collections.euc.aws.plugins.module_utils.wiring import run_info_module


def main():
    argument_spec = dict(
        directory_ids=dict(type="list", elements="str"),
        tags=dict(type="bool", default=False),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    run_info_module(module, directories_info)


if __name__ == "__main__":
    main()

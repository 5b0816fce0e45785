#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_info
short_description: Find Amazon WorkSpaces by ID, directory and user, or bundle
version_added: 0.1.0
description:
  - Lists Amazon WorkSpaces with DescribeWorkspaces, following pagination to the last page.
  - O(workspace_ids) are looked up 25 at a time (the API's limit), the fewest calls possible.
  - DescribeWorkspaces accepts one kind of filter at a time, so O(workspace_ids), O(directory_id)
    (optionally with O(user_name)) and O(bundle_id) cannot be combined.
  - With no filter, every WorkSpace in the region is returned.
  - WorkSpaces that are V(TERMINATING) or V(TERMINATED) are still returned, with that state, until AWS
    forgets them.
  - Never changes anything.
author:
  - euc.aws maintainers (@euc-aws)
options:
  workspace_ids:
    description:
      - IDs of the WorkSpaces to describe. Each must match C(^ws-[0-9a-z]{8,63}$).
      - IDs AWS does not return are simply absent from RV(workspaces). Duplicates count once.
      - An empty list returns no WorkSpaces and makes no AWS call; it does not mean "every WorkSpace".
    type: list
    elements: str
  directory_id:
    description: Only WorkSpaces of this directory.
    type: str
  user_name:
    description:
      - Only the WorkSpaces of this user. Requires O(directory_id).
    type: str
  bundle_id:
    description: Only WorkSpaces created from this bundle.
    type: str
  connection_status:
    description:
      - Add to each WorkSpace in RV(workspaces) its C(connection_status), from DescribeWorkspacesConnectionStatus.
      - Costs one call per 25 WorkSpaces returned (the API's limit), never one per WorkSpace; at most 4 calls run at
        a time.
    type: bool
    default: false
  tags:
    description:
      - Add to each WorkSpace in RV(workspaces) its C(tags).
      - DescribeTags takes one WorkSpace a call, so this costs one call per WorkSpace returned; the calls run on a
        pool of at most 4 threads, throttling retried with a backoff the pool shares.
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Makes no changes, in check mode or otherwise.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
"""

EXAMPLES = r"""
- name: All WorkSpaces of one user in a directory
  euc.aws.workspaces_info:
    directory_id: d-1234567890
    user_name: alice
  register: alice_workspaces

- name: Every WorkSpace of a directory, more than 25 included
  euc.aws.workspaces_info:
    directory_id: d-1234567890
  register: directory_workspaces

- name: Look WorkSpaces up by ID
  euc.aws.workspaces_info:
    workspace_ids:
      - ws-abc12345d
      - ws-def67890g
  register: found

- name: When did each user of a directory last connect?
  euc.aws.workspaces_info:
    directory_id: d-1234567890
    connection_status: true
  register: directory_usage

- name: List the WorkSpaces nobody has used for 60 days or more
  ansible.builtin.debug:
    msg: >-
      {{ directory_usage.workspaces
         | selectattr('connection_status.days_since_last_connection', 'number')
         | selectattr('connection_status.days_since_last_connection', '>=', 60)
         | map(attribute='workspace_id') | list }}

- name: WorkSpaces with their tags
  euc.aws.workspaces_info:
    workspace_ids: [ws-abc12345d]
    tags: true
  register: tagged

- name: Terminate what was found
  euc.aws.workspaces_terminate:
    workspace_ids: "{{ alice_workspaces.workspaces | map(attribute='workspace_id') | list }}"
"""

RETURN = r"""
workspaces:
  description: The WorkSpaces found, in snake_case; in request order when O(workspace_ids) is given.
  returned: always
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace ID.
      type: str
      sample: ws-abc12345d
    user_name:
      description: The user the WorkSpace is assigned to.
      type: str
      sample: alice
    state:
      description: The WorkSpace state.
      type: str
      sample: AVAILABLE
    directory_id:
      description: The directory the WorkSpace belongs to.
      type: str
      sample: d-1234567890
    bundle_id:
      description: The bundle the WorkSpace was created from.
      type: str
      sample: wsb-0123456789
    computer_name:
      description: The computer name of the WorkSpace; V(null) until AWS has assigned one.
      type: str
      sample: WSAMZN-ABC123
    ip_address:
      description: The IP address of the WorkSpace; V(null) until AWS has assigned one.
      type: str
      sample: 10.0.1.23
    workspace_properties:
      description: The WorkSpace properties (running mode, volume sizes, compute type).
      type: dict
      sample: {"running_mode": "AUTO_STOP", "root_volume_size_gib": 80, "user_volume_size_gib": 50}
"""

from datetime import datetime
from datetime import timezone

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import find_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import with_details
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry


def main():
    argument_spec = dict(
        workspace_ids=dict(type="list", elements="str"),
        directory_id=dict(type="str"),
        user_name=dict(type="str"),
        bundle_id=dict(type="str"),
        connection_status=dict(type="bool", default=False),
        tags=dict(type="bool", default=False),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        # DescribeWorkspaces takes one kind of filter per call.
        mutually_exclusive=[("workspace_ids", "directory_id", "bundle_id"), ("workspace_ids", "user_name")],
        required_by={"user_name": "directory_id"},
        supports_check_mode=True,
    )
    client = module.client("workspaces", retry_decorator=workspaces_retry(backoff=SharedBackoff()))
    limits = ApiLimits.from_client(client)
    try:
        found = find_workspaces(
            client,
            limits,
            workspace_ids=module.params["workspace_ids"],
            directory_id=module.params["directory_id"],
            user_name=module.params["user_name"],
            bundle_id=module.params["bundle_id"],
        )
        workspaces = with_details(
            client,
            limits,
            found,
            connection_status=module.params["connection_status"],
            tags=module.params["tags"],
            now=datetime.now(timezone.utc),
            max_workers=DEFAULT_MAX_CONCURRENCY,
        )
    except AnsibleWorkSpacesError as error:
        fail_module(module, error, **error.kwargs)
    module.exit_json(changed=False, workspaces=workspaces)


if __name__ == "__main__":
    main()

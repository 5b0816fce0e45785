#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_maintenance
short_description: Put Amazon WorkSpaces into admin maintenance and take them out of it, idempotently
version_added: 0.3.0
description:
  - Puts the Amazon WorkSpaces named in O(workspace_ids) into V(ADMIN_MAINTENANCE) (O(state=admin_maintenance)), or
    takes them out of it, back to V(AVAILABLE) (O(state=available)), with ModifyWorkspaceState. The API takes one
    WorkSpace a call; the calls run side by side, at most O(max_concurrency) at once.
  - While a WorkSpace is in V(ADMIN_MAINTENANCE), its user cannot log in, an AutoStop WorkSpace is not stopped, and AWS
    ignores reboot, stop, start, rebuild and restore requests for it. Use it while patching or installing software
    that must not be interrupted. The modules M(euc.aws.workspaces_start), M(euc.aws.workspaces_stop),
    M(euc.aws.workspaces_reboot), M(euc.aws.workspaces_rebuild) and M(euc.aws.workspaces_restore) therefore refuse
    such a WorkSpace before any call, saying to take it out of admin maintenance first.
  - O(state=admin_maintenance) acts on V(AVAILABLE) WorkSpaces; a V(STOPPED) one is refused (start it first, with
    M(euc.aws.workspaces_start)). O(state=available) acts on V(ADMIN_MAINTENANCE) WorkSpaces.
  - A WorkSpace already in the wanted state is reported in RV(unchanged), with no call.
  - Before anything is changed, the module fails when DescribeWorkspaces does not return a requested ID (listed in
    RV(not_found)), or when a WorkSpace is in any other state (listed in RV(refused) with its state and what to do
    instead; a busy one, V(REBOOTING) say, is to be tried again once it has settled).
  - With O(wait=true) the module waits until DescribeWorkspaces shows each WorkSpace it changed in the wanted state.
author:
  - euc.aws maintainers (@euc-aws)
options:
  state:
    description:
      - V(admin_maintenance) puts the WorkSpaces into V(ADMIN_MAINTENANCE); V(available) takes them out of it.
      - The choices are the model's TargetWorkspaceState values, in lower case.
    type: str
    required: true
    choices: [admin_maintenance, available]
extends_documentation_fragment:
  - euc.aws.actions
  - euc.aws.concurrency
  - euc.aws.one_workspace_a_call
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Keep users out of their WorkSpaces while they are patched
  euc.aws.workspaces_maintenance:
    workspace_ids:
      - ws-abc12345d
      - ws-def67890g
    state: admin_maintenance
    wait: true

- name: Let them back in
  euc.aws.workspaces_maintenance:
    workspace_ids:
      - ws-abc12345d
      - ws-def67890g
    state: available
  register: maintenance

- name: Report what changed
  ansible.builtin.debug:
    msg: "out of admin maintenance: {{ maintenance.modified | join(', ') or 'none' }}; already available: {{ maintenance.unchanged | join(', ') or 'none' }}"
"""

RETURN = r"""
modified:
  description:
    - IDs of the WorkSpaces this run put into admin maintenance, or took out of it (in check mode, would have), in the
      order requested.
    - Also returned when the task fails, listing what was changed before the failure (empty when the failure came
      before any change).
  returned: always
  type: list
  elements: str
  sample: ["ws-abc12345d"]
unchanged:
  description: Requested WorkSpaces already in the wanted state; nothing was done to them.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
not_found:
  description:
    - Requested IDs that DescribeWorkspaces does not return or, named by user, the users with no WorkSpace in the
      directory. Any makes the module fail before any change.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
refused:
  description: WorkSpaces in a state ModifyWorkspaceState cannot take to the wanted one. Any makes the module fail before any change.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace refused.
      type: str
      sample: ws-abc12345d
    state:
      description: Its state when looked up.
      type: str
      sample: STOPPED
    reason:
      description: Why it cannot be changed, and what to do instead.
      type: str
      sample: "STOPPED: start it first (euc.aws.workspaces_start); only an AVAILABLE WorkSpace can be put into admin maintenance"
    user_name:
      description: Its user, in the spelling given in O(user_names); only when the WorkSpaces were named by user.
      type: str
      sample: alice
failed_requests:
  description: The WorkSpaces ModifyWorkspaceState refused, with AWS's error. Any entry fails the task.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace AWS refused.
      type: str
      sample: ws-abc12345d
    error_code:
      description: The error code AWS returned.
      type: str
      sample: InvalidResourceStateException
    error_message:
      description: The error message AWS returned.
      type: str
      sample: The specified WorkSpace has an invalid state for this operation.
    user_name:
      description: The user of that WorkSpace, in the spelling given in O(user_names); only when named by user.
      type: str
      sample: alice
wait_failed:
  description: With O(wait=true), the WorkSpaces that landed in another state than the wanted one, or were no longer returned.
  returned: when the task fails because of them, or times out
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
      sample: ws-abc12345d
    state:
      description: Where it landed; V(null) when DescribeWorkspaces no longer returned it.
      type: str
      sample: ERROR
not_ready:
  description: With O(wait=true), the WorkSpaces not yet in the wanted state when O(wait_timeout) ran out.
  returned: when the task fails because of them, or because of RV(wait_failed)
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
      sample: ws-abc12345d
    state:
      description: Its state at the last look.
      type: str
      sample: AVAILABLE
outcome_unknown:
  description:
    - When a call failed midway (after its retries), the WorkSpace whose call it was; AWS may or may not have changed
      it. Look it up before trying again.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
not_attempted:
  description: When a call failed midway, the WorkSpace IDs never sent.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-def67890g"]
malformed_ids:
  description: The requested IDs that do not match C(^ws-[0-9a-z]{8,63}$); nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["WS-ABC12345D"]
users:
  description:
    - Named by user, each user name given (once, in the spelling first given) mapped to the ID of its WorkSpace, or to
      V(null) when it has none in the directory. Empty when the WorkSpaces were named by ID.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: dict
  sample: {"alice": "ws-abc12345d", "bob": null}
workspaces:
  description:
    - The requested WorkSpaces as DescribeWorkspaces returned them before any change, in request order.
    - Each has the keys of RV(euc.aws.workspaces_info#module:workspaces), without the C(connection_status) and C(tags)
      that module adds when asked.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  sample: [{"workspace_id": "ws-abc12345d", "state": "AVAILABLE", "user_name": "alice", "directory_id": "d-1234567890"}]
"""

from ansible_collections.euc.aws.plugins.module_utils.actions import MAINTENANCE
from ansible_collections.euc.aws.plugins.module_utils.actions import action_module
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action_module


def main():
    module = action_module(state=dict(type="str", required=True, choices=sorted(MAINTENANCE)))
    run_action_module(module, MAINTENANCE[module.params["state"]])


if __name__ == "__main__":
    main()

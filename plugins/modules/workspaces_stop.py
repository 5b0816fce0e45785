#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_stop
short_description: Stop Amazon WorkSpaces, idempotently and in batches
version_added: 0.2.0
description:
  - Stops the Amazon WorkSpaces named in O(workspace_ids) with StopWorkspaces, at most 25 a call.
  - Acts on V(AVAILABLE), V(IMPAIRED), V(UNHEALTHY) and V(ERROR) WorkSpaces whose running mode is V(AUTO_STOP) or
    V(MANUAL).
  - WorkSpaces already V(STOPPED) or V(STOPPING) are reported in RV(already_stopped) and left alone.
  - AWS cannot stop an V(ALWAYS_ON) WorkSpace. Such a WorkSpace is refused (change its running mode to V(AUTO_STOP) or
    V(MANUAL) first), as is any WorkSpace in a state StopWorkspaces cannot take; before anything is stopped, the module
    fails listing them in RV(refused) with their state and what to do instead, and the IDs DescribeWorkspaces does not
    return in RV(not_found).
  - A WorkSpace in V(ADMIN_MAINTENANCE) is refused as well, before any call, since AWS ignores StopWorkspaces requests for
    it. Take it out of admin maintenance first (M(euc.aws.workspaces_maintenance) with O(euc.aws.workspaces_maintenance#module:state=available)).
  - Every entry AWS returns in C(FailedRequests) fails the task; the message names each WorkSpace ID with its error code
    and message. WorkSpaces that did stop are still reported in RV(stopped), and C(changed) is true when any did.
  - With O(wait=true) the module waits until each WorkSpace stopped, or found V(STOPPING), is V(STOPPED).
author:
  - euc.aws maintainers (@euc-aws)
extends_documentation_fragment:
  - euc.aws.actions
  - euc.aws.concurrency
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Stop WorkSpaces for the weekend
  euc.aws.workspaces_stop:
    workspace_ids:
      - ws-abc12345d
      - ws-def67890g

- name: Stop and wait until STOPPED (for example before changing a volume size)
  euc.aws.workspaces_stop:
    workspace_ids: [ws-abc12345d]
    wait: true
  register: stopped

- name: Preview which WorkSpaces would stop (check mode calls nothing that changes AWS)
  euc.aws.workspaces_stop:
    workspace_ids: "{{ idle_workspace_ids }}"
  check_mode: true
  register: preview
"""

RETURN = r"""
stopped:
  description:
    - IDs of the WorkSpaces this run stopped (in check mode, would have stopped), in the order requested.
    - Also returned when the task fails, listing what was stopped before the failure (empty when the failure came before
      any action).
  returned: always
  type: list
  elements: str
  sample: ["ws-abc12345d"]
already_stopped:
  description: Requested WorkSpaces found already there or on their way; nothing was done to them.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
not_found:
  description:
    - Requested IDs that DescribeWorkspaces does not return or, named by user, the users with no WorkSpace in the
      directory. Any makes the module fail before acting.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
refused:
  description:
    - WorkSpaces in a state (or running mode) the action cannot take. Any makes the module fail before acting.
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
      sample: AVAILABLE
    reason:
      description: Why the action cannot take it, and what to do instead.
      type: str
      sample: "ALWAYS_ON: AWS cannot stop a WorkSpace in this running mode; change its running mode to AUTO_STOP or MANUAL first"
    user_name:
      description: Its user, in the spelling given in O(user_names); only when the WorkSpaces were named by user.
      type: str
      sample: alice
failed_requests:
  description: The C(FailedRequests) entries of StopWorkspaces. Any entry fails the task.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace the request failed for.
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
  description: With O(wait=true), the WorkSpaces that landed in another state than V(STOPPED), or were no longer returned.
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
  description: With O(wait=true), the WorkSpaces not yet V(STOPPED) when O(wait_timeout) ran out.
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
      sample: STOPPING
outcome_unknown:
  description:
    - When a call failed midway (after its retries), the WorkSpace IDs that call was for; AWS may or may not have acted on
      them. Look them up before trying again.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
not_attempted:
  description: When a call failed midway, the WorkSpace IDs of the batches never sent.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
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

from ansible_collections.euc.aws.plugins.module_utils.actions import STOP
from ansible_collections.euc.aws.plugins.module_utils.actions import action_module
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action_module


def main():
    module = action_module()
    run_action_module(module, STOP)


if __name__ == "__main__":
    main()

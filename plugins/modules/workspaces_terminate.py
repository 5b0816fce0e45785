#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_terminate
short_description: Terminate Amazon WorkSpaces, idempotently and in batches
version_added: 0.1.0
description:
  - Terminates the Amazon WorkSpaces named in O(workspace_ids).
  - B(Termination is permanent.) The WorkSpace and the user's data are destroyed and cannot be recovered.
  - The module first looks the IDs up with DescribeWorkspaces.
    IDs it no longer returns are already gone and reported in RV(already_absent); WorkSpaces already
    V(TERMINATING) or V(TERMINATED) are reported in RV(already_terminating). Neither changes anything.
  - All other WorkSpaces found are terminated with TerminateWorkspaces, at most 25 a call, so N WorkSpaces take
    the minimum of ceil(N/25) calls.
  - AWS cannot terminate a V(SUSPENDED) WorkSpace. If any requested WorkSpace is V(SUSPENDED), the module fails
    before terminating anything, naming those WorkSpaces; resume them or remove them from O(workspace_ids) first.
  - Every entry AWS returns in C(FailedRequests) fails the task; the message names each WorkSpace ID with its
    error code and message. WorkSpaces that did terminate are still reported in RV(terminated), and C(changed) is
    true when any did.
author:
  - euc.aws maintainers (@euc-aws)
options:
  workspace_ids:
    description:
      - IDs of the WorkSpaces to terminate, for example V(ws-abc12345d).
      - Each must match C(^ws-[0-9a-z]{8,63}$); otherwise the module fails, before any AWS call, naming the malformed
        IDs (past ten, the first ten and their count; RV(malformed_ids) lists them all).
      - Duplicates count once. An empty list does nothing and makes no AWS call.
  wait:
    description:
      - Termination is asynchronous. With O(wait=true) the module returns only when DescribeWorkspaces no longer
        returns any of the WorkSpaces it terminated nor any found already terminating.
      - C(TERMINATED) is not the end; creating a new WorkSpace for the same user fails until the ID has vanished.
      - Ignored in check mode.
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). On timeout the module fails naming the WorkSpaces still
        present, and still reports RV(terminated).
extends_documentation_fragment:
  - euc.aws.actions
  - euc.aws.concurrency
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - Check mode makes no TerminateWorkspaces call; RV(terminated) and C(changed) say exactly what a real run would
    terminate.
  - In diff mode, C(diff.before.workspace_ids) lists the requested WorkSpaces that exist and are not terminating,
    C(diff.after.workspace_ids) those that still would after the run.
attributes:
  check_mode:
    support: full
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    support: full
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
"""

EXAMPLES = r"""
- name: Terminate two WorkSpaces
  euc.aws.workspaces_terminate:
    workspace_ids:
      - ws-abc12345d
      - ws-def67890g

- name: Terminate and wait until AWS no longer returns them (the same users can then get new WorkSpaces)
  euc.aws.workspaces_terminate:
    workspace_ids: "{{ leaver_workspace_ids }}"
    wait: true
    wait_timeout: 1800
  register: retired

- name: Report what happened
  ansible.builtin.debug:
    msg: >-
      terminated {{ retired.terminated | length }},
      already gone {{ retired.already_absent | length }},
      already terminating {{ retired.already_terminating | length }}

- name: Connection options for this and amazon.aws modules, set once
  module_defaults:
    group/euc.aws.aws:
      region: eu-west-1
      profile: workspaces-admin
  block:
    - name: Preview a termination (check mode calls nothing that changes AWS)
      euc.aws.workspaces_terminate:
        workspace_ids: [ws-abc12345d]
      check_mode: true
      register: preview
"""

RETURN = r"""
terminated:
  description:
    - IDs of the WorkSpaces this run terminated (in check mode, would terminate), in the order requested.
    - Also returned when the task fails, listing what was terminated before the failure (empty when the failure
      came before any termination).
  returned: always
  type: list
  elements: str
  sample: ["ws-abc12345d"]
already_absent:
  description:
    - Requested IDs that DescribeWorkspaces does not return; they are already gone.
    - Named by user, the users with no WorkSpace in the directory; they are already gone too.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: ["ws-0123456789"]
already_terminating:
  description: Requested IDs found in state V(TERMINATING) or V(TERMINATED); nothing was done to them.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
failed_requests:
  description: The C(FailedRequests) entries of TerminateWorkspaces. Any entry fails the task.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace that could not be terminated.
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
suspended:
  description: The requested WorkSpaces found V(SUSPENDED), which made the module fail before terminating anything.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["ws-abc12345d"]
still_present:
  description: With O(wait=true), the WorkSpaces DescribeWorkspaces still returned when O(wait_timeout) ran out.
  returned: when the wait timed out
  type: list
  elements: str
  sample: ["ws-abc12345d"]
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

from ansible_collections.euc.aws.plugins.module_utils.actions import TERMINATE
from ansible_collections.euc.aws.plugins.module_utils.actions import action_module
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action_module


def main():
    module = action_module()
    run_action_module(module, TERMINATE)


if __name__ == "__main__":
    main()

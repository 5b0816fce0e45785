# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: patch_window_plan
short_description: Decide, from their states, which WorkSpaces a patch window starts, maintains, patches or skips
version_added: 0.3.0
description:
  - Classifies the WorkSpaces of a batch of hosts, as M(euc.aws.workspaces_info) just returned them.
  - V(STOPPED) with running mode V(AUTO_STOP) or V(MANUAL) is started, then put in V(ADMIN_MAINTENANCE) and patched.
  - V(AVAILABLE), whatever the running mode, is put in V(ADMIN_MAINTENANCE) and patched.
  - V(ADMIN_MAINTENANCE) is patched and left in that state, since someone else put it there, unless it carries the
    tag O(tag_key) with the value V(AVAILABLE) or V(STOPPED). Then a window that was cut off put it there, and it is
    recovered (patched, then put back to the state the tag records).
  - An V(AVAILABLE) WorkSpace tagged V(STOPPED) was started by a window that was cut off, and is stopped again.
  - The WorkSpaces of O(outside) in V(ADMIN_MAINTENANCE) with the tag are recovered without being patched.
  - Any other state, V(STOPPED) with V(ALWAYS_ON), and a WorkSpace not found are skipped with a reason.
  - In check mode the hosts whose WorkSpace would first be started are not patched (they are unreachable), and are
    listed in RV(_value.left_out).
  - The role P(euc.aws.workspaces_patch_window#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
positional: found
options:
  _input:
    description: The hosts, each a dict with C(host) (the inventory host name), C(workspace_id) and C(region).
    type: list
    elements: dict
    required: true
  found:
    description: For each region, the list of WorkSpaces M(euc.aws.workspaces_info) returned for the hosts' IDs.
    type: dict
    required: true
  tag_key:
    description:
      - The key of the tag in which a window records a WorkSpace's state before it changes it. Without it, no tag
        counts and nothing is recovered.
    type: str
  outside:
    description:
      - For each region, WorkSpaces that are not the hosts' (with their C(tags)), as M(euc.aws.workspaces_info)
        returns them. Those in V(ADMIN_MAINTENANCE) with the tag are recovered.
    type: dict
    default: {}
  check_mode:
    description: Plan for a run in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Plan the window of the batch
  ansible.builtin.set_fact:
    window_plan: >-
      {{ [{'host': 'WSAMZN-ALICE', 'workspace_id': 'ws-abc12345d', 'region': 'eu-west-1'}]
         | euc.aws.patch_window_plan({'eu-west-1': looked_up.workspaces}) }}
"""

RETURN = r"""
_value:
  description: The plan. Every list is in the order of the hosts given; each entry has C(host) (V(null) for a
    WorkSpace of O(outside)), C(workspace_id), C(region), C(state) and C(running_mode) (both V(null) when not found),
    and C(recorded), the state its tag records (V(null) without the tag).
  type: dict
  contains:
    to_record:
      description: The WorkSpaces to tag before any change, C(recorded) the value to record.
      type: list
      elements: dict
    to_start:
      description: The WorkSpaces to start.
      type: list
      elements: dict
    to_maintain:
      description: The WorkSpaces to put in V(ADMIN_MAINTENANCE) (those to start included).
      type: list
      elements: dict
    in_maintenance:
      description: The WorkSpaces found in V(ADMIN_MAINTENANCE) without the tag, left there.
      type: list
      elements: dict
    recovered:
      description: The WorkSpaces a window that was cut off left behind, those of the hosts and those of O(outside).
      type: list
      elements: dict
    to_put_back:
      description: The recovered WorkSpaces to take out of V(ADMIN_MAINTENANCE).
      type: list
      elements: dict
    to_stop_again:
      description: The recovered WorkSpaces to stop again, since their tag records V(STOPPED).
      type: list
      elements: dict
    to_untag:
      description: The IDs of the WorkSpaces whose tag is removed once they are back.
      type: list
      elements: str
    to_patch:
      description: The hosts whose tasks run.
      type: list
      elements: dict
    left_out:
      description: In check mode, the hosts whose tasks cannot run because their WorkSpace is stopped, with a C(reason).
      type: list
      elements: dict
    skipped:
      description: The WorkSpaces left alone, each with a C(reason).
      type: list
      elements: dict
    regions:
      description: The regions of the hosts and of the recovered WorkSpaces, sorted.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.patch_window import PlanError
from ansible_collections.euc.aws.plugins.module_utils.patch_window import plan_window


def patch_window_plan(hosts, found, check_mode=False, tag_key=None, outside=None):
    try:
        return plan_window(hosts, found, check_mode=check_mode, tag_key=tag_key, outside=outside)
    except PlanError as error:
        raise AnsibleFilterError(f"patch_window_plan: {error}") from error


class FilterModule:
    def filters(self):
        return {"patch_window_plan": patch_window_plan}

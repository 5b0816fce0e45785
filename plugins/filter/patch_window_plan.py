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
  - V(ADMIN_MAINTENANCE) is patched and left in that state, since someone else put it there.
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
  description: The plan. Every list is in the order of the hosts given; each entry has C(host), C(workspace_id),
    C(region), C(state) and C(running_mode) (both V(null) when not found).
  type: dict
  contains:
    to_start:
      description: The WorkSpaces to start.
      type: list
      elements: dict
    to_maintain:
      description: The WorkSpaces to put in V(ADMIN_MAINTENANCE) (those to start included).
      type: list
      elements: dict
    in_maintenance:
      description: The WorkSpaces found in V(ADMIN_MAINTENANCE), left there.
      type: list
      elements: dict
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
      description: The regions of the hosts, sorted.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.patch_window import PlanError
from ansible_collections.euc.aws.plugins.module_utils.patch_window import plan_window


def patch_window_plan(hosts, found, check_mode=False):
    try:
        return plan_window(hosts, found, check_mode=check_mode)
    except PlanError as error:
        raise AnsibleFilterError(f"patch_window_plan: {error}") from error


class FilterModule:
    def filters(self):
        return {"patch_window_plan": patch_window_plan}

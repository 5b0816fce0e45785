# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: patch_window_outcome
short_description: What a patch window did to a batch of WorkSpaces, and the play's result so far
version_added: 0.3.0
description:
  - Turns a plan of P(euc.aws.patch_window_plan#filter) and the IDs the modules acted on into the lists the role
    P(euc.aws.workspaces_patch_window#role) reports, and the lines of its summary.
  - A host whose tasks were to run but did not succeed is in C(failed), not in C(patched), with its C(reason), which is
    V(unreachable) when it did not pass the connection check or Ansible dropped it as unreachable during its tasks
    (not in O(connected_hosts) or O(finished_hosts)), V(tasks failed) otherwise.
  - The WorkSpaces the plan found left behind by a run that was cut off are in C(recovered).
author:
  - euc.aws maintainers (@euc-aws)
options:
  _input:
    description: The plan of the batch, from P(euc.aws.patch_window_plan#filter).
    type: dict
    required: true
  started:
    description: IDs of the WorkSpaces started (in check mode, that would be).
    type: list
    elements: str
    default: []
  maintained:
    description: IDs of the WorkSpaces put in V(ADMIN_MAINTENANCE) (in check mode, that would be).
    type: list
    elements: str
    default: []
  succeeded_hosts:
    description: The hosts whose tasks ran to the end.
    type: list
    elements: str
    default: []
  stopped:
    description: IDs of the WorkSpaces stopped again (in check mode, that would be).
    type: list
    elements: str
    default: []
  connected_hosts:
    description:
      - The hosts that passed the connection check before their tasks. Without it, every host counts as connected.
    type: list
    elements: str
  finished_hosts:
    description:
      - The hosts that reached the end of the window, whether their tasks succeeded or failed. Without it, every host
        counts as finished.
    type: list
    elements: str
  previous:
    description: The result of the earlier batches of the play, to which this batch is appended.
    type: dict
    default: {}
  check_mode:
    description: Word the summary for a run in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Report the batch
  ansible.builtin.debug:
    msg: >-
      {{ (window_plan | euc.aws.patch_window_outcome(started=['ws-abc12345d'], maintained=['ws-abc12345d'],
          succeeded_hosts=['WSAMZN-ALICE'], stopped=['ws-abc12345d'])).summary }}
"""

RETURN = r"""
_value:
  description: The outcome.
  type: dict
  contains:
    batch:
      description:
        - This batch's lists C(started), C(maintained) (put in V(ADMIN_MAINTENANCE) by the role, not those found
          there), C(patched), C(failed) (tasks that did not succeed; not in C(patched)), C(skipped) (with a
          C(reason)), C(stopped_again) and C(left_out) (check mode, with a C(reason)); each entry has at least
          C(host) and C(workspace_id).
      type: dict
    result:
      description: O(previous) with each list of RV(_value.batch) appended.
      type: dict
    summary:
      description: The lines of the batch's summary.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.patch_window import PlanError
from ansible_collections.euc.aws.plugins.module_utils.patch_window import window_outcome


def patch_window_outcome(
    plan, started=None, maintained=None, succeeded_hosts=None, stopped=None, previous=None, check_mode=False, **hosts
):
    try:
        return window_outcome(
            plan, started, maintained, succeeded_hosts, stopped, previous=previous, check_mode=check_mode, **hosts
        )
    except (PlanError, KeyError) as error:
        raise AnsibleFilterError(f"patch_window_outcome: {error}") from error


class FilterModule:
    def filters(self):
        return {"patch_window_outcome": patch_window_outcome}

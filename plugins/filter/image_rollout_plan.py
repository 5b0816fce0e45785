# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: image_rollout_plan
short_description: Decide which WorkSpaces of a bundle an image rollout rebuilds, in which wave, and which it skips
version_added: 0.4.0
description:
  - Plans the WorkSpaces M(euc.aws.workspaces_info) listed on the bundle.
  - Without O(details), returns only C(candidates), the IDs of those in V(AVAILABLE), V(STOPPED), V(ERROR) or
    V(UNHEALTHY) (the states the rebuild verb takes that are not busy), so that tags and connection status are read
    for those only; give them in O(details) to plan.
  - A WorkSpace whose marker tag names the image is C(already); one in another state, with the skip tag (its key in any
    case), or with a user connected (unless C(include_connected)) is C(skipped) with its reason; the others are
    rebuilt, the canaries first, then in C(waves) of C(wave_size), by ID.
  - The role P(euc.aws.workspaces_image_rollout#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
positional: settings, target
options:
  _input:
    description: The WorkSpaces M(euc.aws.workspaces_info) listed on the bundle.
    type: list
    elements: dict
    required: true
  settings:
    description: The result of P(euc.aws.image_rollout_settings#filter), without problems.
    type: dict
    required: true
  target:
    description: The result of P(euc.aws.image_rollout_target#filter), without problems.
    type: dict
    required: true
  details:
    description:
      - The candidates, from M(euc.aws.workspaces_info) with O(euc.aws.workspaces_info#module:tags=true) and
        O(euc.aws.workspaces_info#module:connection_status=true).
    type: list
    elements: dict
  option_prefix:
    description: The prefix of the role's variables, for the guard's message.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Plan the rollout
  ansible.builtin.set_fact:
    rollout_plan: >-
      {{ listed.workspaces | euc.aws.image_rollout_plan(rollout_settings, rollout_target,
                                                        details=candidates.workspaces) }}
"""

RETURN = r"""
_value:
  description: The plan; only C(candidates) without O(details).
  type: dict
  contains:
    candidates:
      description: Without O(details), the IDs whose tags and connection status the plan needs.
      type: list
      elements: str
    canary:
      description: The canaries' IDs.
      type: list
      elements: str
    waves:
      description: The waves after the canaries, each a list of IDs.
      type: list
      elements: list
    to_rebuild:
      description: Every WorkSpace to rebuild, canaries included, with C(workspace_id), C(user_name), C(state), C(running_mode).
      type: list
      elements: dict
    already:
      description: The WorkSpaces already on the image, each with a C(reason).
      type: list
      elements: dict
    skipped:
      description: The WorkSpaces left alone, each with a C(reason).
      type: list
      elements: dict
    problems:
      description: What stops the run before any change, a canary named that cannot be one among them.
      type: list
      elements: str
    guard:
      description: The refusal of a run that would rebuild more than C(max_count) WorkSpaces; empty when it may go on.
      type: str
"""

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import candidates
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import plan_rollout


def image_rollout_plan(workspaces, settings, target, details=None, option_prefix=""):
    if details is None:
        return {"candidates": candidates(workspaces)}
    return plan_rollout(workspaces, details, settings, target, option_prefix)


class FilterModule:
    def filters(self):
        return {"image_rollout_plan": image_rollout_plan}

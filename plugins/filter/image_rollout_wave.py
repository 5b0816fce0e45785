# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: image_rollout_wave
short_description: Decide what of a wave of an image rollout is rebuilt now
version_added: 0.4.0
description:
  - Looks again at a wave's WorkSpaces, as M(euc.aws.workspaces_info) with
    O(euc.aws.workspaces_info#module:connection_status=true) returned them just before the wave, since hours may have
    passed since the plan.
  - One in a state the rollout does not take now, or whose user connected (unless C(include_connected)), is skipped
    with its reason; one no longer returned is skipped too.
  - Those V(STOPPED) now are listed in C(stop_again), so that they are stopped again once rebuilt.
  - The role P(euc.aws.workspaces_image_rollout#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
positional: found, settings
options:
  _input:
    description: The IDs of the wave.
    type: list
    elements: str
    required: true
  found:
    description: The wave's WorkSpaces, as M(euc.aws.workspaces_info) returned them with their connection status.
    type: list
    elements: dict
    required: true
  settings:
    description: The result of P(euc.aws.image_rollout_settings#filter).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Decide what of the wave is rebuilt now
  ansible.builtin.set_fact:
    rollout_ready: "{{ wave | euc.aws.image_rollout_wave(looked_up.workspaces, rollout_settings) }}"
"""

RETURN = r"""
_value:
  description: What of the wave is rebuilt now.
  type: dict
  contains:
    to_rebuild:
      description: The IDs to rebuild now.
      type: list
      elements: str
    stop_again:
      description: The IDs among them that are V(STOPPED), to stop again once rebuilt.
      type: list
      elements: str
    skipped:
      description: The WorkSpaces left alone, each with a C(reason).
      type: list
      elements: dict
    workspaces:
      description: Each WorkSpace found, by ID, with C(workspace_id), C(user_name), C(state) and C(running_mode).
      type: dict
"""

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import wave_ready


def image_rollout_wave(wave_ids, found, settings):
    return wave_ready(wave_ids, found, settings)


class FilterModule:
    def filters(self):
        return {"image_rollout_wave": image_rollout_wave}

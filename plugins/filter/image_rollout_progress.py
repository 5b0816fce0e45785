# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: image_rollout_progress
short_description: Follow an image rollout, wave by wave
version_added: 0.4.0
description:
  - Folds into the progress of an image rollout what became of one wave, in one of three ways.
  - With O(ready) and O(rebuild), the wave's rebuild. A WorkSpace is rebuilt when RebuildWorkspaces took it and the
    wait saw it V(AVAILABLE); any other is failed with its reason (the C(FailedRequests) entry, the state it ended in,
    the timeout, or the module's message).
  - With O(tagged) or O(stopped), the marker tags and the stops again of the last wave's rebuilt WorkSpaces; a
    WorkSpace whose tag or stop failed is failed too.
  - With O(check_failed), the message of the user's canary check; each canary is failed with it.
  - Once a canary has failed, or the failures pass C(max_failures), C(halted) is true and no wave starts.
  - The role P(euc.aws.workspaces_image_rollout#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
positional: settings
options:
  _input:
    description: The progress so far; an empty dict before the first wave.
    type: dict
    required: true
  settings:
    description: The result of P(euc.aws.image_rollout_settings#filter).
    type: dict
    required: true
  ready:
    description: The result of P(euc.aws.image_rollout_wave#filter) for the wave.
    type: dict
  rebuild:
    description: The registered result of M(euc.aws.workspaces_rebuild) for the wave (with C(ignore_errors)).
    type: dict
  wave:
    description: The wave's number, V(0) for the canaries.
    type: int
    default: 0
  canary:
    description: Whether the wave is the canaries'.
    type: bool
    default: false
  tagged:
    description: The registered result of M(euc.aws.workspaces_tags) that set the marker on the last wave.
    type: dict
  stopped:
    description: The registered result of M(euc.aws.workspaces_stop) that stopped the last wave's WorkSpaces again.
    type: dict
  check_failed:
    description: The message of the canary check that failed.
    type: str
"""

EXAMPLES = r"""
- name: Fold the wave's rebuild in
  ansible.builtin.set_fact:
    rollout_progress: >-
      {{ rollout_progress | euc.aws.image_rollout_progress(rollout_settings, ready=rollout_ready, rebuild=rebuilt, wave=1) }}
"""

RETURN = r"""
_value:
  description: The progress.
  type: dict
  contains:
    canary:
      description: The canaries' IDs that were rebuilt or tried.
      type: list
      elements: str
    rebuilt:
      description: The WorkSpaces rebuilt and V(AVAILABLE), each with C(wave).
      type: list
      elements: dict
    failed:
      description: The WorkSpaces that failed, each with C(reason) and C(wave).
      type: list
      elements: dict
    skipped:
      description: The WorkSpaces a wave skipped when it looked again, each with C(reason).
      type: list
      elements: dict
    reached:
      description: The IDs of every wave started.
      type: list
      elements: str
    last_rebuilt:
      description: The IDs the last wave rebuilt, for its marker tags.
      type: list
      elements: str
    last_stop_again:
      description: The IDs of those among them to stop again.
      type: list
      elements: str
    halted:
      description: Whether no more waves start.
      type: bool
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import fold_check_failure
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import fold_settling
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import fold_wave
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import new_progress


def image_rollout_progress(progress, settings, ready=None, rebuild=None, wave=0, canary=False, tagged=None, stopped=None, check_failed=None):
    progress = progress or new_progress()
    if ready is not None:
        if rebuild is None:
            raise AnsibleFilterError("image_rollout_progress: ready needs rebuild")
        return fold_wave(progress, ready, rebuild, int(wave), settings, canary)
    if check_failed is not None:
        return fold_check_failure(progress, progress["canary"], check_failed, settings)
    return fold_settling(progress, tagged, stopped, settings, canary)


class FilterModule:
    def filters(self):
        return {"image_rollout_progress": image_rollout_progress}

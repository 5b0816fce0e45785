# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: running_mode_plan
short_description: Decide, from their billable hours, which WorkSpaces switch to ALWAYS_ON or to AUTO_STOP
version_added: 0.3.0
description:
  - Decides each entry of RV(euc.aws.workspaces_usage#module:usage), one per WorkSpace, with the
    thresholds and rule of P(euc.aws.running_mode_settings#filter).
  - V(AUTO_STOP) with billable hours above the threshold of its compute type goes to V(ALWAYS_ON), on any day.
  - V(ALWAYS_ON) with billable hours at or below it goes to V(AUTO_STOP) on the last day of the month (UTC), or on any
    day with C(downgrade) V(always); before the last day it is unchanged, with the reason that the switch waits for it.
  - Skipped, with the reason, are V(MANUAL) WorkSpaces, those in a state other than V(AVAILABLE) or V(STOPPED), those
    whose compute type has no threshold, and, once O(tags) is given, those that would change and carry the settings'
    C(skip_tag), its key compared regardless of case.
  - With a C(skip_tag) and without O(tags), the WorkSpaces that would change are listed in RV(_value.tags_needed), so
    that tags are looked up for those only; give their tags in O(tags) to plan again.
  - The role P(euc.aws.workspaces_running_mode#role) uses it, then P(euc.aws.running_mode_report#filter) with its result.
author:
  - euc.aws maintainers (@euc-aws)
positional: settings
options:
  _input:
    description: The usage entries of M(euc.aws.workspaces_usage), each with at least C(workspace_id), C(state),
      C(running_mode), C(compute_type_name) and C(billable_hours).
    type: list
    elements: dict
    required: true
  settings:
    description: The result of P(euc.aws.running_mode_settings#filter), without problems.
    type: dict
    required: true
  tags:
    description:
      - The tags of the WorkSpaces in RV(_value.tags_needed) of a first plan, by WorkSpace ID, for example
        C(info.workspaces | items2dict(key_name='workspace_id', value_name='tags')) of M(euc.aws.workspaces_info) with
        O(euc.aws.workspaces_info#module:tags=true). A WorkSpace that would change and is missing was no longer found,
        and is skipped.
    type: dict
"""

EXAMPLES = r"""
- name: Plan from the month's hours
  ansible.builtin.set_fact:
    rightsizing_plan: "{{ measured.usage | euc.aws.running_mode_plan(rightsizing) }}"

- name: Look up the tags of the WorkSpaces that would change
  euc.aws.workspaces_info:
    workspace_ids: "{{ rightsizing_plan.tags_needed }}"
    tags: true
  register: tagged

- name: Plan again, leaving out the WorkSpaces tagged Skip_Convert
  ansible.builtin.set_fact:
    rightsizing_plan: >-
      {{ measured.usage | euc.aws.running_mode_plan(rightsizing,
                                                    tags=tagged.workspaces | items2dict(key_name='workspace_id',
                                                                                        value_name='tags')) }}
"""

RETURN = r"""
_value:
  description:
    - The plan. Each list is in the order of O(_input); each entry has C(workspace_id), C(user_name), C(directory_id),
      C(state), C(running_mode) (before), C(compute_type_name), C(billable_hours), C(connected_hours), C(sessions),
      C(threshold) (V(null) when the compute type has none) and C(reason).
  type: dict
  contains:
    to_always_on:
      description: The WorkSpaces to switch from V(AUTO_STOP) to V(ALWAYS_ON).
      type: list
      elements: dict
    to_auto_stop:
      description: The WorkSpaces to switch from V(ALWAYS_ON) to V(AUTO_STOP).
      type: list
      elements: dict
    unchanged:
      description: The WorkSpaces whose running mode stays, with the reason.
      type: list
      elements: dict
    skipped:
      description: The WorkSpaces left alone, with the reason.
      type: list
      elements: dict
    tags_needed:
      description: The IDs whose tags are needed before the plan is final; empty when it is.
      type: list
      elements: str
    order:
      description: The IDs of O(_input), in its order.
      type: list
      elements: str
    start_time:
      description: The start of the period, from the settings.
      type: str
    end_time:
      description: The end of the period, from the settings.
      type: str
    month_end:
      description: Whether the period ends on the last day of its month, from the settings.
      type: bool
    last_day:
      description: The last day of the period's month, from the settings.
      type: str
    downgrade:
      description: The downgrade rule, from the settings.
      type: str
    auto_stop_timeout_minutes:
      description: The timeout of a switch to V(AUTO_STOP), from the settings.
      type: int
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.running_mode import RunningModeError
from ansible_collections.euc.aws.plugins.module_utils.running_mode import plan_running_modes


def running_mode_plan(usage, settings, tags=None):
    try:
        return plan_running_modes(usage, settings, tags=tags)
    except (RunningModeError, KeyError) as error:
        raise AnsibleFilterError(f"running_mode_plan: {error}") from error


class FilterModule:
    def filters(self):
        return {"running_mode_plan": running_mode_plan}

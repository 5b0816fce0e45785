# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: unused_workspaces
short_description: Choose the WorkSpaces nobody has used for a number of days
version_added: 0.2.0
description:
  - Splits WorkSpaces, as M(euc.aws.workspaces_info) returns them with O(euc.aws.workspaces_info#module:connection_status=true),
    into those to retire (RV(_value.chosen)), those exempted by a tag (RV(_value.kept)) and those left alone with a
    reason (RV(_value.skipped)).
  - Chosen are WorkSpaces whose user last connected at least O(days) days ago, and, with O(include_never_connected=true),
    WorkSpaces whose user never connected (a WorkSpace just created looks the same).
  - Left alone, with the reason, are candidates whose user never connected (unless O(include_never_connected=true)),
    whose user is connected right now, or that are V(SUSPENDED) (AWS cannot terminate them).
  - V(TERMINATING) and V(TERMINATED) WorkSpaces are in no list.
  - The role P(euc.aws.workspaces_terminate#role) uses it to retire unused WorkSpaces.
author:
  - euc.aws maintainers (@euc-aws)
positional: days
options:
  _input:
    description: WorkSpaces with their C(connection_status), and with their C(tags) when O(keep_tag) is set.
    type: list
    elements: dict
    required: true
  days:
    description: The fewest whole days since the last connection that make a WorkSpace unused; 1 or more.
    type: int
    required: true
  include_never_connected:
    description: Also choose WorkSpaces whose user never connected.
    type: bool
    default: false
  keep_tag:
    description:
      - A tag key that exempts a WorkSpace, whatever its value. An empty string exempts nothing (and then the
        WorkSpaces need no C(tags)).
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: WorkSpaces of a directory with their connection status
  euc.aws.workspaces_info:
    directory_id: d-1234567890
    connection_status: true
  register: fleet

- name: Those unused for 90 days or more
  ansible.builtin.debug:
    msg: "{{ (fleet.workspaces | euc.aws.unused_workspaces(90)).chosen | map(attribute='workspace_id') | list }}"
"""

RETURN = r"""
_value:
  description: The choice, each list in the order given.
  type: dict
  contains:
    chosen:
      description: The WorkSpaces to retire.
      type: list
      elements: dict
      contains:
        workspace_id:
          description: The WorkSpace ID.
          type: str
        user_name:
          description: Its user.
          type: str
        directory_id:
          description: Its directory.
          type: str
        state:
          description: Its state.
          type: str
        last_known_user_connection_timestamp:
          description: When the user last connected (ISO 8601, UTC), or V(null) when never.
          type: str
        days_since_last_connection:
          description: Whole days since then, or V(null) when never.
          type: int
    kept:
      description: WorkSpaces that would be chosen but carry O(keep_tag); each as in RV(_value.chosen), with a C(reason).
      type: list
      elements: dict
    skipped:
      description: WorkSpaces that would be chosen but are left alone; each as in RV(_value.chosen), with a C(reason).
      type: list
      elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.unused import SelectionError
from ansible_collections.euc.aws.plugins.module_utils.unused import choose_unused


def unused_workspaces(workspaces, days, include_never_connected=False, keep_tag=""):
    try:
        return choose_unused(workspaces, days, include_never_connected=include_never_connected, keep_tag=keep_tag)
    except SelectionError as error:
        raise AnsibleFilterError(f"unused_workspaces: {error}") from error


class FilterModule:
    def filters(self):
        return {"unused_workspaces": unused_workspaces}

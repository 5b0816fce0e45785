# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: listed
short_description: A list for a message, its count and first ten when it is long
version_added: 0.4.0
description:
  - Joins O(_input) with commas, as the filter C(join) does, up to ten items; a longer list is given as its first ten and
    its count, as V(ws-1, ws-2, ..., ws-10, ... (first 10 of 3002\)), so that a message stays short however many
    WorkSpaces it is about.
  - Every module and role of the collection names the items of its bad-input messages and refusals this way; the roles
    P(euc.aws.workspaces_running_mode#role) and P(euc.aws.workspaces_terminate#role) use this filter for theirs.
author:
  - euc.aws maintainers (@euc-aws)
options:
  _input:
    description: The items, each shown as text.
    type: list
    elements: raw
    required: true
"""

EXAMPLES = r"""
- name: Refuse, naming the WorkSpaces
  ansible.builtin.fail:
    msg: "Refusing to change {{ to_change | length }} WorkSpaces: {{ to_change | euc.aws.listed }}"
  when: to_change | length > 10
"""

RETURN = r"""
_value:
  description: The items joined with commas; past ten, the first ten and V(... (first 10 of N\)).
  type: str
"""

from ansible_collections.euc.aws.plugins.module_utils.messages import named


def listed(items):
    return named(items)


class FilterModule:
    def filters(self):
        return {"listed": listed}

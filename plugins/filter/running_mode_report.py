# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: running_mode_report
short_description: What a running-mode right-sizing did, as a result, a summary and a CSV report
version_added: 0.3.0
description:
  - Turns a plan of P(euc.aws.running_mode_plan#filter) and the IDs M(euc.aws.workspaces_properties) modified (in check
    mode, would modify) into the result, the summary and the CSV report of P(euc.aws.workspaces_running_mode#role).
  - A WorkSpace planned to switch that is not among O(changed) already had its target running mode by then, and is
    reported unchanged.
  - The summary names each WorkSpace switched with its billable hours and threshold, those waiting for the last day of
    the month, and each WorkSpace skipped with its reason.
  - The CSV, written with Python's csv module, has one row for every WorkSpace of the plan, with the columns
    C(workspace_id), C(user_name), C(directory_id), C(compute_type_name), C(running_mode_before),
    C(running_mode_after), C(billable_hours), C(threshold), C(action) (the list it is in, such as V(to_always_on)) and
    C(reason). In check mode C(running_mode_after) is the running mode a run would give.
author:
  - euc.aws maintainers (@euc-aws)
positional: changed
options:
  _input:
    description: The final plan, from P(euc.aws.running_mode_plan#filter).
    type: dict
    required: true
  changed:
    description: The IDs whose running mode was switched (in check mode, would be), from RV(euc.aws.workspaces_properties#module:modified).
    type: list
    elements: str
    required: true
  check_mode:
    description: Word the summary for a run in check mode.
    type: bool
    default: false
  report_path:
    description: Where the CSV is written, named in the summary; empty names none.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Report what was switched
  ansible.builtin.debug:
    msg: "{{ (rightsizing_plan | euc.aws.running_mode_report(switched.modified, check_mode=ansible_check_mode)).summary }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    result:
      description:
        - The lists C(to_always_on), C(to_auto_stop), C(unchanged) and C(skipped), entries as in
          P(euc.aws.running_mode_plan#filter), and the period's C(start_time) and C(end_time).
      type: dict
    summary:
      description: The lines of the summary.
      type: list
      elements: str
    csv:
      description: The CSV report, a header and one row per WorkSpace.
      type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.running_mode import RunningModeError
from ansible_collections.euc.aws.plugins.module_utils.running_mode import running_mode_report as report_of


def running_mode_report(plan, changed, check_mode=False, report_path=""):
    try:
        return report_of(plan, changed, check_mode=check_mode, report_path=report_path)
    except (RunningModeError, KeyError) as error:
        raise AnsibleFilterError(f"running_mode_report: {error}") from error


class FilterModule:
    def filters(self):
        return {"running_mode_report": running_mode_report}

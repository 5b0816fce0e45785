# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: image_rollout_report
short_description: Report an image rollout, its plan in check mode, or what became of each WorkSpace
version_added: 0.4.0
description:
  - Builds C(workspaces_image_rollout_result), a CSV with one row per WorkSpace, the summary's lines, and the
    message the run fails with.
  - In check mode the result is the plan; C(failure) is empty.
  - Otherwise the run fails when a WorkSpace failed, the bundle was pointed back, or an error stopped it.
  - The role P(euc.aws.workspaces_image_rollout#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
options:
  _input:
    description: The plan, from P(euc.aws.image_rollout_plan#filter).
    type: dict
    required: true
  progress:
    description: The progress, from P(euc.aws.image_rollout_progress#filter); none in check mode.
    type: dict
  image_id:
    description: The image rolled out, when the run made it; the plan's otherwise.
    type: str
  check_mode:
    description: Whether the run is a check.
    type: bool
    default: false
  rolled_back:
    description: Whether the bundle was pointed back at its previous image.
    type: bool
    default: false
  error:
    description: The message of an error that stopped the run.
    type: str
    default: ""
  report_path:
    description: Where the CSV is written, for the summary.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Report
  ansible.builtin.debug:
    msg: "{{ (rollout_plan | euc.aws.image_rollout_report(progress=rollout_progress)).summary }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    result:
      description: C(workspaces_image_rollout_result), as the role documents it.
      type: dict
    csv:
      description: The CSV, a header and one row per WorkSpace, by ID.
      type: str
    summary:
      description: The lines of the summary.
      type: list
      elements: str
    failure:
      description: Why the run fails; empty when it does not.
      type: str
"""

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import rollout_report


def image_rollout_report(plan, progress=None, image_id=None, check_mode=False, rolled_back=False, error="", report_path=""):
    return rollout_report(plan, progress or None, image_id or None, check_mode, rolled_back, error or "", report_path or "")


class FilterModule:
    def filters(self):
        return {"image_rollout_report": image_rollout_report}

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: running_mode_settings
short_description: Check the inputs of a running-mode right-sizing and work out its period, before any AWS call
version_added: 0.3.0
description:
  - Checks every input of P(euc.aws.workspaces_running_mode#role) at once and lists each problem in
    RV(_value.problems), so that bad input stops a run before any AWS call, with one message naming each problem.
    A long list in a problem is given as the first ten and their count.
  - The thresholds must be positive numbers of hours a month, for compute types botocore's WorkSpaces model knows (the
    model on the controller); they are merged over the defaults of AWS's Cost Optimizer for Amazon WorkSpaces, V(VALUE)
    81, V(STANDARD) 85, V(PERFORMANCE) 80, V(POWER) 92, V(POWERPRO) 78, V(GRAPHICS_G4DN) 334 and V(GRAPHICSPRO_G4DN) 80.
    Those are break-even hours at one price list; check them against the prices of your Region, operating system and
    licence.
  - The period runs from the start of O(now)'s UTC month to O(now). O(now) must be ISO 8601 (a time without an offset
    is UTC), not later than the current time and not the very start of a month, in a month that began at most 63 days
    ago, since CloudWatch keeps the 5-minute points the hours are counted from for 63 days.
  - The role P(euc.aws.workspaces_running_mode#role) uses it, then P(euc.aws.running_mode_plan#filter) with its
    result.
author:
  - euc.aws maintainers (@euc-aws)
options:
  _input:
    description: The thresholds, a dict of compute type to hours a month, merged over the defaults; V({}) or V(null) for
      the defaults alone.
    type: dict
    required: true
  now:
    description:
      - The moment the run is for, ISO 8601, for example V(2026-11-30T12:00:00Z). Empty for the current time.
    type: str
    default: ""
  downgrade:
    description: When ALWAYS_ON may switch to AUTO_STOP, V(month_end) (only on the last day of the month, UTC) or
      V(always).
    type: str
    default: month_end
  skip_tag:
    description: A tag key (compared regardless of case) that exempts a WorkSpace; empty exempts none.
    type: str
    default: ""
  max_count:
    description: The most running modes one run may change; 0 or more.
    type: int
    default: 10
  auto_stop_timeout_minutes:
    description: The auto-stop timeout a WorkSpace gets when it switches to AUTO_STOP; a positive multiple of 60.
    type: int
    default: 60
  report_path:
    description:
      - Where a report is to be written on the controller; empty for none. A problem when it is a directory, or when
        its directory does not exist or is not writable, so that a run does not stop at its end, when its changes are
        made, for want of a directory.
    type: str
    default: ""
    version_added: 0.4.0
  option_prefix:
    description: What the option names in RV(_value.problems) start with, such as V(workspaces_running_mode_).
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Check the inputs and work out the period
  ansible.builtin.set_fact:
    rightsizing: "{{ {'POWER': 100} | euc.aws.running_mode_settings }}"

- name: Stop on bad input
  ansible.builtin.assert:
    that: rightsizing.problems | length == 0
    fail_msg: "{{ rightsizing.problems | join('; ') }}"
"""

RETURN = r"""
_value:
  description: The settings. Only RV(_value.problems) when there are any.
  type: dict
  contains:
    problems:
      description: Each problem found, naming its option; empty when the inputs are good.
      type: list
      elements: str
    thresholds:
      description: The thresholds used, the defaults with O(_input) merged over them.
      type: dict
    now:
      description: O(now), or the current time, ISO 8601 in UTC.
      type: str
    start_time:
      description: The start of the period, the start of now's UTC month, ISO 8601.
      type: str
    end_time:
      description: The end of the period, now, ISO 8601.
      type: str
    month_end:
      description: Whether now is on the last day of its UTC month.
      type: bool
    last_day:
      description: The last day of now's UTC month, as V(YYYY-MM-DD).
      type: str
    downgrade:
      description: O(downgrade).
      type: str
    skip_tag:
      description: O(skip_tag).
      type: str
    max_count:
      description: O(max_count).
      type: int
    auto_stop_timeout_minutes:
      description: O(auto_stop_timeout_minutes).
      type: int
"""

from ansible.errors import AnsibleFilterError

try:
    import botocore.session
except ImportError:
    HAS_BOTOCORE = False
else:
    HAS_BOTOCORE = True

from ansible_collections.euc.aws.plugins.module_utils.creation import AUTO_STOP_STEP_MINUTES
from ansible_collections.euc.aws.plugins.module_utils.role_inputs import output_path_problems
from ansible_collections.euc.aws.plugins.module_utils.running_mode import running_mode_settings as settings_of
from ansible_collections.euc.aws.plugins.module_utils.usage import FIVE_MINUTE_RETENTION


def known_compute_types():
    return list(botocore.session.get_session().get_service_model("workspaces").shape_for("Compute").enum)


def running_mode_settings(
    thresholds,
    now="",
    downgrade="month_end",
    skip_tag="",
    max_count=10,
    auto_stop_timeout_minutes=60,
    option_prefix="",
    report_path="",
):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("running_mode_settings: needs botocore on the controller, to know the compute types")
    settings = settings_of(
        thresholds,
        now=now,
        downgrade=downgrade,
        skip_tag=skip_tag,
        max_count=max_count,
        auto_stop_timeout_minutes=auto_stop_timeout_minutes,
        compute_types=known_compute_types(),
        retention=FIVE_MINUTE_RETENTION,
        timeout_step_minutes=AUTO_STOP_STEP_MINUTES,
        option_prefix=option_prefix,
    )
    problems = settings["problems"] + output_path_problems(report_path, f"{option_prefix}report_path")
    return {"problems": problems} if problems else settings


class FilterModule:
    def filters(self):
        return {"running_mode_settings": running_mode_settings}

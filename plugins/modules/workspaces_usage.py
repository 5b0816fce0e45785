#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_usage
short_description: How many hours Amazon WorkSpaces were used, and would be billed under AUTO_STOP, from CloudWatch
version_added: 0.3.0
description:
  - For each Amazon WorkSpace found (by O(workspace_ids), by O(directory_id), or with neither every WorkSpace of the
    region), reads CloudWatch's C(AWS/WorkSpaces) C(UserConnected) metric (statistic C(Maximum), 5-minute points, by
    C(WorkspaceId)) over the period from O(start_time) to O(end_time), and returns the hours a user was connected and
    the hours AWS would bill if the WorkSpace ran in V(AUTO_STOP) mode.
  - A point of 1 or more is connected; a missing point, or a point of 0, is not. Only points inside the period count.
  - A session is a run of connected points in which no gap between two connected points (from the end of one to the
    start of the next) lasts as long as the auto-stop timeout or longer. A session bills from the start of its first
    point to the end of its last point, plus the timeout (the time the WorkSpace stays up after the user leaves),
    rounded up to whole hours. RV(usage[].billable_hours) is the sum over the sessions, at most the period's length in
    hours (rounded up).
  - The timeout is the WorkSpace's own C(RunningModeAutoStopTimeoutInMinutes) when it is V(AUTO_STOP), and
    O(auto_stop_timeout_minutes) otherwise (the timeout a switch to V(AUTO_STOP) would give it).
  - One GetMetricData call carries the queries of up to 500 WorkSpaces, and one response holds up to 100,800 points
    (both limits from CloudWatch's API reference). N WorkSpaces cost about ceil(N / 500) calls, more only when their
    points exceed a response (about 11 WorkSpaces' month of points fill one), never one call per WorkSpace. Each page is
    retried on its own; the calls run on the bounded pool and share one backoff.
  - WorkSpaces are looked up with DescribeWorkspaces first (25 IDs a call). IDs it does not return are absent from
    RV(usage). A WorkSpace without points is listed with zero hours and no sessions.
  - Never changes anything.
  - 'IAM permissions: C(workspaces:DescribeWorkspaces) and C(cloudwatch:GetMetricData).'
author:
  - euc.aws maintainers (@euc-aws)
options:
  workspace_ids:
    description:
      - IDs of the WorkSpaces to measure. Each must match C(^ws-[0-9a-z]{8,63}$). Duplicates count once.
      - An empty list measures nothing and makes no AWS call.
      - Cannot be combined with O(directory_id). With neither, every WorkSpace of the region is measured.
    type: list
    elements: str
  directory_id:
    description: Measure the WorkSpaces of this directory.
    type: str
  start_time:
    description:
      - The start of the period (included), in ISO 8601, such as V(2026-11-01T00:00:00Z) or V(2026-11-01). A time
        without an offset is UTC.
      - The default is the start of the current month in UTC.
      - CloudWatch keeps 5-minute points for 63 days, so a start further back than that fails before any AWS call.
    type: str
  end_time:
    description:
      - The end of the period (excluded), in ISO 8601. The default is now. It must be after O(start_time).
    type: str
  auto_stop_timeout_minutes:
    description:
      - The auto-stop timeout the rule assumes for WorkSpaces that are not V(AUTO_STOP) (for those that are, their own
        timeout counts). A positive multiple of 60, as AWS sets timeouts.
    type: int
    default: 60
extends_documentation_fragment:
  - euc.aws.concurrency
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Makes no changes, in check mode or otherwise.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
notes:
  - Bad input fails before any AWS call, with one message naming each problem.
  - CloudWatch publishes C(UserConnected) only while a WorkSpace is running, and a few minutes late; a period that ends
    now may miss the last points.
seealso:
  - module: euc.aws.workspaces_properties
  - name: WorkSpaces metrics in CloudWatch
    description: The C(AWS/WorkSpaces) metrics and their dimensions.
    link: https://docs.aws.amazon.com/workspaces/latest/adminguide/cloudwatch-metrics.html
  - name: GetMetricData
    description: CloudWatch's API reference, with the 500 queries and 100,800 points a call.
    link: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
"""

EXAMPLES = r"""
- name: Usage of a directory's WorkSpaces this month so far
  euc.aws.workspaces_usage:
    directory_id: d-1234567890
  register: this_month

# Dates relative to the run: CloudWatch keeps the points for 63 days, so a fixed month fails before long.
- name: Usage of two WorkSpaces last month (months in UTC)
  euc.aws.workspaces_usage:
    workspace_ids: [ws-abc12345d, ws-def67890g]
    # Now less as many days as today's day of the month is a moment of last month: its first day, at 00:00 UTC.
    start_time: "{{ '%Y-%m-01T00:00:00Z' | strftime(now().timestamp() - now(utc=true).day * 86400, utc=true) }}"
    end_time: "{{ now(utc=true, fmt='%Y-%m-01T00:00:00Z') }}"
  register: last_month

- name: The AUTO_STOP WorkSpaces billed more than 85 hours
  ansible.builtin.debug:
    msg: >-
      {{ this_month.usage | selectattr('running_mode', '==', 'AUTO_STOP')
         | selectattr('billable_hours', '>', 85) | map(attribute='workspace_id') | list }}
"""

RETURN = r"""
usage:
  description: One entry per WorkSpace found; in request order when O(workspace_ids) is given.
  returned: always
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace ID.
      type: str
      sample: ws-abc12345d
    user_name:
      description: The user the WorkSpace is assigned to.
      type: str
      sample: alice
    directory_id:
      description: The directory the WorkSpace belongs to.
      type: str
      sample: d-1234567890
    state:
      description: The WorkSpace state when it was looked up.
      type: str
      sample: AVAILABLE
    running_mode:
      description: The running mode, V(null) when AWS shows none (a V(PENDING) WorkSpace).
      type: str
      sample: ALWAYS_ON
    compute_type_name:
      description: The compute type, V(null) when AWS shows none.
      type: str
      sample: STANDARD
    auto_stop_timeout_minutes:
      description: The auto-stop timeout the rule used for this WorkSpace.
      type: int
      sample: 60
    connected_hours:
      description: Connected points times 5 minutes, in hours.
      type: float
      sample: 2.5
    sessions:
      description: How many sessions the connected points form.
      type: int
      sample: 2
    billable_hours:
      description: The hours V(AUTO_STOP) would bill over the period.
      type: int
      sample: 5
start_time:
  description: The start of the period measured, in ISO 8601 (UTC).
  returned: always
  type: str
  sample: "2026-11-01T00:00:00+00:00"
end_time:
  description: The end of the period measured, in ISO 8601 (UTC).
  returned: always
  type: str
  sample: "2026-11-30T12:00:00+00:00"
period_hours:
  description: The period's length in hours, rounded up; no WorkSpace bills more.
  returned: always
  type: int
  sample: 708
"""

from datetime import datetime
from datetime import timezone

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.usage import DEFAULT_AUTO_STOP_TIMEOUT_MINUTES
from ansible_collections.euc.aws.plugins.module_utils.usage import Period
from ansible_collections.euc.aws.plugins.module_utils.usage import measure_usage
from ansible_collections.euc.aws.plugins.module_utils.usage import usage_option_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import find_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry


def main():
    argument_spec = dict(
        workspace_ids=dict(type="list", elements="str"),
        directory_id=dict(type="str"),
        start_time=dict(type="str"),
        end_time=dict(type="str"),
        auto_stop_timeout_minutes=dict(type="int", default=DEFAULT_AUTO_STOP_TIMEOUT_MINUTES),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, mutually_exclusive=[("workspace_ids", "directory_id")], supports_check_mode=True)
    params = module.params
    # One backoff for both services: a throttled run slows down as a whole.
    backoff = SharedBackoff()
    workspaces_client = module.client("workspaces", retry_decorator=workspaces_retry(backoff=backoff))
    cloudwatch_client = module.client("cloudwatch", retry_decorator=workspaces_retry(backoff=backoff))
    limits = ApiLimits.from_client(workspaces_client)
    try:
        problems = usage_option_problems(params, limits.workspace_id_pattern)
        period = Period.from_options(params["start_time"], params["end_time"], datetime.now(timezone.utc), problems)
    except AnsibleWorkSpacesError as error:
        module.fail_json(msg=error.message, usage=[])
    try:
        workspaces = find_workspaces(
            workspaces_client,
            limits,
            workspace_ids=params["workspace_ids"],
            directory_id=params["directory_id"],
            max_workers=params["max_concurrency"],
        )
        usage = measure_usage(cloudwatch_client, workspaces, period, params["auto_stop_timeout_minutes"], params["max_concurrency"])
    except AnsibleWorkSpacesError as error:
        fail_module(module, error, usage=[])
    module.exit_json(
        changed=False, usage=usage, start_time=period.start.isoformat(), end_time=period.end.isoformat(), period_hours=period.hours
    )


if __name__ == "__main__":
    main()

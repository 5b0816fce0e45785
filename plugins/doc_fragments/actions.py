# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # The options and attributes every WorkSpaces action module (start, stop, reboot, rebuild, terminate, maintenance,
    # restore, migrate) shares.
    DOCUMENTATION = r"""
options:
  workspace_ids:
    description:
      - IDs of the WorkSpaces to act on, for example V(ws-abc12345d).
      - Each must match C(^ws-[0-9a-z]{8,63}$) (the pattern in botocore's service model); otherwise the module fails
        naming every malformed ID, before any AWS call.
      - Duplicates count once. An empty list does nothing and makes no AWS call.
    type: list
    elements: str
    required: true
  wait:
    description:
      - The action is asynchronous. With O(wait=true) the module returns only once every WorkSpace it acted on, and
        every WorkSpace it found already on its way there, has reached the action's target state. It polls
        DescribeWorkspaces, at most 25 IDs a call, backing off from 2 to 15 seconds between polls.
      - A WorkSpace that lands in V(ERROR), V(UNHEALTHY) or V(IMPAIRED) instead, or that DescribeWorkspaces no longer
        returns, fails the task, naming it in RV(wait_failed).
      - A WorkSpace whose state before the action already was the target (V(AVAILABLE) before a reboot) counts only
        once it has been seen in another state, since AWS may still answer with the old state for a moment.
      - Ignored in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). On timeout the module fails naming the WorkSpaces not there yet
        in RV(not_ready), and still reports what it did.
    type: int
    default: 1200
attributes:
  check_mode:
    support: full
    description: Makes no action call; predicts C(changed) and every result list exactly.
  diff_mode:
    support: full
    description: Returns the states before, and the states the run aims for after.
notes:
  - The module first looks the IDs up with DescribeWorkspaces (at most 25 IDs a call, following pagination), then
    acts in batches of the API's limit (read from botocore's service model), the fewest calls possible; an API that
    takes one WorkSpace a call gets one call per WorkSpace it acts on.
  - Throttling (C(ThrottlingException)) and transient errors are retried with jittered backoff.
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options for this module and
    the modules of amazon.aws alike.
"""

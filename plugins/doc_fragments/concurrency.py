# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # The option of every module that runs its batches side by side on the bounded pool.
    DOCUMENTATION = r"""
options:
  max_concurrency:
    description:
      - How many AWS calls the module runs at once. Its batches (DescribeWorkspaces of 25 IDs, the action's calls, the
        polls while waiting) are independent, so a large run is bounded by the API rather than by round trips.
      - The calls, their number and the results are the same whatever the value; every result list keeps the order of
        the request. V(1) makes every call in turn.
      - When a call fails, no new batch starts, the batches in flight finish, and the failure names what was done,
        what AWS refused, whose outcome is unknown (the batch that failed) and what was never sent.
      - When any call is throttled, every call waits (a backoff the calls share, with jitter), so that a burst of
        throttling slows the run down instead of multiplying retries.
    type: int
    default: 4
"""

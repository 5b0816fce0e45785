# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # The options and attributes every WorkSpaces action module (start, stop, reboot, rebuild, terminate, maintenance,
    # restore, migrate, properties) shares.
    DOCUMENTATION = r"""
options:
  workspace_ids:
    description:
      - IDs of the WorkSpaces to act on, for example V(ws-abc12345d); or name them by user with O(directory_id) and
        O(user_names). One of O(workspace_ids) and O(user_names) is required, and they are mutually exclusive.
      - Each must match C(^ws-[0-9a-z]{8,63}$) (the pattern in botocore's service model); otherwise the module fails,
        before any AWS call, naming the malformed IDs (past ten, the first ten and their count; C(malformed_ids) in
        the result lists them all).
      - Duplicates count once. An empty list does nothing and makes no AWS call.
    type: list
    elements: str
  directory_id:
    description:
      - The directory of the users in O(user_names), for example V(d-1234567890); required with O(user_names), and
        not with O(workspace_ids).
      - It must match the pattern in botocore's service model (C(d-) or C(wsd-) and 8 to 63 characters), or the
        module fails before any AWS call.
    type: str
  user_names:
    description:
      - The users whose WorkSpace in O(directory_id) to act on, for example V(alice), as a helpdesk knows them.
      - Names compare regardless of case, as Active Directory compares them. The same user given twice, in any case,
        counts once, in the spelling first given. An empty list does nothing and makes no AWS call.
      - Each user is looked up with one DescribeWorkspaces by directory and user name (on the pool of
        O(max_concurrency)). AWS does not document whether that filter ignores case, so a user it returns nothing
        for is looked for once more in one listing of the directory before the user counts as having no WorkSpace.
      - A user with no WorkSpace in the directory fails the task before any change, named in C(not_found), as an
        unknown ID does; M(euc.aws.workspaces_terminate) counts such a user as already done instead (C(already_absent)).
      - A user with two WorkSpaces in the directory (a migration under way) is about the one not being terminated.
      - Each name must be 1 to 63 characters long (the limits in botocore's service model), or the module fails
        before any AWS call. The result's C(users) maps each name to the ID of its WorkSpace.
    type: list
    elements: str
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
  - The module first looks the IDs up with DescribeWorkspaces (at most 25 IDs a call, following pagination), or the
    users (one call per user, following pagination), then
    acts in batches of the API's limit (read from botocore's service model), the fewest calls possible; an API that
    takes one WorkSpace a call gets one call per WorkSpace it acts on.
  - Throttling (C(ThrottlingException)) and transient errors are retried with jittered backoff.
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options for this module and
    the modules of amazon.aws alike.
"""

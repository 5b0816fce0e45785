#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_properties
short_description: Change Amazon WorkSpaces' compute type, volumes, running mode and protocols in place, idempotently
version_added: 0.3.0
description:
  - Gives the Amazon WorkSpaces named in O(workspace_ids) the properties asked for, with ModifyWorkspaceProperties (one
    WorkSpace a call, the calls side by side on the pool).
  - Only the options given are wanted; every other property is left as it is. A WorkSpace whose properties already
    match is reported in RV(unchanged) and gets no call; one that differs gets only the properties that differ.
    RV(differences) says, per WorkSpace, what changes from what to what.
  - O(protocols) are compared as a set; their order, and a name given twice, make no difference.
  - Before anything is modified, the module fails when DescribeWorkspaces does not return a requested ID (listed in
    RV(not_found)), or when AWS would refuse a WorkSpace's change (listed in RV(refused) with every reason, and what to
    do instead). The reasons are a state other than V(AVAILABLE) or V(STOPPED) (for V(ADMIN_MAINTENANCE), take it out
    of admin maintenance first; for a busy state, wait until the WorkSpace has settled; for V(ERROR), V(UNHEALTHY) or
    V(IMPAIRED), what repairs it); a modification of a property asked for still under way in its
    C(ModificationStates) (AWS may show the old value or the new one meanwhile); a volume smaller than it is now
    (AWS only grows volumes); a root/user volume pair outside AWS's sets 80/10, 80/50, 80/100 and 175-2000/100-2000
    GiB; a Graphics compute type (those of botocore's enum whose name contains C(GRAPHICS)) with a volume under
    100 GiB; and O(running_mode_auto_stop_timeout_in_minutes) for a WorkSpace that is, or would become, V(ALWAYS_ON)
    or V(MANUAL).
  - AWS changes the compute type and a volume size in separate requests, and the root and the user volume in separate
    requests. A WorkSpace that needs several gets them in turn, each next one only once its C(ModificationStates) is
    empty again. The order is the user volume, then the root volume, then the compute type, because growing the user
    volume first is what takes 80/50 to 175/100 (through 80/100; 175/50 is not a pair AWS allows), and a Graphics
    compute type needs its 100 GiB volumes before it is set. When that order would pass through a pair AWS does not
    allow (80/100 to 175/200 would pass 80/200), the first order that does not is taken instead (the root volume
    first); when none works (80/50 to 200/150), the WorkSpace is refused. O(running_mode),
    O(running_mode_auto_stop_timeout_in_minutes) and O(protocols) ride in a WorkSpace's first request, since AWS
    documents no rule that keeps them apart.
  - The requests go in rounds. First the first request of every WorkSpace, then, once those that need another have
    settled, their second, and so on. A WorkSpace with a modification of other properties under way gets its first
    request once that has finished. These waits poll DescribeWorkspaces 25 IDs a call, whatever O(wait) says.
  - AWS's rate limits cannot be checked beforehand (a larger compute type once per 6 hours, a smaller one once per 30
    days, each volume once per 6 hours, none in the first 6 hours after launch). A WorkSpace whose request AWS refuses,
    for those or any reason, is in RV(failed_requests) with AWS's message (see the notes) and gets no further request;
    the other WorkSpaces go on. C(changed) is true when any WorkSpace accepted a request.
  - The module never relies on when AWS shows the new values (AWS may show them while the modification is still
    under way, or only some time after it ended); it follows C(ModificationStates).
author:
  - euc.aws maintainers (@euc-aws)
options:
  running_mode:
    description:
      - The running mode, one of the values of botocore's service model (V(AUTO_STOP), V(ALWAYS_ON); V(MANUAL) is for
        WorkSpaces Core only). Any other value fails before any AWS call, naming the values.
    type: str
  running_mode_auto_stop_timeout_in_minutes:
    description:
      - With V(AUTO_STOP), the minutes after a user disconnects until the WorkSpace stops; a positive multiple of 60.
      - Refused for a WorkSpace whose running mode is, or with O(running_mode) would become, another than V(AUTO_STOP).
    type: int
  compute_type_name:
    description:
      - The compute type, one of the values of botocore's service model, for example V(STANDARD), V(POWER) or
        V(GRAPHICS_G4DN). Any other value fails before any AWS call, naming the values.
    type: str
  root_volume_size_gib:
    description: The size of the root volume in GiB; it can only grow.
    type: int
  user_volume_size_gib:
    description: The size of the user volume in GiB; it can only grow.
    type: int
  protocols:
    description:
      - The streaming protocols, values of botocore's service model (V(PCOIP), V(WSP); WSP is DCV), compared as a set.
    type: list
    elements: str
  wait:
    description:
      - With O(wait=true) the module returns only once every WorkSpace it modified has an empty C(ModificationStates)
        and is back in the state it had before (V(AVAILABLE) or V(STOPPED)). It polls DescribeWorkspaces, at most 25
        IDs a call, backing off from 2 to 15 seconds between polls.
      - A modification that ends V(UPDATE_FAILED), a WorkSpace that lands in V(ERROR), V(UNHEALTHY) or V(IMPAIRED),
        or one that DescribeWorkspaces no longer returns fails the task, naming it in RV(wait_failed). An
        V(UPDATE_FAILED) that was in C(ModificationStates) before this run counts only once C(ModificationStates) has
        changed, since AWS keeps showing an old failure until the next modification.
      - Ignored in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds all the waits of the run may take together, the waits between a WorkSpace's requests included.
        On timeout the module fails naming the WorkSpaces still being modified in RV(not_ready) (and the requests not
        sent to them in RV(not_sent)), and still reports what it did.
    type: int
    default: 3600
extends_documentation_fragment:
  - euc.aws.actions
  - euc.aws.concurrency
  - euc.aws.one_workspace_a_call
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Makes no ModifyWorkspaceProperties call; predicts C(changed), RV(modified) and RV(differences) exactly.
  diff_mode:
    support: full
    description: Returns the properties of each WorkSpace to modify before, and as the run makes them after.
"""

EXAMPLES = r"""
- name: A bigger compute type for a power user
  euc.aws.workspaces_properties:
    workspace_ids: [ws-abc12345d]
    compute_type_name: POWER

- name: A larger user volume and the root volume it needs, in the order AWS allows, waiting until done
  euc.aws.workspaces_properties:
    workspace_ids: [ws-abc12345d]
    root_volume_size_gib: 175
    user_volume_size_gib: 100
    wait: true
  register: grown

# Changing a property whose modification is still under way is refused: wait before changing the same one again.
- name: Switch the team from PCoIP to WSP and keep their WorkSpaces running
  euc.aws.workspaces_properties:
    workspace_ids: "{{ team_workspace_ids }}"
    protocols: [WSP]
    running_mode: ALWAYS_ON
    wait: true

- name: Back to AutoStop, stopping two hours after the user disconnects
  euc.aws.workspaces_properties:
    workspace_ids: "{{ team_workspace_ids }}"
    running_mode: AUTO_STOP
    running_mode_auto_stop_timeout_in_minutes: 120

- name: Report what changed
  ansible.builtin.debug:
    msg: "modified {{ grown.modified | length }}, unchanged {{ grown.unchanged | length }}: {{ grown.differences }}"
"""

RETURN = r"""
modified:
  description:
    - IDs of the WorkSpaces that accepted at least one request (in check mode, that would get one), in the order
      requested.
    - Also returned when the task fails, listing what was modified before the failure.
  returned: always
  type: list
  elements: str
  sample: ["ws-abc12345d"]
unchanged:
  description: Requested WorkSpaces whose properties already match; no call was made for them.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
differences:
  description:
    - For each WorkSpace in RV(modified), keyed by its ID, the properties that change, keyed by option name, each with
      its value C(before) and C(after).
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: dict
  sample: {"ws-abc12345d": {"compute_type_name": {"before": "STANDARD", "after": "POWER"}}}
not_found:
  description:
    - Requested IDs that DescribeWorkspaces does not return or, named by user, the users with no WorkSpace in the
      directory. Any makes the module fail before any change.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: str
  sample: []
refused:
  description: WorkSpaces whose change AWS would refuse. Any makes the module fail before any change.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace refused.
      type: str
      sample: ws-abc12345d
    state:
      description: Its state when looked up.
      type: str
      sample: AVAILABLE
    reason:
      description: Every reason, separated by C(; ), and what to do instead.
      type: str
      sample: "AWS only grows volumes: the user volume is 100 GiB, 50 asked"
    user_name:
      description: Its user, in the spelling given in O(user_names); only when the WorkSpaces were named by user.
      type: str
      sample: alice
failed_requests:
  description:
    - The WorkSpaces whose ModifyWorkspaceProperties AWS refused (after retrying C(OperationInProgressException) for
      up to a minute), with AWS's code and message. Any entry fails the task.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace the request failed for.
      type: str
      sample: ws-abc12345d
    error_code:
      description: The error code AWS returned.
      type: str
      sample: InvalidResourceStateException
    error_message:
      description: The error message AWS returned.
      type: str
      sample: The specified WorkSpace has an invalid state for this operation.
    user_name:
      description: The user of that WorkSpace, in the spelling given in O(user_names); only when named by user.
      type: str
      sample: alice
wait_failed:
  description:
    - The WorkSpaces whose modification ended V(UPDATE_FAILED), that landed in V(ERROR), V(UNHEALTHY) or V(IMPAIRED),
      or that were no longer returned, while the module waited for them.
  returned: when the task fails because of them or of RV(not_ready)
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
      sample: ws-abc12345d
    state:
      description: Its state at the last look; V(null) when DescribeWorkspaces no longer returned it.
      type: str
      sample: AVAILABLE
    modification_states:
      description: Its C(ModificationStates) at the last look, each with C(resource) and C(state).
      type: list
      elements: dict
      sample: [{"resource": "COMPUTE_TYPE", "state": "UPDATE_FAILED"}]
not_ready:
  description: The WorkSpaces still being modified when O(wait_timeout) ran out.
  returned: when the task fails because of them or of RV(wait_failed)
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
      sample: ws-abc12345d
    state:
      description: Its state at the last look.
      type: str
      sample: AVAILABLE
    modification_states:
      description: Its C(ModificationStates) at the last look, each with C(resource) and C(state).
      type: list
      elements: dict
      sample: [{"resource": "USER_VOLUME", "state": "UPDATE_IN_PROGRESS"}]
not_sent:
  description:
    - The WorkSpaces that needed several requests and did not settle after one of them (RV(wait_failed) or
      RV(not_ready)), with the options of the requests they were not sent.
  returned: when there are such WorkSpaces
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
      sample: ws-abc12345d
    options:
      description: The options whose requests were not sent.
      type: list
      elements: str
      sample: ["root_volume_size_gib"]
outcome_unknown:
  description:
    - When a call failed midway (after its retries), the WorkSpace IDs that call was for; AWS may or may not have acted on
      them. Look them up before trying again.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
not_attempted:
  description: When a call failed midway, the WorkSpace IDs whose request of that round was never sent.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
malformed_ids:
  description: The requested IDs that do not match C(^ws-[0-9a-z]{8,63}$); nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["WS-ABC12345D"]
users:
  description:
    - Named by user, each user name given (once, in the spelling first given) mapped to the ID of its WorkSpace, or to
      V(null) when it has none in the directory. Empty when the WorkSpaces were named by ID.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: dict
  sample: {"alice": "ws-abc12345d", "bob": null}
workspaces:
  description:
    - The requested WorkSpaces as DescribeWorkspaces returned them before any change, in request order.
    - Each has the keys M(euc.aws.workspaces_info) returns in RV(euc.aws.workspaces_info#module:workspaces), without
      the C(connection_status) and C(tags) that module adds when asked.
  returned: on success, and on failures after DescribeWorkspaces has answered
  type: list
  elements: dict
  sample: [{"workspace_id": "ws-abc12345d", "state": "AVAILABLE", "workspace_properties": {"compute_type_name": "STANDARD"}}]
"""

from ansible_collections.euc.aws.plugins.module_utils.actions import action_module
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action_module
from ansible_collections.euc.aws.plugins.module_utils.properties import MEMBERS
from ansible_collections.euc.aws.plugins.module_utils.properties import MODIFY


def main():
    module = action_module(
        wait_timeout=3600,
        required_one_of=[list(MEMBERS)],
        running_mode=dict(type="str"),
        running_mode_auto_stop_timeout_in_minutes=dict(type="int"),
        compute_type_name=dict(type="str"),
        root_volume_size_gib=dict(type="int"),
        user_volume_size_gib=dict(type="int"),
        protocols=dict(type="list", elements="str"),
    )
    run_action_module(module, MODIFY)


if __name__ == "__main__":
    main()

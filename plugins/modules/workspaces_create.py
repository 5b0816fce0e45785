#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_create
short_description: Create a WorkSpace for each user, idempotently and in batches
version_added: 0.2.0
description:
  - Creates an Amazon WorkSpace in O(directory_id) from O(bundle_id) for each user in O(user_names) who has none
    there yet, with CreateWorkspaces, at most 25 a call (the API's limit).
  - Idempotent per directory and user. A user who already has a WorkSpace in the directory, in any state but
    V(TERMINATING) or V(TERMINATED), is reported in RV(already_present) and gets no new one, even when its bundle or
    properties differ from what is asked (RV(differences) lists them; changing them is not this module's job).
  - User names are compared regardless of case, as Active Directory compares them.
  - AWS refuses a new WorkSpace for a user until the old one is gone. When a requested user's WorkSpace is still
    V(TERMINATING) or V(TERMINATED), the module fails before creating anything, naming those users in
    RV(terminating).
  - The users' WorkSpaces are found as every action module finds them by user, with one DescribeWorkspaces by
    directory and user name per user (on the pool of O(max_concurrency)). AWS does not document whether that filter
    ignores case, so the users it returns nothing for (new joiners, typically) are looked for once more in one
    listing of the directory (one call per 25 WorkSpaces in it) before they get a WorkSpace.
  - Every input the API would refuse fails the task before any AWS call, naming the option - patterns and lengths
    from botocore's service model (directory and bundle IDs, user names, tag keys and values), more than 50 tags
    (AWS's limit per WorkSpace), an auto-stop timeout with V(ALWAYS_ON), or one that is not a multiple of 60.
  - Every entry AWS returns in C(FailedRequests) fails the task; the message names each user with the error code
    and message. WorkSpaces that were created are still reported in RV(created), and C(changed) is true when any
    was.
author:
  - euc.aws maintainers (@euc-aws)
options:
  directory_id:
    description: The WorkSpaces directory, for example V(d-1234567890) (or V(wsd-...)).
    type: str
    required: true
  bundle_id:
    description: The bundle to create the WorkSpaces from, for example V(wsb-0123456789).
    type: str
    required: true
  user_names:
    description:
      - The users (from the directory) to give a WorkSpace each, 1 to 63 characters.
      - Duplicates count once, whatever their case. An empty list does nothing and makes no AWS call.
    type: list
    elements: str
    required: true
  workspace_properties:
    description: The properties of the new WorkSpaces; AWS's defaults for what is left out.
    type: dict
    suboptions:
      running_mode:
        description: V(AUTO_STOP), V(ALWAYS_ON) or V(MANUAL) (the values of botocore's service model).
        type: str
      running_mode_auto_stop_timeout_in_minutes:
        description: With V(AUTO_STOP), the minutes after a user disconnects until the WorkSpace stops; a multiple of 60.
        type: int
      root_volume_size_gib:
        description: The size of the root volume.
        type: int
      user_volume_size_gib:
        description: The size of the user volume.
        type: int
      compute_type_name:
        description: The compute type, for example V(STANDARD) or V(PERFORMANCE) (a value of botocore's service model).
        type: str
  tags:
    description: Tags for each new WorkSpace, at most 50. Not compared for users already present.
    type: dict
  volume_encryption_key:
    description: The KMS key to encrypt the volumes with.
    type: str
  root_volume_encryption_enabled:
    description: Whether the root volume is encrypted.
    type: bool
  user_volume_encryption_enabled:
    description: Whether the user volume is encrypted.
    type: bool
  wait:
    description:
      - Return only once every WorkSpace created is V(AVAILABLE) (V(AUTO_STOP) ones start V(AVAILABLE) too). It polls
        DescribeWorkspaces, at most 25 IDs a call, backing off from 2 to 15 seconds between polls.
      - One that lands in V(ERROR), V(UNHEALTHY) or V(IMPAIRED), or is no longer returned, fails the task naming it and
        its user in RV(wait_failed).
      - Ignored in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). On timeout the module fails naming the WorkSpaces not yet
        V(AVAILABLE) and their users in RV(not_ready), and still reports RV(created).
    type: int
    default: 2400
extends_documentation_fragment:
  - euc.aws.concurrency
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    description: Makes no CreateWorkspaces call; RV(created) (without IDs) and C(changed) say exactly what a real run would create.
  diff_mode:
    support: none
    description: RV(created) and RV(differences) say what changed and what differs.
notes:
  - Throttling (C(ThrottlingException)) and transient errors are retried with jittered backoff.
  - Use the action group C(group/euc.aws.aws) in C(module_defaults) to set the connection options for this module and
    the modules of amazon.aws alike.
"""

EXAMPLES = r"""
- name: A WorkSpace for each joiner
  euc.aws.workspaces_create:
    directory_id: d-1234567890
    bundle_id: wsb-0123456789
    user_names:
      - alice
      - bob
    workspace_properties:
      running_mode: AUTO_STOP
      running_mode_auto_stop_timeout_in_minutes: 60
    tags:
      team: finance
  register: joiners

- name: Create and wait until they are AVAILABLE
  euc.aws.workspaces_create:
    directory_id: d-1234567890
    bundle_id: wsb-0123456789
    user_names: "{{ new_starters }}"
    wait: true
  register: onboarded

- name: Tell who got which WorkSpace
  ansible.builtin.debug:
    msg: "{{ onboarded.created | map(attribute='user_name') | zip(onboarded.created | map(attribute='workspace_id')) | list }}"
"""

RETURN = r"""
created:
  description:
    - The WorkSpaces this run created (in check mode, would create, with V(null) IDs), in the order of O(user_names).
    - Also returned when the task fails, listing what was created before the failure.
  returned: always
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The new WorkSpace.
      type: str
      sample: ws-abc12345d
    user_name:
      description: Its user, as given in O(user_names).
      type: str
      sample: alice
already_present:
  description: Users who already have a WorkSpace in the directory (not TERMINATING or TERMINATED); nothing was done.
  returned: on success, and on failures after the look-up
  type: list
  elements: dict
  contains:
    user_name:
      description: The user, as given in O(user_names).
      type: str
      sample: bob
    workspace_id:
      description: The WorkSpace the user has.
      type: str
      sample: ws-def67890g
    state:
      description: Its state.
      type: str
      sample: AVAILABLE
differences:
  description: For users already present, each setting asked for that their WorkSpace does not have.
  returned: on success, and on failures after the look-up
  type: list
  elements: dict
  contains:
    user_name:
      description: The user.
      type: str
      sample: bob
    workspace_id:
      description: The user's WorkSpace.
      type: str
      sample: ws-def67890g
    field:
      description: The setting, named as the module's options name it.
      type: str
      sample: bundle_id
    present:
      description: What the WorkSpace has.
      type: raw
      sample: wsb-9876543210
    wanted:
      description: What this run asked for.
      type: raw
      sample: wsb-0123456789
failed_requests:
  description: The C(FailedRequests) entries of CreateWorkspaces. Any entry fails the task.
  returned: on success, and on failures after the look-up
  type: list
  elements: dict
  contains:
    user_name:
      description: The user whose WorkSpace could not be created.
      type: str
      sample: carol
    error_code:
      description: The error code AWS returned.
      type: str
      sample: ResourceNotFound.User
    error_message:
      description: The error message AWS returned.
      type: str
      sample: The specified user could not be found in the directory.
terminating:
  description: Requested users whose WorkSpace is still TERMINATING or TERMINATED; they made the module fail before creating anything.
  returned: when the task fails because of them
  type: list
  elements: dict
  contains:
    user_name:
      description: The user.
      type: str
    workspace_id:
      description: The WorkSpace on its way out.
      type: str
    state:
      description: Its state.
      type: str
wait_failed:
  description: With O(wait=true), the WorkSpaces created that landed in another state than V(AVAILABLE), with their users.
  returned: when the task fails because of them, or times out
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
    user_name:
      description: Its user.
      type: str
    state:
      description: Where it landed; V(null) when DescribeWorkspaces no longer returned it.
      type: str
not_ready:
  description: With O(wait=true), the WorkSpaces created that were not yet V(AVAILABLE) when O(wait_timeout) ran out.
  returned: when the task fails because of them, or because of RV(wait_failed)
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace.
      type: str
    user_name:
      description: Its user.
      type: str
    state:
      description: Its state at the last look.
      type: str
outcome_unknown:
  description:
    - When a call failed midway (after its retries), the users that call was for; AWS may or may not have acted on
      them. Look them up before trying again.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["carol"]
not_attempted:
  description: When a call failed midway, the users of the batches never sent.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["carol"]
invalid:
  description: What in the input the API would refuse; nothing was called.
  returned: when the task fails because of it
  type: list
  elements: str
  sample: ["user_names: 'x...' must be 1 to 63 characters long"]
workspaces:
  description:
    - The requested users' WorkSpaces in the directory, as DescribeWorkspaces returned them before any change.
    - Each has the keys of RV(euc.aws.workspaces_info#module:workspaces), without the C(connection_status) and C(tags)
      that module adds when asked.
  returned: on success, and on failures after the look-up
  type: list
  elements: dict
  sample: [{"workspace_id": "ws-abc12345d", "state": "AVAILABLE", "user_name": "alice", "directory_id": "d-1234567890"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.actions import run_action_module
from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.creation import CREATE


def main():
    argument_spec = dict(
        directory_id=dict(type="str", required=True),
        bundle_id=dict(type="str", required=True),
        user_names=dict(type="list", elements="str", required=True),
        workspace_properties=dict(
            type="dict",
            options=dict(
                running_mode=dict(type="str"),
                running_mode_auto_stop_timeout_in_minutes=dict(type="int"),
                root_volume_size_gib=dict(type="int"),
                user_volume_size_gib=dict(type="int"),
                compute_type_name=dict(type="str"),
            ),
        ),
        tags=dict(type="dict"),
        volume_encryption_key=dict(type="str", no_log=False),
        root_volume_encryption_enabled=dict(type="bool"),
        user_volume_encryption_enabled=dict(type="bool"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=2400),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    run_action_module(module, CREATE)


if __name__ == "__main__":
    main()

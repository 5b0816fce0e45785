#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: workspaces_migrate
short_description: Move Amazon WorkSpaces to another bundle, idempotently per user
version_added: 0.3.0
description:
  - Migrates Amazon WorkSpaces to the bundle O(bundle_id) with MigrateWorkspace. The API takes one WorkSpace a call;
    the calls run side by side, at most O(max_concurrency) at once.
  - The WorkSpaces are named by O(workspace_ids), or by O(user_names) in O(directory_id).
  - "What a migration keeps and what it recreates: AWS builds a new WorkSpace, under a new ID, for the same user in the
    same directory. Its root volume is new, from the bundle's image, so applications installed and settings changed on
    the old one are not carried over. Its user volume comes from the last snapshot of the old one (AWS takes one about
    every 12 hours), so what the user saved since is lost. On Windows the old user profile folder stays on the user
    volume, renamed with a C(.NotMigrated) suffix, beside a new profile to which AWS moves some of its files. The old
    WorkSpace is then terminated."
  - Acts on V(AVAILABLE) and V(STOPPED) WorkSpaces that are not on the bundle yet.
  - A WorkSpace already on the bundle is reported in RV(unchanged), with no call. Named by user, the module is
    idempotent across runs. Once a user's WorkSpace is on the bundle (the new one, even while it is still V(PENDING)),
    running again changes nothing. Named by ID it is not, since the ID migrated away from is soon no longer returned.
  - Before anything is migrated, the module fails when a requested ID is not returned by DescribeWorkspaces, or a
    requested user has no WorkSpace in the directory (listed in RV(not_found)), or when a WorkSpace is in a state
    MigrateWorkspace cannot take (listed in RV(refused) with its state and what to do instead).
  - With O(wait=true) the module waits until every new WorkSpace is V(AVAILABLE) and DescribeWorkspaces no longer
    returns the WorkSpace it replaces.
author:
  - euc.aws maintainers (@euc-aws)
options:
  bundle_id:
    description:
      - The bundle to move the WorkSpaces to, for example V(wsb-0123456789). It must match C(^wsb-[0-9a-z]{8,63}$) (the
        pattern in botocore's service model), or the module fails before any AWS call.
    type: str
    required: true
  wait:
    description:
      - With O(wait=true) the module returns only once every new WorkSpace is V(AVAILABLE) and every WorkSpace migrated
        away from is no longer returned by DescribeWorkspaces, and a WorkSpace found already on the bundle but not yet
        V(AVAILABLE) is V(AVAILABLE). It polls DescribeWorkspaces, at most 25 IDs a call, backing off from 2 to 15
        seconds between polls.
      - A new WorkSpace that lands in V(ERROR), V(UNHEALTHY) or V(IMPAIRED), or that is no longer returned, fails the
        task, naming it in RV(wait_failed).
      - Ignored in check mode.
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true); a migration builds a new WorkSpace. On timeout the module fails
        naming the WorkSpaces not there yet in RV(not_ready), and still reports what it did.
    default: 3600
extends_documentation_fragment:
  - euc.aws.actions
  - euc.aws.concurrency
  - euc.aws.one_workspace_a_call
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Preview which users' WorkSpaces would move to the new bundle (check mode calls nothing that changes AWS)
  euc.aws.workspaces_migrate:
    directory_id: d-1234567890
    user_names: [alice, bob]
    bundle_id: wsb-0123456789
  check_mode: true
  register: preview

- name: Move them, and wait until the new WorkSpaces are AVAILABLE and the old ones gone
  euc.aws.workspaces_migrate:
    directory_id: d-1234567890
    user_names: [alice, bob]
    bundle_id: wsb-0123456789
    wait: true
  register: migration

- name: Say where each user's WorkSpace went
  ansible.builtin.debug:
    msg: "{{ item.user_name }}: {{ item.source_workspace_id }} -> {{ item.target_workspace_id }}"
  loop: "{{ migration.migrated }}"

- name: Migrate one WorkSpace by its ID
  euc.aws.workspaces_migrate:
    workspace_ids: [ws-abc12345d]
    bundle_id: wsb-0123456789
"""

RETURN = r"""
migrated:
  description:
    - The WorkSpaces this run migrated (in check mode, would have migrated), in the order requested.
    - Also returned when the task fails, listing what was migrated before the failure (empty when the failure came
      before any migration).
  returned: always
  type: list
  elements: dict
  contains:
    source_workspace_id:
      description: The WorkSpace migrated away from; AWS terminates it.
      type: str
      sample: ws-abc12345d
    target_workspace_id:
      description: The new WorkSpace on the bundle, as MigrateWorkspace answered; V(null) in check mode.
      type: str
      sample: ws-xyz98765k
    user_name:
      description: The user of both.
      type: str
      sample: alice
unchanged:
  description: IDs of the requested WorkSpaces already on the bundle; nothing was done to them.
  returned: on success, and on failures after the look-up
  type: list
  elements: str
  sample: ["ws-def67890g"]
not_found:
  description:
    - The requested IDs DescribeWorkspaces does not return or, named by user, the users with no WorkSpace in the
      directory. Any makes the module fail before anything is migrated.
  returned: on success, and on failures after the look-up
  type: list
  elements: str
  sample: []
refused:
  description: WorkSpaces in a state MigrateWorkspace cannot take. Any makes the module fail before anything is migrated.
  returned: on success, and on failures after the look-up
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
      sample: ERROR
    reason:
      description: Why it cannot be migrated, and what to do instead.
      type: str
      sample: "ERROR: AWS cannot migrate a WorkSpace in this state"
    user_name:
      description: Its user, in the spelling given in O(user_names); only when the WorkSpaces were named by user.
      type: str
      sample: alice
failed_requests:
  description: The WorkSpaces MigrateWorkspace refused, with AWS's error. Any entry fails the task.
  returned: on success, and on failures after the look-up
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace AWS refused to migrate.
      type: str
      sample: ws-abc12345d
    error_code:
      description: The error code AWS returned.
      type: str
      sample: OperationNotSupportedException
    error_message:
      description: The error message AWS returned.
      type: str
      sample: Migration between these bundles is not supported.
    user_name:
      description: The user of that WorkSpace, in the spelling given in O(user_names); only when named by user.
      type: str
      sample: alice
wait_failed:
  description:
    - With O(wait=true), the new WorkSpaces that landed in another state than V(AVAILABLE) or were no longer returned,
      and the WorkSpaces migrated away from that landed in V(ERROR), V(UNHEALTHY) or V(IMPAIRED) instead of going.
  returned: when the task fails because of them, or times out
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace, new or old.
      type: str
      sample: ws-xyz98765k
    state:
      description: Where it landed; V(null) when DescribeWorkspaces no longer returned it.
      type: str
      sample: ERROR
not_ready:
  description:
    - With O(wait=true), the new WorkSpaces not yet V(AVAILABLE), and the old ones still returned, when O(wait_timeout)
      ran out.
  returned: when the task fails because of them, or because of RV(wait_failed)
  type: list
  elements: dict
  contains:
    workspace_id:
      description: The WorkSpace, new or old.
      type: str
      sample: ws-xyz98765k
    state:
      description: Its state at the last look.
      type: str
      sample: PENDING
outcome_unknown:
  description:
    - When a call failed midway (after its retries), the WorkSpace whose call it was; AWS may or may not have started
      to migrate it. Look it up before trying again.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-abc12345d"]
not_attempted:
  description: When a call failed midway, the WorkSpace IDs never sent.
  returned: when a call failed midway
  type: list
  elements: str
  sample: ["ws-def67890g"]
malformed_ids:
  description: The requested IDs that do not match C(^ws-[0-9a-z]{8,63}$); nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["WS-ABC12345D"]
invalid:
  description: What is wrong with O(bundle_id), O(directory_id) or O(user_names) by the service model; nothing was called.
  returned: when the task fails because of them
  type: list
  elements: str
  sample: ["bundle_id 'bundle-1' must match ^wsb-[0-9a-z]{8,63}$"]
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
    - Each has the keys of RV(euc.aws.workspaces_info#module:workspaces), without the C(connection_status) and C(tags)
      that module adds when asked.
  returned: on success, and on failures after the look-up
  type: list
  elements: dict
  sample: [{"workspace_id": "ws-abc12345d", "state": "AVAILABLE", "user_name": "alice", "bundle_id": "wsb-9876543210"}]
"""

from ansible_collections.euc.aws.plugins.module_utils.actions import action_module
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action_module
from ansible_collections.euc.aws.plugins.module_utils.migration import MIGRATE


def main():
    module = action_module(wait_timeout=3600, bundle_id=dict(type="str", required=True))
    run_action_module(module, MIGRATE)


if __name__ == "__main__":
    main()

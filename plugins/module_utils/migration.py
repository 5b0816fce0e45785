# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Migrating WorkSpaces to another bundle with MigrateWorkspace, as a verb of the action engine.

What sets it apart from the other verbs is the methods ``Migrate`` overrides: "already done" is being on the
bundle, not a state; the WorkSpaces may be named by user (the source ID gives way to a new one, so only users stay
the same across runs); each migration answers with its new WorkSpace's ID; and waiting means the new WorkSpace
AVAILABLE and the old one gone.
"""

from ansible_collections.euc.aws.plugins.module_utils.actions import OneWorkSpaceACall
from ansible_collections.euc.aws.plugins.module_utils.actions import plan_action
from ansible_collections.euc.aws.plugins.module_utils.actions import plan_by_ids
from ansible_collections.euc.aws.plugins.module_utils.creation import user_key
from ansible_collections.euc.aws.plugins.module_utils.creation import workspaces_of_users
from ansible_collections.euc.aws.plugins.module_utils.states import AVAILABLE
from ansible_collections.euc.aws.plugins.module_utils.states import STOPPED
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import GONE
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order


def migration_problems(service_model, params):
    """The options MigrateWorkspace and DescribeWorkspaces would refuse, checked against the model before any call."""
    problems = string_problems(service_model, "bundle_id", params["bundle_id"], "BundleId")
    if params.get("directory_id") is not None:
        problems += string_problems(service_model, "directory_id", params["directory_id"], "DirectoryId")
    for user_name in params.get("user_names") or ():
        problems += string_problems(service_model, "user_names:", user_name, "UserName")
    return problems


def current_workspace_of(workspaces, bundle_id):
    """The one of a user's WorkSpaces a migration is about: the one already on the bundle, else the first not leaving.

    A user has two WorkSpaces in a directory only while a migration runs: the new one on the bundle, and the old
    one on its way out.
    """
    staying = [ws for ws in workspaces if ws["State"] not in TERMINATING_STATES]
    on_bundle = [ws for ws in staying if ws.get("BundleId") == bundle_id]
    return (on_bundle or staying or [None])[0]


def plan_migration(client, limits, verb, params, max_workers=1):
    """The plan for the WorkSpaces named by ``workspace_ids``, or those of ``user_names`` in ``directory_id``.

    By user, a user with no WorkSpace in the directory (or only one being terminated) is not found, and the plan's
    IDs are those of the users' current WorkSpaces, in the order of the users.
    """
    if params.get("workspace_ids") is not None:
        return plan_by_ids(client, limits, verb, params, max_workers)
    first_spelling = {}
    for name in params["user_names"]:
        first_spelling.setdefault(user_key(name), name)
    users = list(first_spelling.values())
    by_user = {}
    for workspace in workspaces_of_users(client, params["directory_id"], users, max_workers):
        by_user.setdefault(user_key(workspace.get("UserName", "")), []).append(workspace)
    current = {name: current_workspace_of(by_user.get(user_key(name), []), params["bundle_id"]) for name in users}
    found = [workspace for workspace in current.values() if workspace]
    plan = plan_action(verb, unique_in_order(ws["WorkspaceId"] for ws in found), found, params)
    return plan._replace(
        absent=[name for name in users if current[name] is None],
        absent_reason=f"directory {params['directory_id']} holds no WorkSpace of {{absent}} (check the user names and the directory)",
    )


class Migrate(OneWorkSpaceACall):
    """MigrateWorkspace: done is being on the bundle, each call answers with a new WorkSpace's ID, and the wait is
    for the new WorkSpace AVAILABLE and the old one gone."""

    name = "migrate"
    past = "migrated"
    operation = "MigrateWorkspace"
    acts_on = frozenset((AVAILABLE, STOPPED))
    done_key = "migrated"
    already_key = "unchanged"
    waits_for = "end the migration (the new WorkSpaces AVAILABLE, their sources gone)"

    def option_problems(self, service_model, params):
        return migration_problems(service_model, params)

    def plan(self, client, limits, params, max_workers):
        return plan_migration(client, limits, self, params, max_workers)

    def is_done(self, workspace, params):
        return workspace.get("BundleId") == params["bundle_id"]

    def request_of(self, workspace, params):
        return {"SourceWorkspaceId": workspace["WorkspaceId"], "BundleId": params["bundle_id"]}

    def done_entries(self, plan, acted, answers):
        """Each WorkSpace migrated (or, in check mode with no answer, to be): its source, its new ID and its user."""
        found = plan.found_by_id()
        return [
            {
                "source_workspace_id": workspace_id,
                "target_workspace_id": (answers.get(workspace_id) or {}).get("TargetWorkspaceId"),
                "user_name": found[workspace_id].get("UserName"),
            }
            for workspace_id in acted
        ]

    def wait_targets(self, plan, acted, answers):
        """Each new WorkSpace AVAILABLE and its source gone; one already on the bundle but not yet AVAILABLE, AVAILABLE."""
        targets = {}
        for source in acted:
            targets[answers[source]["TargetWorkspaceId"]] = AVAILABLE
            targets[source] = GONE
        states = plan.states_before()
        targets.update({workspace_id: AVAILABLE for workspace_id in plan.already if states[workspace_id] != AVAILABLE})
        return targets

    def diff(self, plan, acted):
        bundles = {ws["WorkspaceId"]: ws.get("BundleId") for ws in plan.found}
        return {
            "before": {"bundle_ids": bundles},
            "after": {"bundle_ids": {i: plan.params["bundle_id"] if i in acted else bundle for i, bundle in bundles.items()}},
        }


MIGRATE = Migrate()

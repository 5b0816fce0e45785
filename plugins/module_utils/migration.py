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
from ansible_collections.euc.aws.plugins.module_utils.states import AVAILABLE
from ansible_collections.euc.aws.plugins.module_utils.states import STOPPED
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import GONE
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems


def on_the_bundle_first(workspaces, bundle_id):
    """The one of a user's WorkSpaces a migration is about: the one already on the bundle, else the first not leaving.

    A user has two WorkSpaces in a directory only while a migration runs: the new one on the bundle, and the old
    one on its way out. A user whose only WorkSpace is leaving has none to migrate.
    """
    staying = [ws for ws in workspaces if ws["State"] not in TERMINATING_STATES]
    on_bundle = [ws for ws in staying if ws.get("BundleId") == bundle_id]
    return (on_bundle or staying or [None])[0]


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
        return string_problems(service_model, "bundle_id", params["bundle_id"], "BundleId") + super().option_problems(service_model, params)

    def workspace_of_user(self, workspaces, params):
        return on_the_bundle_first(workspaces, params["bundle_id"])

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

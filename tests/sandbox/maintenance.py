# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ModifyWorkspaceState (admin maintenance) and RestoreWorkspace, which moto lacks.

Both take one WorkSpace a call, answer an empty body, and refuse with an exception rather than FailedRequests.
"""

from .lifecycle import IGNORED_IN
from .lifecycle import INVALID_STATE
from .state import ApiError

# ModifyWorkspaceState: the model's TargetWorkspaceState -> the states AWS moves to it from (its API reference).
MAINTENANCE_MOVES = {"ADMIN_MAINTENANCE": frozenset({"AVAILABLE"}), "AVAILABLE": frozenset({"ADMIN_MAINTENANCE"})}
# AWS does not document asking for the state a WorkSpace is already in; the sandbox answers a success that changes
# nothing, as RebootWorkspaces does for a WorkSpace already REBOOTING.
ALREADY_IN_STATE_IS_SUCCESS = True
# AWS does not document how long entering or leaving admin maintenance takes: the sandbox moves at once.

RESTORABLE = frozenset({"AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED"})
RESTORE_FINAL = "AVAILABLE"


class Maintenance:
    """Mixed into WorkSpacesFidelity."""

    def modify_workspace_state(self, params, _environ, region):
        wanted = params["WorkspaceState"]
        with self.lock:
            self.settle(region)
            workspace = self.workspace_called(region, params["WorkspaceId"])
            if workspace.state == wanted and ALREADY_IN_STATE_IS_SUCCESS:
                return 200, {}
            if workspace.state not in MAINTENANCE_MOVES[wanted]:
                raise ApiError(400, *INVALID_STATE)
            workspace.state = wanted
        return 200, {}

    def restore_workspace(self, params, _environ, region):
        workspace_id = params["WorkspaceId"]
        with self.lock:
            self.settle(region)
            workspace = self.workspace_called(region, workspace_id)
            if workspace.state in IGNORED_IN:
                return 200, {}
            if workspace.state not in RESTORABLE:
                raise ApiError(400, *INVALID_STATE)
            final = self.region_state(region).landings.pop(workspace_id, RESTORE_FINAL)
            self.begin_transition(region, workspace, "RESTORING", "restoring", final)
        return 200, {}

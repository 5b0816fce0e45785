# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DescribeWorkspacesConnectionStatus, which moto lacks, and the connection history tests give WorkSpaces."""

from .paging import paged
from .paging import with_token
from .state import Connection
from .state import backend_of

OPERATION = "DescribeWorkspacesConnectionStatus"


class ConnectionStatus:
    """Mixed into WorkSpacesFidelity."""

    def describe_workspaces_connection_status(self, params, _environ, region):
        # AWS does not document its page size here; the sandbox pages by the most IDs one call may name.
        page_size = self.model.most(OPERATION, "WorkspaceIds")
        backend = backend_of(region)
        with self.lock:
            self.settle(region)
            state = self.region_state(region)
            state.workspace_places.number(backend.workspaces)
            wanted = params.get("WorkspaceIds")
            placed = (
                (state.workspace_places[workspace_id], workspace)
                for workspace_id, workspace in backend.workspaces.items()
                # A WorkSpace being created has no connection status yet; unknown IDs are simply not answered.
                if workspace.state != "PENDING" and (wanted is None or workspace_id in wanted)
            )
            page, token = paged(placed, params, OPERATION, ("WorkspaceIds",), page_size)
            checked = self.wall_clock()
            statuses = [
                connection_status(workspace, state.connections.get(workspace.workspace_id, Connection()), checked)
                for workspace in page
            ]
        return 200, with_token({"WorkspacesConnectionStatus": statuses}, token)

    def set_connection(self, region, workspace_id, state=None, last_connection=None):
        """``state`` None keeps the current one; ``last_connection`` (an aware datetime) None: never connected."""
        if state is not None:
            self.model.require("ConnectionState", state)
        if last_connection is not None and last_connection.utcoffset() is None:
            raise ValueError("last_connection must be a timezone-aware datetime")
        with self.lock:
            self.workspace_to_change(region, workspace_id)
            connections = self.region_state(region).connections
            connection = connections.setdefault(workspace_id, Connection())
            connection.state = state or connection.state
            if last_connection is not None:
                connection.last_connected = last_connection.timestamp()
            elif connection.state == "CONNECTED":
                connection.last_connected = self.wall_clock()  # a user connected now has connected
            else:
                connection.last_connected = None


def connection_status(workspace, connection, checked):
    # AWS cannot reach a stopped WorkSpace's agent, so it does not know whether anyone is connected.
    status = {
        "WorkspaceId": workspace.workspace_id,
        "ConnectionState": "UNKNOWN" if workspace.state == "STOPPED" else connection.state,
        "ConnectionStateCheckTimestamp": checked,
    }
    if connection.last_connected is not None:
        status["LastKnownUserConnectionTimestamp"] = connection.last_connected
    return status

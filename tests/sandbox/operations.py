# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The registry of the WorkSpaces operations the sandbox answers itself (or corrects), each named once, with its handler
and what it is: every other WorkSpaces call passes straight through to moto.

Every operation here is validated: AWS checks its input against the model and moto does not, so the middleware checks
it against botocore's model before the handler runs (botocore checks only part of it client side: required members and
minimums, never list maximums, integer maximums, patterns or enums).
"""

from dataclasses import dataclass
from typing import Callable
from typing import Optional

from .connection import ConnectionStatus
from .create import Create
from .describe import Describe
from .directories import Directories
from .lifecycle import ACTIONS
from .lifecycle import Lifecycle
from .maintenance import Maintenance
from .migrate import Migrate
from .properties import Properties
from .tags import Tags


@dataclass(frozen=True)
class Operation:
    """What the sandbox does with one WorkSpaces operation."""

    handler: Callable  # (fidelity, params, environ, region) -> (status, payload), once the input passed validation
    # The calls on one WorkSpace: the member naming it. They answer its failure as an exception, and so does a failure
    # tests arm for it (by that member's value), before the handler runs.
    one_workspace: Optional[str] = None
    # Whether the call answers FailedRequests entries, which tests may arm per WorkSpace ID (CreateWorkspaces: per user
    # name); the handler looks them up.
    failed_requests: bool = False

    @property
    def failures_armable(self):
        """Whether tests may arm failures of this call (fail_requests)."""
        return self.failed_requests or self.one_workspace is not None


def change(operation):
    """The handler of one of lifecycle's actions (Start/Stop/Reboot/RebuildWorkspaces)."""

    def handler(fidelity, params, environ, region):
        return fidelity.change_workspaces(operation, params, environ, region)

    return handler


OPERATIONS = {
    "DescribeWorkspaces": Operation(Describe.describe_workspaces),
    "TerminateWorkspaces": Operation(Lifecycle.terminate_workspaces, failed_requests=True),
    **{action: Operation(change(action), failed_requests=True) for action in ACTIONS},
    "CreateWorkspaces": Operation(Create.create_workspaces, failed_requests=True),
    "DescribeWorkspacesConnectionStatus": Operation(ConnectionStatus.describe_workspaces_connection_status),
    "CreateTags": Operation(Tags.create_tags),
    "DeleteTags": Operation(Tags.delete_tags),
    "DescribeTags": Operation(Tags.describe_tags),
    "DescribeWorkspaceDirectories": Operation(Directories.describe_workspace_directories),
    "ModifyWorkspaceState": Operation(Maintenance.modify_workspace_state, one_workspace="WorkspaceId"),
    "RestoreWorkspace": Operation(Maintenance.restore_workspace, one_workspace="WorkspaceId"),
    "ModifyWorkspaceProperties": Operation(Properties.modify_workspace_properties, one_workspace="WorkspaceId"),
    "MigrateWorkspace": Operation(Migrate.migrate_workspace, one_workspace="SourceWorkspaceId"),
}
# The operations whose failures tests may arm, in the registry's order (fail_requests' message lists them).
ARMABLE = tuple(name for name, operation in OPERATIONS.items() if operation.failures_armable)

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The registry of the WorkSpaces operations the sandbox answers itself (or corrects), each named once, with its handler
and what it is: every other WorkSpaces call passes straight through to moto.

Every operation here is validated: AWS checks its input against the model and moto does not, so the middleware checks
it against botocore's model before the handler runs (botocore checks only part of it client side: required members and
minimums, never list maximums, integer maximums, patterns or enums).
"""

import re
from dataclasses import dataclass
from typing import Callable
from typing import Optional

from .bundles import Bundles
from .connection import ConnectionStatus
from .create import Create
from .describe import Describe
from .directories import Directories
from .directory_settings import AUTHENTICATION
from .directory_settings import MERGED
from .directory_settings import DirectorySettings
from .images import Images
from .ip_groups import IpGroups
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
    # The calls on one resource (a WorkSpace, a directory, an IP group, an image, a bundle): the member naming it (which
    # may be absent where the model allows, as UpdateWorkspaceBundle's BundleId). They answer its failure as an
    # exception, and so does a failure tests arm for it (by that member's value), before the handler runs.
    one_resource: Optional[str] = None
    # Whether the call answers FailedRequests entries, which tests may arm per WorkSpace ID (CreateWorkspaces: per user
    # name); the handler looks them up.
    failed_requests: bool = False

    @property
    def failures_armable(self):
        """Whether tests may arm failures of this call (fail_requests)."""
        return self.failed_requests or self.one_resource is not None


def for_operation(method, operation):
    """The handler of an operation that shares ``method`` with others, which tells them apart by name: lifecycle's
    actions (Start/Stop/Reboot/RebuildWorkspaces), the directory settings merged member by member, SAML and
    certificate-based authentication."""

    def handler(fidelity, params, environ, region):
        return method(fidelity, operation, params, environ, region)

    return handler


def handler_name(operation):
    """The method of a family answering an operation: ModifyWorkspaceState -> modify_workspace_state."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def on_one(member, family, *operations):
    """Registry entries of calls on one resource named by ``member``, each answered by ``family``'s method of its name."""
    return {operation: Operation(getattr(family, handler_name(operation)), one_resource=member) for operation in operations}


OPERATIONS = {
    "DescribeWorkspaces": Operation(Describe.describe_workspaces),
    "TerminateWorkspaces": Operation(Lifecycle.terminate_workspaces, failed_requests=True),
    **{action: Operation(for_operation(Lifecycle.change_workspaces, action), failed_requests=True) for action in ACTIONS},
    "CreateWorkspaces": Operation(Create.create_workspaces, failed_requests=True),
    "DescribeWorkspacesConnectionStatus": Operation(ConnectionStatus.describe_workspaces_connection_status),
    "CreateTags": Operation(Tags.create_tags),
    "DeleteTags": Operation(Tags.delete_tags),
    "DescribeTags": Operation(Tags.describe_tags),
    **on_one("WorkspaceId", Maintenance, "ModifyWorkspaceState", "RestoreWorkspace"),
    **on_one("WorkspaceId", Properties, "ModifyWorkspaceProperties"),
    "MigrateWorkspace": Operation(Migrate.migrate_workspace, one_resource="SourceWorkspaceId"),
    # directories, their settings (calls on one directory, named ResourceId) and their IP groups
    "DescribeWorkspaceDirectories": Operation(Directories.describe_workspace_directories),
    **on_one("DirectoryId", Directories, "RegisterWorkspaceDirectory", "DeregisterWorkspaceDirectory"),
    **{
        setting: Operation(for_operation(DirectorySettings.merge_setting, setting), one_resource="ResourceId")
        for setting in MERGED
    },
    **{
        setting: Operation(for_operation(DirectorySettings.modify_authentication, setting), one_resource="ResourceId")
        for setting in AUTHENTICATION
    },
    "DescribeClientProperties": Operation(DirectorySettings.describe_client_properties),
    **on_one("DirectoryId", IpGroups, "AssociateIpGroups", "DisassociateIpGroups"),
    # IP access control groups
    "CreateIpGroup": Operation(IpGroups.create_ip_group),
    "DescribeIpGroups": Operation(IpGroups.describe_ip_groups),
    **on_one("GroupId", IpGroups, "DeleteIpGroup", "AuthorizeIpRules", "RevokeIpRules", "UpdateRulesOfIpGroup"),
    # images (CreateWorkspaceImage on its source WorkSpace, CopyWorkspaceImage on its source image) and bundles
    "DescribeWorkspaceImages": Operation(Images.describe_workspace_images),
    "DescribeWorkspaceImagePermissions": Operation(Images.describe_workspace_image_permissions),
    **on_one("WorkspaceId", Images, "CreateWorkspaceImage"),
    **on_one("SourceImageId", Images, "CopyWorkspaceImage"),
    **on_one("ImageId", Images, "DeleteWorkspaceImage", "UpdateWorkspaceImagePermission"),
    "DescribeWorkspaceBundles": Operation(Bundles.describe_workspace_bundles),
    "CreateWorkspaceBundle": Operation(Bundles.create_workspace_bundle),
    **on_one("BundleId", Bundles, "UpdateWorkspaceBundle", "DeleteWorkspaceBundle"),
}
# The operations whose failures tests may arm, in the registry's order (fail_requests' message lists them).
ARMABLE = tuple(name for name, operation in OPERATIONS.items() if operation.failures_armable)

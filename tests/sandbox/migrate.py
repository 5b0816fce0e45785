# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""MigrateWorkspace, which moto lacks: a new WorkSpace on the new bundle, and the old one leaving as if terminated.

AWS recreates the WorkSpace under a new ID (its root volume from the new bundle, its user volume from the last
snapshot); the source goes through TERMINATING to gone while the target is PENDING, then AVAILABLE.
"""

import copy

from moto.workspaces.models import Workspace

from .create import UNKNOWN_BUNDLE
from .create import user_name_key
from .lifecycle import INVALID_STATE
from .properties import IN_PROGRESS
from .state import ApiError
from .state import backend_of

MIGRATABLE = frozenset({"AVAILABLE", "STOPPED"})
# MigrateWorkspace answers with an exception, not FailedRequests: the model's ResourceNotFoundException, with the
# message the sandbox gives an unknown bundle in CreateWorkspaces.
UNKNOWN_BUNDLE_REFUSED = ("ResourceNotFoundException", UNKNOWN_BUNDLE[1])
# AWS does not document migrating to the bundle a WorkSpace already has; the sandbox refuses it.
SAME_BUNDLE = ("InvalidParameterValuesException", "The WorkSpace already uses the specified bundle.")
# What the target takes over from its source besides user and directory (AWS documents the volumes only): the
# properties, as they are when the migration starts, its tags, and the encryption settings.
CARRIED_OVER = ("VolumeEncryptionKey", "UserVolumeEncryptionEnabled", "RootVolumeEncryptionEnabled")
TARGET_FINAL = "AVAILABLE"


class Migrate:
    """Mixed into WorkSpacesFidelity."""

    def migrate_workspace(self, params, _environ, region):
        source_id = params["SourceWorkspaceId"]
        bundle_id = params["BundleId"]
        backend = backend_of(region)
        state = self.region_state(region)
        with self.lock:
            self.settle(region)
            source = self.workspace_called(region, source_id)
            if source_id in state.modifications:
                raise ApiError(400, *IN_PROGRESS)
            if source.state not in MIGRATABLE:
                raise ApiError(400, *INVALID_STATE)
            if self.workspace_bundle(region, bundle_id) is None:
                raise ApiError(400, *UNKNOWN_BUNDLE_REFUSED)
            if bundle_id == source.bundle_id:
                raise ApiError(400, *SAME_BUNDLE)
            target = self.new_workspace(backend, source, bundle_id)
            # The source keeps its place in the creation order while AWS still shows it; the target comes last.
            state.workspace_places.number(backend.workspaces)
            del backend.workspaces[source_id]
            backend.workspaces[target.workspace_id] = target
            self.begin_leaving(region, source)
            final = state.create_landings.pop(user_name_key(target.user_name), TARGET_FINAL)
            self.begin_transition(region, target, "PENDING", "pending", final)
        return 200, {"SourceWorkspaceId": source_id, "TargetWorkspaceId": target.workspace_id}

    @staticmethod
    def new_workspace(backend, source, bundle_id):
        request = {
            "DirectoryId": source.directory_id,
            "UserName": source.user_name,
            "BundleId": bundle_id,
            "WorkspaceProperties": copy.deepcopy(source.workspace_properties),
            "Tags": copy.deepcopy(source.tags),
        }
        for member in CARRIED_OVER:
            if source.workspace.get(member):
                request[member] = source.workspace[member]
        running_mode = source.workspace_properties["RunningMode"]
        target = Workspace(request, running_mode, error_code="", error_msg="")
        while target.workspace_id in backend.workspaces:
            target = Workspace(request, running_mode, error_code="", error_msg="")
        return target

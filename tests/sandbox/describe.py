# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DescribeWorkspaces: AWS's pages, in creation order, with the WorkSpaces being terminated still in them."""

import heapq

from moto.core.exceptions import JsonRESTError

from .create import user_name_key as user_key
from .paging import paged
from .paging import with_token
from .state import backend_of
from .state import from_moto

WORKSPACE_FILTERS = ("WorkspaceIds", "DirectoryId", "UserName", "BundleId")
MATCHED_ATTRIBUTES = (("DirectoryId", "directory_id"), ("BundleId", "bundle_id"))
# All AWS shows of a PENDING WorkSpace (the encryption fields only when encrypted, as moto leaves out false ones).
PENDING_FIELDS = (
    "WorkspaceId", "DirectoryId", "UserName", "State", "BundleId",
    "VolumeEncryptionKey", "UserVolumeEncryptionEnabled", "RootVolumeEncryptionEnabled",
)


class Describe:
    """Mixed into WorkSpacesFidelity."""

    def describe_workspaces(self, params, _environ, region):
        page_size = params.get("Limit", self.model.default_page_size)
        backend = backend_of(region)
        # One lock for moto's WorkSpaces and the leaving ones: a TerminateWorkspaces in between would otherwise show
        # a WorkSpace twice.
        with self.lock:
            self.settle(region)
            try:
                # moto's filtering and its refusals (e.g. DirectoryId with WorkspaceIds), without its answer of every
                # WorkSpace at once: only the page is turned into JSON, which keeps fleets of thousands quick.
                found = backend.describe_workspaces(
                    workspace_ids=params.get("WorkspaceIds"),
                    directory_id=params.get("DirectoryId"),
                    # Given to moto only for its refusal of a UserName without DirectoryId: moto matches the name
                    # exactly, the sandbox as Active Directory does (below).
                    user_name=None if params.get("DirectoryId") else params.get("UserName"),
                    bundle_id=params.get("BundleId"),
                )
            except JsonRESTError as error:
                raise from_moto(error) from error
            if "UserName" in params:
                found = [workspace for workspace in found if same_user(workspace.user_name, params["UserName"])]
            places = self.region_state(region).workspace_places
            places.number(backend.workspaces)
            # moto's WorkSpaces come in creation order, hence in ascending place; the few leaving ones slot in between.
            present = ((places[workspace.workspace_id], (workspace, workspace.state)) for workspace in found)
            leaving = sorted(
                (
                    (places[workspace.workspace_id], (workspace, phase))
                    for workspace, phase in self.still_visible(region)
                    if matches(workspace, params)
                ),
                key=place_of,
            )
            in_order = heapq.merge(present, leaving, key=place_of)
            page, token = paged(in_order, params, "DescribeWorkspaces", WORKSPACE_FILTERS, page_size)
            workspaces = [described(workspace, state) for workspace, state in page]
        return 200, with_token({"Workspaces": workspaces}, token)

    def set_network(self, region, workspace_id, computer_name, ip_address):
        with self.lock:
            workspace = backend_of(region).workspaces[workspace_id]
            workspace.computer_name = computer_name or ""
            workspace.ip_address = ip_address


def described(workspace, state):
    """moto's entry with the state AWS shows and the IP address set_network gave (moto's entry never has one).

    AWS shows a PENDING WorkSpace bare, and every other one with its ModificationStates, an empty list when nothing
    is being modified (moto leaves empty lists out).
    """
    entry = dict(workspace.to_dict_pending(), State=state)
    if state == "PENDING":
        return {key: entry[key] for key in PENDING_FIELDS if key in entry}
    entry["ModificationStates"] = [dict(modification) for modification in workspace.modification_states]
    if getattr(workspace, "ip_address", None):
        entry["IpAddress"] = workspace.ip_address
    return entry


def place_of(entry):
    return entry[0]


def same_user(user_name, asked):
    """AWS does not document whether the UserName filter ignores case; the sandbox chooses to, as Active Directory
    compares user names (and CreateWorkspaces refuses Alice a WorkSpace when alice has one)."""
    return user_key(user_name) == user_key(asked)


def matches(workspace, params):
    if "WorkspaceIds" in params and workspace.workspace_id not in params["WorkspaceIds"]:
        return False
    if "UserName" in params and not same_user(workspace.user_name, params["UserName"]):
        return False
    return all(getattr(workspace, attribute) == params[key] for key, attribute in MATCHED_ATTRIBUTES if key in params)

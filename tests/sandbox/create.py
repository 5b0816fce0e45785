# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CreateWorkspaces as AWS answers it, AWS's public bundles the sandbox has, and a fast way to seed a large fleet.

moto creates a WorkSpace AVAILABLE at once, for a user who already has one, with any bundle ID. AWS creates it
PENDING, refuses a second WorkSpace for the same user in a directory, and knows its bundles: the public ones and the
account's own in the region (bundles.py).
"""

from moto.workspaces.models import Workspace

from .state import backend_of

# moto has no bundles: these are AWS's public bundles (owner AMAZON) as the sandbox has them, in every region.
BUNDLE_ID = "wsb-0123456789"
OTHER_BUNDLE_ID = "wsb-9876543210"
# What each public bundle gives a WorkSpace that its CreateWorkspaces request does not set (moto leaves them out; AWS
# shows them): a Standard and a Performance Windows bundle, PCoIP being Windows' default protocol.
BUNDLE_PROPERTIES = {
    BUNDLE_ID: {"ComputeTypeName": "STANDARD", "RootVolumeSizeGib": 80, "UserVolumeSizeGib": 50, "Protocols": ["PCOIP"]},
    OTHER_BUNDLE_ID: {"ComputeTypeName": "PERFORMANCE", "RootVolumeSizeGib": 80, "UserVolumeSizeGib": 100, "Protocols": ["PCOIP"]},
}
KNOWN_BUNDLES = tuple(BUNDLE_PROPERTIES)
SEEDED_RUNNING_MODE = "AUTO_STOP"
# AWS's auto-stop timeout when none is asked for; DescribeWorkspaces shows it for AUTO_STOP WorkSpaces only.
DEFAULT_AUTO_STOP_MINUTES = 60

USER_HAS_WORKSPACE = ("ResourceExists.WorkSpace", "The specified user already has a WorkSpace in this directory.")
UNKNOWN_DIRECTORY = ("ResourceNotFound.Directory", "The specified directory could not be found in the specified region.")
# AWS does not document the code for a bundle it does not know; this one follows ResourceNotFound.Directory.
UNKNOWN_BUNDLE = ("ResourceNotFound.Bundle", "The specified bundle could not be found in the specified region.")
PENDING_KEYS = ("WorkspaceId", "DirectoryId", "UserName", "BundleId")


def complete_properties(properties, bundle):
    """Fill in, in place, what AWS shows of a WorkSpace's properties beyond those its request or a change set: its
    bundle's (a state.Bundle)."""
    for member, value in bundle.workspace_properties().items():
        properties.setdefault(member, list(value) if isinstance(value, list) else value)
    fit_auto_stop_timeout(properties)
    return properties


def fit_auto_stop_timeout(properties):
    """AWS shows an auto-stop timeout for AUTO_STOP WorkSpaces only, the default one unless another was set."""
    if properties.get("RunningMode") == "AUTO_STOP":
        properties.setdefault("RunningModeAutoStopTimeoutInMinutes", DEFAULT_AUTO_STOP_MINUTES)
    else:
        properties.pop("RunningModeAutoStopTimeoutInMinutes", None)


def user_name_key(user_name):
    """Active Directory compares user names regardless of case, so to AWS Alice and alice are one user."""
    return user_name.casefold()


def user_key(directory_id, user_name):
    return directory_id, user_name_key(user_name)


def workspace_request(directory_id, user_name, bundle_id, running_mode):
    """The CreateWorkspaces request seeding makes, over HTTP or straight into moto, so that both look alike."""
    return {
        "DirectoryId": directory_id,
        "UserName": user_name,
        "BundleId": bundle_id,
        "WorkspaceProperties": {"RunningMode": running_mode},
    }


class Create:
    """Mixed into WorkSpacesFidelity."""

    def create_workspaces(self, params, environ, region):
        backend = backend_of(region)
        failed = []
        accepted = []
        with self.lock:
            self.settle(region)
            taken = self.users_with_workspaces(region)
            for request in params["Workspaces"]:
                refusal = self.create_refusal(region, request, backend, taken)
                if refusal:
                    failed.append({"WorkspaceRequest": request, "ErrorCode": refusal[0], "ErrorMessage": refusal[1]})
                else:
                    taken.add(user_key(request["DirectoryId"], request["UserName"]))
                    accepted.append(request)
            created = []
            if accepted:
                status, answer = self.forward(environ, {"Workspaces": accepted})
                if status != 200:
                    return status, answer
                failed.extend(answer["FailedRequests"])
                created = answer["PendingRequests"]
            landings = self.region_state(region).create_landings
            for pending in created:
                workspace = backend.workspaces[pending["WorkspaceId"]]
                complete_properties(workspace.workspace_properties, self.workspace_bundle(region, workspace.bundle_id))
                final = landings.pop(user_name_key(workspace.user_name), "AVAILABLE")
                self.begin_transition(region, workspace, "PENDING", "pending", final)
        pending_requests = [dict({key: pending[key] for key in PENDING_KEYS}, State="PENDING") for pending in created]
        return 200, {"FailedRequests": failed, "PendingRequests": pending_requests}

    def create_refusal(self, region, request, backend, taken):
        """(code, message) of AWS's FailedRequests entry for one request, or None when it creates the WorkSpace."""
        injected = self.faults.injected("CreateWorkspaces", user_name_key(request["UserName"]))
        if injected:
            return injected
        if request["DirectoryId"] not in backend.workspace_directories:
            return UNKNOWN_DIRECTORY
        if self.workspace_bundle(region, request["BundleId"]) is None:
            return UNKNOWN_BUNDLE
        if user_key(request["DirectoryId"], request["UserName"]) in taken:
            return USER_HAS_WORKSPACE
        return None

    def users_with_workspaces(self, region):
        """(directory, user) of every WorkSpace in any state but gone: AWS refuses a new one until the old ID is gone."""
        taken = {user_key(workspace.directory_id, workspace.user_name) for workspace in backend_of(region).workspaces.values()}
        taken.update(user_key(workspace.directory_id, workspace.user_name) for workspace, _phase in self.still_visible(region))
        return taken

    def land_in_on_create(self, region, user_name, state):
        self.model.require("WorkspaceState", state)
        with self.lock:
            self.region_state(region).create_landings[user_name_key(user_name)] = state

    def insert_fleet(self, region, directory_id, user_names, running_mode=SEEDED_RUNNING_MODE, bundle_id=BUNDLE_ID):
        """AVAILABLE WorkSpaces written straight into moto, as its CreateWorkspaces makes them; their IDs in order."""
        self.model.require("RunningMode", running_mode)
        backend = backend_of(region)
        with self.lock:
            bundle = self.workspace_bundle(region, bundle_id)
            if bundle is None:
                raise ValueError(f"no bundle {bundle_id} in {region}: {', '.join(KNOWN_BUNDLES)} or seed_bundle's")
            if directory_id not in backend.workspace_directories:
                raise ValueError(f"no registered directory {directory_id} in {region}")
            taken = self.users_with_workspaces(region)
            for user_name in user_names:
                if user_key(directory_id, user_name) in taken:
                    raise ValueError(f"{user_name} already has a WorkSpace in {directory_id}")
                taken.add(user_key(directory_id, user_name))
            created = []
            for user_name in user_names:
                request = workspace_request(directory_id, user_name, bundle_id, running_mode)
                workspace = Workspace(request, running_mode, error_code="", error_msg="")
                while workspace.workspace_id in backend.workspaces:  # 9 random hex digits: thousands of draws may repeat one
                    workspace = Workspace(request, running_mode, error_code="", error_msg="")
                complete_properties(workspace.workspace_properties, bundle)
                backend.workspaces[workspace.workspace_id] = workspace
                created.append(workspace.workspace_id)
        return created

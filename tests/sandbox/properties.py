# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ModifyWorkspaceProperties, which moto lacks: AWS's rules, and changes that take time through ModificationStates.

A change of compute type, a volume or the protocols shows in ModificationStates as UPDATE_INITIATED, then
UPDATE_IN_PROGRESS, then an empty list; the WorkSpace's state does not change meanwhile. ``settle`` moves the
modifications on, as it does the transitions.
"""

import copy

import botocore.session

from .create import fit_auto_stop_timeout
from .lifecycle import INVALID_STATE
from .state import ApiError
from .state import Modification
from .state import backend_of

OPERATION = "ModifyWorkspaceProperties"
MODIFIABLE = frozenset({"AVAILABLE", "STOPPED"})
# The members whose change takes time, and the ModificationResourceEnum value it shows as.
# The model names PROTOCOL and NESTED_VIRTUALIZATION among the resources, so their changes take time too; running mode,
# auto-stop timeout, operating system name and global accelerator are not resources there, and apply at once.
RESOURCE_OF_MEMBER = {
    "ComputeTypeName": "COMPUTE_TYPE",
    "RootVolumeSizeGib": "ROOT_VOLUME",
    "UserVolumeSizeGib": "USER_VOLUME",
    "Protocols": "PROTOCOL",
    "NestedVirtualizationEnabled": "NESTED_VIRTUALIZATION",
}
# Only the resources the model has: botocore 1.34 (the floor make test-matrix runs) has neither PROTOCOL nor
# NESTED_VIRTUALIZATION, so with it those changes apply at once, as a model without them describes.
MODEL_RESOURCES = frozenset(
    botocore.session.get_session().get_service_model("workspaces").shape_for("ModificationResourceEnum").enum
)
TIMED_RESOURCES = {member: resource for member, resource in RESOURCE_OF_MEMBER.items() if resource in MODEL_RESOURCES}
VOLUMES = {"RootVolumeSizeGib": "root", "UserVolumeSizeGib": "user"}
# The phases of a modification, each as long as the transition time of the same name.
PHASES = (("UPDATE_INITIATED", "update_initiated"), ("UPDATE_IN_PROGRESS", "update_in_progress"))
FAILED = "UPDATE_FAILED"

IN_PROGRESS = (
    "OperationInProgressException",
    "The properties of this WorkSpace are currently under modification. Please try again in a moment.",
)
# AWS documents these rules but not the code or message it refuses them with; the code is the model's error for bad
# parameters of this call, the messages are the sandbox's.
BAD_VALUES = "InvalidParameterValuesException"
COMPUTE_AND_VOLUME = (BAD_VALUES, "The compute type and a volume size cannot be modified in the same request.")
ROOT_AND_USER = (BAD_VALUES, "The root volume and the user volume size cannot be modified in the same request.")
SHRINKING = "The {volume} volume can only grow: it is {now} GiB, not {asked} GiB."
UNSUPPORTED_PAIR = "A root volume of {root} GiB with a user volume of {user} GiB is not a supported combination."
GRAPHICS_TOO_SMALL = "Graphics compute types need a root and a user volume of at least {least} GiB each."
TIMEOUT_STEP = 60
TIMEOUT_NOT_A_STEP = (BAD_VALUES, f"RunningModeAutoStopTimeoutInMinutes must be a positive multiple of {TIMEOUT_STEP}.")
TIMEOUT_NOT_APPLICABLE = (BAD_VALUES, "RunningModeAutoStopTimeoutInMinutes applies to WorkSpaces in the AUTO_STOP running mode only.")

# AWS's root/user volume pairs: a root volume of 80 GiB with these user volumes, or both in these ranges.
SMALL_ROOT = 80
SMALL_ROOT_USER_VOLUMES = (10, 50, 100)
LARGE_ROOT_RANGE = (175, 2000)
LARGE_USER_RANGE = (100, 2000)
GRAPHICS_LEAST_GIB = 100

# When DescribeWorkspaces shows the new values of a timed change: at once ("at_start", as Terraform's provider sees
# them while ModificationStates is not yet empty), or only once ModificationStates is empty ("when_done"). AWS does not
# document it; modules must follow ModificationStates either way, and tests choose with show_new_values.
NEW_VALUES_SHOWN = ("at_start", "when_done")
DEFAULT_NEW_VALUES_SHOWN = "at_start"
# A modification armed with fail_modification ends with its resources UPDATE_FAILED in ModificationStates, the old
# values back in WorkspaceProperties, until the next accepted ModifyWorkspaceProperties of that WorkSpace.
FAILED_MODIFICATION_ROLLS_BACK = True


def supported_pair(root, user):
    if root == SMALL_ROOT:
        return user in SMALL_ROOT_USER_VOLUMES
    return LARGE_ROOT_RANGE[0] <= root <= LARGE_ROOT_RANGE[1] and LARGE_USER_RANGE[0] <= user <= LARGE_USER_RANGE[1]


def is_graphics(compute_type):
    return "GRAPHICS" in (compute_type or "")


def differs(member, now, asked):
    if member == "Protocols":
        return sorted(now or []) != sorted(asked)
    return now != asked


def refusal(current, changes, asked):
    """AWS's (code, message) for a change it refuses, or None; ``changes`` are the timed members that differ."""
    volumes = [member for member in VOLUMES if member in changes]
    if "ComputeTypeName" in changes and volumes:
        return COMPUTE_AND_VOLUME
    if len(volumes) > 1:
        return ROOT_AND_USER
    for member in volumes:
        if current.get(member) is not None and changes[member] < current[member]:
            return BAD_VALUES, SHRINKING.format(volume=VOLUMES[member], now=current[member], asked=changes[member])
    after = dict(current, **changes)
    root, user = after.get("RootVolumeSizeGib"), after.get("UserVolumeSizeGib")
    if root is not None and user is not None and (volumes or "ComputeTypeName" in changes):
        if volumes and not supported_pair(root, user):
            return BAD_VALUES, UNSUPPORTED_PAIR.format(root=root, user=user)
        if is_graphics(after.get("ComputeTypeName")) and min(root, user) < GRAPHICS_LEAST_GIB:
            return BAD_VALUES, GRAPHICS_TOO_SMALL.format(least=GRAPHICS_LEAST_GIB)
    timeout = asked.get("RunningModeAutoStopTimeoutInMinutes")
    if timeout is not None:
        if timeout <= 0 or timeout % TIMEOUT_STEP:
            return TIMEOUT_NOT_A_STEP
        if asked.get("RunningMode", current.get("RunningMode")) != "AUTO_STOP":
            return TIMEOUT_NOT_APPLICABLE
    return None


class Properties:
    """Mixed into WorkSpacesFidelity."""

    def modify_workspace_properties(self, params, _environ, region):
        # The model lets a request leave out WorkspaceProperties (DataReplication, for standby WorkSpaces the sandbox
        # does not model, is all it may then carry): a success that changes nothing.
        asked = params.get("WorkspaceProperties") or {}
        workspace_id = params["WorkspaceId"]
        with self.lock:
            self.settle(region)
            workspace = self.workspace_called(region, workspace_id)
            modifications = self.region_state(region).modifications
            if workspace_id in modifications:
                raise ApiError(400, *IN_PROGRESS)
            if workspace.state not in MODIFIABLE:
                raise ApiError(400, *INVALID_STATE)
            current = workspace.workspace_properties
            changes = {
                member: value for member, value in asked.items()
                if member in TIMED_RESOURCES and differs(member, current.get(member), value)
            }
            refused = refusal(current, changes, asked)
            if refused:
                raise ApiError(400, *refused)
            self.apply_at_once(current, asked)
            workspace.modification_states = []  # an accepted change ends the UPDATE_FAILED of an earlier one
            if changes:
                shown_at_start = self.new_values_shown == "at_start"
                modifications[workspace_id] = Modification(
                    started=self.clock(),
                    changes=copy.deepcopy(changes),
                    before={member: copy.deepcopy(current.get(member)) for member in changes},
                    resources=tuple(TIMED_RESOURCES[member] for member in TIMED_RESOURCES if member in changes),
                    shown_at_start=shown_at_start,
                )
                if shown_at_start:
                    current.update(copy.deepcopy(changes))
                self.settle_modifications(region)
        return 200, {}

    @staticmethod
    def apply_at_once(current, asked):
        for member, value in asked.items():
            if member not in TIMED_RESOURCES:
                current[member] = copy.deepcopy(value)
        fit_auto_stop_timeout(current)

    def settle_modifications(self, region):
        """Show each modification's phase now, and end those whose time is up. Call with the lock held."""
        modifications = self.region_state(region).modifications
        if not modifications:
            return
        workspaces = backend_of(region).workspaces
        now = self.clock()
        for workspace_id, modification in list(modifications.items()):
            workspace = workspaces.get(workspace_id)
            if workspace is None:
                del modifications[workspace_id]
                continue
            age = now - modification.started
            for phase, duration in PHASES:
                if age < self.transition_seconds[duration]:
                    workspace.modification_states = [{"Resource": resource, "State": phase} for resource in modification.resources]
                    break
                age -= self.transition_seconds[duration]
            else:
                del modifications[workspace_id]
                self.end_modification(region, workspace, modification)

    def end_modification(self, region, workspace, modification):
        properties = workspace.workspace_properties
        if (region, workspace.workspace_id) in self.faults.failing_modifications:
            self.faults.failing_modifications.discard((region, workspace.workspace_id))
            if FAILED_MODIFICATION_ROLLS_BACK:
                properties.update(copy.deepcopy(modification.before))
            workspace.modification_states = [{"Resource": resource, "State": FAILED} for resource in modification.resources]
            return
        properties.update(copy.deepcopy(modification.changes))
        workspace.modification_states = []

    # -- for tests -----------------------------------------------------------------------------

    def show_new_values(self, when):
        if when not in NEW_VALUES_SHOWN:
            raise ValueError(f"new values show {' or '.join(NEW_VALUES_SHOWN)}, not {when!r}")
        with self.lock:
            self.new_values_shown = when

    def fail_modification(self, region, workspace_id):
        """The WorkSpace's modification under way, or else its next one, ends UPDATE_FAILED."""
        with self.lock:
            self.workspace_to_change(region, workspace_id)
            self.faults.failing_modifications.add((region, workspace_id))

    def set_properties(self, region, workspace_id, properties):
        """Write WorkspaceProperties members straight into the WorkSpace (checked against the model's shape only)."""
        try:
            self.model.check_shape("WorkspaceProperties", properties)
        except ApiError as error:
            raise ValueError(error.message) from error
        with self.lock:
            self.settle(region)
            current = self.workspace_to_change(region, workspace_id).workspace_properties
            current.update(copy.deepcopy(properties))
            return copy.deepcopy(current)

    def properties_of(self, region, workspace_id):
        with self.lock:
            self.settle(region)
            workspace = backend_of(region).workspaces.get(workspace_id)
            return copy.deepcopy(workspace.workspace_properties) if workspace is not None else None

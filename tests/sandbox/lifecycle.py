# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The life cycle of a WorkSpace: timed transitions, Start/Stop/Reboot/RebuildWorkspaces and asynchronous termination.

moto has none of the four actions and terminates at once. Here a transition writes its intermediate state (STARTING,
REBOOTING, PENDING, …) into moto's WorkSpace and remembers when it began; ``settle`` writes the final state once its
time has passed, before anything reads a state. So every call sees what AWS would show at that moment.
"""

from dataclasses import dataclass

from .create import fit_auto_stop_timeout
from .state import ApiError
from .state import Transition
from .state import backend_of

# Seconds each transition lasts unless set otherwise; the keys are set_transition_seconds' keywords.
TRANSITION_SECONDS = {
    "pending": 2.0, "starting": 1.0, "stopping": 1.0, "rebooting": 1.0, "rebuilding": 2.0, "restoring": 2.0,
    # the two phases a ModifyWorkspaceProperties shows in ModificationStates
    "update_initiated": 0.5, "update_in_progress": 1.0,
    # a directory's REGISTERING and DEREGISTERING (directories.py)
    "registering": 1.0, "deregistering": 1.0,
    # an image's PENDING (made or copied; its source WorkSpace is unusable as long), a bundle's (images.py, bundles.py)
    "image_pending": 0.5, "bundle_pending": 0.5,
}

INVALID_STATE = ("InvalidResourceStateException", "The specified WorkSpace has an invalid state for this operation.")
# AWS does not document what starting or stopping an ALWAYS_ON WorkSpace answers; OperationNotSupportedException is the
# model's own error for an operation a WorkSpace does not support.
RUNNING_MODE_REFUSED = (
    "OperationNotSupportedException",
    "Only WorkSpaces with a running mode of AUTO_STOP or MANUAL can be started or stopped.",
)
# moto's answer for an unknown ID in TerminateWorkspaces, which the sandbox keeps; every action answers the same.
NOT_FOUND_CODE = "400"
# Start and Stop requests may leave out WorkspaceId by the model; AWS does not say what it then answers.
MISSING_ID = ("InvalidParameterValuesException", "Each request must name a WorkspaceId.")

STOPPABLE_RUNNING_MODES = ("AUTO_STOP", "MANUAL")
# AWS ignores reboot, stop, start, rebuild and restore requests for a WorkSpace in admin maintenance. The sandbox answers
# them as a success that changes nothing (no FailedRequests entry, no exception), checked before anything but faults.
IGNORED_IN = frozenset({"ADMIN_MAINTENANCE"})
# The calls on one WorkSpace (ModifyWorkspaceState, RestoreWorkspace, …) answer an unknown ID with the model's exception.
UNKNOWN_WORKSPACE = ("ResourceNotFoundException", "The specified WorkSpace could not be found.")


@dataclass(frozen=True)
class Action:
    """What one of the four calls does, per the AWS API reference."""

    acts_on: frozenset
    passing: str
    target: str
    duration: str  # the key of the transition's length
    running_modes: tuple = ()  # the running modes the call accepts; empty: any
    already_there: frozenset = frozenset()  # states in which the call succeeds without changing anything


ACTIONS = {
    "StartWorkspaces": Action(frozenset({"STOPPED"}), "STARTING", "AVAILABLE", "starting", STOPPABLE_RUNNING_MODES),
    "StopWorkspaces": Action(
        frozenset({"AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"}), "STOPPING", "STOPPED", "stopping", STOPPABLE_RUNNING_MODES
    ),
    # The reference lists REBOOTING among the states a reboot accepts: rebooting again is a success that changes nothing.
    "RebootWorkspaces": Action(
        frozenset({"AVAILABLE", "UNHEALTHY"}), "REBOOTING", "AVAILABLE", "rebooting", already_there=frozenset({"REBOOTING"})
    ),
    "RebuildWorkspaces": Action(
        frozenset({"AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED", "REBOOTING"}), "REBUILDING", "AVAILABLE", "rebuilding"
    ),
}


def failed_request(workspace_id, code, message):
    return {"WorkspaceId": workspace_id, "ErrorCode": code, "ErrorMessage": message}


def not_found(workspace_id):
    return failed_request(workspace_id, NOT_FOUND_CODE, f"WorkSpace {workspace_id} could not be found.")


class Lifecycle:
    """Mixed into WorkSpacesFidelity, whose lock, clock, model, faults and per-region state it uses."""

    # -- the clock -----------------------------------------------------------------------------

    def settle(self, region):
        """Write into moto the final state of every transition whose time has come, and move the modifications of
        properties on. Call with the lock held."""
        self.settle_modifications(region)
        transitions = self.region_state(region).transitions
        if not transitions:
            return
        now = self.clock()
        workspaces = backend_of(region).workspaces
        for workspace_id, transition in list(transitions.items()):
            workspace = workspaces.get(workspace_id)
            if workspace is None:
                del transitions[workspace_id]
            elif now - transition.started >= self.transition_seconds[transition.duration]:
                workspace.state = transition.final
                del transitions[workspace_id]

    def begin_transition(self, region, workspace, passing, duration, final):
        workspace.state = passing
        self.region_state(region).transitions[workspace.workspace_id] = Transition(self.clock(), duration, final)

    def phase(self, age):
        if age < self.terminating_seconds:
            return "TERMINATING"
        if age < self.terminating_seconds + self.terminated_seconds:
            return "TERMINATED"
        return None

    def still_visible(self, region):
        """Terminated WorkSpaces AWS still shows (moto forgets them at once): (moto's Workspace, its state now)."""
        state = self.region_state(region)
        now = self.clock()
        visible = []
        for workspace_id, (when, workspace) in list(state.leaving.items()):
            phase = self.phase(now - when)
            if phase is None:
                del state.leaving[workspace_id]
                state.workspace_places.forget(workspace_id)
            else:
                visible.append((workspace, phase))
        return visible

    # -- Start/Stop/Reboot/RebuildWorkspaces ---------------------------------------------------

    def change_workspaces(self, operation, params, _environ, region):
        requests = params[self.model.request_list(operation)]
        if any(request.get("WorkspaceId") is None for request in requests):
            raise ApiError(400, *MISSING_ID)
        failed = []
        with self.lock:
            self.settle(region)
            # The same ID twice in one call is acted on once, as TerminateWorkspaces does.
            for workspace_id in dict.fromkeys(request["WorkspaceId"] for request in requests):
                refusal = self.change_one(operation, region, workspace_id)
                if refusal is not None:
                    failed.append(refusal)
        return 200, {"FailedRequests": failed}

    def change_one(self, operation, region, workspace_id):
        """Act on one WorkSpace; return the FailedRequests entry AWS would give instead, if any."""
        action = ACTIONS[operation]
        injected = self.faults.injected(operation, workspace_id)
        if injected:
            return failed_request(workspace_id, *injected)
        state = self.region_state(region)
        if workspace_id in state.leaving:
            return failed_request(workspace_id, *INVALID_STATE)
        workspace = backend_of(region).workspaces.get(workspace_id)
        if workspace is None:
            return not_found(workspace_id)
        if workspace.state in IGNORED_IN:
            return None
        if action.running_modes and workspace.workspace_properties.get("RunningMode") not in action.running_modes:
            return failed_request(workspace_id, *RUNNING_MODE_REFUSED)
        if workspace.state in action.already_there:
            return None
        if workspace.state not in action.acts_on:
            return failed_request(workspace_id, *INVALID_STATE)
        self.begin_transition(region, workspace, action.passing, action.duration, state.landings.pop(workspace_id, action.target))
        return None

    def workspace_called(self, region, workspace_id):
        """moto's WorkSpace a call on one WorkSpace acts on, or the exception AWS answers. Call with the lock held."""
        if workspace_id in self.region_state(region).leaving:
            raise ApiError(400, *INVALID_STATE)
        workspace = backend_of(region).workspaces.get(workspace_id)
        if workspace is None:
            raise ApiError(400, *UNKNOWN_WORKSPACE)
        return workspace

    # -- TerminateWorkspaces -------------------------------------------------------------------

    def terminate_workspaces(self, params, environ, region):
        backend = backend_of(region)
        state = self.region_state(region)
        failed = []
        to_moto = []
        leaving_now = {}
        with self.lock:
            self.settle(region)
            state.workspace_places.number(backend.workspaces)
            for request in params["TerminateWorkspaceRequests"]:
                workspace_id = request["WorkspaceId"]
                injected = self.faults.injected("TerminateWorkspaces", workspace_id)
                current = backend.workspaces.get(workspace_id)
                if injected:
                    failed.append(failed_request(workspace_id, *injected))
                elif workspace_id in state.leaving or workspace_id in leaving_now:
                    continue  # AWS accepts terminating a WorkSpace again; its clock does not restart
                elif current is not None and current.state == "SUSPENDED":
                    failed.append(failed_request(workspace_id, *INVALID_STATE))
                else:
                    if current is not None:
                        leaving_now[workspace_id] = current
                    to_moto.append(request)
            if to_moto:
                status, answer = self.forward(environ, {"TerminateWorkspaceRequests": to_moto})
                if status != 200:
                    return status, answer
                failed.extend(answer.get("FailedRequests", []))
            for workspace in leaving_now.values():
                self.begin_leaving(region, workspace)
        return 200, {"FailedRequests": failed}

    def begin_leaving(self, region, workspace):
        """Start the TERMINATING clock of a WorkSpace moto has just forgotten. Call with the lock held."""
        state = self.region_state(region)
        state.leaving[workspace.workspace_id] = (self.clock(), workspace)
        # Leaving ends whatever else was under way for the WorkSpace.
        for remembered in (state.transitions, state.landings, state.connections, state.modifications):
            remembered.pop(workspace.workspace_id, None)
        workspace.modification_states = []

    # -- state for tests -----------------------------------------------------------------------

    def workspace_to_change(self, region, workspace_id):
        """moto's WorkSpace, for a test to change; not one being terminated, whose state follows the clock."""
        if workspace_id in self.region_state(region).leaving:
            raise ValueError(f"{workspace_id} is being terminated; its state follows the termination clock")
        workspace = backend_of(region).workspaces.get(workspace_id)
        if workspace is None:
            raise KeyError(f"no WorkSpace {workspace_id} in {region}")
        return workspace

    def set_state(self, region, workspace_id, state):
        self.model.require("WorkspaceState", state)
        with self.lock:
            workspace = self.workspace_to_change(region, workspace_id)
            # A state set by hand ends the transition under way.
            self.region_state(region).transitions.pop(workspace_id, None)
            workspace.state = state

    def set_running_mode(self, region, workspace_id, mode):
        self.model.require("RunningMode", mode)
        with self.lock:
            workspace = self.workspace_to_change(region, workspace_id)
            workspace.workspace_properties["RunningMode"] = mode
            fit_auto_stop_timeout(workspace.workspace_properties)

    def land_in(self, region, workspace_id, state):
        """The transition under way, or else the next one, ends in ``state`` instead of its target."""
        self.model.require("WorkspaceState", state)
        with self.lock:
            self.settle(region)
            self.workspace_to_change(region, workspace_id)
            region_state = self.region_state(region)
            if workspace_id in region_state.transitions:
                region_state.transitions[workspace_id].final = state
            else:
                region_state.landings[workspace_id] = state

    def set_transition_seconds(self, **seconds):
        unknown = set(seconds) - set(TRANSITION_SECONDS)
        if unknown:
            raise ValueError(f"no transition {', '.join(sorted(unknown))}; the transitions are {', '.join(TRANSITION_SECONDS)}")
        with self.lock:
            self.transition_seconds.update({name: float(value) for name, value in seconds.items()})

    def state_of(self, region, workspace_id):
        with self.lock:
            self.settle(region)
            leaving = self.region_state(region).leaving.get(workspace_id)
            if leaving is not None:
                return self.phase(self.clock() - leaving[0])
            current = backend_of(region).workspaces.get(workspace_id)
            return current.state if current is not None else None

    def running_mode_of(self, region, workspace_id):
        with self.lock:
            current = backend_of(region).workspaces.get(workspace_id)
            return current.workspace_properties.get("RunningMode") if current is not None else None

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the fidelity layer remembers of each region beside moto's backend, and the error it answers with."""

import random
import string
from dataclasses import dataclass
from dataclasses import field
from typing import Optional

from moto.core import DEFAULT_ACCOUNT_ID
from moto.workspaces.models import workspaces_backends


# The sandbox's one AWS account: moto's default, which owns every WorkSpace, image and bundle moto and the sandbox make.
ACCOUNT_ID = DEFAULT_ACCOUNT_ID


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def backend_of(region):
    """moto's WorkSpaces of one region: one backend per region, as AWS keeps WorkSpaces apart by region."""
    return workspaces_backends[DEFAULT_ACCOUNT_ID][region]


def new_id(prefix, taken):
    """A new ID of AWS's form PREFIX + 9 lowercase letters or digits (the model's patterns allow 8 to 63), not in
    ``taken``."""
    while True:
        candidate = prefix + "".join(random.choices(string.ascii_lowercase + string.digits, k=9))
        if candidate not in taken:
            return candidate


def from_moto(error):
    """moto's own refusals (its JsonRESTError) as the answer AWS gives."""
    return ApiError(error.code, error.error_type, error.message)


class Places:
    """Creation order of the IDs of a moto dict, numbered, so that pages follow it and a token can name a place.

    A place outlives its WorkSpace in moto while AWS still shows it (TERMINATING), so that a termination between
    two pages neither repeats nor skips anything.
    """

    def __init__(self):
        self.place = {}
        self.next_place = 0

    def number(self, ids):
        """Give IDs not seen before the next places; moto's dicts keep insertion order, which is creation order."""
        for resource_id in ids:
            if resource_id not in self.place:
                self.place[resource_id] = self.next_place
                self.next_place += 1

    def __getitem__(self, resource_id):
        return self.place[resource_id]

    def forget(self, resource_id):
        self.place.pop(resource_id, None)


@dataclass
class Transition:
    """A WorkSpace (or a directory) on its way from the state moto holds now (STARTING, PENDING, REGISTERING, …) to
    ``final``; a directory being deregistered has the final None: gone."""

    started: float
    duration: str  # the key of its length in the fidelity's transition_seconds, read when it is due
    final: Optional[str]


@dataclass
class Modification:
    """A ModifyWorkspaceProperties under way: the properties it changes, and what they were before."""

    started: float
    changes: dict  # WorkspaceProperties member -> the new value
    before: dict  # the same members -> their values when the change was asked for
    resources: tuple  # the ModificationResourceEnum values it shows
    shown_at_start: bool  # the new values were written into the WorkSpace at once


@dataclass
class Tagged:
    """A resource moto does not keep whose tags the sandbox keeps: a connection alias."""

    tags: list = field(default_factory=list)
    connection_string: Optional[str] = None  # a connection alias's


@dataclass
class IpGroup:
    """An IP access control group (moto has none): its rules as AWS lists them, {"ipRule", "ruleDesc"}."""

    group_id: str
    name: str
    description: Optional[str]
    rules: list
    tags: list


@dataclass
class Image:
    """A WorkSpaces image (moto's are AVAILABLE at once and cannot be copied or deleted): the account's own, or one
    another account owns and shares with it (``owner_account_id`` differs)."""

    image_id: str
    name: str
    description: str  # "": none, left out of the answers
    owner_account_id: str
    created: float  # epoch seconds
    state: str = "AVAILABLE"
    operating_system: str = "WINDOWS"
    root_volume_gib: int = 80  # of the WorkSpace it was made from: a bundle's root volume cannot be smaller
    tags: list = field(default_factory=list)
    shared_with: dict = field(default_factory=dict)  # account ID -> the number of its grant, for the order of pages
    grants: int = 0  # grants made so far, the next grant's number
    pending_since: Optional[float] = None  # the clock when it began PENDING
    failure: Optional[tuple] = None  # (ErrorCode, ErrorMessage) a PENDING image ends with instead of AVAILABLE
    error: Optional[tuple] = None  # (ErrorCode, ErrorMessage) of an image in ERROR


@dataclass
class Bundle:
    """A WorkSpace bundle (moto has none): one of AWS's public bundles (owner AMAZON) or one of the account's own."""

    bundle_id: str
    name: str
    owner: str  # "AMAZON" or the account ID
    description: str  # "": none, left out of the answers
    image_id: str
    compute_type: str
    root_volume_gib: int
    user_volume_gib: int
    created: float  # epoch seconds
    last_updated: float
    state: str = "AVAILABLE"
    protocols: tuple = ("PCOIP",)
    tags: list = field(default_factory=list)
    pending_since: Optional[float] = None  # the clock when it began PENDING (created, or its image updated)

    def workspace_properties(self):
        """What a WorkSpace made from the bundle shows in its WorkspaceProperties unless its request sets it."""
        return {
            "ComputeTypeName": self.compute_type,
            "RootVolumeSizeGib": self.root_volume_gib,
            "UserVolumeSizeGib": self.user_volume_gib,
            "Protocols": list(self.protocols),
        }


@dataclass
class Connection:
    state: str = "DISCONNECTED"
    last_connected: float = None  # epoch seconds; None: the user never connected


@dataclass
class RegionState:
    """The fidelity layer's memory of one region; moto's backend of that region keeps the rest."""

    # Terminated WorkSpaces AWS still shows, moto having forgotten them: workspace_id -> (when, moto's Workspace)
    leaving: dict = field(default_factory=dict)
    workspace_places: Places = field(default_factory=Places)
    directory_places: Places = field(default_factory=Places)
    transitions: dict = field(default_factory=dict)  # workspace_id -> Transition
    landings: dict = field(default_factory=dict)  # workspace_id -> the state its next transition ends in
    create_landings: dict = field(default_factory=dict)  # user name, casefolded -> the state its new WorkSpace ends in
    connections: dict = field(default_factory=dict)  # workspace_id -> Connection; absent: never connected
    modifications: dict = field(default_factory=dict)  # workspace_id -> Modification under way
    metrics: dict = field(default_factory=dict)  # workspace_id -> metrics.Series of its UserConnected points
    directory_transitions: dict = field(default_factory=dict)  # directory_id -> Transition (REGISTERING, DEREGISTERING)
    ip_groups: dict = field(default_factory=dict)  # group_id -> IpGroup, in creation order
    ip_group_places: Places = field(default_factory=Places)
    images: dict = field(default_factory=dict)  # image_id -> Image, in creation order
    image_places: Places = field(default_factory=Places)
    bundles: dict = field(default_factory=dict)  # bundle_id -> Bundle: AWS's public ones first, then the account's
    bundle_places: Places = field(default_factory=Places)
    connection_aliases: dict = field(default_factory=dict)  # alias_id -> Tagged

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rules of changing a WorkSpace's properties in place, as pure functions: no AWS call, no Ansible.

From a WorkSpace as DescribeWorkspaces returns it and the properties asked for (only the options given),
``plan_properties`` answers what differs, every reason AWS would refuse the change, and the
ModifyWorkspaceProperties requests that make it, in an order AWS accepts:

- AWS changes the compute type and a volume size in separate requests, and the root and the user volume in
  separate requests, and each request must leave the WorkSpace in a configuration AWS allows. The requests
  go volumes first, the user volume before the root volume, then the compute type: growing the user volume
  first is what takes 80/50 to 175/100 through 80/100 (175/50 is not allowed), and a Graphics compute type
  needs 100/100 volumes before it is set. When that order would pass through a configuration AWS does not
  allow, the first other order that does not is taken; only when none works is the change refused.
- Running mode, its auto-stop timeout and protocols ride in the first request: AWS documents no rule that
  separates them, and they need no request of their own.
- Protocols are compared as a set: a WorkSpace's protocols have no order, and a name given twice counts once.
"""

from collections import namedtuple
from itertools import permutations

from ansible_collections.euc.aws.plugins.module_utils.actions import BUSY_STATES
from ansible_collections.euc.aws.plugins.module_utils.actions import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.creation import AUTO_STOP_STEP_MINUTES
from ansible_collections.euc.aws.plugins.module_utils.creation import PROPERTIES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order

# Module option -> WorkspaceProperties member, for every property this module changes.
MEMBERS = dict(PROPERTIES, protocols="Protocols")
# Options whose choices are an enum of botocore's service model -> the shape of that enum.
ENUM_SHAPES = {"running_mode": "RunningMode", "compute_type_name": "Compute", "protocols": "Protocol"}

# ModifyWorkspaceProperties takes a WorkSpace in these states only.
MODIFIABLE_STATES = frozenset(("AVAILABLE", "STOPPED"))
STATE_ADVICE = {
    "ADMIN_MAINTENANCE": "take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)",
    "ERROR": "rebuild or restore it first",
    "UNHEALTHY": "reboot it first",
    "IMPAIRED": "stop it first; a STOPPED WorkSpace can be modified",
}
# ModificationStates entries that mean AWS is still applying an earlier change (UPDATE_FAILED is an ended one).
MODIFICATION_UNDER_WAY = frozenset(("UPDATE_INITIATED", "UPDATE_IN_PROGRESS"))

# The only running mode with an auto-stop timeout.
AUTO_STOP = "AUTO_STOP"

# AWS documents the root/user volume pairs (GiB) a WorkSpace may have: root 80 with these user sizes, or both within
# the ranges; Graphics compute types need at least 100 GiB each. The service model carries none of these.
SMALL_ROOT_GIB = 80
SMALL_ROOT_USER_GIB = (10, 50, 100)
LARGE_ROOT_GIB = (175, 2000)
LARGE_USER_GIB = (100, 2000)
GRAPHICS_LEAST_GIB = 100
ALLOWED_PAIRS = "80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user"
# Compute type names of botocore's enum that are Graphics bundles (GRAPHICS, GRAPHICSPRO_G4DN, GRAPHICS_G6_XLARGE...).
GRAPHICS_MARK = "GRAPHICS"

# The requests that must go alone, in the order tried first (see the module docstring for why).
SEPARATE_MEMBERS = ("UserVolumeSizeGib", "RootVolumeSizeGib", "ComputeTypeName")
VOLUME_MEMBERS = frozenset(("RootVolumeSizeGib", "UserVolumeSizeGib"))
STEP_NAMES = {"UserVolumeSizeGib": "user volume", "RootVolumeSizeGib": "root volume", "ComputeTypeName": "compute type"}


def is_graphics(compute_type_name):
    return GRAPHICS_MARK in (compute_type_name or "")


def pair_allowed(root_gib, user_gib):
    if root_gib == SMALL_ROOT_GIB:
        return user_gib in SMALL_ROOT_USER_GIB
    return LARGE_ROOT_GIB[0] <= root_gib <= LARGE_ROOT_GIB[1] and LARGE_USER_GIB[0] <= user_gib <= LARGE_USER_GIB[1]


def desired_properties(options):
    """The properties asked for: the options given (not None), protocols without repeats."""
    desired = {option: options[option] for option in MEMBERS if options.get(option) is not None}
    if "protocols" in desired:
        desired["protocols"] = unique_in_order(desired["protocols"])
    return desired


def option_problems(desired, enums):
    """What is wrong with the properties asked for whatever the WorkSpace, to fail on before any AWS call.

    ``enums`` maps each option of ENUM_SHAPES to the values of botocore's service model.
    """
    problems = []
    for option, value in desired.items():
        if option not in ENUM_SHAPES:
            continue
        unknown = [v for v in (value if option == "protocols" else [value]) if v not in enums[option]]
        if unknown:
            problems.append(f"{option}: {', '.join(map(repr, unknown))} is not one of {', '.join(enums[option])}")
    if desired.get("protocols") == []:
        problems.append("protocols must name at least one protocol")
    timeout = desired.get("running_mode_auto_stop_timeout_in_minutes")
    if timeout is not None:
        if timeout <= 0 or timeout % AUTO_STOP_STEP_MINUTES:
            problems.append(
                f"running_mode_auto_stop_timeout_in_minutes must be a positive multiple of {AUTO_STOP_STEP_MINUTES}, got {timeout}"
            )
        if desired.get("running_mode", AUTO_STOP) != AUTO_STOP:
            problems.append(f"running_mode_auto_stop_timeout_in_minutes applies to {AUTO_STOP} only, not to running_mode {desired['running_mode']}")
    return problems


def current_properties(workspace):
    """The WorkSpace's properties keyed by module option; None for what DescribeWorkspaces does not show."""
    properties = workspace.get("WorkspaceProperties") or {}
    return {option: properties.get(member) for option, member in MEMBERS.items()}


def same(option, current, wanted):
    if option == "protocols":
        return current is not None and set(current) == set(wanted)
    return current == wanted


def property_differences(workspace, desired):
    """{option: {"before", "after"}} for each property asked for that differs from the WorkSpace's."""
    current = current_properties(workspace)
    return {
        option: {"before": current[option], "after": wanted}
        for option, wanted in desired.items()
        if not same(option, current[option], wanted)
    }


def state_refusal(workspace):
    """Why the WorkSpace's state keeps AWS from modifying it now, and what to do instead; None when it does not."""
    state = workspace["State"]
    if state in MODIFIABLE_STATES:
        under_way = [entry for entry in workspace.get("ModificationStates") or [] if entry.get("State") in MODIFICATION_UNDER_WAY]
        if not under_way:
            return None
        return (
            "its properties are being modified ("
            + ", ".join(f"{entry.get('Resource')} {entry.get('State')}" for entry in under_way)
            + "); wait until that has finished, then try again"
        )
    if state in STATE_ADVICE:
        return f"{state}: {STATE_ADVICE[state]}"
    if state in TERMINATING_STATES:
        return f"{state}: it is being terminated"
    if state in BUSY_STATES:
        return f"{state}: it is busy; wait until it has settled, then try again"
    return f"{state}: AWS cannot modify a WorkSpace in this state; it must be AVAILABLE or STOPPED"


class Configuration(namedtuple("Configuration", ["ComputeTypeName", "RootVolumeSizeGib", "UserVolumeSizeGib"])):
    """The properties AWS's volume rules are about, keyed by WorkspaceProperties member."""

    def problem(self, changed_member):
        """Why AWS would not let a request changing ``changed_member`` end in this configuration; None when it would."""
        root, user = self.RootVolumeSizeGib, self.UserVolumeSizeGib
        if changed_member in VOLUME_MEMBERS and not pair_allowed(root, user):
            return f"root/user {root}/{user} GiB is not a pair AWS allows ({ALLOWED_PAIRS})"
        if is_graphics(self.ComputeTypeName) and min(root, user) < GRAPHICS_LEAST_GIB:
            return (
                f"the Graphics compute type {self.ComputeTypeName} needs root and user volumes of at least "
                f"{GRAPHICS_LEAST_GIB} GiB, not {root}/{user}"
            )
        return None

    def __str__(self):
        return f"{self.ComputeTypeName} {self.RootVolumeSizeGib}/{self.UserVolumeSizeGib} GiB"


def first_refused(start, order):
    """The first configuration AWS would refuse on the way from ``start`` through the (member, value) steps, or None."""
    configuration = start
    for member, value in order:
        configuration = configuration._replace(**{member: value})
        if configuration.problem(member):
            return configuration
    return None


def separate_requests(workspace, differences):
    """(requests, refusals): the volume and compute type requests, in an order each step of which AWS allows."""
    changed = {MEMBERS[option]: change["after"] for option, change in differences.items()}
    steps = [(member, changed[member]) for member in SEPARATE_MEMBERS if member in changed]
    properties = workspace.get("WorkspaceProperties") or {}
    start = Configuration(*(properties.get(member) for member in Configuration._fields))
    if not steps or None in start:
        return [{member: value} for member, value in steps], []  # no sizes shown: refused for its state instead
    shrinking = [
        f"AWS only grows volumes: the {STEP_NAMES[member]} is {getattr(start, member)} GiB, {changed[member]} asked"
        for member in sorted(VOLUME_MEMBERS)
        if member in changed and changed[member] < getattr(start, member)
    ]
    if shrinking:
        return [], shrinking
    end = start._replace(**dict(steps))
    problem_at_end = end.problem(next((member for member, _value in steps if member in VOLUME_MEMBERS), "ComputeTypeName"))
    if problem_at_end:
        return [], [problem_at_end]
    refused_on_the_way = []
    for order in permutations(steps):
        refused = first_refused(start, order)
        if refused is None:
            return [{member: value} for member, value in order], []
        refused_on_the_way.append(f"{' then '.join(STEP_NAMES[member] for member, _value in order)} passes {refused}")
    return [], [
        f"AWS changes the {' and the '.join(STEP_NAMES[member] for member, _value in steps)} in separate requests, and "
        f"every order passes a configuration AWS does not allow ({'; '.join(refused_on_the_way)}; AWS allows "
        f"{ALLOWED_PAIRS}); it grows each volume once per 6 hours at most, so get there over several runs"
    ]


class PropertiesPlan(namedtuple("PropertiesPlan", ["workspace_id", "differences", "requests", "refusals"])):
    """What changing one WorkSpace's properties takes: its differences, and either its requests or why not."""

    @property
    def unchanged(self):
        return not self.differences


def plan_properties(workspace, desired):
    """The PropertiesPlan of giving ``workspace`` (a DescribeWorkspaces entry) the ``desired`` properties (pure)."""
    differences = property_differences(workspace, desired)
    if not differences:
        return PropertiesPlan(workspace["WorkspaceId"], {}, [], [])
    refusals = []
    state_reason = state_refusal(workspace)
    if state_reason:
        refusals.append(state_reason)
    running_mode = desired.get("running_mode", current_properties(workspace)["running_mode"])
    if "running_mode_auto_stop_timeout_in_minutes" in differences and running_mode != AUTO_STOP:
        refusals.append(f"running_mode_auto_stop_timeout_in_minutes applies to {AUTO_STOP} only, and it is {running_mode}")
    separate, volume_refusals = separate_requests(workspace, differences)
    refusals.extend(volume_refusals)
    if refusals:
        return PropertiesPlan(workspace["WorkspaceId"], differences, [], refusals)
    riders = {MEMBERS[option]: change["after"] for option, change in differences.items() if MEMBERS[option] not in SEPARATE_MEMBERS}
    requests = separate or [{}]
    requests[0] = dict(riders, **requests[0])
    return PropertiesPlan(workspace["WorkspaceId"], differences, requests, [])

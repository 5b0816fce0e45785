# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Changing WorkSpaces' properties in place (ModifyWorkspaceProperties): the rules, pure, and the run on the engine.

The rules need no AWS call: from a WorkSpace as DescribeWorkspaces returns it and the properties asked for (only
the options given), ``plan_properties`` answers what differs, every reason AWS would refuse the change, and the
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

The verb (``ModifyProperties``, on the engine's runner) looks the IDs up, refuses before any change, then sends the
requests in rounds on the bounded pool (``ModificationRounds``), each WorkSpace's next request only once its
ModificationStates is empty again.
"""

import time
from collections import namedtuple
from itertools import permutations

from ansible_collections.euc.aws.plugins.module_utils.actions import ActionPlan
from ansible_collections.euc.aws.plugins.module_utils.actions import Refusal
from ansible_collections.euc.aws.plugins.module_utils.actions import Verb
from ansible_collections.euc.aws.plugins.module_utils.actions import interrupted
from ansible_collections.euc.aws.plugins.module_utils.actions import wait_problems
from ansible_collections.euc.aws.plugins.module_utils.creation import AUTO_STOP_STEP_MINUTES
from ansible_collections.euc.aws.plugins.module_utils.creation import PROPERTIES
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.states import FAILURE_STATES
from ansible_collections.euc.aws.plugins.module_utils.states import MODIFIABLE_STATES
from ansible_collections.euc.aws.plugins.module_utils.states import refusal_reason_for_state
from ansible_collections.euc.aws.plugins.module_utils.workspaces import FAILED
from ansible_collections.euc.aws.plugins.module_utils.workspaces import REACHED
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import Interrupted
from ansible_collections.euc.aws.plugins.module_utils.workspaces import Verdict
from ansible_collections.euc.aws.plugins.module_utils.workspaces import WaitOutcome
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_on_one
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_one_at_a_time
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order
from ansible_collections.euc.aws.plugins.module_utils.workspaces import wait_until

# Module option -> WorkspaceProperties member, for every property this module changes.
MEMBERS = dict(PROPERTIES, protocols="Protocols")
# Options whose choices are an enum of botocore's service model -> the shape of that enum.
ENUM_SHAPES = {"running_mode": "RunningMode", "compute_type_name": "Compute", "protocols": "Protocol"}

# What to do about the states AWS does not modify in (admin maintenance and the rest come from actions.py).
STATE_ADVICE = {
    "ERROR": "rebuild or restore it first",
    "UNHEALTHY": "reboot it first",
    "IMPAIRED": "stop it first; a STOPPED WorkSpace can be modified",
}
# ModificationStates entries that mean AWS is still applying an earlier change (UPDATE_FAILED is an ended one).
MODIFICATION_UNDER_WAY = frozenset(("UPDATE_INITIATED", "UPDATE_IN_PROGRESS"))
# The ModificationStates resource (ModificationResourceEnum) each option's change shows as.
RESOURCES = {
    "compute_type_name": "COMPUTE_TYPE",
    "root_volume_size_gib": "ROOT_VOLUME",
    "user_volume_size_gib": "USER_VOLUME",
    "protocols": "PROTOCOL",
}
MODIFICATION_FAILED = "UPDATE_FAILED"

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


def desired_problems(desired, service_model):
    """What is wrong with the properties asked for whatever the WorkSpace, to fail on before any AWS call.

    The choices are the enums of botocore's ``service_model`` (ENUM_SHAPES).
    """
    problems = []
    for option, shape_name in ENUM_SHAPES.items():
        if option in desired:
            values = desired[option] if option == "protocols" else [desired[option]]
            problems.extend(strings_problems(service_model, option, values, shape_name))
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


def modifications_under_way(workspace):
    """The ModificationStates entries of changes AWS is still applying, as {resource: state}."""
    entries = workspace.get("ModificationStates") or []
    return {entry.get("Resource"): entry.get("State") for entry in entries if entry.get("State") in MODIFICATION_UNDER_WAY}


def state_refusal_reason(workspace):
    """Why the WorkSpace's state keeps AWS from modifying it now, and what to do instead; None when it does not."""
    state = workspace["State"]
    if state in MODIFIABLE_STATES:
        return None
    return refusal_reason_for_state(state, STATE_ADVICE, "AWS cannot modify a WorkSpace in this state; it must be AVAILABLE or STOPPED")


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


class PropertiesPlan(namedtuple("PropertiesPlan", ["workspace_id", "differences", "requests", "refusals", "settle_first"], defaults=(False,))):
    """What changing one WorkSpace's properties takes: its differences, and either its requests or why not.

    ``settle_first``: an earlier change of other properties is still under way, so the first request waits for it.
    """

    @property
    def unchanged(self):
        return not self.differences


def plan_properties(workspace, desired):
    """The PropertiesPlan of giving ``workspace`` (a DescribeWorkspaces entry) the ``desired`` properties (pure)."""
    differences = property_differences(workspace, desired)
    if not differences:
        return PropertiesPlan(workspace["WorkspaceId"], {}, [], [])
    refusals = []
    state_reason = state_refusal_reason(workspace)
    if state_reason:
        refusals.append(state_reason)
    under_way = modifications_under_way(workspace)
    # While a property is being modified AWS may show its old value or its new one: what differs cannot be known.
    changing_again = [f"{RESOURCES[option]} {under_way[RESOURCES[option]]}" for option in differences if RESOURCES.get(option) in under_way]
    if changing_again:
        refusals.append(
            f"a modification of what this run changes is still under way ({', '.join(changing_again)}); wait until its "
            "ModificationStates is empty (wait=true does), then try again"
        )
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
    return PropertiesPlan(workspace["WorkspaceId"], differences, requests, [], settle_first=bool(under_way))


# ---------------------------------------------------------------------------------------------
# The run: look up, refuse, modify in rounds, wait, on the engine's parts
# ---------------------------------------------------------------------------------------------


def as_properties_result(properties):
    """WorkspaceProperties members as results name them: by module option."""
    return {option: properties.get(member) for option, member in MEMBERS.items()}


class ModifyProperties(Verb):
    """ModifyWorkspaceProperties: what is done is what differs, each WorkSpace may need several requests, and those
    go in rounds that wait for each WorkSpace to settle, so that sending them (and the wait) is this verb's own
    ``apply``."""

    name = "modify"
    past = "modified"
    operation = "ModifyWorkspaceProperties"
    acts_on = MODIFIABLE_STATES
    advice = STATE_ADVICE
    done_key = "modified"
    already_key = "unchanged"
    waits_for = "finish modifying (ModificationStates empty) in the state they had before"

    def option_problems(self, service_model, params):
        return desired_problems(desired_properties(params), service_model) + super().option_problems(service_model, params)

    def classify(self, requested, found, params):
        return plan_modification(requested, found, desired_properties(params), params)

    def options_refusal(self, problems):
        # Without ``invalid``: workspaces_properties has never returned it, and its RETURN does not document it.
        return AnsibleWorkSpacesError(message="Nothing was modified: " + "; ".join(problems))

    def refusal_message(self, refused):
        return f"these WorkSpaces cannot be modified as asked: {named(refused, separator='; ')}"

    def extra_result(self, plan, acted):
        return dict(super().extra_result(plan, acted), differences={i: plan.changes[i].differences for i in acted})

    def diff(self, plan, acted):
        before = {ws["WorkspaceId"]: as_properties_result(ws.get("WorkspaceProperties") or {}) for ws in plan.found}
        return {
            "before": {"properties": {i: before[i] for i in acted}},
            "after": {
                "properties": {
                    i: dict(before[i], **{option: change["after"] for option, change in plan.changes[i].differences.items()})
                    for i in acted
                }
            },
        }

    def apply(self, run, plan):
        return ModificationRounds(run, plan).run()


MODIFY = ModifyProperties()


def plan_modification(workspace_ids, found, desired, params=None):
    """Classify each requested ID by its WorkSpace (pure): to modify, unchanged, refused (every reason), absent.

    The plan's ``changes`` hold each WorkSpace's PropertiesPlan.
    """
    requested = unique_in_order(workspace_ids)
    by_id = {ws["WorkspaceId"]: ws for ws in found}
    found = [by_id[i] for i in requested if i in by_id]
    changes = {ws["WorkspaceId"]: plan_properties(ws, desired) for ws in found}
    return ActionPlan(
        verb=MODIFY,
        requested=requested,
        to_act=[i for i, change in changes.items() if change.requests],
        already=[i for i, change in changes.items() if change.unchanged],
        absent=[i for i in requested if i not in by_id],
        refused=[
            Refusal(ws["WorkspaceId"], ws["State"], "; ".join(changes[ws["WorkspaceId"]].refusals))
            for ws in found
            if changes[ws["WorkspaceId"]].refusals
        ],
        found=found,
        params=params or {},
        changes=changes,
    )


def modification_states_result(workspace):
    return [{"resource": entry.get("Resource"), "state": entry.get("State")} for entry in (workspace or {}).get("ModificationStates") or []]


def landing(workspace):
    """What a wait reports of a WorkSpace at its last look: its state and ModificationStates (None, [] once gone)."""
    return {"state": workspace["State"] if workspace else None, "modification_states": modification_states_result(workspace)}


def modification_landing_as_text(workspace_id, seen):
    entries = ", ".join(f"{entry['resource']} {entry['state']}" for entry in seen["modification_states"])
    return f"{workspace_id} ({seen['state'] or 'no longer returned'}{', ' + entries if entries else ''})"


class ModificationVerdict(Verdict):
    """The wait's verdict on WorkSpaces that were as ``found`` before this run modified them.

    Settled: nothing in ModificationStates is under way, none of its entries is UPDATE_FAILED, and the state is the
    one before. An UPDATE_FAILED that was there before this run's requests is an old failure AWS still shows: it
    does not count until ModificationStates has changed once. A WorkSpace no longer returned, or in a failure state
    it was not in before, has failed. The properties AWS shows are not looked at: AWS may show the new values before
    the modification has finished, or only some time after.
    """

    def __init__(self, found):
        self.before = {ws["WorkspaceId"]: ws for ws in found}

    def has_moved(self, workspace_id, workspace):
        entries_before = self.before[workspace_id].get("ModificationStates") or []
        return workspace is not None and (workspace.get("ModificationStates") or []) != entries_before

    def judge(self, workspace_id, workspace, moved):
        if workspace is None:
            return FAILED
        entries = workspace.get("ModificationStates") or []
        if moved and any(entry.get("State") == MODIFICATION_FAILED for entry in entries):
            return FAILED
        if any(entry.get("State") in MODIFICATION_UNDER_WAY for entry in entries):
            return None
        if workspace["State"] == self.before[workspace_id]["State"]:
            return REACHED
        if workspace["State"] in FAILURE_STATES:
            return FAILED
        return None


class Progress:
    """What a run has done so far: who accepted a request, who refused, who did not settle, what was not sent."""

    def __init__(self, plan):
        self.plan = plan
        self.modified = set()
        self.failed_requests = []
        self.wait_failed = []
        self.not_ready = []
        self.not_sent = {}

    def modified_in_order(self):
        return [i for i in self.plan.to_act if i in self.modified]

    def requests_of(self, workspace_id):
        return self.plan.changes[workspace_id].requests

    def leave_out(self, pairs, step):
        """The WorkSpaces of ``pairs`` did not settle before request ``step``: it and the later ones are not sent."""
        for workspace_id, _seen in pairs:
            self.not_sent[workspace_id] = [
                option for request in self.requests_of(workspace_id)[step:] for option, member in MEMBERS.items() if member in request
            ]

    def result(self):
        result = self.plan.result(self.modified_in_order(), self.failed_requests)
        if self.wait_failed or self.not_ready:
            result["wait_failed"] = [dict(workspace_id=i, **seen) for i, seen in self.wait_failed]
            result["not_ready"] = [dict(workspace_id=i, **seen) for i, seen in self.not_ready]
        if self.not_sent:
            result["not_sent"] = [{"workspace_id": i, "options": options} for i, options in self.not_sent.items()]
        return result

    def problems(self, wait_timeout):
        problems = []
        if self.failed_requests:
            problems.append(f"AWS refused {len(self.failed_requests)} WorkSpace(s): " + "; ".join(map(str, self.failed_requests)))
        problems.extend(wait_problems(WaitOutcome([], self.wait_failed, self.not_ready), MODIFY.waits_for, wait_timeout, modification_landing_as_text))
        if self.not_sent:
            problems.append(
                "not sent, since the WorkSpace had not settled: "
                + ", ".join(f"{i} ({', '.join(options)})" for i, options in self.not_sent.items())
            )
        return problems

    def failure(self, wait_timeout):
        problems = self.problems(wait_timeout)
        if not problems:
            return None
        modified = self.modified_in_order()
        return AnsibleWorkSpacesError(message=f"Modified {', '.join(modified) or 'nothing'}, but " + "; ".join(problems), **self.result())


class ModificationRounds:
    """Each WorkSpace's requests in turn, on the pool; a failure is named once all is done.

    Round n sends the n-th request of every WorkSpace that has one; before it, the wait (batched DescribeWorkspaces)
    lets each WorkSpace of the round settle (ModificationVerdict): from round 1 on all of them, in round 0 those
    whose earlier change of other properties was still under way at the lookup. A WorkSpace that AWS refuses, or
    that does not settle, gets no further request; the others go on. ``wait_timeout`` bounds all the waits of the
    run together.
    """

    def __init__(self, run, plan):
        self.run_of = run
        self.plan = plan
        self.deadline = time.monotonic() + run.params["wait_timeout"]
        self.verdict = ModificationVerdict(plan.found)
        self.progress = Progress(plan)

    def run(self):
        plan, progress = self.plan, self.progress
        # Round 0: those with nothing under way at once, then those whose earlier change had to finish first.
        ready = [i for i in plan.to_act if not plan.changes[i].settle_first]
        accepted = self.send(ready, 0) + self.send(self.settled_of([i for i in plan.to_act if i not in ready], 0), 0)
        step = 1
        active = [i for i in plan.to_act if i in accepted and len(progress.requests_of(i)) > step]
        while active:
            accepted = self.send(self.settled_of(active, step), step)
            step += 1
            active = [i for i in accepted if len(progress.requests_of(i)) > step]
        if self.run_of.params["wait"]:
            not_settled_before = {i for i, _seen in progress.wait_failed + progress.not_ready}
            self.wait_to_settle([i for i in progress.modified_in_order() if i not in not_settled_before])
        failure = progress.failure(self.run_of.params["wait_timeout"])
        if failure:
            raise failure
        return progress.result()

    def wait_to_settle(self, workspace_ids):
        """Wait, within what is left of the run's wait_timeout, until ``workspace_ids`` have settled; note who did not."""
        run, progress = self.run_of, self.progress
        try:
            outcome = wait_until(
                run.client,
                workspace_ids,
                run.limits.describe_batch_size,
                max(0.0, self.deadline - time.monotonic()),
                self.verdict,
                run.max_workers,
                time.sleep,
                time.monotonic,
                landing,
            )
        except AnsibleWorkSpacesError as error:
            raise AnsibleWorkSpacesError(
                message=f"Modified {', '.join(progress.modified_in_order())}, then waiting for them to {MODIFY.waits_for} failed: {error.message}",
                exception=error.exception,
                **progress.result(),
            ) from error
        progress.wait_failed.extend(outcome.failed)
        progress.not_ready.extend(outcome.not_ready)
        return outcome

    def settled_of(self, workspace_ids, step):
        """Those of ``workspace_ids`` that settled; the others get neither the ``step``-th request nor a later one."""
        if not workspace_ids:
            return []
        outcome = self.wait_to_settle(workspace_ids)
        self.progress.leave_out(outcome.failed + outcome.not_ready, step)
        return outcome.reached

    def send(self, workspace_ids, step):
        """The ``step``-th request of each of ``workspace_ids``; returns those that accepted it."""
        run, progress = self.run_of, self.progress
        act = act_on_one(
            run.client,
            MODIFY.operation,
            "modify workspace properties",
            lambda workspace_id: {"WorkspaceId": workspace_id, "WorkspaceProperties": progress.requests_of(workspace_id)[step]},
        )
        try:
            answered = act_one_at_a_time(act, workspace_ids, run.max_workers)
        except Interrupted as error:
            progress.modified.update(error.outcome.succeeded)
            progress.failed_requests.extend(error.outcome.failed_requests)
            raise interrupted(error, progress.result()) from error
        progress.modified.update(answered.succeeded)
        progress.failed_requests.extend(answered.failed_requests)
        return answered.succeeded

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one engine behind every WorkSpaces action module: a verb is a class, and one runner runs them all.

The runner's steps are the same for every verb: check the options -> look the WorkSpaces up and plan (classify
each by its state: act on it, already done, refused, not found) -> refuse before any change when something cannot
be acted on -> act -> optionally wait -> one result shape; a failure at any step carries the result so far.

``Verb`` holds the behaviour of the batched verbs (terminate, start, stop, reboot, rebuild): one request list of the
API's limit a call, answered with FailedRequests. A verb that differs overrides a named method: ``OneWorkSpaceACall``
sends one WorkSpace a call on the bounded pool, where the exception AWS answers for one WorkSpace plays the part of
its FailedRequests entry (maintenance, restore; migrate in migration.py); properties (properties.py) sends its
requests in rounds as its own ``apply``; create (creation.py) plans by user.
"""

from collections import namedtuple

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.concurrency import max_concurrency_problem
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.states import ADMIN_MAINTENANCE
from ansible_collections.euc.aws.plugins.module_utils.states import AVAILABLE
from ansible_collections.euc.aws.plugins.module_utils.states import FAILURE_STATES
from ansible_collections.euc.aws.plugins.module_utils.states import STOPPED
from ansible_collections.euc.aws.plugins.module_utils.states import STOPPABLE_RUNNING_MODES
from ansible_collections.euc.aws.plugins.module_utils.states import SUSPENDED
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.states import AnyStateBut
from ansible_collections.euc.aws.plugins.module_utils.states import refusal_reason_for_state
from ansible_collections.euc.aws.plugins.module_utils.users import current_workspace_of
from ansible_collections.euc.aws.plugins.module_utils.users import first_spellings
from ansible_collections.euc.aws.plugins.module_utils.users import lookup_problems
from ansible_collections.euc.aws.plugins.module_utils.users import workspaces_of_users
from ansible_collections.euc.aws.plugins.module_utils.workspaces import GONE
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import Interrupted
from ansible_collections.euc.aws.plugins.module_utils.workspaces import StateVerdict
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_on_batch
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_on_one
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_one_at_a_time
from ansible_collections.euc.aws.plugins.module_utils.workspaces import as_ansible_workspace
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import find_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order
from ansible_collections.euc.aws.plugins.module_utils.workspaces import wait_until
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry


class Refusal(namedtuple("Refusal", ["workspace_id", "state", "reason"])):
    """A WorkSpace the verb refuses before any change, in its state, and why (what to do instead)."""

    def __str__(self):
        return f"{self.workspace_id} ({self.reason})"


class Verb:
    """An action on WorkSpaces: its data are class attributes, what it does differently are overridden methods.

    The defaults serve the batched verbs: "already done" is a state, a requested ID AWS does not return is not
    found (the run stops before any change), refused WorkSpaces are listed with their state and reason, the wait
    is for one target state, and the diff is the states before and after.
    """

    name = None  # the verb in messages: "reboot"
    past = None  # "rebooted"
    operation = None  # the API call: "RebootWorkspaces"
    acts_on = frozenset()  # states the call accepts
    already = frozenset()  # states that mean done or on its way: ok, no call
    running_modes = None  # running modes the call accepts (None: any)
    advice = {}  # state -> what to do instead, for states the call refuses
    wait_target = AVAILABLE  # the state to wait for, or GONE
    failure_states = FAILURE_STATES  # states that end a wait in failure
    done_key = None  # result key of what was acted on: "rebooted"
    already_key = None  # result key of the IDs already there: "already_rebooting"
    absent_key = "not_found"  # result key of the IDs DescribeWorkspaces does not return
    refused_key = "refused"  # result key of the refused WorkSpaces

    def __repr__(self):
        return f"<verb {self.name}>"

    @property
    def waits_for(self):
        """What a wait waits for, in messages."""
        return "disappear" if self.wait_target is GONE else f"become {self.wait_target}"

    # --- the options ---------------------------------------------------------------------------------

    def option_problems(self, service_model, params):
        """What is wrong with the verb's options, before any AWS call: by default the directory and the user names."""
        return lookup_problems(service_model, params)

    def options_refusal(self, problems):
        """The error for the verb's own options that the service would refuse: nothing was called."""
        return AnsibleWorkSpacesError(message=f"Nothing was {self.past}: " + "; ".join(problems), invalid=problems)

    # --- looking up and planning ---------------------------------------------------------------------

    def plan(self, client, limits, params, max_workers):
        """The plan for the WorkSpaces the options name: ``workspace_ids``, or ``user_names`` in ``directory_id``."""
        if params.get("workspace_ids") is not None:
            return plan_by_ids(client, limits, self, params, max_workers)
        return plan_by_users(client, self, params, max_workers)

    def classify(self, requested, found, params):
        """The plan for the WorkSpaces ``requested`` (IDs), given those DescribeWorkspaces returned (pure)."""
        return plan_action(self, requested, found, params)

    def workspace_of_user(self, workspaces, params):  # pylint: disable=unused-argument
        """Which of a user's WorkSpaces in the directory the verb acts on; None: the user has none."""
        return current_workspace_of(workspaces)

    def is_done(self, workspace, params):  # pylint: disable=unused-argument
        return workspace["State"] in self.already

    def refusal_reason(self, workspace, params):
        """Why the verb cannot act on ``workspace`` now, and what to do instead; None when it can."""
        state = workspace["State"]
        running_mode = (workspace.get("WorkspaceProperties") or {}).get("RunningMode")
        if self.is_done(workspace, params):
            return None
        if state in self.acts_on:
            if self.running_modes is None or running_mode in self.running_modes:
                return None
            return (
                f"{running_mode}: AWS cannot {self.name} a WorkSpace in this running mode; change its running mode to "
                f"{' or '.join(sorted(self.running_modes))} first"
            )
        return refusal_reason_for_state(state, self.advice, f"AWS cannot {self.name} a WorkSpace in this state")

    def absent_problem(self, plan):
        """Why the absent IDs (or users) stop the run; None when absent counts as done."""
        reason = plan.absent_reason or "DescribeWorkspaces does not return {absent} (check the IDs and the region)"
        return reason.format(absent=named(plan.absent))

    def refusal_message(self, refused):
        return f"these WorkSpaces cannot be {self.past} in their current state: {named(refused, separator='; ')}"

    # --- the result ----------------------------------------------------------------------------------

    def done_entries(self, plan, acted, answers):  # pylint: disable=unused-argument
        """What the result lists under ``done_key`` for those ``acted`` on: their IDs."""
        return list(acted)

    def refused_entries(self, plan):
        return plan.with_user_names([refusal._asdict() for refusal in plan.refused])

    def extra_result(self, plan, acted):  # pylint: disable=unused-argument
        """Result keys of this verb's own, beside those every verb has."""
        return {self.refused_key: self.refused_entries(plan)}

    def diff(self, plan, acted):
        acted = set(acted)
        states = plan.states_before()
        return {
            "before": {"states": states},
            "after": {"states": {i: self.wait_target if i in acted else state for i, state in states.items()}},
        }

    # --- acting and waiting --------------------------------------------------------------------------

    def apply(self, run, plan):
        """Act on ``plan.to_act``, then wait when asked. Returns the result."""
        outcome = apply_plan(run.client, run.limits, plan, run.max_workers)
        if run.params["wait"]:
            wait_after(run.client, run.limits, plan, outcome.succeeded, run.params["wait_timeout"], run.max_workers, outcome.answers)
        return plan.result(outcome.succeeded, answers=outcome.answers)

    def send(self, client, limits, plan, max_workers):
        """The calls for ``plan.to_act``: request lists of the API's limit, each answered with FailedRequests."""
        act = act_on_batch(client, limits, self.operation, f"{self.name} workspaces")
        return act_in_batches(act, plan.to_act, limits.batch_size(self.operation), max_workers)

    def wait_targets(self, plan, acted, answers):  # pylint: disable=unused-argument
        """{WorkSpace ID: the state to wait for, or GONE}: those acted on, and those found on their way."""
        return dict.fromkeys(plan.to_wait_for(acted), self.wait_target)

    def wait_failure(self, plan, acted, answers, outcome, wait_timeout):
        """The failure a wait that did not end well (``outcome``) is; None when all reached the target."""
        problems = wait_problems(outcome, self.waits_for, wait_timeout)
        if not problems:
            return None
        return AnsibleWorkSpacesError(
            message=f"{self.past.capitalize()} {', '.join(acted) or 'nothing'}, but " + "; ".join(problems),
            wait_failed=[landing_result(*failed) for failed in outcome.failed],
            not_ready=[landing_result(*pending) for pending in outcome.not_ready],
            **plan.result(acted, answers=answers),
        )


class OneWorkSpaceACall(Verb):
    """A verb whose API takes one WorkSpace a call: the calls run on the bounded pool, and the exception AWS answers
    for one WorkSpace (PER_WORKSPACE_REFUSAL_CODES) is its FailedRequests entry."""

    def request_of(self, workspace, params):  # pylint: disable=unused-argument
        """The call's parameters for one WorkSpace."""
        return {"WorkspaceId": workspace["WorkspaceId"]}

    def send(self, client, limits, plan, max_workers):
        found = plan.found_by_id()
        act = act_on_one(client, self.operation, f"{self.name} workspace", lambda i: self.request_of(found[i], plan.params))
        return act_one_at_a_time(act, plan.to_act, max_workers)


# ---------------------------------------------------------------------------------------------
# The verbs
# ---------------------------------------------------------------------------------------------


class Terminate(Verb):
    """Retiring is the one verb where an ID AWS no longer returns is already done, and its wait is for the ID to go."""

    name = "terminate"
    past = "terminated"
    operation = "TerminateWorkspaces"
    acts_on = AnyStateBut(TERMINATING_STATES | {SUSPENDED})
    already = TERMINATING_STATES
    advice = {SUSPENDED: "resume it, or remove it from workspace_ids, first"}
    wait_target = GONE
    failure_states = frozenset()
    done_key = "terminated"
    already_key = "already_terminating"
    absent_key = "already_absent"
    refused_key = "suspended"

    def absent_problem(self, plan):
        return None

    def refusal_message(self, refused):
        ids = named(refusal.workspace_id for refusal in refused)
        return f"AWS cannot terminate SUSPENDED WorkSpaces. Resume them, or remove them from workspace_ids, first: {ids}"

    def refused_entries(self, plan):
        return [refusal.workspace_id for refusal in plan.refused]

    def extra_result(self, plan, acted):
        return {}  # the SUSPENDED ones are reported only by the refusal that names them

    def diff(self, plan, acted):
        acted = set(acted)
        present_before = [ws["WorkspaceId"] for ws in plan.found if ws["State"] not in TERMINATING_STATES]
        return {
            "before": {"workspace_ids": present_before},
            "after": {"workspace_ids": [i for i in present_before if i not in acted]},
        }

    def wait_failure(self, plan, acted, answers, outcome, wait_timeout):
        if not outcome.not_ready:
            return None
        still_present = [workspace_id for workspace_id, _state in outcome.not_ready]
        return AnsibleWorkSpacesError(
            message=f"Timed out after {wait_timeout}s waiting for WorkSpaces to disappear; still present: {', '.join(still_present)}",
            still_present=still_present,
            **plan.result(acted, answers=answers),
        )


class Start(Verb):
    name = "start"
    past = "started"
    operation = "StartWorkspaces"
    acts_on = frozenset((STOPPED,))
    already = frozenset((AVAILABLE, "STARTING"))
    running_modes = STOPPABLE_RUNNING_MODES
    advice = {
        "ERROR": "rebuild it instead of starting it",
        "UNHEALTHY": "reboot or rebuild it instead of starting it",
        "IMPAIRED": "stop it, then start it",
    }
    done_key = "started"
    already_key = "already_started"


class Stop(Verb):
    name = "stop"
    past = "stopped"
    operation = "StopWorkspaces"
    acts_on = frozenset((AVAILABLE, "IMPAIRED", "UNHEALTHY", "ERROR"))
    already = frozenset((STOPPED, "STOPPING"))
    running_modes = STOPPABLE_RUNNING_MODES
    wait_target = STOPPED
    done_key = "stopped"
    already_key = "already_stopped"


class Reboot(Verb):
    name = "reboot"
    past = "rebooted"
    operation = "RebootWorkspaces"
    acts_on = frozenset((AVAILABLE, "UNHEALTHY"))
    already = frozenset(("REBOOTING",))
    advice = {
        STOPPED: "start it instead of rebooting it",
        "ERROR": "rebuild it instead of rebooting it",
        "IMPAIRED": "stop it, then start it, instead of rebooting it",
    }
    done_key = "rebooted"
    already_key = "already_rebooting"


class Rebuild(Verb):
    name = "rebuild"
    past = "rebuilt"
    operation = "RebuildWorkspaces"
    acts_on = frozenset((AVAILABLE, "ERROR", "UNHEALTHY", STOPPED, "REBOOTING"))
    already = frozenset(("REBUILDING",))
    advice = {"IMPAIRED": "stop it first, then rebuild it"}
    done_key = "rebuilt"
    already_key = "already_rebuilding"


class Restore(OneWorkSpaceACall):
    name = "restore"
    past = "restored"
    operation = "RestoreWorkspace"
    acts_on = frozenset((AVAILABLE, "ERROR", "UNHEALTHY", STOPPED))
    already = frozenset(("RESTORING",))
    advice = {"IMPAIRED": "stop it first, then restore it"}
    done_key = "restored"
    already_key = "already_restoring"


# States that are neither busy nor on their way out, where ModifyWorkspaceState has nothing to start from.
SETTLED_ELSEWHERE = (STOPPED, "ERROR", "UNHEALTHY", "IMPAIRED", SUSPENDED)


class ChangeMaintenance(OneWorkSpaceACall):
    """ModifyWorkspaceState to ``wait_target`` (a TargetWorkspaceState): into admin maintenance, or out of it."""

    operation = "ModifyWorkspaceState"
    done_key = "modified"
    already_key = "unchanged"

    def request_of(self, workspace, params):
        return {"WorkspaceId": workspace["WorkspaceId"], "WorkspaceState": self.wait_target}


class EnterMaintenance(ChangeMaintenance):
    """ADMIN_MAINTENANCE is entered from AVAILABLE only."""

    name = past = "put into admin maintenance"
    acts_on = frozenset((AVAILABLE,))
    already = frozenset((ADMIN_MAINTENANCE,))
    advice = dict(
        dict.fromkeys(SETTLED_ELSEWHERE, "only an AVAILABLE WorkSpace can be put into admin maintenance"),
        STOPPED="start it first (euc.aws.workspaces_start); only an AVAILABLE WorkSpace can be put into admin maintenance",
    )
    wait_target = ADMIN_MAINTENANCE


class LeaveMaintenance(ChangeMaintenance):
    name = "take out of admin maintenance"
    past = "taken out of admin maintenance"
    acts_on = frozenset((ADMIN_MAINTENANCE,))
    already = frozenset((AVAILABLE,))
    advice = dict(
        dict.fromkeys(SETTLED_ELSEWHERE, "it is not in admin maintenance"),
        STOPPED="it is not in admin maintenance; start it (euc.aws.workspaces_start) to make it AVAILABLE",
    )
    wait_target = AVAILABLE


TERMINATE = Terminate()
START = Start()
STOP = Stop()
REBOOT = Reboot()
REBUILD = Rebuild()
RESTORE = Restore()
# workspaces_maintenance's ``state`` option -> the verb.
MAINTENANCE = {"admin_maintenance": EnterMaintenance(), "available": LeaveMaintenance()}


# ---------------------------------------------------------------------------------------------
# The plan (pure)
# ---------------------------------------------------------------------------------------------


class ActionPlan(
    namedtuple(
        "ActionPlan",
        ["verb", "requested", "to_act", "already", "absent", "refused", "found", "params", "absent_reason", "changes", "users"],
        defaults=({}, None, {}, {}),
    )
):
    """What ``verb`` on ``requested`` means given what DescribeWorkspaces returned (``found``, in request order).

    ``params`` are the module's options the verb reads; ``absent_reason`` says why ``absent`` cannot be acted on
    ("{absent}" filled in), when it is not that DescribeWorkspaces does not return those IDs; ``changes`` holds,
    by ID, what a verb plans for each WorkSpace beyond acting on it (its requests, say); ``users`` maps each user
    name given (in the spelling given) to its WorkSpace's ID, or None, when the WorkSpaces were named by user.
    """

    def with_user_names(self, entries):
        """``entries`` (dicts with a ``workspace_id``), each with its user in the spelling given, when named by user."""
        if not self.users:
            return entries
        names = {workspace_id: name for name, workspace_id in self.users.items() if workspace_id}
        return [dict(entry, user_name=names.get(entry["workspace_id"])) for entry in entries]

    def refusal_reasons(self):
        reasons = []
        if self.absent:
            reasons.append(self.verb.absent_problem(self))
        if self.refused:
            reasons.append(self.verb.refusal_message(self.refused))
        return [reason for reason in reasons if reason]

    @property
    def executable(self):
        return not self.refusal_reasons()

    def refusal(self):
        """The error that stops the run before any change: what cannot be acted on, and why."""
        verb = self.verb
        details = self.result([])
        details[verb.refused_key] = verb.refused_entries(self)
        return AnsibleWorkSpacesError(message=f"Nothing was {verb.past}: {'; '.join(self.refusal_reasons())}", **details)

    def states_before(self):
        return {ws["WorkspaceId"]: ws["State"] for ws in self.found}

    def found_by_id(self):
        return {ws["WorkspaceId"]: ws for ws in self.found}

    def to_wait_for(self, acted):
        """Those acted on, and those found on their way but not there yet."""
        states = self.states_before()
        return list(acted) + [i for i in self.already if states[i] != self.verb.wait_target]

    def preview(self):
        """The result in check mode: what would be done."""
        return self.result(self.to_act)

    def result(self, acted, failed_requests=(), answers=None):
        """The module result once ``acted`` were acted on (or, in check mode, would be); ``answers`` by ID."""
        verb = self.verb
        result = {
            "changed": bool(acted),
            verb.done_key: verb.done_entries(self, acted, answers or {}),
            verb.already_key: list(self.already),
            verb.absent_key: list(self.absent),
            "failed_requests": self.with_user_names([failure.as_result() for failure in failed_requests]),
            "workspaces": list(self.found),
            "users": dict(self.users),
            "diff": verb.diff(self, acted),
        }
        result.update(verb.extra_result(self, acted))
        return result


def plan_action(verb, requested_ids, found_workspaces, params=None):
    """Classify each requested ID by what DescribeWorkspaces returned for it (pure)."""
    params = params or {}
    requested = unique_in_order(requested_ids)
    by_id = {ws["WorkspaceId"]: ws for ws in found_workspaces}
    found = [by_id[i] for i in requested if i in by_id]
    done = {ws["WorkspaceId"] for ws in found if verb.is_done(ws, params)}
    reasons = {ws["WorkspaceId"]: verb.refusal_reason(ws, params) for ws in found}
    return ActionPlan(
        verb=verb,
        requested=requested,
        to_act=[ws["WorkspaceId"] for ws in found if reasons[ws["WorkspaceId"]] is None and ws["WorkspaceId"] not in done],
        already=[ws["WorkspaceId"] for ws in found if ws["WorkspaceId"] in done],
        absent=[i for i in requested if i not in by_id],
        refused=[Refusal(ws["WorkspaceId"], ws["State"], reasons[ws["WorkspaceId"]]) for ws in found if reasons[ws["WorkspaceId"]]],
        found=found,
        params=params,
    )


def plan_by_ids(client, limits, verb, params, max_workers=1):
    """The plan for ``params["workspace_ids"]``, looked up with DescribeWorkspaces (25 IDs a call)."""
    found = find_workspaces(client, limits, workspace_ids=params["workspace_ids"], max_workers=max_workers)
    return verb.classify(params["workspace_ids"], found, params)


def plan_by_users(client, verb, params, max_workers=1):
    """The plan for the WorkSpaces of ``params["user_names"]`` in ``params["directory_id"]`` (users.workspaces_of_users).

    Each user counts once whatever the case, in the spelling first given; the verb chooses which of a user's
    WorkSpaces it is about (workspace_of_user). A user it chooses none for is absent, and the plan's IDs are those
    of the users' WorkSpaces, in the order of the users.
    """
    directory_id = params["directory_id"]
    user_names = first_spellings(params["user_names"])
    workspaces = workspaces_of_users(client, directory_id, user_names, max_workers)
    chosen = {name: verb.workspace_of_user(workspaces[name], params) for name in user_names}
    found = [workspace for workspace in chosen.values() if workspace]
    plan = verb.classify(unique_in_order(ws["WorkspaceId"] for ws in found), found, params)
    return plan._replace(
        absent=[name for name in user_names if chosen[name] is None],
        absent_reason=f"directory {directory_id} holds no WorkSpace of {{absent}} (check the user names and the directory)",
        users={name: workspace["WorkspaceId"] if workspace else None for name, workspace in chosen.items()},
    )


# ---------------------------------------------------------------------------------------------
# Acting and waiting
# ---------------------------------------------------------------------------------------------


class ActionOutcome(namedtuple("ActionOutcome", ["succeeded", "failed_requests", "answers"])):
    """The IDs acted on, the FailedRequests (or per-WorkSpace refusals) of the rest, and each call's answer by ID."""

    @classmethod
    def of(cls, outcome):
        return cls(outcome.succeeded, outcome.failed_requests, getattr(outcome, "answers", {}))


def apply_plan(client, limits, plan, max_workers=1):
    """Act on ``plan.to_act``; fail naming every FailedRequests entry (or refusal). Returns an ActionOutcome.

    Every failure carries ``plan.result`` of what was done before it.
    """
    verb = plan.verb
    try:
        outcome = ActionOutcome.of(verb.send(client, limits, plan, max_workers))
    except Interrupted as error:
        done = ActionOutcome.of(error.outcome)
        raise interrupted(error, plan.result(done.succeeded, done.failed_requests, done.answers)) from error
    if outcome.failed_requests:
        raise AnsibleWorkSpacesError(
            message=(
                f"Failed to {verb.name} {len(outcome.failed_requests)} WorkSpace(s): "
                + "; ".join(str(failure) for failure in outcome.failed_requests)
            ),
            **plan.result(outcome.succeeded, outcome.failed_requests, outcome.answers),
        )
    return outcome


def interrupted(error, result):
    """The failure of a run that a call error (an Interrupted) stopped midway: ``result`` so far, and who was left
    in doubt."""
    return AnsibleWorkSpacesError(message=error.message, outcome_unknown=error.unknown, not_attempted=error.not_attempted, **result)


def wait_after(client, limits, plan, acted, wait_timeout, max_workers=1, answers=None):
    """Wait for the WorkSpaces acted on (and those already on their way) to reach the verb's targets."""
    verb = plan.verb
    targets = verb.wait_targets(plan, acted, answers or {})
    verdict = StateVerdict(targets, verb.failure_states, plan.states_before())
    try:
        outcome = wait_until(client, list(targets), limits.describe_batch_size, wait_timeout, verdict, max_workers)
    except AnsibleWorkSpacesError as error:
        raise AnsibleWorkSpacesError(
            message=(
                f"{verb.past.capitalize()} {', '.join(acted) or 'nothing'}, then waiting for them to {verb.waits_for} "
                f"failed: {error.message}"
            ),
            exception=error.exception,
            **plan.result(acted, answers=answers),
        ) from error
    failure = verb.wait_failure(plan, acted, answers, outcome, wait_timeout)
    if failure:
        raise failure


def landing_as_text(workspace_id, state):
    return f"{workspace_id} ({state or 'no longer returned'})"


def wait_problems(outcome, waits_for, wait_timeout, describe=landing_as_text):
    """What a wait that did not end well has to say: those that landed elsewhere, and those not there in time."""
    problems = []
    if outcome.failed:
        problems.append(f"{len(outcome.failed)} WorkSpace(s) did not {waits_for}: " + ", ".join(describe(*f) for f in outcome.failed))
    if outcome.not_ready:
        problems.append(
            f"timed out after {wait_timeout}s waiting for WorkSpaces to {waits_for}; not there yet: "
            + ", ".join(describe(*pending) for pending in outcome.not_ready)
        )
    return problems


def landing_result(workspace_id, state):
    return {"workspace_id": workspace_id, "state": state}


# ---------------------------------------------------------------------------------------------
# The runner
# ---------------------------------------------------------------------------------------------


class Run(namedtuple("Run", ["client", "limits", "params"])):
    """What every step of one run reads: the client, the API's limits and the module's options."""

    @property
    def max_workers(self):
        return self.params["max_concurrency"]


def run_verb(client, verb, params, check_mode):
    """The whole action: check the options, look up and plan, refuse or act (not in check mode), wait. The result.

    Calls run on the pool, at most ``params["max_concurrency"]`` at once; 1 makes every call in turn.
    """
    problems = verb.option_problems(client.meta.service_model, params)
    if problems:
        raise verb.options_refusal(problems)
    run = Run(client, ApiLimits.from_client(client), params)
    plan = verb.plan(client, run.limits, params, run.max_workers)
    if not plan.executable:
        raise plan.refusal()
    if check_mode:
        return plan.preview()
    return verb.apply(run, plan)


def run_action(client, verb, workspace_ids, wait, wait_timeout, check_mode, max_workers=1, params=None):
    """run_verb for ``workspace_ids``, with the options every action module has given one by one."""
    params = dict(params or {}, workspace_ids=workspace_ids, wait=wait, wait_timeout=wait_timeout, max_concurrency=max_workers)
    return run_verb(client, verb, params, check_mode)


# ---------------------------------------------------------------------------------------------
# The one wiring of the action modules
# ---------------------------------------------------------------------------------------------


def action_argument_spec(wait_timeout=1200):
    return dict(
        workspace_ids=dict(type="list", elements="str"),
        directory_id=dict(type="str"),
        user_names=dict(type="list", elements="str"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=wait_timeout),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )


def action_module(wait_timeout=1200, required_one_of=(), **options):
    """The AnsibleAWSModule of an action module: the options every action module has, and the verb's ``options``.

    The WorkSpaces are named by ``workspace_ids``, or by ``directory_id`` with ``user_names``.
    """
    return AnsibleAWSModule(
        argument_spec=dict(action_argument_spec(wait_timeout), **options),
        mutually_exclusive=[("workspace_ids", "directory_id"), ("workspace_ids", "user_names")],
        required_together=[("directory_id", "user_names")],
        required_one_of=[("workspace_ids", "user_names"), *required_one_of],
        supports_check_mode=True,
    )


def common_option_problems(params):
    """What is wrong with the options every action module has, beyond their types, before any AWS call."""
    problems = []
    if params["wait_timeout"] < 0:
        problems.append(f"wait_timeout must be 0 or more seconds, got {params['wait_timeout']}")
    concurrency_problem = max_concurrency_problem(params["max_concurrency"])
    if concurrency_problem:
        problems.append(concurrency_problem)
    return problems


def as_module_result(result, diff_mode):
    result = dict(result)
    result["workspaces"] = [as_ansible_workspace(ws) for ws in result["workspaces"]]
    if not diff_mode:
        result.pop("diff", None)
    return result


def as_failure_result(verb, details, diff_mode):
    # A failure before the lookup answered has no plan, but rescue blocks and AWX read the done list regardless.
    if "workspaces" in details:
        return as_module_result(details, diff_mode)
    return dict(details, changed=False, **{verb.done_key: []})


def run_action_module(module, verb):
    """main() of every action module: run ``verb`` with the module's options, exit or fail once."""
    problems = common_option_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems), **as_failure_result(verb, {}, module._diff))
    client = module.client("workspaces", retry_decorator=workspaces_retry(backoff=SharedBackoff()))
    try:
        result = run_verb(client, verb, module.params, module.check_mode)
    except AnsibleWorkSpacesError as error:
        fail_module(module, error, **as_failure_result(verb, error.kwargs, module._diff))
    module.exit_json(**as_module_result(result, module._diff))

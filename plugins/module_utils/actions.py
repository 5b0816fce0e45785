# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one engine behind every WorkSpaces action module (terminate, start, stop, reboot, rebuild, maintenance,
restore, migrate).

Each action is data (an ``Action``): the API operation and its request shape, which states it acts on, which mean
it is already done or on its way, and what to wait for. The steps are the same for all of them:
look the IDs up (DescribeWorkspaces, batched) -> classify each ID (``plan_action``, pure) -> refuse before
any change when something cannot be acted on -> act (FailedRequests, or each WorkSpace's refusal, collected) ->
optionally wait for the target state -> one result shape.

Two request shapes: a batched request list answered with FailedRequests (Terminate/Start/Stop/Reboot/Rebuild
Workspaces), or one WorkSpace a call on the bounded pool, where the exception AWS answers for one WorkSpace plays
the part of its FailedRequests entry (ModifyWorkspaceState, RestoreWorkspace, MigrateWorkspace).
"""

from collections import namedtuple

from ansible_collections.euc.aws.plugins.module_utils.concurrency import DEFAULT_MAX_CONCURRENCY
from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.concurrency import max_concurrency_problem
from ansible_collections.euc.aws.plugins.module_utils.workspaces import GONE
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_on_batch
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_on_one
from ansible_collections.euc.aws.plugins.module_utils.workspaces import act_one_at_a_time
from ansible_collections.euc.aws.plugins.module_utils.workspaces import as_ansible_workspace
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import find_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import state_verdict
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order
from ansible_collections.euc.aws.plugins.module_utils.workspaces import wait_until
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry

# AWS keeps terminated WorkSpaces visible for a while: TERMINATING, then briefly TERMINATED.
TERMINATING_STATES = frozenset(("TERMINATING", "TERMINATED"))
# States a WorkSpace passes through on its own; an action must wait until it has settled.
BUSY_STATES = frozenset(("PENDING", "STARTING", "STOPPING", "REBOOTING", "REBUILDING", "RESTORING", "UPDATING", "MAINTENANCE"))
# An administrator's state, left only when asked: AWS ignores reboot, stop, start, rebuild and restore requests there.
ADMIN_MAINTENANCE = "ADMIN_MAINTENANCE"
ADMIN_MAINTENANCE_ADVICE = "take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"
# Where a WorkSpace lands when an action went wrong (RebootWorkspaces on an unhealthy WorkSpace, ...).
FAILURE_STATES = frozenset(("ERROR", "UNHEALTHY", "IMPAIRED"))
# StartWorkspaces and StopWorkspaces act only on WorkSpaces whose running mode lets them be stopped.
STOPPABLE_RUNNING_MODES = frozenset(("AUTO_STOP", "MANUAL"))


class AnyStateBut(frozenset):
    """Every state except the ones given, including states a newer API may add."""

    def __contains__(self, state):
        return not frozenset.__contains__(self, state)


class Action(
    namedtuple(
        "Action",
        [
            "name",  # the verb in messages: "reboot"
            "past",  # "rebooted"
            "operation",  # the batched API call: "RebootWorkspaces"
            "acts_on",  # states the call accepts
            "already",  # states that mean done or on its way: ok, no call
            "running_modes",  # running modes the call accepts (None: any)
            "advice",  # state -> what to do instead, for states the call refuses
            "wait_target",  # the state to wait for, or GONE
            "failure_states",  # states that end a wait in failure
            "done_key",  # result key of the IDs acted on: "rebooted"
            "already_key",  # result key of the IDs already there: "already_rebooting"
            "absent_key",  # result key of the IDs DescribeWorkspaces does not return
            "absent_is_done",  # whether such an ID is already done (terminate) or cannot be acted on
            "refused_key",  # result key of the refused WorkSpaces
            "refused_as_ids",  # whether that key lists IDs only (otherwise ID, state and reason each)
            "refused_always_reported",  # whether every result has that key (otherwise only the refusal)
            "refusal_message",  # "{ids}" and "{details}" are filled in
            # The rest only for verbs that need them; None means the way of the batched verbs above.
            "request_of",  # one WorkSpace a call: (workspace, params) -> that call's parameters; None: a batched list
            "already_when",  # (workspace, params) -> whether it is already done (None: its state is in ``already``)
            "done_entry",  # (workspace, answer, params) -> its entry under ``done_key`` (None: its ID)
            "plan_with",  # (client, limits, action, params, max_workers) -> ActionPlan (None: plan_by_ids)
            "option_problems",  # (service_model, params) -> what is wrong with the verb's own options
            "wait_targets",  # (plan, acted, answers) -> {workspace ID: state or GONE} (None: ``wait_target``)
            "waits_for",  # what the wait waits for, in messages (None: "become <wait_target>" or "disappear")
            "diff_of",  # (plan, acted) -> the diff (None: the states before and after)
        ],
        defaults=(None,) * 8,
    )
):
    """An action on WorkSpaces, described as data."""

    def wait_phrase(self):
        if self.waits_for:
            return self.waits_for
        return "disappear" if self.wait_target is GONE else f"become {self.wait_target}"

    @property
    def one_a_call(self):
        return self.request_of is not None


def refusal_details(past):
    return "these WorkSpaces cannot be " + past + " in their current state: {details}"


# How every verb but terminate reports: an ID AWS no longer returns was not found (not done), a WorkSpace refused is
# listed with its state and the reason, always, and a WorkSpace that lands in a failure state fails the wait.
REPORTS_AS_A_CHANGE = dict(
    failure_states=FAILURE_STATES,
    absent_key="not_found",
    absent_is_done=False,
    refused_key="refused",
    refused_as_ids=False,
    refused_always_reported=True,
)


TERMINATE = Action(
    name="terminate",
    past="terminated",
    operation="TerminateWorkspaces",
    acts_on=AnyStateBut(TERMINATING_STATES | {"SUSPENDED"}),
    already=TERMINATING_STATES,
    running_modes=None,
    advice={"SUSPENDED": "resume it, or remove it from workspace_ids, first"},
    wait_target=GONE,
    failure_states=frozenset(),
    done_key="terminated",
    already_key="already_terminating",
    absent_key="already_absent",
    absent_is_done=True,
    refused_key="suspended",
    refused_as_ids=True,
    refused_always_reported=False,
    refusal_message="AWS cannot terminate SUSPENDED WorkSpaces. Resume them, or remove them from workspace_ids, first: {ids}",
)

START = Action(
    name="start",
    past="started",
    operation="StartWorkspaces",
    acts_on=frozenset(("STOPPED",)),
    already=frozenset(("AVAILABLE", "STARTING")),
    running_modes=STOPPABLE_RUNNING_MODES,
    advice={
        "ERROR": "rebuild it instead of starting it",
        "UNHEALTHY": "reboot or rebuild it instead of starting it",
        "IMPAIRED": "stop it, then start it",
    },
    wait_target="AVAILABLE",
    **REPORTS_AS_A_CHANGE,
    done_key="started",
    already_key="already_started",
    refusal_message=refusal_details("started"),
)

STOP = Action(
    name="stop",
    past="stopped",
    operation="StopWorkspaces",
    acts_on=frozenset(("AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR")),
    already=frozenset(("STOPPED", "STOPPING")),
    running_modes=STOPPABLE_RUNNING_MODES,
    advice={},
    wait_target="STOPPED",
    **REPORTS_AS_A_CHANGE,
    done_key="stopped",
    already_key="already_stopped",
    refusal_message=refusal_details("stopped"),
)

REBOOT = Action(
    name="reboot",
    past="rebooted",
    operation="RebootWorkspaces",
    acts_on=frozenset(("AVAILABLE", "UNHEALTHY")),
    already=frozenset(("REBOOTING",)),
    running_modes=None,
    advice={
        "STOPPED": "start it instead of rebooting it",
        "ERROR": "rebuild it instead of rebooting it",
        "IMPAIRED": "stop it, then start it, instead of rebooting it",
    },
    wait_target="AVAILABLE",
    **REPORTS_AS_A_CHANGE,
    done_key="rebooted",
    already_key="already_rebooting",
    refusal_message=refusal_details("rebooted"),
)

REBUILD = Action(
    name="rebuild",
    past="rebuilt",
    operation="RebuildWorkspaces",
    acts_on=frozenset(("AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED", "REBOOTING")),
    already=frozenset(("REBUILDING",)),
    running_modes=None,
    advice={"IMPAIRED": "stop it first, then rebuild it"},
    wait_target="AVAILABLE",
    **REPORTS_AS_A_CHANGE,
    done_key="rebuilt",
    already_key="already_rebuilding",
    refusal_message=refusal_details("rebuilt"),
)


RESTORE = Action(
    name="restore",
    past="restored",
    operation="RestoreWorkspace",
    acts_on=frozenset(("AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED")),
    already=frozenset(("RESTORING",)),
    running_modes=None,
    advice={"IMPAIRED": "stop it first, then restore it"},
    wait_target="AVAILABLE",
    **REPORTS_AS_A_CHANGE,
    done_key="restored",
    already_key="already_restoring",
    refusal_message=refusal_details("restored"),
    request_of=lambda workspace, params: {"WorkspaceId": workspace["WorkspaceId"]},
)

# States that are neither busy nor on their way out, where ModifyWorkspaceState has nothing to start from.
SETTLED_ELSEWHERE = ("STOPPED", "ERROR", "UNHEALTHY", "IMPAIRED", "SUSPENDED")


def workspace_state_request(target):
    """ModifyWorkspaceState's parameters for one WorkSpace and ``target`` (a TargetWorkspaceState)."""
    return lambda workspace, params: {"WorkspaceId": workspace["WorkspaceId"], "WorkspaceState": target}


MAINTENANCE_COMMON = dict(
    operation="ModifyWorkspaceState",
    running_modes=None,
    **REPORTS_AS_A_CHANGE,
    done_key="modified",
    already_key="unchanged",
)

# workspaces_maintenance's ``state`` option -> the action. ADMIN_MAINTENANCE is entered from AVAILABLE only.
MAINTENANCE = {
    "admin_maintenance": Action(
        name="put into admin maintenance",
        past="put into admin maintenance",
        acts_on=frozenset(("AVAILABLE",)),
        already=frozenset((ADMIN_MAINTENANCE,)),
        advice=dict(
            dict.fromkeys(SETTLED_ELSEWHERE, "only an AVAILABLE WorkSpace can be put into admin maintenance"),
            STOPPED="start it first (euc.aws.workspaces_start); only an AVAILABLE WorkSpace can be put into admin maintenance",
        ),
        wait_target=ADMIN_MAINTENANCE,
        refusal_message=refusal_details("put into admin maintenance"),
        request_of=workspace_state_request(ADMIN_MAINTENANCE),
        **MAINTENANCE_COMMON,
    ),
    "available": Action(
        name="take out of admin maintenance",
        past="taken out of admin maintenance",
        acts_on=frozenset((ADMIN_MAINTENANCE,)),
        already=frozenset(("AVAILABLE",)),
        advice=dict(
            dict.fromkeys(SETTLED_ELSEWHERE, "it is not in admin maintenance"),
            STOPPED="it is not in admin maintenance; start it (euc.aws.workspaces_start) to make it AVAILABLE",
        ),
        wait_target="AVAILABLE",
        refusal_message=refusal_details("taken out of admin maintenance"),
        request_of=workspace_state_request("AVAILABLE"),
        **MAINTENANCE_COMMON,
    ),
}


def is_already_done(action, workspace, params=None):
    if action.already_when:
        return action.already_when(workspace, params or {})
    return workspace["State"] in action.already


def refusal_reason(action, workspace, params=None):
    """Why ``action`` cannot act on ``workspace`` now, and what to do instead; None when it can."""
    state = workspace["State"]
    running_mode = (workspace.get("WorkspaceProperties") or {}).get("RunningMode")
    if is_already_done(action, workspace, params):
        return None
    if state in action.acts_on:
        if action.running_modes is None or running_mode in action.running_modes:
            return None
        return (
            f"{running_mode}: AWS cannot {action.name} a WorkSpace in this running mode; change its running mode to "
            f"{' or '.join(sorted(action.running_modes))} first"
        )
    return state_refusal_reason(state, action.advice, f"AWS cannot {action.name} a WorkSpace in this state")


def state_refusal_reason(state, advice, otherwise):
    """Why a WorkSpace in ``state`` (one a verb does not take) is refused, and what to do instead: the verb's own
    ``advice`` for the state first, then what holds for every verb, else ``otherwise``."""
    if state in advice:
        return f"{state}: {advice[state]}"
    if state == ADMIN_MAINTENANCE:
        return f"{state}: {ADMIN_MAINTENANCE_ADVICE}"
    if state in TERMINATING_STATES:
        return f"{state}: it is being terminated"
    if state in BUSY_STATES:
        return f"{state}: it is busy; wait until it has settled, then try again"
    return f"{state}: {otherwise}"


class Refusal(namedtuple("Refusal", ["workspace_id", "state", "reason"])):
    def __str__(self):
        return f"{self.workspace_id} ({self.reason})"


class ActionPlan(
    namedtuple(
        "ActionPlan", ["action", "requested", "to_act", "already", "absent", "refused", "found", "params", "absent_reason"], defaults=({}, None)
    )
):
    """What ``action`` on ``requested`` means given what DescribeWorkspaces returned (``found``, in request order).

    ``params`` are the module's options the verb reads; ``absent_reason`` says why ``absent`` cannot be acted on
    ("{absent}" filled in), when it is not that DescribeWorkspaces does not return those IDs.
    """

    @property
    def executable(self):
        return not self.refused and (self.action.absent_is_done or not self.absent)

    def refusal(self):
        """The error that stops the run before any change: what cannot be acted on, and why."""
        action = self.action
        reasons = []
        if self.absent and not action.absent_is_done:
            reason = self.absent_reason or "DescribeWorkspaces does not return {absent} (check the IDs and the region)"
            reasons.append(reason.format(absent=", ".join(self.absent)))
        if self.refused:
            reasons.append(
                action.refusal_message.format(
                    ids=", ".join(r.workspace_id for r in self.refused), details="; ".join(str(r) for r in self.refused)
                )
            )
        details = self.result([])
        details[action.refused_key] = self.refused_result()
        return AnsibleWorkSpacesError(message=f"Nothing was {action.past}: {'; '.join(reasons)}", **details)

    def refused_result(self):
        if self.action.refused_as_ids:
            return [r.workspace_id for r in self.refused]
        return [r._asdict() for r in self.refused]

    def states_before(self):
        return {ws["WorkspaceId"]: ws["State"] for ws in self.found}

    def found_by_id(self):
        return {ws["WorkspaceId"]: ws for ws in self.found}

    def to_wait_for(self, acted):
        """Those acted on, and those found on their way but not there yet."""
        target = self.action.wait_target
        states = self.states_before()
        return list(acted) + [i for i in self.already if states[i] != target]

    def done_entries(self, acted, answers=None):
        if not self.action.done_entry:
            return list(acted)
        answers = answers or {}
        found = self.found_by_id()
        return [self.action.done_entry(found[i], answers.get(i), self.params) for i in acted]

    def result(self, acted, failed_requests=(), answers=None):
        """The module result once ``acted`` were acted on (or, in check mode, would be); ``answers`` by ID."""
        action = self.action
        result = {
            "changed": bool(acted),
            action.done_key: self.done_entries(acted, answers),
            action.already_key: list(self.already),
            action.absent_key: list(self.absent),
            "failed_requests": [failure.as_result() for failure in failed_requests],
            "workspaces": list(self.found),
            "diff": self.diff(acted),
        }
        if action.refused_always_reported:
            result[action.refused_key] = self.refused_result()
        return result

    def diff(self, acted):
        if self.action.diff_of:
            return self.action.diff_of(self, acted)
        acted = set(acted)
        if self.action.wait_target is GONE:
            present_before = [ws["WorkspaceId"] for ws in self.found if ws["State"] not in TERMINATING_STATES]
            return {
                "before": {"workspace_ids": present_before},
                "after": {"workspace_ids": [i for i in present_before if i not in acted]},
            }
        states = self.states_before()
        return {
            "before": {"states": states},
            "after": {"states": {i: self.action.wait_target if i in acted else state for i, state in states.items()}},
        }


def plan_action(action, requested_ids, found_workspaces, params=None):
    """Classify each requested ID by what DescribeWorkspaces returned for it (pure)."""
    params = params or {}
    requested = unique_in_order(requested_ids)
    by_id = {ws["WorkspaceId"]: ws for ws in found_workspaces}
    found = [by_id[i] for i in requested if i in by_id]
    done = {ws["WorkspaceId"] for ws in found if is_already_done(action, ws, params)}
    reasons = {ws["WorkspaceId"]: refusal_reason(action, ws, params) for ws in found}
    return ActionPlan(
        action=action,
        requested=requested,
        to_act=[ws["WorkspaceId"] for ws in found if reasons[ws["WorkspaceId"]] is None and ws["WorkspaceId"] not in done],
        already=[ws["WorkspaceId"] for ws in found if ws["WorkspaceId"] in done],
        absent=[i for i in requested if i not in by_id],
        refused=[Refusal(ws["WorkspaceId"], ws["State"], reasons[ws["WorkspaceId"]]) for ws in found if reasons[ws["WorkspaceId"]]],
        found=found,
        params=params,
    )


def plan_by_ids(client, limits, action, params, max_workers=1):
    """The plan for ``params["workspace_ids"]``, looked up with DescribeWorkspaces (25 IDs a call)."""
    found = find_workspaces(client, limits, workspace_ids=params["workspace_ids"], max_workers=max_workers)
    return plan_action(action, params["workspace_ids"], found, params)


class ActionOutcome(namedtuple("ActionOutcome", ["succeeded", "failed_requests", "answers"])):
    """The IDs acted on, the FailedRequests (or per-WorkSpace refusals) of the rest, and each call's answer by ID."""

    @classmethod
    def of(cls, outcome):
        return cls(outcome.succeeded, outcome.failed_requests, getattr(outcome, "answers", {}))


def act_on_plan(client, limits, plan, max_workers):
    """``plan.to_act`` through the action's request shape: a batched request list, or one WorkSpace a call."""
    action = plan.action
    if not action.one_a_call:
        act = act_on_batch(client, limits, action.operation, f"{action.name} workspaces")
        return act_in_batches(act, plan.to_act, limits.batch_size(action.operation), max_workers)
    found = plan.found_by_id()
    act = act_on_one(client, action.operation, f"{action.name} workspace", lambda i: action.request_of(found[i], plan.params))
    return act_one_at_a_time(act, plan.to_act, max_workers)


def apply_plan(client, limits, plan, max_workers=1):
    """Act on ``plan.to_act``; fail naming every FailedRequests entry (or refusal). Returns an ActionOutcome.

    Every failure carries ``plan.result`` of what was done before it.
    """
    action = plan.action
    try:
        outcome = ActionOutcome.of(act_on_plan(client, limits, plan, max_workers))
    except AnsibleWorkSpacesError as error:
        done = ActionOutcome.of(error.kwargs["outcome"])
        raise interrupted(error, plan.result(done.succeeded, done.failed_requests, done.answers)) from error
    if outcome.failed_requests:
        raise AnsibleWorkSpacesError(
            message=(
                f"Failed to {action.name} {len(outcome.failed_requests)} WorkSpace(s): "
                + "; ".join(str(failure) for failure in outcome.failed_requests)
            ),
            **plan.result(outcome.succeeded, outcome.failed_requests, outcome.answers),
        )
    return outcome


def interrupted(error, result):
    """The failure of a run that a call error stopped midway: ``result`` so far, and who was left in doubt."""
    return AnsibleWorkSpacesError(
        message=error.message, outcome_unknown=list(error.kwargs["unknown"]), not_attempted=list(error.kwargs["not_attempted"]), **result
    )


def wait_after(client, limits, plan, acted, wait_timeout, max_workers=1, answers=None):
    """Wait for the WorkSpaces acted on (and those already on their way) to reach the action's target."""
    action = plan.action
    if action.wait_targets:
        targets = action.wait_targets(plan, acted, answers or {})
    else:
        targets = dict.fromkeys(plan.to_wait_for(acted), action.wait_target)
    verdict = state_verdict(targets, action.failure_states, plan.states_before())
    try:
        outcome = wait_until(client, list(targets), limits.describe_batch_size, wait_timeout, verdict, max_workers)
    except AnsibleWorkSpacesError as error:
        raise AnsibleWorkSpacesError(
            message=(
                f"{action.past.capitalize()} {', '.join(acted) or 'nothing'}, then waiting for them to {action.wait_phrase()} "
                f"failed: {error.message}"
            ),
            exception=error.exception,
            **plan.result(acted, answers=answers),
        ) from error
    if action.wait_target is GONE:
        if outcome.not_ready:
            still_present = [workspace_id for workspace_id, _state in outcome.not_ready]
            raise AnsibleWorkSpacesError(
                message=f"Timed out after {wait_timeout}s waiting for WorkSpaces to disappear; still present: {', '.join(still_present)}",
                still_present=still_present,
                **plan.result(acted, answers=answers),
            )
        return
    problems = wait_problems(outcome, action.wait_phrase(), wait_timeout)
    if problems:
        raise AnsibleWorkSpacesError(
            message=f"{action.past.capitalize()} {', '.join(acted) or 'nothing'}, but " + "; ".join(problems),
            wait_failed=[landing_result(*f) for f in outcome.failed],
            not_ready=[landing_result(*pending) for pending in outcome.not_ready],
            **plan.result(acted, answers=answers),
        )


def describe_landing(workspace_id, state):
    return f"{workspace_id} ({state or 'no longer returned'})"


def wait_problems(outcome, wait_phrase, wait_timeout, describe=describe_landing):
    """What a wait that did not end well has to say: those that landed elsewhere, and those not there in time."""
    problems = []
    if outcome.failed:
        problems.append(f"{len(outcome.failed)} WorkSpace(s) did not {wait_phrase}: " + ", ".join(describe(*f) for f in outcome.failed))
    if outcome.not_ready:
        problems.append(
            f"timed out after {wait_timeout}s waiting for WorkSpaces to {wait_phrase}; not there yet: "
            + ", ".join(describe(*pending) for pending in outcome.not_ready)
        )
    return problems


def landing_result(workspace_id, state):
    return {"workspace_id": workspace_id, "state": state}


def run_action(client, action, workspace_ids, wait, wait_timeout, check_mode, max_workers=1, params=None):
    """The whole action: look up, refuse or act (not in check mode), optionally wait. Returns the result.

    Calls run on the pool, at most ``max_workers`` at once; 1 makes every call in turn. ``params`` are the module's
    options, for verbs that read more than these.
    """
    params = dict(params or {}, workspace_ids=workspace_ids)
    limits = ApiLimits.from_client(client)
    problems = action.option_problems(client.meta.service_model, params) if action.option_problems else []
    if problems:
        raise AnsibleWorkSpacesError(message=f"Nothing was {action.past}: " + "; ".join(problems), invalid=problems)
    plan = (action.plan_with or plan_by_ids)(client, limits, action, params, max_workers)
    if not plan.executable:
        raise plan.refusal()
    if check_mode:
        return plan.result(plan.to_act)
    outcome = apply_plan(client, limits, plan, max_workers)
    if wait:
        wait_after(client, limits, plan, outcome.succeeded, wait_timeout, max_workers, outcome.answers)
    return plan.result(outcome.succeeded, answers=outcome.answers)


# ---------------------------------------------------------------------------------------------
# Wiring for the action modules
# ---------------------------------------------------------------------------------------------


def action_argument_spec(wait_timeout=1200):
    return dict(
        workspace_ids=dict(type="list", elements="str", required=True),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=wait_timeout),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
    )


def option_problems(params):
    """What is wrong with the options the module checks beyond their types, before any AWS call."""
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
        result.pop("diff")
    return result


def as_failure_result(action, details, diff_mode):
    # A failure before the lookup answered has no plan, but rescue blocks and AWX read the done list regardless.
    if "workspaces" in details:
        return as_module_result(details, diff_mode)
    return dict(details, changed=False, **{action.done_key: []})


def run_action_module(module, action):
    """main() of an action module built with ``action_argument_spec``: run ``action``, exit or fail once."""
    params = module.params
    problems = option_problems(params)
    if problems:
        module.fail_json(msg="; ".join(problems), **as_failure_result(action, {}, module._diff))
    client = module.client("workspaces", retry_decorator=workspaces_retry(backoff=SharedBackoff()))
    try:
        result = run_action(
            client,
            action,
            params["workspace_ids"],
            params["wait"],
            params["wait_timeout"],
            module.check_mode,
            params["max_concurrency"],
            params=params,
        )
    except AnsibleWorkSpacesError as error:
        fail_module(module, error, **as_failure_result(action, error.kwargs, module._diff))
    module.exit_json(**as_module_result(result, module._diff))

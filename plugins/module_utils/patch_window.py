# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Planning and reporting a patch window (pure: host variables and workspaces_info results in, lists out).

The role euc.aws.workspaces_patch_window calls this through the filters euc.aws.patch_window_plan and
euc.aws.patch_window_outcome, so that which WorkSpace is started, put in maintenance, patched or skipped is decided
by Python with unit tests rather than by Jinja.
"""

from ansible_collections.euc.aws.plugins.module_utils import states

MAINTENANCE = states.ADMIN_MAINTENANCE
AVAILABLE = states.AVAILABLE
STOPPED = states.STOPPED

# The states the window skips with a reason of their own, so that the summary tells the administrator what to do
# about it; any state not named here is skipped too, with the generic reason. A SUSPENDED WorkSpace needs attention
# as a failed one does: to the engine it is a state each verb decides about (states.meaning_of), and here it is one.
NEEDS_ATTENTION = states.FAILURE_STATES | {states.SUSPENDED}
BUSY = states.BUSY_STATES
GOING = states.TERMINATING_STATES

# How the window words what a state it skips means for every verb (states.meaning_of, with NEEDS_ATTENTION failed).
SKIP_WORDING = {
    states.FAILED: "needs attention before it can be patched",
    states.BUSY: "busy, try again once it has settled",
    states.GOING: "being terminated",
}

RESULT_LISTS = ("started", "maintained", "patched", "failed", "skipped", "stopped_again", "recovered", "left_out")

# The states a window records in its tag before it changes a WorkSpace, and puts the WorkSpace back to.
RECORDABLE_STATES = (AVAILABLE, STOPPED)
DEFAULT_TAG_KEY = "euc.aws:patch-window"

# Why a host of the batch is in `failed`.
TASKS_FAILED = "tasks failed"
UNREACHABLE = "unreachable"


class PlanError(ValueError):
    pass


def skip_reason(state, running_mode):
    if state == STOPPED:
        return f"STOPPED with running mode {running_mode}: StartWorkspaces takes AUTO_STOP and MANUAL only"
    meaning = states.FAILED if state in NEEDS_ATTENTION else states.meaning_of(state)
    return f"{state}: {SKIP_WORDING.get(meaning, 'not a state the window can take')}"


def recorded_state(workspace, tag_key):
    """The state an earlier window recorded in the WorkSpace's tag before it changed it, or None.

    A value other than AVAILABLE or STOPPED is not a window's record, so it counts as no tag at all.
    """
    value = (workspace.get("tags") or {}).get(tag_key) if tag_key else None
    return value if value in RECORDABLE_STATES else None


def host_entry(host, workspace=None, reason=None, tag_key=None):
    described = {"host": host["host"], "workspace_id": host["workspace_id"], "region": host["region"]}
    if workspace is not None:
        described["state"] = workspace.get("state")
        described["running_mode"] = (workspace.get("workspace_properties") or {}).get("running_mode")
        described["recorded"] = recorded_state(workspace, tag_key)
    else:
        described["state"] = None
        described["running_mode"] = None
        described["recorded"] = None
    if reason:
        described["reason"] = reason
    return described


PLAN_LISTS = (
    "to_record", "to_start", "to_maintain", "in_maintenance", "recovered", "to_put_back", "to_stop_again", "to_patch",
    "left_out", "skipped",
)


def checked_hosts(hosts):
    seen = set()
    for host in hosts:
        for key in ("host", "workspace_id", "region"):
            if not host.get(key):
                raise PlanError(
                    f"host {host.get('host')!r} has no {key}: its hosts must come from the euc.aws.workspaces inventory"
                )
        if host["host"] in seen:
            raise PlanError(f"host {host['host']!r} is given twice")
        seen.add(host["host"])
    return hosts


def by_region_and_id(found):
    return {
        region: {workspace["workspace_id"]: workspace for workspace in workspaces or []}
        for region, workspaces in (found or {}).items()
    }


def plan_window(hosts, found, check_mode=False, tag_key=None, outside=None):
    """Decide what happens to each host's WorkSpace in the window, and to the WorkSpaces a cut-off run left behind.

    ``hosts`` is a list of ``{"host", "workspace_id", "region"}``; ``found`` maps each region to the WorkSpaces
    workspaces_info returned for it (with their ``tags`` when ``tag_key`` is given). ``outside`` maps each region to
    WorkSpaces in ADMIN_MAINTENANCE that are not the play's hosts, with their tags.

    Returns, every list in the order of ``hosts``: ``to_record`` (the WorkSpaces to tag with their state before any
    change, ``recorded`` the value), ``to_start`` (STOPPED, AUTO_STOP or MANUAL), ``to_maintain`` (those the window
    puts into ADMIN_MAINTENANCE), ``in_maintenance`` (found in ADMIN_MAINTENANCE without the tag: someone else's,
    left there), ``recovered`` (tagged by a run that was cut off: the batch's are patched, those outside the batch
    only put back), ``to_put_back`` (the recovered ones to take out of ADMIN_MAINTENANCE), ``to_stop_again`` (the
    recovered ones a cut-off run started), ``to_patch`` (the hosts whose tasks run; in check mode only those
    reachable now), ``left_out`` (check mode), ``skipped`` (each with its ``reason``), ``to_untag`` (the IDs whose
    tag is removed once they are back) and ``regions`` (sorted).
    """
    plan = {name: [] for name in PLAN_LISTS}
    workspaces = by_region_and_id(found)
    for host in checked_hosts(hosts):
        workspace = workspaces.get(host["region"], {}).get(host["workspace_id"])
        if workspace is None:
            plan["skipped"].append(host_entry(host, reason=f"not found in {host['region']}"))
            continue
        place_in_plan(plan, host_entry(host, workspace, tag_key=tag_key), check_mode)
    for region, left_behind in sorted((outside or {}).items()):
        for workspace in left_behind or []:
            place_left_behind(plan, workspace, region, tag_key)
    plan["to_untag"] = [entry["workspace_id"] for entry in plan["to_record"] + plan["recovered"]]
    plan["regions"] = sorted({host["region"] for host in hosts} | {entry["region"] for entry in plan["recovered"]})
    return plan


def place_in_plan(plan, entry, check_mode):
    state, running_mode, recorded = entry["state"], entry["running_mode"], entry["recorded"]
    # StartWorkspaces takes only AUTO_STOP and MANUAL: an ALWAYS_ON WorkSpace that is STOPPED needs more than a start.
    if state == STOPPED and running_mode in states.STOPPABLE_RUNNING_MODES:
        for name in ("to_start", "to_maintain"):
            plan[name].append(entry)
        if check_mode:
            reason = "STOPPED: it would be started first, so its tasks cannot run in check mode"
            plan["left_out"].append(dict(entry, reason=reason))
        else:
            plan["to_patch"].append(entry)
    elif state == AVAILABLE:
        for name in ("to_maintain", "to_patch"):
            plan[name].append(entry)
        # A run cut off between its start and its ADMIN_MAINTENANCE call: this window stops it again at the end.
        if recorded == STOPPED:
            plan["to_stop_again"].append(entry)
    elif state == MAINTENANCE:
        plan["to_patch"].append(entry)
        if recorded:
            plan["to_put_back"].append(entry)
            if recorded == STOPPED:
                plan["to_stop_again"].append(entry)
        else:
            plan["in_maintenance"].append(entry)
    else:
        plan["skipped"].append(dict(entry, reason=skip_reason(state, running_mode)))
        return
    if recorded:
        plan["recovered"].append(entry)
    elif state != MAINTENANCE:
        plan["to_record"].append(dict(entry, recorded=state))


def place_left_behind(plan, workspace, region, tag_key):
    """A WorkSpace outside the play's hosts: put back directly when a cut-off window left it in ADMIN_MAINTENANCE."""
    recorded = recorded_state(workspace, tag_key)
    if workspace.get("state") != MAINTENANCE or not recorded:
        return
    host = {"host": None, "workspace_id": workspace["workspace_id"], "region": region}
    entry = host_entry(host, workspace, tag_key=tag_key)
    plan["recovered"].append(entry)
    plan["to_put_back"].append(entry)
    if recorded == STOPPED:
        plan["to_stop_again"].append(entry)


def chosen(entries, workspace_ids):
    wanted = set(workspace_ids or [])
    picked, seen = [], set()
    for entry in entries:
        if entry["workspace_id"] in wanted and entry["workspace_id"] not in seen:
            seen.add(entry["workspace_id"])
            picked.append(entry)
    return picked


def failure_reason(host, connected_hosts, finished_hosts):
    """Why a host of the batch did not finish its tasks.

    A host that never reached the role's put-back (``finished_hosts``) was dropped by Ansible as unreachable during
    its tasks; one that reached it without passing the connection check (``connected_hosts``) could not be reached at
    all. ``None`` for either means the caller does not know, and counts every host in.
    """
    if finished_hosts is not None and host not in finished_hosts:
        return UNREACHABLE
    if connected_hosts is not None and host not in connected_hosts:
        return UNREACHABLE
    return TASKS_FAILED


def window_outcome(plan, started, maintained, succeeded_hosts, stopped, previous=None, check_mode=False, **hosts):
    """What the window did to this batch, and the play's result so far.

    ``started``, ``maintained`` and ``stopped`` are the WorkSpace IDs the modules acted on (in check mode, would
    have); ``succeeded_hosts`` the hosts whose tasks ran to the end. Hosts of ``to_patch`` not among them failed,
    each with its ``reason`` (``hosts`` may give ``connected_hosts`` and ``finished_hosts``, see failure_reason).
    Returns ``batch`` and ``result`` (``previous`` with this batch appended), each a dict of the lists in
    RESULT_LISTS, and ``summary``, the lines to print for this batch.
    """
    succeeded = set(succeeded_hosts or [])
    connected, finished = (hosts.get(name) for name in ("connected_hosts", "finished_hosts"))
    batch = {
        "started": chosen(plan["to_start"], started),
        "maintained": chosen(plan["to_maintain"], maintained),
        "patched": [entry for entry in plan["to_patch"] if entry["host"] in succeeded],
        "failed": [
            dict(entry, reason=failure_reason(entry["host"], connected, finished))
            for entry in plan["to_patch"]
            if entry["host"] not in succeeded
        ],
        "skipped": list(plan["skipped"]),
        "stopped_again": chosen(plan["to_start"] + plan.get("to_stop_again", []), stopped),
        "recovered": list(plan.get("recovered", [])),
        "left_out": list(plan["left_out"]),
    }
    candidates = plan["to_maintain"] + plan["in_maintenance"] + plan.get("recovered", [])
    unknown = set(started or []) | set(maintained or []) | set(stopped or [])
    unknown -= {entry["workspace_id"] for entry in candidates}
    if unknown:
        raise PlanError(f"not in the plan: {', '.join(sorted(unknown))}")
    result = {name: list((previous or {}).get(name) or []) + batch[name] for name in RESULT_LISTS}
    return {"batch": batch, "result": result, "summary": summary_lines(batch, plan, check_mode)}


def name_of(entry):
    return f"{entry['host']} ({entry['workspace_id']})" if entry.get("host") else entry["workspace_id"]


def named(entries):
    return ", ".join(name_of(entry) for entry in entries) or "none"


def summary_lines(batch, plan, check_mode=False):
    def done(verb):
        return f"Would have {verb}" if check_mode else verb.capitalize()

    lines = [
        f"{done('started')}: {named(batch['started'])}",
        f"{done('put')} in ADMIN_MAINTENANCE: {named(batch['maintained'])}",
        f"Left in ADMIN_MAINTENANCE (found there): {named(plan['in_maintenance'])}",
        f"{done('recovered')} (left by a run that was cut off): {named(batch['recovered'])}",
        f"Patched{' (check mode)' if check_mode else ''}: {named(batch['patched'])}",
        f"{done('stopped')} again: {named(batch['stopped_again'])}",
    ]
    lines += [f"Failed, put back all the same: {name_of(entry)}: {entry['reason']}" for entry in batch["failed"]]
    lines += [f"Skipped: {name_of(entry)}: {entry['reason']}" for entry in batch["skipped"]]
    lines += [f"Tasks left out: {name_of(entry)}: {entry['reason']}" for entry in batch["left_out"]]
    return lines

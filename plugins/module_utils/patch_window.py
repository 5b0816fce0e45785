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

RESULT_LISTS = ("started", "maintained", "patched", "failed", "skipped", "stopped_again", "left_out")


class PlanError(ValueError):
    pass


def skip_reason(state, running_mode):
    if state == STOPPED:
        return f"STOPPED with running mode {running_mode}: StartWorkspaces takes AUTO_STOP and MANUAL only"
    meaning = states.FAILED if state in NEEDS_ATTENTION else states.meaning_of(state)
    return f"{state}: {SKIP_WORDING.get(meaning, 'not a state the window can take')}"


def host_entry(host, workspace=None, reason=None):
    described = {"host": host["host"], "workspace_id": host["workspace_id"], "region": host["region"]}
    if workspace is not None:
        described["state"] = workspace.get("state")
        described["running_mode"] = (workspace.get("workspace_properties") or {}).get("running_mode")
    else:
        described["state"] = None
        described["running_mode"] = None
    if reason:
        described["reason"] = reason
    return described


def plan_window(hosts, found, check_mode=False):
    """Decide what happens to each host's WorkSpace in the window.

    ``hosts`` is a list of ``{"host", "workspace_id", "region"}``; ``found`` maps each region to the WorkSpaces
    workspaces_info returned for it. Returns ``to_start`` (STOPPED, AUTO_STOP or MANUAL), ``to_maintain`` (those the
    window puts into ADMIN_MAINTENANCE: the AVAILABLE ones and those to start), ``in_maintenance`` (found in
    ADMIN_MAINTENANCE: left there), ``to_patch`` (the hosts whose tasks run; in check mode only those reachable now),
    ``left_out`` (check mode: hosts whose tasks cannot run because their WorkSpace is stopped), ``skipped`` (each
    with its ``reason``), and ``regions`` (sorted), every list in the order of ``hosts``.
    """
    plan = {name: [] for name in ("to_start", "to_maintain", "in_maintenance", "to_patch", "left_out", "skipped")}
    by_region = {}
    for region, workspaces in (found or {}).items():
        by_region[region] = {workspace["workspace_id"]: workspace for workspace in workspaces or []}
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
        workspace = by_region.get(host["region"], {}).get(host["workspace_id"])
        if workspace is None:
            plan["skipped"].append(host_entry(host, reason=f"not found in {host['region']}"))
            continue
        entry = host_entry(host, workspace)
        state, running_mode = entry["state"], entry["running_mode"]
        # StartWorkspaces takes only AUTO_STOP and MANUAL: an ALWAYS_ON WorkSpace that is STOPPED needs more than a start.
        if state == STOPPED and running_mode in states.STOPPABLE_RUNNING_MODES:
            plan["to_start"].append(entry)
            plan["to_maintain"].append(entry)
            if check_mode:
                plan["left_out"].append(
                    dict(entry, reason="STOPPED: it would be started first, so its tasks cannot run in check mode")
                )
            else:
                plan["to_patch"].append(entry)
        elif state == AVAILABLE:
            plan["to_maintain"].append(entry)
            plan["to_patch"].append(entry)
        elif state == MAINTENANCE:
            plan["in_maintenance"].append(entry)
            plan["to_patch"].append(entry)
        else:
            plan["skipped"].append(host_entry(host, workspace, skip_reason(state, running_mode)))
    plan["regions"] = sorted({host["region"] for host in hosts})
    return plan


def chosen(entries, workspace_ids):
    wanted = set(workspace_ids or [])
    return [entry for entry in entries if entry["workspace_id"] in wanted]


def window_outcome(plan, started, maintained, succeeded_hosts, stopped, previous=None, check_mode=False):
    """What the window did to this batch, and the play's result so far.

    ``started``, ``maintained`` and ``stopped`` are the WorkSpace IDs the modules acted on (in check mode, would
    have); ``succeeded_hosts`` the hosts whose tasks ran to the end. Hosts of ``to_patch`` not among them failed.
    Returns ``batch`` and ``result`` (``previous`` with this batch appended), each a dict of the lists in
    RESULT_LISTS, and ``summary``, the lines to print for this batch.
    """
    succeeded = set(succeeded_hosts or [])
    candidates = plan["to_maintain"] + plan["in_maintenance"]
    batch = {
        "started": chosen(plan["to_start"], started),
        "maintained": chosen(plan["to_maintain"], maintained),
        "patched": [entry for entry in plan["to_patch"] if entry["host"] in succeeded],
        "failed": [entry for entry in plan["to_patch"] if entry["host"] not in succeeded],
        "skipped": list(plan["skipped"]),
        "stopped_again": chosen(plan["to_start"], stopped),
        "left_out": list(plan["left_out"]),
    }
    unknown = set(started or []) | set(maintained or []) | set(stopped or [])
    unknown -= {entry["workspace_id"] for entry in candidates}
    if unknown:
        raise PlanError(f"not in the plan: {', '.join(sorted(unknown))}")
    result = {name: list((previous or {}).get(name) or []) + batch[name] for name in RESULT_LISTS}
    return {"batch": batch, "result": result, "summary": summary_lines(batch, plan, check_mode)}


def named(entries):
    return ", ".join(f"{entry['host']} ({entry['workspace_id']})" for entry in entries) or "none"


def summary_lines(batch, plan, check_mode=False):
    def done(verb):
        return f"Would have {verb}" if check_mode else verb.capitalize()

    lines = [
        f"{done('started')}: {named(batch['started'])}",
        f"{done('put')} in ADMIN_MAINTENANCE: {named(batch['maintained'])}",
        f"Left in ADMIN_MAINTENANCE (found there): {named(plan['in_maintenance'])}",
        f"Patched{' (check mode)' if check_mode else ''}: {named(batch['patched'])}",
        f"Tasks failed (put back all the same): {named(batch['failed'])}",
        f"{done('stopped')} again: {named(batch['stopped_again'])}",
    ]
    lines += [f"Skipped: {entry['host']} ({entry['workspace_id']}): {entry['reason']}" for entry in batch["skipped"]]
    lines += [
        f"Tasks left out: {entry['host']} ({entry['workspace_id']}): {entry['reason']}" for entry in batch["left_out"]
    ]
    return lines

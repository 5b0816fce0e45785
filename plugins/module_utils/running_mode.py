# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Right-sizing running modes by use (pure: settings and workspaces_usage results in, decisions and reports out).

The role euc.aws.workspaces_running_mode calls this through the filters euc.aws.running_mode_settings,
euc.aws.running_mode_plan and euc.aws.running_mode_report, so that which WorkSpace switches to ALWAYS_ON or to
AUTO_STOP, stays as it is, or is skipped is decided by Python with unit tests rather than by Jinja. What comes from
botocore (the compute types it knows) or from another part of the collection (CloudWatch's retention, the auto-stop
step) is passed in, so that this module needs no AWS SDK; times are read as workspaces_usage reads them.
"""

import calendar
import csv
import io
from collections import namedtuple
from datetime import datetime
from datetime import timezone

from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.states import MODIFIABLE_STATES
from ansible_collections.euc.aws.plugins.module_utils.usage import parse_time
from ansible_collections.euc.aws.plugins.module_utils.usage import start_of_month

# Break-even hours a month, per compute type, above which ALWAYS_ON costs less than AUTO_STOP: the defaults of AWS's
# Cost Optimizer for Amazon WorkSpaces, its CloudFormation parameters ValueLimit, StandardLimit, PerformanceLimit,
# PowerLimit, PowerProLimit, GraphicsG4dnLimit and GraphicsProG4dnLimit ("Pricing Parameters", in
# https://github.com/aws-solutions/cost-optimizer-for-amazon-workspaces). They follow from one price list (one Region,
# operating system and licence); other prices move the break-even, which is why a user's dict is merged over them.
DEFAULT_THRESHOLDS = {
    "VALUE": 81,
    "STANDARD": 85,
    "PERFORMANCE": 80,
    "POWER": 92,
    "POWERPRO": 78,
    "GRAPHICS_G4DN": 334,
    "GRAPHICSPRO_G4DN": 80,
}

# month_end is the Cost Optimizer's rule: a month's hours are only known at its end, and an AUTO_STOP WorkSpace that
# turns out busy later in the month is switched back at once, but pays the AUTO_STOP hours until then.
DOWNGRADE_CHOICES = ("month_end", "always")

ALWAYS_ON = "ALWAYS_ON"
AUTO_STOP = "AUTO_STOP"
MANUAL = "MANUAL"
# ModifyWorkspaceProperties takes WorkSpaces in these states only: "AVAILABLE or STOPPED", in a skip's reason.
MODIFIABLE_STATES_NAMED = " or ".join(sorted(MODIFIABLE_STATES))

RESULT_LISTS = ("to_always_on", "to_auto_stop", "unchanged", "skipped")
TARGET_MODES = {"to_always_on": ALWAYS_ON, "to_auto_stop": AUTO_STOP}
CSV_COLUMNS = (
    "workspace_id",
    "user_name",
    "directory_id",
    "compute_type_name",
    "running_mode_before",
    "running_mode_after",
    "billable_hours",
    "threshold",
    "action",
    "reason",
)
NOW_EXAMPLE = "2026-11-30T12:00:00Z"


class RunningModeError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------
# The settings: every input checked, and the period worked out, before any AWS call
# ---------------------------------------------------------------------------------------------


def is_last_day_of_month(moment):
    """Whether ``moment`` (UTC) falls on the last day of its month, the day the Cost Optimizer switches to AUTO_STOP."""
    return moment.day == calendar.monthrange(moment.year, moment.month)[1]


def last_day_of_month(moment):
    return moment.replace(day=calendar.monthrange(moment.year, moment.month)[1]).date()


def is_positive_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def threshold_problems(thresholds, compute_types, option):
    if thresholds is None:
        return []
    if not isinstance(thresholds, dict):
        return [f"{option} must be a dict of compute type to hours, got {thresholds!r}"]
    problems = []
    unknown = [str(name) for name in thresholds if name not in compute_types]
    if unknown:
        problems.append(
            f"{option} names compute types botocore's WorkSpaces model does not know: {named(unknown)}"
            f" (it knows {', '.join(compute_types)})"
        )
    not_positive = [f"{name} {value!r}" for name, value in thresholds.items() if not is_positive_number(value)]
    if not_positive:
        problems.append(f"{option} must be positive numbers of hours a month, not {named(not_positive)}")
    return problems


def merged_thresholds(thresholds):
    """The defaults with the user's dict merged over them."""
    return dict(DEFAULT_THRESHOLDS, **(thresholds or {}))


def is_whole_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


class RunOptions(namedtuple("RunOptions", ["downgrade", "skip_tag", "max_count", "auto_stop_timeout_minutes"])):
    """The options the settings pass on as they are, once checked."""

    def problems(self, option_prefix, timeout_step_minutes):
        """What is wrong with each option, naming it; ``timeout_step_minutes`` is the step of auto-stop timeouts."""
        problems = []
        if self.downgrade not in DOWNGRADE_CHOICES:
            problems.append(
                f"{option_prefix}downgrade must be one of {', '.join(DOWNGRADE_CHOICES)}, got {self.downgrade!r}"
            )
        if not isinstance(self.skip_tag, str):
            problems.append(f"{option_prefix}skip_tag must be a tag key (a string), got {self.skip_tag!r}")
        if not is_whole_number(self.max_count) or self.max_count < 0:
            problems.append(f"{option_prefix}max_count must be a whole number, 0 or more, got {self.max_count!r}")
        timeout = self.auto_stop_timeout_minutes
        if not is_whole_number(timeout) or timeout <= 0 or timeout % timeout_step_minutes:
            problems.append(
                f"{option_prefix}auto_stop_timeout_minutes must be a positive multiple of {timeout_step_minutes},"
                f" got {timeout!r}"
            )
        return problems


def period_problems(now, moment, current_time, retention, option_prefix):
    """What is wrong with the period ending at ``moment`` (``now`` read; None when it is not a date and time)."""
    if moment is None:
        return [f"{option_prefix}now {now!r} is not an ISO 8601 date and time, such as {NOW_EXAMPLE}"]
    problems = []
    start = start_of_month(moment)
    if moment > current_time:
        problems.append(
            f"{option_prefix}now ({moment.isoformat()}) is later than the current time ({current_time.isoformat()})"
        )
    if moment == start:
        problems.append(
            f"{option_prefix}now ({moment.isoformat()}) is the very start of its month, so the period is empty"
        )
    if retention is not None and start < current_time - retention:
        problems.append(
            f"{option_prefix}now ({moment.isoformat()}) is in a month that began more than {retention.days} days"
            f" ago: CloudWatch keeps 5-minute points for {retention.days} days, so its hours would be too few"
        )
    return problems


def period_ending(moment):
    """The period from the start of ``moment``'s UTC month to ``moment``, and where it stands in its month."""
    return {
        "now": moment.isoformat(),
        "start_time": start_of_month(moment).isoformat(),
        "end_time": moment.isoformat(),
        "month_end": is_last_day_of_month(moment),
        "last_day": last_day_of_month(moment).isoformat(),
    }


def running_mode_settings(
    thresholds,
    now=None,
    downgrade="month_end",
    skip_tag="",
    max_count=10,
    auto_stop_timeout_minutes=60,
    compute_types=(),
    current_time=None,
    retention=None,
    timeout_step_minutes=60,
    option_prefix="",
):
    """Every input checked, and what the run works with.

    ``now`` is ISO 8601, or empty for ``current_time`` (an aware datetime, by default the clock's). ``compute_types``
    are the compute types botocore's model knows; ``retention`` (a timedelta, or None not to check) is how far back
    CloudWatch keeps the 5-minute points the hours are counted from; ``timeout_step_minutes`` the step AWS takes
    auto-stop timeouts in. Option names in the problems start with ``option_prefix``.

    Returns ``problems`` (each naming its option; empty when all is well) and, when it is empty, ``thresholds``
    (merged over DEFAULT_THRESHOLDS), ``now``, ``start_time`` and ``end_time`` (the period: the start of now's UTC
    month to now, ISO 8601), ``month_end`` (now is the last day of its UTC month), ``last_day`` (that day, ISO 8601),
    ``downgrade``, ``skip_tag``, ``max_count`` and ``auto_stop_timeout_minutes``.
    """
    current_time = current_time or datetime.now(timezone.utc)
    options = RunOptions(downgrade, skip_tag, max_count, auto_stop_timeout_minutes)
    moment = current_time if now in (None, "") else parse_time(now)
    problems = threshold_problems(thresholds, compute_types, f"{option_prefix}thresholds")
    problems += options.problems(option_prefix, timeout_step_minutes)
    problems += period_problems(now, moment, current_time, retention, option_prefix)
    if problems:
        return {"problems": problems}
    settings = {"problems": [], "thresholds": merged_thresholds(thresholds)}
    return dict(settings, **period_ending(moment), **options._asdict())


# ---------------------------------------------------------------------------------------------
# The decisions
# ---------------------------------------------------------------------------------------------


def entry_of(usage, threshold, reason):
    """What the role reports of a WorkSpace: who, where, its running mode now, its hours and its threshold."""
    return {
        "workspace_id": usage["workspace_id"],
        "user_name": usage.get("user_name"),
        "directory_id": usage.get("directory_id"),
        "state": usage.get("state"),
        "running_mode": usage.get("running_mode"),
        "compute_type_name": usage.get("compute_type_name"),
        "billable_hours": usage.get("billable_hours"),
        "connected_hours": usage.get("connected_hours"),
        "sessions": usage.get("sessions"),
        "threshold": threshold,
        "reason": reason,
    }


def hours_against(hours, threshold):
    relation = "above" if hours > threshold else "at or below"
    return f"{hours} billable hours, {relation} the threshold of {threshold}"


def decide(usage, settings):
    """The list a WorkSpace goes to, before its tags are looked at, and its entry."""
    running_mode = usage.get("running_mode")
    state = usage.get("state")
    compute_type = usage.get("compute_type_name")
    threshold = settings["thresholds"].get(compute_type) if compute_type else None
    if running_mode == MANUAL:
        return "skipped", entry_of(usage, threshold, f"{MANUAL}: the running mode of WorkSpaces Core, left alone")
    if state not in MODIFIABLE_STATES:
        return "skipped", entry_of(
            usage, threshold, f"{state}: ModifyWorkspaceProperties takes {MODIFIABLE_STATES_NAMED} WorkSpaces only"
        )
    if running_mode not in (ALWAYS_ON, AUTO_STOP):
        return "skipped", entry_of(usage, threshold, f"running mode {running_mode}: neither {AUTO_STOP} nor {ALWAYS_ON}")
    if threshold is None:
        missing = f"no threshold for the compute type {compute_type}" if compute_type else "no compute type"
        return "skipped", entry_of(usage, None, missing)
    hours = usage.get("billable_hours") or 0
    reason = hours_against(hours, threshold)
    if running_mode == AUTO_STOP:
        return ("to_always_on" if hours > threshold else "unchanged"), entry_of(usage, threshold, reason)
    if hours > threshold:
        return "unchanged", entry_of(usage, threshold, reason)
    if settings["downgrade"] == "always" or settings["month_end"]:
        return "to_auto_stop", entry_of(usage, threshold, reason)
    return "unchanged", entry_of(
        usage,
        threshold,
        f"{reason}, but the switch to {AUTO_STOP} waits for the last day of the month ({settings['last_day']}, UTC)",
    )


def skip_tag_on(tags, skip_tag):
    """The key of ``tags`` that is ``skip_tag`` regardless of case (the Cost Optimizer compares it so), or None."""
    wanted = skip_tag.casefold()
    return next((key for key in tags if key.casefold() == wanted), None)


def plan_running_modes(usage, settings, tags=None):
    """Decide each WorkSpace of ``usage`` (workspaces_usage's entries) under ``settings`` (running_mode_settings').

    AUTO_STOP above its threshold goes to ALWAYS_ON; ALWAYS_ON at or below it goes to AUTO_STOP on the last day of the
    month, or any day with ``downgrade: always``, and is otherwise unchanged, saying it waits; MANUAL, a state other
    than AVAILABLE or STOPPED, and a compute type without a threshold are skipped.

    With a ``skip_tag``, the WorkSpaces whose running mode would change are in ``tags_needed`` until ``tags`` (their
    tags, by WorkSpace ID) is given; then those carrying the tag are skipped, and any missing from ``tags`` too (it
    was no longer found). Returns the lists of RESULT_LISTS, each entry an ``entry_of`` dict, ``tags_needed``,
    ``order`` (the IDs in the order of ``usage``) and the period and rule it decided with.
    """
    if settings.get("problems"):
        raise RunningModeError(f"the settings have problems: {'; '.join(settings['problems'])}")
    plan = {name: [] for name in RESULT_LISTS}
    tags_needed = []
    order = []
    seen = set()
    skip_tag = settings.get("skip_tag") or ""
    for workspace in usage:
        if not workspace.get("workspace_id"):
            raise RunningModeError(f"a usage entry without a workspace_id: {workspace!r}")
        if workspace["workspace_id"] in seen:
            raise RunningModeError(f"{workspace['workspace_id']} is in the usage twice")
        seen.add(workspace["workspace_id"])
        order.append(workspace["workspace_id"])
        name, entry = decide(workspace, settings)
        if name in TARGET_MODES and skip_tag:
            if tags is None:
                tags_needed.append(entry["workspace_id"])
            elif entry["workspace_id"] not in tags:
                name, entry = "skipped", dict(entry, reason="no longer found when its tags were looked up")
            else:
                key = skip_tag_on(tags[entry["workspace_id"]] or {}, skip_tag)
                if key is not None:
                    name, entry = "skipped", dict(entry, reason=f"tagged {key}")
        plan[name].append(entry)
    plan.update(
        tags_needed=tags_needed,
        order=order,
        start_time=settings["start_time"],
        end_time=settings["end_time"],
        month_end=settings["month_end"],
        last_day=settings["last_day"],
        downgrade=settings["downgrade"],
        auto_stop_timeout_minutes=settings["auto_stop_timeout_minutes"],
    )
    return plan


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def running_mode_report(plan, changed, check_mode=False, report_path=""):
    """What the run did (in check mode, would do), from ``plan`` and ``changed``, the IDs workspaces_properties
    modified (in check mode, would modify).

    A WorkSpace planned to change that is not in ``changed`` was found already in its target mode by then, and is
    reported unchanged. Returns ``result`` (the lists of RESULT_LISTS plus the period), ``summary`` (lines) and ``csv``
    (one row per WorkSpace of the plan, in its order, with CSV_COLUMNS).
    """
    changed = set(changed or [])
    planned = {entry["workspace_id"] for name in TARGET_MODES for entry in plan[name]}
    unplanned = changed - planned
    if unplanned:
        raise RunningModeError(f"changed but not planned to: {named(sorted(unplanned))}")
    result = {name: [] for name in RESULT_LISTS}
    for name in RESULT_LISTS:
        for entry in plan[name]:
            if name in TARGET_MODES and entry["workspace_id"] not in changed:
                already = TARGET_MODES[name]
                result["unchanged"].append(dict(entry, reason=f"already {already} when it was to be switched"))
            else:
                result[name].append(entry)
    result.update(start_time=plan["start_time"], end_time=plan["end_time"])
    return {
        "result": result,
        "summary": summary_lines(result, plan, check_mode, report_path),
        "csv": csv_text(result, plan["order"]),
    }


def described(entry):
    return (
        f"{entry['workspace_id']} ({entry['user_name']}, {entry['compute_type_name']},"
        f" {entry['billable_hours']} billable hours, threshold {entry['threshold']})"
    )


def all_described(entries):
    return ", ".join(described(entry) for entry in entries) or "none"


def waits_for_month_end(entry):
    return entry["running_mode"] == ALWAYS_ON and entry["billable_hours"] <= entry["threshold"]


def summary_lines(result, plan, check_mode=False, report_path=""):
    if plan["downgrade"] == "always":
        rule = f"switches to {AUTO_STOP} on any day (downgrade: always)"
    elif plan["month_end"]:
        rule = f"the last day of the month (UTC): switches to {AUTO_STOP} are due"
    else:
        rule = f"switches to {AUTO_STOP} wait for the last day of the month, {plan['last_day']} (UTC)"
    switched = "Would switch (check mode)" if check_mode else "Switched"
    lines = [
        f"Billable hours from {plan['start_time']} to {plan['end_time']}; {rule}",
        f"{switched} to {ALWAYS_ON}: {all_described(result['to_always_on'])}",
        f"{switched} to {AUTO_STOP} (stopping {plan['auto_stop_timeout_minutes']} minutes after the user disconnects):"
        f" {all_described(result['to_auto_stop'])}",
        f"Unchanged: {len(result['unchanged'])} WorkSpace(s)",
    ]
    if plan["downgrade"] == "month_end" and not plan["month_end"]:
        waiting = [entry for entry in result["unchanged"] if waits_for_month_end(entry)]
        if waiting:
            lines.append(f"Waiting for the last day of the month to switch to {AUTO_STOP}: {all_described(waiting)}")
    lines += [f"Skipped: {entry['workspace_id']} ({entry['user_name']}): {entry['reason']}" for entry in result["skipped"]]
    if report_path:
        lines.append(f"CSV report{' of the dry run' if check_mode else ''}: {report_path}")
    return lines


def csv_row(entry, action):
    return {
        "workspace_id": entry["workspace_id"],
        "user_name": entry["user_name"],
        "directory_id": entry["directory_id"],
        "compute_type_name": entry["compute_type_name"],
        "running_mode_before": entry["running_mode"],
        "running_mode_after": TARGET_MODES.get(action, entry["running_mode"]),
        "billable_hours": entry["billable_hours"],
        "threshold": entry["threshold"],
        "action": action,
        "reason": entry["reason"],
    }


def csv_text(result, order):
    """The rows with Python's csv module (RFC 4180 quoting), in ``order``; None values are empty cells."""
    rows = {entry["workspace_id"]: csv_row(entry, name) for name in RESULT_LISTS for entry in result[name]}
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for workspace_id in order:
        writer.writerow(rows[workspace_id])
    return output.getvalue()

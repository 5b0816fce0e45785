# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Planning, following and reporting the rollout of a new image to the WorkSpaces of a bundle (pure: the role's
options and the results of euc.aws modules in, plans and reports out).

The role euc.aws.workspaces_image_rollout calls this through the filters euc.aws.image_rollout_settings,
euc.aws.image_rollout_plan, euc.aws.image_rollout_wave, euc.aws.image_rollout_progress and
euc.aws.image_rollout_report, so that which WorkSpace is rebuilt, when, and what became of it is decided by Python
with unit tests rather than by Jinja.
"""

import csv
import io

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.euc.aws.plugins.module_utils import states
from ansible_collections.euc.aws.plugins.module_utils.actions import REBUILD
from ansible_collections.euc.aws.plugins.module_utils.messages import named

DEFAULT_MARKER_TAG = "euc.aws:image-id"
DEFAULT_SKIP_TAG = "Skip_Rollout"
CONNECTED = "CONNECTED"

# The rebuild verb's own rules, less the busy states it takes (REBOOTING): a WorkSpace on its way somewhere is left
# for a later run rather than rebuilt under whoever is changing it.
REBUILDABLE = REBUILD.acts_on - states.BUSY_STATES

NOT_REACHED = "the rollout stopped before its wave"
RESULT_LISTS = ("canary", "rebuilt", "already", "skipped", "failed", "not_reached")
CSV_FIELDS = ("workspace_id", "user_name", "state", "outcome", "reason", "wave", "image_id")

# The options that are whole numbers, with their least value. A survey gives "10" as a string; the argument spec
# validates it without converting it.
WHOLE_NUMBERS = {"canary_count": 0, "wave_size": 1, "max_failures": 0, "max_count": 0, "max_concurrency": 1, "wait_timeout": 1}


class PlanError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------
# The options
# ---------------------------------------------------------------------------------------------


def whole_number_problems(options, prefix):
    problems, numbers = [], {}
    for option, least in WHOLE_NUMBERS.items():
        value = options.get(option)
        try:
            numbers[option] = int(str(value).strip())
        except ValueError:
            problems.append(f"{prefix}{option} must be a whole number, got {value!r}")
            continue
        if numbers[option] < least:
            problems.append(f"{prefix}{option} must be {least} or more, got {numbers[option]}")
    return problems, numbers


def boolean_problems(options, prefix):
    """A survey or ``-e name=false`` gives a string: "false" must mean false, and what is not a boolean is a problem."""
    problems, booleans = [], {}
    for option in ("include_connected",):
        try:
            booleans[option] = boolean(options.get(option) or False, strict=True)
        except TypeError:
            problems.append(f"{prefix}{option} must be a boolean, got {options.get(option)!r}")
    return problems, booleans


def listed_ids(value):
    """A list of IDs; a survey's text field gives "ws-1, ws-2", split on commas and trimmed."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return [str(item).strip() for item in value or []]


def image_choice_problems(options, prefix):
    """One way of naming the image: an existing image, or a builder WorkSpace with a name and description for a new one."""
    image_id, builder = options.get("image_id"), options.get("builder_workspace_id")
    if image_id and builder:
        return [f"give {prefix}image_id or {prefix}builder_workspace_id, not both"]
    if not image_id and not builder:
        return [f"give {prefix}image_id (an existing image) or {prefix}builder_workspace_id (to make one)"]
    if image_id:
        given = [f"{prefix}{option}" for option in ("image_name", "image_description") if options.get(option)]
        return [f"{' and '.join(given)} only go with {prefix}builder_workspace_id"] if given else []
    missing = [f"{prefix}{option}" for option in ("image_name", "image_description") if not options.get(option)]
    return [f"{prefix}builder_workspace_id needs {' and '.join(missing)}"] if missing else []


def shape_problems(options, check_string, prefix):
    """Each value against its shape in botocore's model (``check_string(option, value, shape_name)`` → problems)."""
    problems = []
    bundle = options.get("bundle") or ""
    if bundle.startswith("wsb-"):
        problems += check_string(f"{prefix}bundle", bundle, "BundleId")
    for option, shape_name in (("image_id", "WorkspaceImageId"), ("builder_workspace_id", "WorkspaceId"),
                               ("image_name", "WorkspaceImageName"), ("image_description", "WorkspaceImageDescription")):
        if options.get(option):
            problems += check_string(f"{prefix}{option}", options[option], shape_name)
    for workspace_id in listed_ids(options.get("canary_workspace_ids")):
        problems += check_string(f"{prefix}canary_workspace_ids:", workspace_id, "WorkspaceId")
    return problems


def rollout_settings(options, check_string, prefix=""):
    """The role's options checked and normalised, or ``{"problems": [...]}`` naming every problem at once.

    ``options`` are the role's variables without ``prefix``; ``check_string(option, value, shape_name)`` returns what
    botocore's model says is wrong with a value (the filter passes workspaces.string_problems on the model)."""
    problems = [] if options.get("bundle") else [f"{prefix}bundle is required: a bundle ID (wsb-...) or name"]
    problems += image_choice_problems(options, prefix)
    problems += shape_problems(options, check_string, prefix)
    number_problems, numbers = whole_number_problems(options, prefix)
    boolean_problems_found, booleans = boolean_problems(options, prefix)
    problems += number_problems + boolean_problems_found
    for option in ("skip_tag", "marker_tag"):
        if not str(options.get(option) or "").strip():
            problems.append(f"{prefix}{option} must not be empty")
    if problems:
        return {"problems": problems}
    bundle = options["bundle"]
    settings = {
        "bundle_id": bundle if bundle.startswith("wsb-") else None,
        "bundle_name": None if bundle.startswith("wsb-") else bundle,
        "image_id": options.get("image_id") or None,
        "builder_workspace_id": options.get("builder_workspace_id") or None,
        "image_name": options.get("image_name") or None,
        "image_description": options.get("image_description") or None,
        "canary_workspace_ids": list(dict.fromkeys(listed_ids(options.get("canary_workspace_ids")))),
        "skip_tag": str(options["skip_tag"]).strip(),
        "marker_tag": str(options["marker_tag"]).strip(),
        "problems": [],
    }
    settings.update(numbers)
    settings.update(booleans)
    return settings


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------


def entry_of(workspace, reason=None):
    entry = {
        "workspace_id": workspace["workspace_id"],
        "user_name": workspace.get("user_name"),
        "state": workspace.get("state"),
        "running_mode": (workspace.get("workspace_properties") or {}).get("running_mode"),
    }
    if reason:
        entry["reason"] = reason
    return entry


def state_skip_reason(state):
    if state == states.ADMIN_MAINTENANCE:
        return f"{state}: AWS ignores a rebuild in admin maintenance"
    if state in states.BUSY_STATES:
        return f"{state}: busy, the next run takes it once it has settled"
    return f"{state}: a rebuild does not take this state"


def has_tag(tags, key):
    """Whether ``tags`` has ``key``, compared in any case, as a person types a skip tag."""
    return key.lower() in {name.lower() for name in tags or {}}


def bundle_target(settings, bundles, images, account_owned=True):
    """The bundle and the image, from workspaces_bundle_info's and workspaces_image_info's ``bundles`` and ``images``:
    ``{bundle_id, previous_image_id, image_id, problems}``; the image ID is None while the image is still to be made."""
    named_bundle = settings["bundle_id"] or settings["bundle_name"]
    problems = []
    if len(bundles) != 1:
        problems.append(f"bundle {named_bundle} was not found among the account's bundles" if not bundles
                        else f"{len(bundles)} bundles are named {named_bundle}; give its ID instead")
    elif account_owned and str(bundles[0].get("owner")).upper() == "AMAZON":
        problems.append(f"bundle {named_bundle} is one of AWS's public bundles: a rollout needs a custom bundle of the account")
    image_id = settings["image_id"]
    if settings["image_id"]:
        found = [image for image in images if image.get("image_id") == image_id]
        if not found:
            problems.append(f"image {image_id} was not found")
        elif found[0].get("state") != "AVAILABLE":
            problems.append(f"image {image_id} is {found[0].get('state')}, not AVAILABLE")
    else:
        # A run that made the image and stopped: the next one finds it by its name and resumes on it (workspaces_image
        # waits for one still PENDING).
        found = [image for image in images if image.get("name") == settings["image_name"]]
        image_id = found[0]["image_id"] if found else None
        if found and found[0].get("state") not in ("AVAILABLE", "PENDING"):
            problems.append(f"image {settings['image_name']} ({image_id}) exists and is {found[0].get('state')}: delete it, "
                            "or give another image name")
    bundle = bundles[0] if len(bundles) == 1 else {}
    return {"bundle_id": bundle.get("bundle_id"), "previous_image_id": bundle.get("image_id"), "image_id": image_id,
            "problems": problems}


def candidates(workspaces):
    """The IDs of the WorkSpaces a rebuild could take, whose tags and connection status the plan needs."""
    return sorted(workspace["workspace_id"] for workspace in workspaces if workspace.get("state") in REBUILDABLE)


def classify(workspace, detail, settings, image_id):
    """(outcome, reason) for one WorkSpace of the bundle; ``detail`` is it with tags and connection status, read after
    the listing (so its state is the later one), or None."""
    state = (detail or workspace).get("state")
    if state not in REBUILDABLE:
        return "skipped", state_skip_reason(state)
    if detail is None:
        return "skipped", "no longer returned when its tags were read"
    tags = detail.get("tags") or {}
    if image_id and tags.get(settings["marker_tag"]) == image_id:
        return "already", f"its {settings['marker_tag']} tag names {image_id}"
    if has_tag(tags, settings["skip_tag"]):
        return "skipped", f"it carries the {settings['skip_tag']} tag"
    connection = (detail.get("connection_status") or {}).get("connection_state")
    if connection == CONNECTED and not settings["include_connected"]:
        return "skipped", "a user is connected"
    return "to_rebuild", None


def choose_canaries(to_rebuild, settings):
    """The canaries: those named (canary_problems checks them), or the first ``canary_count`` AVAILABLE WorkSpaces
    the plan rebuilds, in its order (by ID)."""
    if settings["canary_workspace_ids"]:
        return list(settings["canary_workspace_ids"])
    available = [entry["workspace_id"] for entry in to_rebuild if entry["state"] == states.AVAILABLE]
    return available[: settings["canary_count"]]


def canary_problems(named_ids, entries_by_id):
    """Why each canary named cannot be one: it is not on the bundle, is not rebuilt by this run, or is not AVAILABLE."""
    problems = []
    for workspace_id in named_ids:
        entry = entries_by_id.get(workspace_id)
        if entry is None:
            problems.append(f"{workspace_id} is not a WorkSpace of the bundle")
        elif entry["outcome"] != "to_rebuild":
            problems.append(f"{workspace_id} is {entry['outcome'].replace('_', ' ')} ({entry['reason']})")
        elif entry["state"] != states.AVAILABLE:
            problems.append(f"{workspace_id} is {entry['state']}: a canary must be AVAILABLE")
    return [f"canary {problem}" for problem in problems]


def in_waves(workspace_ids, wave_size):
    return [workspace_ids[start:start + wave_size] for start in range(0, len(workspace_ids), wave_size)]


def guard_message(to_rebuild, max_count, prefix):
    if len(to_rebuild) <= max_count:
        return ""
    return (f"Refusing to rebuild {len(to_rebuild)} WorkSpaces: more than {prefix}max_count ({max_count}). Nothing was "
            f"changed. They are: {named(entry['workspace_id'] for entry in to_rebuild)}. Narrow the rollout with "
            f"{prefix}skip_tag, or raise {prefix}max_count deliberately.")


def plan_rollout(workspaces, details, settings, target, prefix=""):
    """The plan: each WorkSpace of the bundle ``already`` on the image, ``skipped`` with its reason, or rebuilt, in a
    canary wave and then waves of ``wave_size``; with ``problems`` (canaries that cannot be) and ``guard`` (the
    refusal of a run that would rebuild more than ``max_count``), both empty when the run may go on.

    ``workspaces`` are those workspaces_info listed on the bundle, ``details`` the candidates with tags and connection
    status, ``target`` what bundle_target found."""
    details_by_id = {detail["workspace_id"]: detail for detail in details}
    entries = []
    for workspace in sorted(workspaces, key=lambda ws: ws["workspace_id"]):
        outcome, reason = classify(workspace, details_by_id.get(workspace["workspace_id"]), settings, target["image_id"])
        entries.append(dict(entry_of(details_by_id.get(workspace["workspace_id"], workspace), reason), outcome=outcome))
    by_outcome = {outcome: [entry for entry in entries if entry["outcome"] == outcome] for outcome in ("to_rebuild", "already", "skipped")}
    canary = choose_canaries(by_outcome["to_rebuild"], settings)
    problems = canary_problems(settings["canary_workspace_ids"], {entry["workspace_id"]: entry for entry in entries})
    rest = [entry["workspace_id"] for entry in by_outcome["to_rebuild"] if entry["workspace_id"] not in canary]
    return {
        "bundle_id": target["bundle_id"],
        "previous_image_id": target["previous_image_id"],
        "image_id": target["image_id"],
        "image_name": settings["image_name"],
        "canary": canary,
        "waves": in_waves(rest, settings["wave_size"]),
        "to_rebuild": [without_outcome(entry) for entry in by_outcome["to_rebuild"]],
        "already": [without_outcome(entry) for entry in by_outcome["already"]],
        "skipped": [without_outcome(entry) for entry in by_outcome["skipped"]],
        "problems": target["problems"] + problems,
        "guard": guard_message(by_outcome["to_rebuild"], settings["max_count"], prefix),
    }


def without_outcome(entry):
    return {key: value for key, value in entry.items() if key != "outcome"}


# ---------------------------------------------------------------------------------------------
# A wave: looked up again just before it is rebuilt, then what became of it
# ---------------------------------------------------------------------------------------------


def wave_ready(wave_ids, found, settings):
    """What of a wave is rebuilt now, from workspaces_info's ``found`` (with connection status) just before: the hours
    since the plan may have stopped a WorkSpace, started a rebuild, or connected its user.

    Returns ``{to_rebuild: [IDs], stop_again: [IDs], skipped: [entries]}``; ``stop_again`` are the WorkSpaces
    STOPPED now, to be stopped again once rebuilt; ``workspaces`` each of the wave found, by ID, for the report."""
    found_by_id = {workspace["workspace_id"]: workspace for workspace in found}
    ready = {"to_rebuild": [], "stop_again": [], "skipped": [], "workspaces": {}}
    for workspace_id in wave_ids:
        workspace = found_by_id.get(workspace_id)
        if workspace is None:
            ready["skipped"].append({"workspace_id": workspace_id, "user_name": None, "state": None,
                                     "reason": "no longer returned by DescribeWorkspaces"})
            continue
        ready["workspaces"][workspace_id] = entry_of(workspace)
        connection = (workspace.get("connection_status") or {}).get("connection_state")
        if workspace.get("state") not in REBUILDABLE:
            ready["skipped"].append(entry_of(workspace, state_skip_reason(workspace.get("state")) + " (since the plan)"))
        elif connection == CONNECTED and not settings["include_connected"]:
            ready["skipped"].append(entry_of(workspace, "a user is connected (since the plan)"))
        else:
            ready["to_rebuild"].append(workspace_id)
            if workspace.get("state") == states.STOPPED:
                ready["stop_again"].append(workspace_id)
    return ready


def rebuild_failures(rebuild):
    """{WorkSpace ID: reason} for each WorkSpace workspaces_rebuild's result ``rebuild`` says did not end AVAILABLE."""
    reasons = {}
    for request in rebuild.get("failed_requests") or []:
        reasons[request["workspace_id"]] = f"RebuildWorkspaces failed: {request['error_code']}: {request['error_message']}"
    for refusal in rebuild.get("refused") or []:
        reasons[refusal["workspace_id"]] = f"refused: {refusal['reason']}"
    for workspace_id in rebuild.get("not_found") or []:
        reasons[workspace_id] = "no longer returned by DescribeWorkspaces"
    for landing in rebuild.get("wait_failed") or []:
        reasons[landing["workspace_id"]] = (f"ended {landing['state']} after the rebuild" if landing.get("state")
                                            else "no longer returned after the rebuild")
    for pending in rebuild.get("not_ready") or []:
        reasons[pending["workspace_id"]] = f"still {pending['state']} when the wait timed out"
    for workspace_id in rebuild.get("already_rebuilding") or []:
        reasons[workspace_id] = "someone else's rebuild was under way when the wave started"
    for workspace_id in rebuild.get("not_attempted") or []:
        reasons[workspace_id] = f"not attempted, the rebuild stopped before it: {rebuild.get('msg')}"
    for workspace_id in rebuild.get("outcome_unknown") or []:
        reasons[workspace_id] = f"the call failed midway, AWS may or may not have rebuilt it: {rebuild.get('msg')}"
    return reasons


def wave_outcome(ready, rebuild):
    """(rebuilt IDs, {ID: reason} failed) of the wave's ``to_rebuild``: rebuilt is what RebuildWorkspaces took and
    the wait saw AVAILABLE; any other, when the module failed, failed with its own reason or the module's message."""
    reasons = rebuild_failures(rebuild)
    called = set(rebuild.get("rebuilt") or [])
    rebuilt = [workspace_id for workspace_id in ready["to_rebuild"] if workspace_id in called and workspace_id not in reasons]
    failed = {}
    for workspace_id in ready["to_rebuild"]:
        if workspace_id in rebuilt:
            continue
        failed[workspace_id] = reasons.get(workspace_id) or f"not rebuilt: {rebuild.get('msg') or 'the rebuild failed'}"
    return rebuilt, failed


def new_progress():
    return {"canary": [], "rebuilt": [], "failed": [], "skipped": [], "reached": [], "last_rebuilt": [],
            "last_stop_again": [], "halted": False, "error": ""}


def fold_wave(progress, ready, rebuild, wave, settings, canary=False):
    """``progress`` with one wave's rebuild folded in; ``wave`` is 0 for the canaries, then 1, 2, ..."""
    folded = {key: list(value) if isinstance(value, list) else value for key, value in (progress or new_progress()).items()}
    rebuilt, failed = wave_outcome(ready, rebuild)
    found = ready["workspaces"]
    folded["skipped"] += [dict(entry, wave=wave) for entry in ready["skipped"]]
    folded["rebuilt"] += [dict(found[workspace_id], state=states.AVAILABLE, wave=wave) for workspace_id in rebuilt]
    folded["failed"] += [dict(found[workspace_id], reason=reason, wave=wave) for workspace_id, reason in failed.items()]
    folded["reached"] += list(found) + [entry["workspace_id"] for entry in ready["skipped"] if entry["workspace_id"] not in found]
    if canary:
        folded["canary"] = list(ready["to_rebuild"])
        if not ready["to_rebuild"]:
            # The image would go to every wave untried.
            folded["error"] = "no canary was rebuilt: " + "; ".join(f"{e['workspace_id']} {e['reason']}" for e in ready["skipped"])
            folded["halted"] = True
    folded["last_rebuilt"] = rebuilt
    folded["last_stop_again"] = [workspace_id for workspace_id in ready["stop_again"] if workspace_id in rebuilt]
    return with_halt(folded, settings, canary)


def with_halt(progress, settings, canary=False):
    """Halted once a canary failed, or the failures passed ``max_failures``: no wave starts after it."""
    allowed = 0 if canary else settings["max_failures"]
    progress["halted"] = progress["halted"] or len(progress["failed"]) > allowed
    return progress


def with_failure(failed, entry, reason):
    """``failed`` with ``entry`` failed for ``reason``: a WorkSpace already failed gets the reason added, so that each
    is listed once."""
    for listed in failed:
        if listed["workspace_id"] == entry["workspace_id"]:
            listed["reason"] = f"{listed['reason']}; {reason}"
            return failed
    return failed + [dict(entry, reason=reason)]


def fold_settling(progress, tagged, stopped, settings, canary=False):
    """``progress`` with the marker tags and the stops of the last wave folded in: a WorkSpace rebuilt whose tag or
    stop failed stays rebuilt, and is failed too, with the module's message."""
    failed = [dict(entry) for entry in progress["failed"]]
    by_id = {entry["workspace_id"]: entry for entry in progress["rebuilt"]}
    if tagged and tagged.get("failed"):
        for workspace_id in [ws_id for ws_id in progress["last_rebuilt"] if ws_id not in (tagged.get("tagged") or [])]:
            failed = with_failure(failed, by_id[workspace_id], f"rebuilt, but its marker tag was not set: {tagged.get('msg')}")
    if stopped and stopped.get("failed"):
        done = set(stopped.get("stopped") or []) | set(stopped.get("already_stopped") or [])
        for workspace_id in progress["last_stop_again"]:
            if workspace_id not in done:
                failed = with_failure(failed, by_id[workspace_id], f"rebuilt, but not stopped again: {stopped.get('msg')}")
    return with_halt(dict(progress, failed=failed), settings, canary)


def fold_check_failure(progress, canary_ids, message, settings):
    """``progress`` once the user's canary check failed: each canary is failed with the check's message."""
    failed = [dict(entry) for entry in progress["failed"]]
    by_id = {entry["workspace_id"]: entry for entry in progress["rebuilt"]}
    for workspace_id in canary_ids:
        entry = by_id.get(workspace_id, {"workspace_id": workspace_id, "user_name": None, "state": None, "wave": 0})
        failed = with_failure(failed, entry, f"the canary check failed: {message}")
    return with_halt(dict(progress, failed=failed), settings, canary=True)


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def planned_ids(plan):
    return list(plan["canary"]) + [workspace_id for wave in plan["waves"] for workspace_id in wave]


def wave_numbers(plan):
    """{WorkSpace ID: its wave}: 0 for the canaries, then 1, 2, ..."""
    numbers = dict.fromkeys(plan["canary"], 0)
    for number, wave in enumerate(plan["waves"], start=1):
        numbers.update(dict.fromkeys(wave, number))
    return numbers


def rollout_result(plan, progress, image_id, check_mode=False, rolled_back=False, error=""):
    """workspaces_image_rollout_result: the plan in check mode, else what became of each WorkSpace."""
    progress = progress or new_progress()
    numbers = wave_numbers(plan)
    to_rebuild_by_id = {entry["workspace_id"]: entry for entry in plan["to_rebuild"]}
    reached = set(progress["reached"])
    result = {
        "image_id": image_id,
        "image_name": plan["image_name"],
        "previous_image_id": plan["previous_image_id"],
        "bundle_id": plan["bundle_id"],
        "rolled_back": bool(rolled_back),
        "canary": list(plan["canary"]) if check_mode else progress["canary"],
        "waves": plan["waves"],
        "rebuilt": progress["rebuilt"],
        "already": plan["already"],
        "skipped": plan["skipped"] + progress["skipped"],
        "failed": progress["failed"],
        "not_reached": [] if check_mode else [
            dict(to_rebuild_by_id[workspace_id], wave=numbers[workspace_id], reason=NOT_REACHED)
            for workspace_id in planned_ids(plan) if workspace_id not in reached],
    }
    if error:
        result["error"] = error
    return result


def csv_rows(plan, result, check_mode):
    """One row a WorkSpace, its last word first: failed, rebuilt, already, skipped, not reached (to_rebuild in check mode)."""
    numbers = wave_numbers(plan)
    rows = {}
    planned = [dict(entry, wave=numbers.get(entry["workspace_id"])) for entry in plan["to_rebuild"]]
    lists = [("to_rebuild", planned if check_mode else []), ("not_reached", result["not_reached"]),
             ("skipped", result["skipped"]), ("already", result["already"]), ("rebuilt", result["rebuilt"]),
             ("failed", result["failed"])]
    for outcome, entries in lists:
        for entry in entries:
            rows[entry["workspace_id"]] = {
                "workspace_id": entry["workspace_id"], "user_name": entry.get("user_name") or "",
                "state": entry.get("state") or "", "outcome": outcome, "reason": entry.get("reason") or "",
                "wave": "" if entry.get("wave") is None else entry["wave"],
                "image_id": result["image_id"] or "" if outcome in ("to_rebuild", "rebuilt", "already") else "",
            }
    return [rows[workspace_id] for workspace_id in sorted(rows)]


def csv_text(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def described(entry):
    user = f" ({entry['user_name']})" if entry.get("user_name") else ""
    return f"{entry['workspace_id']}{user}: {entry.get('reason') or entry.get('state')}"


def summary_lines(result, check_mode, report_path):
    image = result["image_id"] or f"the new image {result['image_name']}"
    before = "already on it" if result["previous_image_id"] == result["image_id"] else f"previously {result['previous_image_id']}"
    lines = [f"Image rollout of {image} to bundle {result['bundle_id']} ({before})."]
    if check_mode:
        waves = result["waves"]
        lines.append(f"Check mode, nothing was changed: would rebuild the canaries ({named(result['canary']) or 'none'}), "
                     f"then {sum(len(wave) for wave in waves)} WorkSpaces in {len(waves)} waves.")
    else:
        lines.append(f"{len(result['rebuilt'])} rebuilt (canaries: {named(result['canary']) or 'none'}), "
                     f"{len(result['failed'])} failed, {len(result['not_reached'])} not reached.")
    lines.append(f"{len(result['already'])} already on the image, {len(result['skipped'])} skipped.")
    lines += [f"Failed: {described(entry)}" for entry in result["failed"]]
    lines += [f"Skipped: {described(entry)}" for entry in result["skipped"]]
    if result["rolled_back"]:
        lines.append(f"The bundle was pointed back at {result['previous_image_id']}.")
    if result.get("error"):
        lines.append(f"Stopped by an error: {result['error']}")
    if report_path:
        lines.append(f"Report: {report_path}")
    return lines


def failure_message(result):
    """Why the run fails, or "" when it does not: a failed WorkSpace, a rollback, or an error that stopped it."""
    reasons = []
    if result["failed"]:
        reasons.append(f"{len(result['failed'])} WorkSpace(s) failed: {named(result['failed'], described, separator='; ')}")
    if result["rolled_back"]:
        reasons.append(f"the canary failed and the bundle was pointed back at {result['previous_image_id']}")
    if result.get("error"):
        reasons.append(f"stopped by an error: {result['error'].rstrip('.')}")
    if not reasons:
        return ""
    return ("The image rollout failed: " + "; ".join(reasons)
            + f". Rebuilt: {named(entry['workspace_id'] for entry in result['rebuilt']) or 'none'}; not reached: "
            + f"{named(entry['workspace_id'] for entry in result['not_reached']) or 'none'}.")


def rollout_report(plan, progress=None, image_id=None, check_mode=False, rolled_back=False, error="", report_path=""):
    """{result, csv, summary, failure}: workspaces_image_rollout_result, the CSV's text, the summary's lines, and why
    the run fails ("" when it does not)."""
    error = "; ".join(message for message in (error, (progress or {}).get("error")) if message)
    result = rollout_result(plan, progress, image_id or plan["image_id"], check_mode, rolled_back, error)
    return {
        "result": result,
        "csv": csv_text(csv_rows(plan, result, check_mode)),
        "summary": summary_lines(result, check_mode, report_path),
        "failure": "" if check_mode else failure_message(result),
    }

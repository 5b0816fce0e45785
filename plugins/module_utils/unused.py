# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Choosing unused WorkSpaces to retire (pure: workspaces_info results in, the choice and its reasons out).

The role euc.aws.workspaces_terminate calls this through the filter euc.aws.unused_workspaces, so that the rules
are Python with unit tests rather than Jinja.
"""

from ansible_collections.euc.aws.plugins.module_utils.states import SUSPENDED
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES


class SelectionError(ValueError):
    pass


def entry(workspace, reason=None):
    """What the role reports of a WorkSpace: who, where, and when it was last used."""
    status = workspace.get("connection_status") or {}
    described = {
        "workspace_id": workspace["workspace_id"],
        "user_name": workspace.get("user_name"),
        "directory_id": workspace.get("directory_id"),
        "state": workspace.get("state"),
        "last_known_user_connection_timestamp": status.get("last_known_user_connection_timestamp"),
        "days_since_last_connection": status.get("days_since_last_connection"),
    }
    if reason:
        described["reason"] = reason
    return described


def choose_unused(workspaces, days, include_never_connected=False, keep_tag=""):
    """Split ``workspaces`` (with ``connection_status``, and ``tags`` when ``keep_tag`` is set) into what to retire.

    Returns ``chosen`` (unused for at least ``days`` days, or never connected when ``include_never_connected``),
    ``kept`` (would be chosen, but carry the tag ``keep_tag``) and ``skipped`` (would be chosen but cannot or
    should not be: never connected, connected right now, or SUSPENDED, which TerminateWorkspaces refuses), each a
    list of ``entry`` dicts in the order given. TERMINATING and TERMINATED WorkSpaces appear nowhere.
    """
    if int(days) < 1:
        raise SelectionError(f"days must be 1 or more, got {days}")
    chosen = []
    kept = []
    skipped = []
    for workspace in workspaces:
        # Terminated WorkSpaces are on their way out already: not candidates at all.
        if workspace.get("state") in TERMINATING_STATES:
            continue
        if "connection_status" not in workspace:
            raise SelectionError(f"{workspace['workspace_id']} has no connection_status: list it with connection_status=true")
        status = workspace["connection_status"] or {}
        idle_days = status.get("days_since_last_connection")
        if idle_days is None:
            if not include_never_connected:
                skipped.append(entry(workspace, "never connected: set include_never_connected to choose it"))
                continue
        elif idle_days < int(days):
            continue
        if status.get("connection_state") == "CONNECTED":
            skipped.append(entry(workspace, "CONNECTED: its user is connected right now"))
            continue
        if workspace.get("state") == SUSPENDED:
            skipped.append(entry(workspace, "SUSPENDED: AWS cannot terminate it, resume it first"))
            continue
        if keep_tag:
            if "tags" not in workspace:
                raise SelectionError(f"{workspace['workspace_id']} has no tags: list the candidates with tags=true")
            if keep_tag in workspace["tags"]:
                kept.append(entry(workspace, f"tagged {keep_tag}"))
                continue
        chosen.append(entry(workspace))
    return {"chosen": chosen, "kept": kept, "skipped": skipped}

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one home of what a WorkSpace's state means, for the verbs, the patch window, right-sizing and retirement.

A state either belongs to a verb (it acts on it, or it means the verb is already done: the verb's own data), or it
means the same for every verb: the WorkSpace is busy (on its way somewhere, to be waited for), going (being
terminated), in admin maintenance (left only when asked), or failed (an action went wrong). ``meaning_of`` names
which, once, and each caller words it for its own users.
"""

AVAILABLE = "AVAILABLE"
STOPPED = "STOPPED"
SUSPENDED = "SUSPENDED"
# An administrator's state, left only when asked: AWS ignores reboot, stop, start, rebuild and restore requests there.
ADMIN_MAINTENANCE = "ADMIN_MAINTENANCE"
# AWS keeps terminated WorkSpaces visible for a while: TERMINATING, then briefly TERMINATED.
TERMINATING_STATES = frozenset(("TERMINATING", "TERMINATED"))
# States a WorkSpace passes through on its own; an action must wait until it has settled.
BUSY_STATES = frozenset(("PENDING", "STARTING", "STOPPING", "REBOOTING", "REBUILDING", "RESTORING", "UPDATING", "MAINTENANCE"))
# Where a WorkSpace lands when an action went wrong (RebootWorkspaces on an unhealthy WorkSpace, ...).
FAILURE_STATES = frozenset(("ERROR", "UNHEALTHY", "IMPAIRED"))
# States where ModifyWorkspaceProperties (and so a running-mode switch) takes a WorkSpace.
MODIFIABLE_STATES = frozenset((AVAILABLE, STOPPED))
# StartWorkspaces and StopWorkspaces act only on WorkSpaces whose running mode lets them be stopped.
STOPPABLE_RUNNING_MODES = frozenset(("AUTO_STOP", "MANUAL"))

# What a state means whatever the verb (meaning_of).
IN_ADMIN_MAINTENANCE = "admin maintenance"
GOING = "going"
BUSY = "busy"
FAILED = "failed"

ADMIN_MAINTENANCE_ADVICE = "take it out of admin maintenance first (euc.aws.workspaces_maintenance state=available)"


class AnyStateBut(frozenset):
    """Every state except the ones given, including states a newer API may add."""

    def __contains__(self, state):
        return not frozenset.__contains__(self, state)


def meaning_of(state):
    """What ``state`` means for every verb: IN_ADMIN_MAINTENANCE, GOING, BUSY, FAILED, or None (the verb decides)."""
    if state == ADMIN_MAINTENANCE:
        return IN_ADMIN_MAINTENANCE
    if state in TERMINATING_STATES:
        return GOING
    if state in BUSY_STATES:
        return BUSY
    if state in FAILURE_STATES:
        return FAILED
    return None


# How a verb words a state it does not take, when the verb has no advice of its own for that state.
REFUSAL_WORDING = {
    IN_ADMIN_MAINTENANCE: ADMIN_MAINTENANCE_ADVICE,
    GOING: "it is being terminated",
    BUSY: "it is busy; wait until it has settled, then try again",
}


def refusal_reason_for_state(state, advice, otherwise):
    """Why a WorkSpace in ``state`` (one a verb does not take) is refused, and what to do instead: the verb's own
    ``advice`` for the state first, then what holds for every verb, else ``otherwise``."""
    if state in advice:
        return f"{state}: {advice[state]}"
    return f"{state}: {REFUSAL_WORDING.get(meaning_of(state), otherwise)}"

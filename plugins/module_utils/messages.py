# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Naming the items of a message: every module's and role's bad input and refusals name their items through here,
so that 3,002 malformed IDs make a message of a few hundred characters, not of 48 KB (pure: no Ansible, no AWS)."""

# How many items a message names. Past that, the count says how many there are and the first few show what they
# look like: enough to recognise a wrong column pasted, or a wrong prefix, and to find the others in the input.
FIRST_NAMED = 10


def named(items, render=str, separator=", ", first=FIRST_NAMED):
    """``items`` joined for a message: all of them up to ``first``, else the first ``first`` and their count, as
    "ws-1, ws-2, ... (first 10 of 3002)". ``render`` turns one item into text (repr quotes a value given)."""
    items = list(items)
    shown = separator.join(render(item) for item in items[:first])
    if len(items) <= first:
        return shown
    return f"{shown}{separator}... (first {first} of {len(items)})"

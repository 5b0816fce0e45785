# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The checks every role of the collection makes on its input before any AWS call, beyond the types its argument spec
checks: variables named like its options that it does not know (a typo would otherwise be ignored, and the role run
with the option's default), and the files it is to write on the controller. The role euc.aws.workspaces_terminate
and euc.aws.workspaces_running_mode call them through the filters euc.aws.unknown_role_variables and
euc.aws.running_mode_settings."""

import difflib
import os

from ansible_collections.euc.aws.plugins.module_utils.messages import named

# The keys of a task that name variables it sets, besides set_fact's arguments.
BLOCK_KEYS = ("block", "rescue", "always")
SET_FACT_ACTIONS = ("set_fact", "ansible.builtin.set_fact", "ansible.legacy.set_fact")


def names_set_by(tasks):
    """The variables ``tasks`` (a parsed tasks file) set or define: what they register, set_fact's keys and the keys of
    their ``vars``, in blocks too."""
    names = set()
    for task in tasks or ():
        if not isinstance(task, dict):
            continue
        if task.get("register"):
            names.add(task["register"])
        names.update(task.get("vars") or {})
        for action in SET_FACT_ACTIONS:
            if isinstance(task.get(action), dict):
                names.update(name for name in task[action] if name != "cacheable")
        for key in BLOCK_KEYS:
            names.update(names_set_by(task.get(key)))
    return names


def closest_option(name, options, prefix):
    """The option ``name`` most likely meant, compared without the prefix they share; None when none is close."""
    suffixes = {option[len(prefix):]: option for option in options if option.startswith(prefix)}
    close = difflib.get_close_matches(name[len(prefix):], list(suffixes), n=1, cutoff=0.6)
    return suffixes[close[0]] if close else None


def unknown_variable_problems(given, options, internal, prefix, role):
    """One problem for each of ``given`` (the names of the variables that start with ``prefix``) that is neither one of
    ``options`` nor ``internal`` (the names the role sets itself), naming the option it most resembles."""
    known = set(options) | set(internal)
    problems = []
    for name in sorted(set(given) - known):
        meant = closest_option(name, options, prefix)
        hint = f" (did you mean {meant}?)" if meant else f"; its options are {named(sorted(options))}"
        problems.append(f"{name} is not an option of the role {role}{hint}")
    return problems


def output_path_problems(path, option):
    """What stops a file from being written at ``path`` on the controller, read as the copy module reads it (``~`` and
    environment variables expanded, relative to the current directory), before anything else is done: the path is a
    directory, or its directory does not exist or is not writable. Empty when ``path`` is empty (no file)."""
    if not path:
        return []
    full = os.path.abspath(os.path.expandvars(os.path.expanduser(path)))
    directory = os.path.dirname(full)
    if os.path.isdir(full):
        return [f"{option} {path} is a directory; give the path of the file to write in it"]
    if not os.path.isdir(directory):
        return [f"{option} {path}: its directory {directory} does not exist on the controller"]
    if not os.access(directory, os.W_OK | os.X_OK):
        return [f"{option} {path}: its directory {directory} is not writable by this user on the controller"]
    if os.path.exists(full) and not os.access(full, os.W_OK):
        return [f"{option} {path} exists and is not writable by this user on the controller"]
    return []

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: tasks_file_problems
short_description: What keeps a tasks file from running, found before a role changes anything
version_added: 0.4.0
description:
  - Reads a tasks file as M(ansible.builtin.include_tasks) would, and returns what is wrong with it - a file that
    does not exist, YAML that does not parse, a file that is not a list of tasks, a task without an action or with
    an action Ansible cannot resolve, also inside C(block), C(rescue) and C(always).
  - An empty list means the file can be included. A role that changes WorkSpaces and then runs the tasks checks
    them first, since Ansible would only find the fault after the change, with the play stopped.
  - The role P(euc.aws.workspaces_patch_window#role) uses it.
author:
  - euc.aws maintainers (@euc-aws)
options:
  _input:
    description: The path of the tasks file.
    type: path
    required: true
"""

EXAMPLES = r"""
- name: Stop before any change when the tasks cannot run
  ansible.builtin.assert:
    that: patch_tasks | euc.aws.tasks_file_problems | length == 0
    fail_msg: "{{ patch_tasks | euc.aws.tasks_file_problems | join(' ') }}"
"""

RETURN = r"""
_value:
  description: One sentence per problem, naming the file and the task; empty when the file can be included.
  type: list
  elements: str
"""

import os

from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.mod_args import ModuleArgsParser

NESTED_TASK_LISTS = ("block", "rescue", "always")


def first_line(error):
    return (getattr(error, "message", None) or str(error)).strip().splitlines()[0]


def task_problems(tasks, path, where="task"):
    """Each task an action Ansible can resolve, the tasks of a block in turn; ModuleArgsParser is what Ansible itself
    parses a task with, so a task it accepts here it accepts at include time."""
    for number, task in enumerate(tasks, 1):
        place = f"{path}: {where} {number}"
        if not isinstance(task, dict):
            yield f"{place} is not a mapping of task keywords."
            continue
        if any(key in task for key in NESTED_TASK_LISTS):
            for key in NESTED_TASK_LISTS:
                nested = task.get(key) or []
                if not isinstance(nested, list):
                    yield f"{place}: {key} is not a list of tasks."
                else:
                    yield from task_problems(nested, path, f"{where} {number} {key} task")
            continue
        try:
            ModuleArgsParser(task_ds=task).parse()
        except AnsibleError as error:
            yield f"{place} ({task.get('name', 'unnamed')}): {first_line(error)}"


def tasks_file_problems(path):
    path = str(path)
    if not os.path.isfile(path):
        return [f"{path}: no such file."]
    try:
        tasks = DataLoader().load_from_file(path)
    except AnsibleError as error:
        return [f"{path} does not parse: {first_line(error)}"]
    if tasks is None:
        return []
    if not isinstance(tasks, list):
        return [f"{path} is not a list of tasks."]
    return list(task_problems(tasks, path))


class FilterModule:
    def filters(self):
        return {"tasks_file_problems": tasks_file_problems}

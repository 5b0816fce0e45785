# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: unknown_role_variables
short_description: Name the variables that look like a role's options but are not
version_added: 0.4.0
description:
  - Of the variables named in O(_input), those that start with the role's prefix (its directory name and C(_), such as
    C(workspaces_terminate_)) but are neither an option of its argument spec (C(meta/argument_specs.yml)) nor a variable
    the role's tasks files (C(tasks/*.yml)) set (what it registers, what C(set_fact) sets, the keys of its tasks' C(vars)).
  - Ansible runs a role with a mistyped variable as if the variable were not there, with the option's default; so a
    role of this collection calls this filter with its other input checks and fails, before any AWS call, naming each
    such variable and the option it most resembles.
  - The roles P(euc.aws.workspaces_terminate#role), P(euc.aws.workspaces_running_mode#role) and
    P(euc.aws.workspaces_patch_window#role) use it.
author:
  - euc.aws maintainers (@euc-aws)
positional: role_path
options:
  _input:
    description: Names of variables, such as the lookup C(ansible.builtin.varnames) gives in the role for the role's prefix (see
      the example).
    type: list
    elements: str
    required: true
  role_path:
    description: The role's directory, the magic variable C(role_path) in the role.
    type: path
    required: true
"""

EXAMPLES = r"""
- name: Fail on a mistyped variable of the role
  ansible.builtin.assert:
    that: unknown | length == 0
    fail_msg: "{{ unknown | join('; ') }}"
  vars:
    unknown: "{{ query('varnames', '^workspaces_terminate_') | euc.aws.unknown_role_variables(role_path) }}"
"""

RETURN = r"""
_value:
  description:
    - One problem per unknown variable, such as V(workspaces_terminate_user is not an option of the role
      workspaces_terminate (did you mean workspaces_terminate_users?\)); empty when there is none.
  type: list
  elements: str
"""

import os

import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.module_utils.role_inputs import names_set_by
from ansible_collections.euc.aws.plugins.module_utils.role_inputs import unknown_variable_problems


def parsed(role_path, relative):
    path = os.path.join(role_path, relative)
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except (OSError, yaml.YAMLError) as error:
        raise AnsibleFilterError(f"unknown_role_variables: cannot read {path}: {error}") from error


def unknown_role_variables(names, role_path):
    role = os.path.basename(os.path.normpath(role_path))
    options = parsed(role_path, "meta/argument_specs.yml").get("argument_specs", {}).get("main", {}).get("options") or {}
    internal = set(parsed(role_path, "defaults/main.yml"))
    for tasks_file in sorted(os.listdir(os.path.join(role_path, "tasks"))):
        if tasks_file.endswith((".yml", ".yaml")):
            internal |= names_set_by(parsed(role_path, f"tasks/{tasks_file}"))
    prefix = f"{role}_"
    given = [name for name in names if name.startswith(prefix)]
    return unknown_variable_problems(given, list(options), internal, prefix, role)


class FilterModule:
    def filters(self):
        return {"unknown_role_variables": unknown_role_variables}

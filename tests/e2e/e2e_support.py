# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What end-to-end tests share besides fixtures. A module of its own: tests that import from "conftest" would get
whichever conftest.py a pytest run imported first (tests/unit has one too)."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import MappingProxyType

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "e2e-secret-key-must-never-be-printed"
ACCESS_KEY = "AKIAE2EEXAMPLE"


def ansible_env(sandbox, **overrides):
    return sandbox.ansible_env(**{"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY, **overrides})


# The group/euc.aws.aws defaults most plays set: the sandbox's endpoint from the variable endpoint_url, and us-east-1.
SANDBOX_DEFAULTS = MappingProxyType({"endpoint_url": "{{ endpoint_url }}", "region": "us-east-1"})


def play(name, tasks=None, *, hosts="localhost", aws=SANDBOX_DEFAULTS, **keywords):
    """One play: ``name`` on ``hosts``, no facts gathered, ``aws`` as the module defaults of group/euc.aws.aws (None:
    none), then any other play keyword (serial, vars, roles) and ``tasks``, a list or the YAML text of one."""
    built = {"name": name, "hosts": hosts, "gather_facts": False}
    if aws is not None:
        built["module_defaults"] = {"group/euc.aws.aws": dict(aws)}
    built.update(keywords)
    if tasks is not None:
        built["tasks"] = yaml.safe_load(textwrap.dedent(tasks)) if isinstance(tasks, str) else tasks
    return built


def playbook_text(*plays):
    """The YAML of a playbook of ``plays`` (see play)."""
    return yaml.safe_dump(list(plays), sort_keys=False, width=1000)


def doc_examples(sandbox, plugin, replacements=None):
    """The tasks of ``plugin``'s EXAMPLES as ansible-doc shows them, with each placeholder of ``replacements`` (such as
    ws-abc12345d) replaced by its value, such as a WorkSpace seeded in the sandbox."""
    shown = subprocess.run(["ansible-doc", "--json", plugin], env=ansible_env(sandbox), capture_output=True, text=True, check=True)
    examples = json.loads(shown.stdout)[plugin]["examples"]
    for placeholder, value in (replacements or {}).items():
        examples = examples.replace(placeholder, value)
    return yaml.safe_load(examples)

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A tasks file is read as include_tasks reads it, before a role changes anything."""

import os
from pathlib import Path

import pytest
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

from ansible_collections.euc.aws.plugins.filter.tasks_file_problems import tasks_file_problems

# make test-matrix names each leg's own collections root; make units uses .build.
COLLECTIONS = os.environ.get("EUC_AWS_COLLECTIONS_ROOT") or str(Path(__file__).resolve().parents[4] / ".build")


@pytest.fixture(autouse=True)
def fixture_collection_loader():
    """Ansible resolves an action through its collection loader, which ansible-playbook installs before any filter
    runs; a unit test installs it itself, and takes it out after."""
    _AnsibleCollectionFinder(paths=[COLLECTIONS])._install()
    yield
    _AnsibleCollectionFinder._remove()


def test_a_file_of_tasks_ansible_can_run_has_no_problem(tmp_path):
    tasks = tmp_path / "patch.yml"
    tasks.write_text(
        "- name: Ping\n  ansible.builtin.ping:\n"
        "- block:\n    - ansible.builtin.debug: {msg: hi}\n  always:\n    - ansible.builtin.command: 'true'\n"
    )
    assert tasks_file_problems(str(tasks)) == []


def test_an_empty_file_includes_no_task(tmp_path):
    tasks = tmp_path / "empty.yml"
    tasks.write_text("---\n")
    assert tasks_file_problems(str(tasks)) == []


def test_a_missing_file_is_named(tmp_path):
    assert tasks_file_problems(str(tmp_path / "missing.yml")) == [f"{tmp_path / 'missing.yml'}: no such file."]


def test_yaml_that_does_not_parse_is_named_with_the_parser_message(tmp_path):
    tasks = tmp_path / "broken.yml"
    tasks.write_text("- name: Patch\n  ansible.builtin.debug: {msg: [\n")
    (problem,) = tasks_file_problems(str(tasks))
    assert problem.startswith(f"{tasks} does not parse: ")


def test_a_file_that_is_not_a_list_of_tasks_is_named(tmp_path):
    tasks = tmp_path / "mapping.yml"
    tasks.write_text("name: Patch\nansible.builtin.ping:\n")
    assert tasks_file_problems(str(tasks)) == [f"{tasks} is not a list of tasks."]


def test_every_task_whose_action_cannot_be_resolved_is_named_also_inside_a_block(tmp_path):
    tasks = tmp_path / "misspelled.yml"
    tasks.write_text(
        "- name: Good\n  ansible.builtin.ping:\n"
        "- name: Typo\n  ansible.builtin.pnig:\n"
        "- block:\n    - name: Nothing to do\n      when: true\n"
        "- 42\n"
    )
    problems = tasks_file_problems(str(tasks))
    assert len(problems) == 3
    assert problems[0].startswith(f"{tasks}: task 2 (Typo): couldn't resolve module/action 'ansible.builtin.pnig'")
    assert problems[1].startswith(f"{tasks}: task 3 block task 1 (Nothing to do): ")
    assert problems[2] == f"{tasks}: task 4 is not a mapping of task keywords."

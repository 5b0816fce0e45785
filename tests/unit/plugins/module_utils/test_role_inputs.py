# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The roles' own input checks: mistyped variables, and the files a role writes on the controller."""

import os

from ansible_collections.euc.aws.plugins.module_utils.role_inputs import names_set_by
from ansible_collections.euc.aws.plugins.module_utils.role_inputs import output_path_problems
from ansible_collections.euc.aws.plugins.module_utils.role_inputs import unknown_variable_problems

OPTIONS = ["role_x_ids", "role_x_users", "role_x_wait", "role_x_max_count"]


def test_the_names_a_tasks_file_sets_are_found_in_blocks_too():
    tasks = [
        {"name": "a", "ansible.builtin.set_fact": {"role_x_list": 1, "cacheable": True}},
        {"name": "b", "set_fact": {"role_x_other": 2}},
        {"name": "c", "euc.aws.workspaces_info": {}, "register": "role_x_found", "vars": {"role_x_scoped": 3}},
        {"block": [{"set_fact": {"role_x_in_block": 4}}], "rescue": [{"debug": {}, "register": "role_x_rescued"}]},
        "not a task",
    ]
    assert names_set_by(tasks) == {"role_x_list", "role_x_other", "role_x_found", "role_x_scoped", "role_x_in_block", "role_x_rescued"}
    assert names_set_by(None) == set()


def test_a_mistyped_variable_is_named_with_the_option_it_most_resembles():
    problems = unknown_variable_problems(["role_x_user", "role_x_ids", "role_x_wiat"], OPTIONS, [], "role_x_", "role_x")
    assert problems == [
        "role_x_user is not an option of the role role_x (did you mean role_x_users?)",
        "role_x_wiat is not an option of the role role_x (did you mean role_x_wait?)",
    ]


def test_a_variable_like_no_option_is_named_with_the_options():
    problems = unknown_variable_problems(["role_x_colour"], OPTIONS, [], "role_x_", "role_x")
    assert problems == [
        "role_x_colour is not an option of the role role_x; its options are role_x_ids, role_x_max_count, role_x_users,"
        " role_x_wait"
    ]


def test_options_and_the_names_the_role_sets_are_known():
    assert unknown_variable_problems(["role_x_ids", "role_x_list"], OPTIONS, ["role_x_list"], "role_x_", "role_x") == []


def test_no_output_path_is_no_problem():
    assert output_path_problems("", "report_path") == []


def test_a_file_in_an_existing_writable_directory_is_fine_relative_or_not(tmp_path, monkeypatch):
    assert output_path_problems(str(tmp_path / "report.csv"), "report_path") == []
    monkeypatch.chdir(tmp_path)
    assert output_path_problems("report.csv", "report_path") == []
    monkeypatch.setenv("REPORTS", str(tmp_path))
    assert output_path_problems("$REPORTS/report.csv", "report_path") == []


def test_a_missing_directory_is_named(tmp_path):
    path = tmp_path / "no-such-dir" / "report.csv"
    assert output_path_problems(str(path), "report_path") == [
        f"report_path {path}: its directory {path.parent} does not exist on the controller"
    ]


def test_a_directory_is_not_a_file(tmp_path):
    assert output_path_problems(str(tmp_path), "report_path") == [
        f"report_path {tmp_path} is a directory; give the path of the file to write in it"
    ]


def test_a_directory_or_file_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    path = tmp_path / "report.csv"
    # os.access is what tells; as root every permission check passes, so it stands in for a read-only directory here.
    monkeypatch.setattr(os, "access", lambda checked, _mode: checked != str(tmp_path))
    assert output_path_problems(str(path), "report_path") == [
        f"report_path {path}: its directory {tmp_path} is not writable by this user on the controller"
    ]
    path.write_text("old report")
    monkeypatch.setattr(os, "access", lambda checked, _mode: checked != str(path))
    assert output_path_problems(str(path), "report_path") == [
        f"report_path {path} exists and is not writable by this user on the controller"
    ]

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filters the roles check their input with, and name long lists with, as Jinja sees them."""

import inspect
from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.filter import listed
from ansible_collections.euc.aws.plugins.filter import running_mode_settings
from ansible_collections.euc.aws.plugins.filter import unknown_role_variables
from ansible_collections.euc.aws.plugins.module_utils.role_inputs import names_set_by

ROLES = Path(__file__).resolve().parents[4] / "roles"
FILTERS = {"listed": listed, "unknown_role_variables": unknown_role_variables}
OWN_ROLES = ("workspaces_terminate", "workspaces_running_mode")


def registered(name, module=None):
    return (module or FILTERS[name]).FilterModule().filters()[name]


def role_names(role):
    """Every variable the role knows: its options and what its tasks set."""
    options = yaml.safe_load((ROLES / role / "meta" / "argument_specs.yml").read_text())["argument_specs"]["main"]["options"]
    return sorted(set(options) | names_set_by(yaml.safe_load((ROLES / role / "tasks" / "main.yml").read_text())))


@pytest.mark.parametrize("role", OWN_ROLES)
def test_a_role_knows_its_options_and_what_it_sets_so_a_second_run_in_a_play_passes(role):
    unknown = registered("unknown_role_variables")
    names = role_names(role)
    assert f"{role}_result" in names  # the fact each role leaves for the play
    assert unknown(names, str(ROLES / role)) == []


@pytest.mark.parametrize("role, mistyped, meant", [
    ("workspaces_terminate", "workspaces_terminate_user", "workspaces_terminate_users"),
    ("workspaces_terminate", "workspaces_terminate_max_cont", "workspaces_terminate_max_count"),
    ("workspaces_running_mode", "workspaces_running_mode_directory", "workspaces_running_mode_directory_id"),
    ("workspaces_running_mode", "workspaces_running_mode_treshold", "workspaces_running_mode_thresholds"),
])
def test_a_mistyped_variable_is_named_with_the_option_meant(role, mistyped, meant):
    problems = registered("unknown_role_variables")([mistyped, "other_variable", *role_names(role)], str(ROLES / role))
    assert problems == [f"{mistyped} is not an option of the role {role} (did you mean {meant}?)"]


def test_a_role_path_without_an_argument_spec_is_a_filter_error(tmp_path):
    with pytest.raises(AnsibleFilterError, match="unknown_role_variables: cannot read .*argument_specs.yml"):
        registered("unknown_role_variables")(["x"], str(tmp_path))


def test_listed_names_ten_and_counts_the_rest():
    assert registered("listed")(["ws-1", "ws-2"]) == "ws-1, ws-2"
    assert registered("listed")([f"ws-{n}" for n in range(1, 3003)]).endswith("ws-10, ... (first 10 of 3002)")


def test_the_settings_filter_checks_the_report_path_before_any_call(tmp_path):
    settings = registered("running_mode_settings", running_mode_settings)
    missing = tmp_path / "reports" / "modes.csv"
    problems = settings({}, report_path=str(missing), option_prefix="workspaces_running_mode_")
    assert problems == {
        "problems": [f"workspaces_running_mode_report_path {missing}: its directory {missing.parent} does not exist on the controller"]
    }
    both = settings({"POWER": -1}, report_path=str(tmp_path), option_prefix="p_")["problems"]
    assert both == ["p_thresholds must be positive numbers of hours a month, not POWER -1",
                    f"p_report_path {tmp_path} is a directory; give the path of the file to write in it"]
    assert settings({}, report_path=str(tmp_path / "modes.csv"))["problems"] == []


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_documents_exactly_its_options(name):
    documented = yaml.safe_load(FILTERS[name].DOCUMENTATION)
    assert documented["name"] == name
    parameters = list(inspect.signature(registered(name)).parameters)
    assert set(documented["options"]) == {"_input"} | set(parameters[1:])
    if "positional" in documented:
        assert documented["positional"] == parameters[1]
    yaml.safe_load(FILTERS[name].EXAMPLES)
    assert "_value" in yaml.safe_load(FILTERS[name].RETURN)

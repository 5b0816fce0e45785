# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The patch window's filters as Jinja sees them: registered under their names, errors as AnsibleFilterError."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.filter.patch_window_outcome import FilterModule as OutcomeFilters
from ansible_collections.euc.aws.plugins.filter.patch_window_plan import FilterModule as PlanFilters

HOSTS = [{"host": "alice", "workspace_id": "ws-00000001", "region": "us-east-1"}]
FOUND = {
    "us-east-1": [
        {"workspace_id": "ws-00000001", "state": "STOPPED", "workspace_properties": {"running_mode": "AUTO_STOP"}}
    ]
}


def test_the_filters_are_registered_and_pass_their_options_through():
    plan = PlanFilters().filters()["patch_window_plan"](HOSTS, FOUND, check_mode=True)
    assert [entry["host"] for entry in plan["left_out"]] == ["alice"]
    outcome = OutcomeFilters().filters()["patch_window_outcome"](plan, started=["ws-00000001"], check_mode=True)
    assert outcome["summary"][0] == "Would have started: alice (ws-00000001)"


def test_bad_input_is_a_filter_error():
    with pytest.raises(AnsibleFilterError, match="patch_window_plan: host 'alice' has no region"):
        PlanFilters().filters()["patch_window_plan"]([dict(HOSTS[0], region="")], FOUND)
    with pytest.raises(AnsibleFilterError, match="patch_window_outcome: not in the plan"):
        OutcomeFilters().filters()["patch_window_outcome"](
            PlanFilters().filters()["patch_window_plan"](HOSTS, FOUND), stopped=["ws-00000002"]
        )

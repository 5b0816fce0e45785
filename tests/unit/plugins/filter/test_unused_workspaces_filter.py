# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter as Jinja sees it: registered under its name, errors as AnsibleFilterError."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.filter.unused_workspaces import FilterModule


def test_the_filter_is_registered_and_passes_its_options_through():
    unused_workspaces = FilterModule().filters()["unused_workspaces"]
    fleet = [{"workspace_id": "ws-1", "state": "AVAILABLE", "connection_status": {"days_since_last_connection": None}}]
    assert [e["workspace_id"] for e in unused_workspaces(fleet, 30, include_never_connected=True)["chosen"]] == ["ws-1"]


def test_bad_input_is_a_filter_error():
    with pytest.raises(AnsibleFilterError, match="unused_workspaces: days must be 1 or more"):
        FilterModule().filters()["unused_workspaces"]([], 0)

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each rule of choosing unused WorkSpaces, on workspaces_info-shaped data."""

import pytest

from ansible_collections.euc.aws.plugins.module_utils.unused import SelectionError
from ansible_collections.euc.aws.plugins.module_utils.unused import choose_unused


def ws(workspace_id, days=None, state="AVAILABLE", connection_state="DISCONNECTED", tags=None, user="alice"):
    workspace = {
        "workspace_id": workspace_id,
        "user_name": user,
        "directory_id": "d-1234567890",
        "state": state,
        "connection_status": {
            "connection_state": connection_state,
            "connection_state_check_timestamp": "2026-11-27T09:00:00+00:00",
            "last_known_user_connection_timestamp": None if days is None else f"2026-08-{(days % 28) + 1:02d}T10:00:00+00:00",
            "days_since_last_connection": days,
        },
    }
    if tags is not None:
        workspace["tags"] = tags
    return workspace


def ids_of(entries):
    return [e["workspace_id"] for e in entries]


def test_chosen_from_the_threshold_up_in_the_order_given():
    choice = choose_unused([ws("ws-3", 120), ws("ws-1", 89), ws("ws-2", 90), ws("ws-4", 0)], 90)
    assert ids_of(choice["chosen"]) == ["ws-3", "ws-2"]
    assert choice["kept"] == [] and choice["skipped"] == []
    assert choice["chosen"][0] == {
        "workspace_id": "ws-3",
        "user_name": "alice",
        "directory_id": "d-1234567890",
        "state": "AVAILABLE",
        "last_known_user_connection_timestamp": "2026-08-09T10:00:00+00:00",
        "days_since_last_connection": 120,
    }


def test_never_connected_are_skipped_unless_included():
    fleet = [ws("ws-1"), ws("ws-2", 100)]
    left_alone = choose_unused(fleet, 30)
    assert ids_of(left_alone["chosen"]) == ["ws-2"]
    assert left_alone["skipped"][0]["workspace_id"] == "ws-1"
    assert left_alone["skipped"][0]["reason"] == "never connected: set include_never_connected to choose it"
    included = choose_unused(fleet, 30, include_never_connected=True)
    assert ids_of(included["chosen"]) == ["ws-1", "ws-2"] and included["skipped"] == []
    assert included["chosen"][0]["last_known_user_connection_timestamp"] is None


def test_no_status_entry_counts_as_never_connected():
    fleet = [dict(ws("ws-1"), connection_status=dict.fromkeys(ws("ws-1")["connection_status"]))]
    assert ids_of(choose_unused(fleet, 30, include_never_connected=True)["chosen"]) == ["ws-1"]


@pytest.mark.parametrize("state", ["TERMINATING", "TERMINATED"])
def test_terminating_workspaces_are_in_no_list(state):
    choice = choose_unused([ws("ws-1", 400, state=state), ws("ws-2", state=state)], 30, include_never_connected=True)
    assert choice == {"chosen": [], "kept": [], "skipped": []}


def test_suspended_candidates_are_skipped_naming_why_and_recent_ones_are_not_mentioned():
    choice = choose_unused([ws("ws-1", 400, state="SUSPENDED"), ws("ws-2", 3, state="SUSPENDED")], 30)
    assert choice["chosen"] == []
    assert [(e["workspace_id"], e["reason"]) for e in choice["skipped"]] == [
        ("ws-1", "SUSPENDED: AWS cannot terminate it, resume it first")
    ]


def test_a_workspace_in_use_right_now_is_never_chosen():
    choice = choose_unused([ws("ws-1", 400, connection_state="CONNECTED")], 30)
    assert choice["chosen"] == [] and choice["skipped"][0]["reason"] == "CONNECTED: its user is connected right now"


def test_the_keep_tag_exempts_whatever_its_value():
    fleet = [ws("ws-1", 400, tags={"euc:keep": ""}), ws("ws-2", 400, tags={"euc:keep": "until 2027"}), ws("ws-3", 400, tags={"other": "x"})]
    choice = choose_unused(fleet, 30, keep_tag="euc:keep")
    assert ids_of(choice["chosen"]) == ["ws-3"]
    assert [(e["workspace_id"], e["reason"]) for e in choice["kept"]] == [("ws-1", "tagged euc:keep"), ("ws-2", "tagged euc:keep")]


def test_an_empty_keep_tag_exempts_nothing_and_needs_no_tags():
    assert ids_of(choose_unused([ws("ws-1", 400)], 30, keep_tag="")["chosen"]) == ["ws-1"]


def test_the_keep_tag_exempts_never_connected_ones_too():
    choice = choose_unused([ws("ws-1", tags={"euc:keep": ""})], 30, include_never_connected=True, keep_tag="euc:keep")
    assert choice["chosen"] == [] and ids_of(choice["kept"]) == ["ws-1"]


@pytest.mark.parametrize(
    "fleet, days, keep_tag, message",
    [
        ([ws("ws-1", 40)], 0, "", "days must be 1 or more"),
        ([{"workspace_id": "ws-1", "state": "AVAILABLE"}], 30, "", "list it with connection_status=true"),
        ([ws("ws-1", 40)], 30, "euc:keep", "list the candidates with tags=true"),
    ],
)
def test_input_it_cannot_judge_is_an_error(fleet, days, keep_tag, message):
    with pytest.raises(SelectionError, match=message):
        choose_unused(fleet, days, keep_tag=keep_tag)

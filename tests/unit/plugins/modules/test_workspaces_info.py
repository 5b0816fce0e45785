# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workspaces_info through main(): its calls with and without connection status and tags, pinned with Stubber."""

import threading
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from ansible_collections.euc.aws.plugins.module_utils import workspaces as ws_utils
from ansible_collections.euc.aws.plugins.modules import workspaces_info

from module_harness import describe_params
from module_harness import ids
from module_harness import run_main
from module_harness import workspace

NOW = datetime.now(timezone.utc)


@pytest.fixture(name="in_turn")
def fixture_in_turn(monkeypatch):
    """One call at a time, so that the Stubber's queue of pinned calls is met in order."""
    monkeypatch.setattr(workspaces_info, "DEFAULT_MAX_CONCURRENCY", 1)


def status(workspace_id, state="DISCONNECTED", last=None):
    entry = {"WorkspaceId": workspace_id, "ConnectionState": state, "ConnectionStateCheckTimestamp": NOW - timedelta(minutes=5)}
    if last is not None:
        entry["LastKnownUserConnectionTimestamp"] = last
    return entry


def test_without_the_new_options_only_describe_is_called(stubber, capsys):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, {"DirectoryId": "d-1234567890"})
    result = run_main(workspaces_info, capsys, directory_id="d-1234567890")
    assert result["workspaces"][0]["workspace_id"] == "ws-aaaaaaaa1"
    assert "connection_status" not in result["workspaces"][0] and "tags" not in result["workspaces"][0]


def test_connection_status_costs_one_call_per_25_and_is_shaped(stubber, capsys, in_turn):
    found = ids(30)
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i) for i in found]}, {"DirectoryId": "d-1234567890"})
    last = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    stubber.add_response(
        "describe_workspaces_connection_status",
        {"WorkspacesConnectionStatus": [status(found[0], last=last), status(found[1])], "NextToken": "more"},
        {"WorkspaceIds": found[:25]},
    )
    stubber.add_response(
        "describe_workspaces_connection_status",
        {"WorkspacesConnectionStatus": [status(found[2], "CONNECTED", last=NOW - timedelta(days=45, hours=1))]},
        {"WorkspaceIds": found[:25], "NextToken": "more"},
    )
    stubber.add_response(
        "describe_workspaces_connection_status", {"WorkspacesConnectionStatus": [status(found[29], "UNKNOWN")]}, {"WorkspaceIds": found[25:]}
    )
    result = run_main(workspaces_info, capsys, directory_id="d-1234567890", connection_status=True)
    by_id = {ws["workspace_id"]: ws["connection_status"] for ws in result["workspaces"]}
    assert by_id[found[0]] == {
        "connection_state": "DISCONNECTED",
        "connection_state_check_timestamp": by_id[found[0]]["connection_state_check_timestamp"],
        "last_known_user_connection_timestamp": "2026-01-02T03:04:05+00:00",
        "days_since_last_connection": (datetime.now(timezone.utc) - last).days,
    }
    assert by_id[found[0]]["connection_state_check_timestamp"].endswith("+00:00")
    assert by_id[found[1]]["last_known_user_connection_timestamp"] is None and by_id[found[1]]["days_since_last_connection"] is None
    assert by_id[found[2]]["connection_state"] == "CONNECTED" and by_id[found[2]]["days_since_last_connection"] == 45
    assert by_id[found[29]]["connection_state"] == "UNKNOWN"
    # AWS gave no entry for these: every key is null.
    assert by_id[found[3]] == dict.fromkeys(
        ("connection_state", "connection_state_check_timestamp", "last_known_user_connection_timestamp", "days_since_last_connection")
    )


def test_tags_cost_one_call_per_workspace(stubber, capsys, in_turn):
    found = ["ws-aaaaaaaa1", "ws-aaaaaaaa2", "ws-aaaaaaaa3"]
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace(i) for i in found]}, describe_params(found))
    stubber.add_response("describe_tags", {"TagList": [{"Key": "euc:keep", "Value": ""}, {"Key": "team", "Value": "a"}]}, {"ResourceId": found[0]})
    stubber.add_response("describe_tags", {"TagList": []}, {"ResourceId": found[1]})
    # Terminated since it was listed: no tags, not a failure.
    stubber.add_client_error("describe_tags", "ResourceNotFoundException", "gone", 400, expected_params={"ResourceId": found[2]})
    result = run_main(workspaces_info, capsys, workspace_ids=found, tags=True)
    assert [ws["tags"] for ws in result["workspaces"]] == [{"euc:keep": "", "team": "a"}, {}, {}]


def test_a_tag_lookup_that_fails_fails_the_task_naming_the_call(stubber, capsys, in_turn):
    stubber.add_response("describe_workspaces", {"Workspaces": [workspace("ws-aaaaaaaa1")]}, describe_params(["ws-aaaaaaaa1"]))
    stubber.add_client_error("describe_tags", "AccessDeniedException", "no", 400, expected_params={"ResourceId": "ws-aaaaaaaa1"})
    result = run_main(workspaces_info, capsys, workspace_ids=["ws-aaaaaaaa1"], tags=True)
    assert result["failed"] is True and result["msg"].startswith("Failed to describe workspace tags")


class FakeTagsClient:
    """DescribeTags that records how many calls overlap. The first ``together`` calls wait for each other (for 10 s at
    most, then fail), so they are in flight at once however the threads are scheduled."""

    def __init__(self, together):
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.arrived = 0
        self.together = together
        self.first_calls = threading.Barrier(together, timeout=10)

    def describe_tags(self, ResourceId, aws_retry):  # pylint: disable=invalid-name
        assert aws_retry is True
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.arrived += 1
            among_the_first = self.arrived <= self.together
        if among_the_first:
            self.first_calls.wait()
        threading.Event().wait(0.02)
        with self.lock:
            self.running -= 1
        return {"TagList": [{"Key": "id", "Value": ResourceId}]}


def test_tag_calls_run_side_by_side_within_the_bound():
    client = FakeTagsClient(together=4)
    found = ids(12)
    tags = ws_utils.tags_by_id(client, found, max_workers=4)
    assert tags == {i: {"id": i} for i in found}
    assert client.most == 4

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Property-based: over random fleets, random FailedRequests and random failing calls, one at a time and four at once,
every requested ID lands in exactly one result bucket, no ID is sent twice, and the calls are the fewest."""

import math
import threading

import botocore.session
import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.euc.aws.plugins.module_utils.actions import REBOOT
from ansible_collections.euc.aws.plugins.module_utils.actions import TERMINATE
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError

SERVICE_MODEL = botocore.session.get_session().get_service_model("workspaces")
STATES = ["AVAILABLE", "STOPPED", "ERROR", "PENDING", "REBOOTING", "SUSPENDED", "TERMINATING", "TERMINATED", None]  # None: not returned
ACTION_CALLS = {"TerminateWorkspaces": "terminate_workspaces", "RebootWorkspaces": "reboot_workspaces"}


class FakeWorkSpacesClient:
    """In-memory WorkSpaces with the client surface the engine uses; thread safe; records each call."""

    class Meta:
        service_model = SERVICE_MODEL

    meta = Meta()

    def __init__(self, states, refusing_ids, failing_call_numbers):
        self.states = states
        self.refusing_ids = refusing_ids
        self.failing_call_numbers = failing_call_numbers
        self.lock = threading.Lock()
        self.describe_calls = []
        self.action_calls = []  # every action call that reached AWS, in the order it arrived

    def describe_workspaces(self, WorkspaceIds, aws_retry):  # pylint: disable=invalid-name
        assert aws_retry is True and len(WorkspaceIds) <= 25
        with self.lock:
            self.describe_calls.append(list(WorkspaceIds))
            return {"Workspaces": [{"WorkspaceId": i, "State": self.states[i]} for i in WorkspaceIds if self.states.get(i)]}

    def act(self, requests, after_state):
        ids = [request["WorkspaceId"] for request in requests]
        with self.lock:
            self.action_calls.append(ids)
            if len(self.action_calls) in self.failing_call_numbers:
                # The call fails as a whole: whether AWS acted on its IDs is unknown, so the fake acts on none.
                raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "injected"}}, "Act")
            for i in ids:
                if i not in self.refusing_ids:
                    self.states[i] = after_state
        failed = [{"WorkspaceId": i, "ErrorCode": "InternalError", "ErrorMessage": "injected"} for i in ids if i in self.refusing_ids]
        return {"FailedRequests": failed}

    def terminate_workspaces(self, TerminateWorkspaceRequests, aws_retry):  # pylint: disable=invalid-name
        assert aws_retry is True and len(TerminateWorkspaceRequests) <= 25
        return self.act(TerminateWorkspaceRequests, "TERMINATING")

    def reboot_workspaces(self, RebootWorkspaceRequests, aws_retry):  # pylint: disable=invalid-name
        assert aws_retry is True and len(RebootWorkspaceRequests) <= 25
        return self.act(RebootWorkspaceRequests, "REBOOTING")


@st.composite
def fleets(draw):
    count = draw(st.integers(min_value=0, max_value=120))
    ids = [f"ws-{n:09d}" for n in range(count)]
    states = {i: draw(st.sampled_from(STATES)) for i in ids}
    requested = draw(st.lists(st.sampled_from(ids), max_size=150)) if ids else []
    refusing = draw(st.sets(st.sampled_from(ids))) if ids else set()
    failing_calls = draw(st.sets(st.integers(min_value=1, max_value=6), max_size=2))
    return states, requested, refusing, failing_calls


def run(action, fleet, check_mode, workers):
    states, requested, refusing, failing_calls = fleet
    client = FakeWorkSpacesClient(dict(states), refusing, failing_calls)
    try:
        result = run_action(client, action, requested, wait=False, wait_timeout=0, check_mode=check_mode, max_workers=workers)
        error = None
    except AnsibleWorkSpacesError as raised:
        result, error = raised.kwargs, raised
    return client, result, error


def acts_on(action, state):
    plan_state = {"TERMINATE": state not in ("SUSPENDED", "TERMINATING", "TERMINATED"), "REBOOT": state in ("AVAILABLE",)}
    return state is not None and plan_state[action.name.upper()]


@settings(max_examples=250, deadline=None)
@given(fleet=fleets(), check_mode=st.booleans(), workers=st.sampled_from([1, 4]), action=st.sampled_from([TERMINATE, REBOOT]))
def test_every_requested_id_lands_in_exactly_one_bucket(fleet, check_mode, workers, action):
    states, requested, refusing, _failing = fleet
    client, result, error = run(action, fleet, check_mode, workers)
    unique = list(dict.fromkeys(requested))
    to_act = [i for i in unique if acts_on(action, states.get(i))]

    assert len(client.describe_calls) == math.ceil(len(unique) / 25)
    if "refused" in result and result["refused"] or result.get("suspended") or (result.get("not_found") and action is REBOOT):
        assert error is not None and client.action_calls == [] and result["changed"] is False
        return
    if check_mode:
        assert client.action_calls == [] and result[action.done_key] == to_act
        return

    sent = [i for call in client.action_calls for i in call]
    assert len(sent) == len(set(sent)), "an ID was sent twice"
    assert sorted(sent) == sorted(set(sent) & set(to_act)) and len(client.action_calls) <= math.ceil(len(to_act) / 25)
    refused_by_aws = [entry["workspace_id"] for entry in result["failed_requests"]]
    buckets = (
        result[action.done_key]
        + result[action.already_key]
        + result[action.absent_key]
        + refused_by_aws
        + result.get("outcome_unknown", [])
        + result.get("not_attempted", [])
    )
    assert sorted(buckets) == sorted(unique)
    assert result[action.done_key] == [i for i in to_act if i in result[action.done_key]]  # request order kept
    assert set(result[action.done_key]) == {i for i in sent if i not in refusing} - set(result.get("outcome_unknown", []))
    assert result["changed"] == bool(result[action.done_key])
    assert (error is not None) == bool(refused_by_aws or result.get("outcome_unknown"))


@settings(max_examples=100, deadline=None)
@given(fleet=fleets(), action=st.sampled_from([TERMINATE, REBOOT]))
def test_four_at_once_gives_exactly_the_calls_and_results_of_one_at_a_time(fleet, action):
    states, requested, refusing, _failing = fleet
    without_call_errors = (states, requested, refusing, set())
    in_turn = run(action, without_call_errors, False, 1)
    side_by_side = run(action, without_call_errors, False, 4)
    assert in_turn[1] == side_by_side[1]
    assert sorted(map(tuple, in_turn[0].describe_calls)) == sorted(map(tuple, side_by_side[0].describe_calls))
    assert sorted(map(tuple, in_turn[0].action_calls)) == sorted(map(tuple, side_by_side[0].action_calls))


@pytest.mark.parametrize("check_mode", [False, True])
def test_duplicates_and_absent_ids_are_not_terminated_twice(check_mode):
    client = FakeWorkSpacesClient({"ws-000000001": "AVAILABLE"}, set(), set())
    result = run_action(client, TERMINATE, ["ws-000000001", "ws-000000002"], wait=False, wait_timeout=0, check_mode=check_mode)
    assert result["terminated"] == ["ws-000000001"] and result["already_absent"] == ["ws-000000002"]
    assert client.action_calls == ([] if check_mode else [["ws-000000001"]])

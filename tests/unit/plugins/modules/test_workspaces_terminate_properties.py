# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Property-based: over random fleets, every requested ID lands in exactly one bucket and nothing is misreported."""

import math

import botocore.session
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.actions import TERMINATE
from ansible_collections.euc.aws.plugins.module_utils.actions import run_action

SERVICE_MODEL = botocore.session.get_session().get_service_model("workspaces")
TERMINABLE_STATES = ["AVAILABLE", "STOPPED", "ERROR", "PENDING"]
STATES = TERMINABLE_STATES + ["SUSPENDED", "TERMINATING", "TERMINATED", None]  # None: DescribeWorkspaces does not return it


class FakeWorkSpacesClient:
    """In-memory WorkSpaces with the client surface the module uses; records each call."""

    class Meta:
        service_model = SERVICE_MODEL

    meta = Meta()

    def __init__(self, states, failing_ids):
        self.states = states
        self.failing_ids = failing_ids
        self.describe_calls = []
        self.terminate_calls = []

    def describe_workspaces(self, WorkspaceIds, aws_retry):  # pylint: disable=invalid-name
        assert aws_retry is True
        assert len(WorkspaceIds) <= 25
        self.describe_calls.append(list(WorkspaceIds))
        return {"Workspaces": [{"WorkspaceId": i, "State": self.states[i]} for i in WorkspaceIds if self.states.get(i)]}

    def terminate_workspaces(self, TerminateWorkspaceRequests, aws_retry):  # pylint: disable=invalid-name
        assert aws_retry is True
        assert len(TerminateWorkspaceRequests) <= 25
        ids = [request["WorkspaceId"] for request in TerminateWorkspaceRequests]
        self.terminate_calls.append(ids)
        failed = [{"WorkspaceId": i, "ErrorCode": "InternalError", "ErrorMessage": "injected"} for i in ids if i in self.failing_ids]
        for i in ids:
            if i not in self.failing_ids:
                self.states[i] = "TERMINATING"
        return {"FailedRequests": failed}


@st.composite
def fleets(draw):
    count = draw(st.integers(min_value=0, max_value=80))
    ids = [f"ws-{n:09d}" for n in range(count)]
    states = {i: draw(st.sampled_from(STATES)) for i in ids}
    requested = draw(st.lists(st.sampled_from(ids), max_size=120)) if ids else []
    failing = draw(st.sets(st.sampled_from(ids))) if ids else set()
    return states, requested, failing


@settings(max_examples=300, deadline=None)
@given(fleet=fleets(), check_mode=st.booleans())
def test_every_requested_id_lands_in_exactly_one_bucket(fleet, check_mode):
    states, requested, failing = fleet
    client = FakeWorkSpacesClient(dict(states), failing)
    unique = list(dict.fromkeys(requested))
    terminable = [i for i in unique if states.get(i) in TERMINABLE_STATES]
    suspended = [i for i in unique if states.get(i) == "SUSPENDED"]
    will_fail = [i for i in terminable if i in failing]

    try:
        result = run_action(client, TERMINATE, unique, wait=False, wait_timeout=0, check_mode=check_mode)
        error = None
    except AnsibleWorkSpacesError as raised:
        result = raised.kwargs
        error = raised

    assert len(client.describe_calls) == math.ceil(len(unique) / 25)
    if check_mode or suspended:
        assert client.terminate_calls == []
    else:
        assert len(client.terminate_calls) == math.ceil(len(terminable) / 25)

    if suspended:
        assert error is not None and result["suspended"] == suspended
        assert result["terminated"] == []
        assert result["changed"] is False
        return

    failed_ids = [entry["workspace_id"] for entry in result["failed_requests"]]
    buckets = result["terminated"] + result["already_absent"] + result["already_terminating"] + failed_ids
    assert sorted(buckets) == sorted(unique)
    assert set(result["terminated"]) <= set(terminable)
    assert result["changed"] == bool(result["terminated"])
    if check_mode:
        assert result["terminated"] == terminable and failed_ids == []
    else:
        assert result["terminated"] == [i for i in terminable if i not in failing]
        assert failed_ids == will_fail
        assert (error is not None) == bool(will_fail)
        assert all(states[i] in TERMINABLE_STATES for i in result["terminated"])


@pytest.mark.parametrize("check_mode", [False, True])
def test_duplicates_and_absent_ids_are_not_terminated_twice(check_mode):
    client = FakeWorkSpacesClient({"ws-000000001": "AVAILABLE"}, set())
    result = run_action(client, TERMINATE, ["ws-000000001", "ws-000000002"], wait=False, wait_timeout=0, check_mode=check_mode)
    assert result["terminated"] == ["ws-000000001"] and result["already_absent"] == ["ws-000000002"]
    assert client.terminate_calls == ([] if check_mode else [["ws-000000001"]])

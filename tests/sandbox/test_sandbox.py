# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each way the sandbox differs from plain moto, shown over HTTP through boto3 (or raw HTTP where boto3 would refuse)."""

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from werkzeug.test import Client

from sandbox import Sandbox
from sandbox.testing import MODEL
from sandbox.testing import TERMINATED
from sandbox.testing import TERMINATING
from sandbox.testing import control
from sandbox.testing import error_code
from sandbox.testing import raw_call
from sandbox.testing import raw_post
from sandbox.testing import seeded
from sandbox.testing import states


# --- validation from botocore's model ---------------------------------------------------------


def test_describe_rejects_more_than_25_ids(sb, client):
    with pytest.raises(ClientError) as raised:
        client.describe_workspaces(WorkspaceIds=[f"ws-{n:09d}" for n in range(26)])
    assert error_code(raised) == "ValidationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_terminate_rejects_more_than_25_requests(sb, client):
    with pytest.raises(ClientError) as raised:
        client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": f"ws-{n:09d}"} for n in range(26)])
    assert error_code(raised) == "ValidationException"
    assert sb.calls("TerminateWorkspaces")[0]["status"] == 400


@pytest.mark.parametrize("operation, params", [
    ("DescribeWorkspaces", {"WorkspaceIds": ["WS-UPPER12345"]}),
    ("TerminateWorkspaces", {"TerminateWorkspaceRequests": [{"WorkspaceId": "ws-short"}]}),
    ("TerminateWorkspaces", {"TerminateWorkspaceRequests": [{"WorkspaceId": "ws-abc12345d\n"}]}),
])
def test_malformed_ids_are_a_validation_exception(sb, operation, params):
    status, answer = raw_call(sb, operation, params)
    assert status == 400
    assert answer["__type"] == "ValidationException"
    assert "^ws-[0-9a-z]{8,63}$" in answer["message"]


def test_limit_above_25_is_a_validation_exception(sb):
    status, answer = raw_call(sb, "DescribeWorkspaces", {"Limit": 26})
    assert (status, answer["__type"]) == (400, "ValidationException")


def test_validation_errors_look_like_aws_and_reach_boto3(sb, client):
    """boto3 checks no patterns and no maximums itself, so these reach the sandbox through boto3."""
    for call in (
        lambda: client.describe_workspaces(WorkspaceIds=["WS-UPPER12345"]),
        lambda: client.describe_workspaces(Limit=26),
        lambda: client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": "ws-short"}]),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_code(raised) == "ValidationException"
    status, headers, body = raw_post(sb, "TerminateWorkspaces", json.dumps({"TerminateWorkspaceRequests": [{"WorkspaceId": "ws-short"}]}).encode())
    assert (status, headers["x-amzn-ErrorType"], headers["Content-Type"]) == (400, "ValidationException", "application/x-amz-json-1.1")
    assert json.loads(body) == {
        "__type": "ValidationException",
        "message": "1 validation error detected: Value 'ws-short' at 'terminateWorkspaceRequests.1.member.workspaceId' failed to satisfy "
                   "constraint: Member must satisfy regular expression pattern: ^ws-[0-9a-z]{8,63}$",
    }


def test_limits_are_the_ones_in_botocores_model(sb):
    most_ids = MODEL.shape_for("WorkspaceIdList").metadata["max"]
    most_requests = MODEL.shape_for("TerminateWorkspaceRequests").metadata["max"]
    assert raw_call(sb, "DescribeWorkspaces", {"WorkspaceIds": [f"ws-{n:09d}" for n in range(most_ids)]})[0] == 200
    assert raw_call(sb, "DescribeWorkspaces", {"WorkspaceIds": [f"ws-{n:09d}" for n in range(most_ids + 1)]})[0] == 400
    assert raw_call(sb, "TerminateWorkspaces", {"TerminateWorkspaceRequests": [{"WorkspaceId": f"ws-{n:09d}"} for n in range(most_requests)]})[0] == 200
    assert raw_call(sb, "TerminateWorkspaces", {"TerminateWorkspaceRequests": [{"WorkspaceId": f"ws-{n:09d}"} for n in range(most_requests + 1)]})[0] == 400


@pytest.mark.parametrize("operation, params, where", [
    ("DescribeWorkspaces", {"WorkspaceIds": []}, "'workspaceIds'"),
    ("DescribeWorkspaces", {"Limit": 0}, "'limit'"),
    ("TerminateWorkspaces", {"TerminateWorkspaceRequests": []}, "'terminateWorkspaceRequests'"),
    ("TerminateWorkspaces", {}, "null at 'terminateWorkspaceRequests'"),
    ("TerminateWorkspaces", {"TerminateWorkspaceRequests": [{}]}, "null at 'terminateWorkspaceRequests.1.member.workspaceId'"),
])
def test_minimums_and_required_members_are_checked_by_the_server_too(sb, operation, params, where):
    """boto3 refuses these before sending, so only raw HTTP shows that the sandbox refuses them as AWS does."""
    status, answer = raw_call(sb, operation, params)
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert where in answer["message"]


def test_a_body_aws_cannot_decode_is_refused_and_logged(sb):
    for operation, body in (("DescribeWorkspaces", b"not json"), ("DescribeWorkspaces", b"[]"), ("DescribeWorkspaces", b'{"Limit": "ten"}')):
        status, _headers, answer = raw_post(sb, operation, body)
        assert (status, json.loads(answer)["__type"]) == (400, "SerializationException")
    assert [call["status"] for call in sb.calls()] == [400, 400, 400]


def test_moto_alone_accepts_what_aws_refuses(sb):
    """The rules above are the sandbox's: moto itself answers 200 to a 26-ID describe."""
    moto_alone = Client(sb.fidelity.app)
    response = moto_alone.post(
        "/",
        data=json.dumps({"WorkspaceIds": [f"ws-{n:09d}" for n in range(26)]}),
        headers={
            "X-Amz-Target": "WorkspacesService.DescribeWorkspaces",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIASANDBOXEXAMPLE/20260101/us-east-1/workspaces/aws4_request",
        },
    )
    assert response.status_code == 200


# --- pagination ------------------------------------------------------------------------------


def test_describe_pages_by_25_and_the_paginator_walks_them(sb, client):
    directory_id = sb.seed_directory()
    created = sb.seed_workspaces(directory_id, count=30)
    first = client.describe_workspaces(DirectoryId=directory_id)
    assert len(first["Workspaces"]) == 25
    second = client.describe_workspaces(DirectoryId=directory_id, NextToken=first["NextToken"])
    assert len(second["Workspaces"]) == 5 and "NextToken" not in second
    pages = list(client.get_paginator("describe_workspaces").paginate(DirectoryId=directory_id, PaginationConfig={"PageSize": 7}))
    assert [len(page["Workspaces"]) for page in pages] == [7, 7, 7, 7, 2]
    assert sorted(ws["WorkspaceId"] for page in pages for ws in page["Workspaces"]) == sorted(created)


def test_a_termination_between_pages_neither_repeats_nor_skips(sb, client):
    directory_id = sb.seed_directory()
    created = sb.seed_workspaces(directory_id, count=12)
    first = client.describe_workspaces(DirectoryId=directory_id, Limit=5)
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": first["Workspaces"][1]["WorkspaceId"]}])
    second = client.describe_workspaces(DirectoryId=directory_id, Limit=5, NextToken=first["NextToken"])
    third = client.describe_workspaces(DirectoryId=directory_id, Limit=5, NextToken=second["NextToken"])
    walked = [ws["WorkspaceId"] for page in (first, second, third) for ws in page["Workspaces"]]
    assert walked == created  # creation order, the terminated one still in its place


def test_invalid_next_token_is_refused(sb, client):
    with pytest.raises(ClientError) as raised:
        client.describe_workspaces(NextToken="not-a-token")
    assert error_code(raised) == "InvalidParameterValuesException"


# --- SUSPENDED ---------------------------------------------------------------------------------


def test_suspended_is_refused_through_failed_requests(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"])
    sb.set_state(bob, "SUSPENDED")
    answer = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}, {"WorkspaceId": bob}])
    assert answer["FailedRequests"] == [{
        "WorkspaceId": bob, "ErrorCode": "InvalidResourceStateException",
        "ErrorMessage": "The specified WorkSpace has an invalid state for this operation.",
    }]
    assert sb.state_of(bob) == "SUSPENDED"
    assert sb.state_of(alice) == "TERMINATING"


# --- asynchronous termination ----------------------------------------------------------------


def test_termination_goes_terminating_then_terminated_then_gone(sb, client):
    directory_id = sb.seed_directory()
    alice, bob = sb.seed_workspaces(directory_id, ["alice", "bob"])
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert states(client, WorkspaceIds=[alice, bob]) == {alice: "TERMINATING", bob: "AVAILABLE"}
    assert states(client, DirectoryId=directory_id, UserName="alice") == {alice: "TERMINATING"}
    time.sleep(TERMINATING + 0.05)
    assert states(client, WorkspaceIds=[alice]) == {alice: "TERMINATED"}
    time.sleep(TERMINATED + 0.05)
    assert states(client, WorkspaceIds=[alice, bob]) == {bob: "AVAILABLE"}
    assert sb.state_of(alice) is None


def test_filters_still_find_terminating_workspaces(sb, client):
    directory_id = sb.seed_directory()
    alice, bob = sb.seed_workspaces(directory_id, ["alice", "bob"])
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    bundle_id = client.describe_workspaces(WorkspaceIds=[bob])["Workspaces"][0]["BundleId"]
    assert states(client, BundleId=bundle_id) == {alice: "TERMINATING", bob: "AVAILABLE"}
    assert states(client, DirectoryId=directory_id) == {alice: "TERMINATING", bob: "AVAILABLE"}
    assert states(client, DirectoryId=directory_id, UserName="bob") == {bob: "AVAILABLE"}


def test_the_same_id_twice_in_one_call_is_terminated_once(sb, client):
    (alice,) = seeded(sb, ["alice"])
    answer = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}, {"WorkspaceId": alice}])
    assert answer["FailedRequests"] == []
    assert sb.state_of(alice) == "TERMINATING"


def test_unknown_ids_keep_motos_failed_request(sb, client):
    """A choice, not an AWS rule: the sandbox leaves moto's answer for IDs that never existed as it is."""
    answer = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": "ws-000000000"}])
    assert answer["FailedRequests"] == [
        {"WorkspaceId": "ws-000000000", "ErrorCode": "400", "ErrorMessage": "WorkSpace ws-000000000 could not be found."}
    ]


def test_terminating_again_is_accepted_without_restarting_the_clock(sb, client):
    (alice,) = seeded(sb, ["alice"])
    client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    time.sleep(TERMINATING / 2)
    again = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert again["FailedRequests"] == []
    time.sleep(TERMINATING / 2 + 0.05)
    assert sb.state_of(alice) == "TERMINATED"


# --- fault injection ---------------------------------------------------------------------------


def test_throttling_for_the_next_calls(sb, client):
    sb.throttle(2, operation="DescribeWorkspaces")
    for _call in range(2):
        with pytest.raises(ClientError) as raised:
            client.describe_workspaces()
        assert error_code(raised) == "ThrottlingException"
        assert raised.value.response["Error"]["Message"] == "Rate exceeded"
    assert client.describe_workspaces()["Workspaces"] == []


def test_server_error_for_the_next_call(sb, client):
    sb.server_error(1)
    with pytest.raises(ClientError) as raised:
        client.describe_workspaces()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert client.describe_workspaces()["Workspaces"] == []


def test_faults_can_let_calls_through_first(sb, client):
    (alice, bob) = seeded(sb, ["alice", "bob"])
    sb.server_error(1, operation="TerminateWorkspaces", after=1)
    client.describe_workspaces()
    assert client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])["FailedRequests"] == []
    with pytest.raises(ClientError) as raised:
        client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": bob}])
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert sb.state_of(bob) == "AVAILABLE"


def test_latency_delays_each_workspaces_call(sb, client):
    sb.set_latency(0.3)
    try:
        started = time.monotonic()
        client.describe_workspaces()
        assert time.monotonic() - started >= 0.3
    finally:
        sb.set_latency(0)


def test_failed_requests_for_chosen_ids(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"])
    sb.fail_requests({bob: ("InternalError", "try again")})
    answer = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}, {"WorkspaceId": bob}])
    assert answer["FailedRequests"] == [{"WorkspaceId": bob, "ErrorCode": "InternalError", "ErrorMessage": "try again"}]
    assert (sb.state_of(alice), sb.state_of(bob)) == ("TERMINATING", "AVAILABLE")


def test_failed_requests_stay_until_cleared(sb, client):
    alice, bob = seeded(sb, ["alice", "bob"])
    sb.fail_requests({alice: ("InternalError", "try again")})
    for _attempt in range(2):
        answer = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
        assert [failure["ErrorCode"] for failure in answer["FailedRequests"]] == ["InternalError"]
    sb.clear_faults()
    assert client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}, {"WorkspaceId": bob}])["FailedRequests"] == []
    assert (sb.state_of(alice), sb.state_of(bob)) == ("TERMINATING", "TERMINATING")
    with pytest.raises(ValueError):
        sb.fail_requests({alice: ("Code", "message")}, operation="DescribeWorkspaces")


def test_faults_for_one_operation_leave_the_others_alone(sb, client):
    (alice,) = seeded(sb, ["alice"])
    sb.throttle(1, operation="TerminateWorkspaces")
    sb.server_error(1, operation="TerminateWorkspaces")
    assert states(client, WorkspaceIds=[alice]) == {alice: "AVAILABLE"}
    with pytest.raises(ClientError) as raised:
        client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert error_code(raised) == "ThrottlingException"
    with pytest.raises(ClientError) as raised:
        client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert (error_code(raised), raised.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("InternalFailure", 500)
    assert client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])["FailedRequests"] == []


def test_call_log_records_operation_params_and_status(sb, client):
    sb.reset_calls()
    sb.throttle(1)
    with pytest.raises(ClientError):
        client.describe_workspaces(WorkspaceIds=["ws-abc12345d"])
    client.describe_workspaces(WorkspaceIds=["ws-abc12345d"])
    assert sb.calls() == [
        {"operation": "DescribeWorkspaces", "region": "us-east-1", "params": {"WorkspaceIds": ["ws-abc12345d"]}, "status": 400},
        {"operation": "DescribeWorkspaces", "region": "us-east-1", "params": {"WorkspaceIds": ["ws-abc12345d"]}, "status": 200},
    ]


def test_call_log_is_complete_under_parallel_calls_and_holds_no_credentials(sb):
    sb.reset_calls()
    clients = [sb.client("workspaces") for _thread in range(8)]
    threads = [threading.Thread(target=lambda c=c: [c.describe_workspaces(Limit=n) for n in range(1, 11)]) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    logged = sb.calls("DescribeWorkspaces")
    assert len(logged) == 80 and {call["status"] for call in logged} == {200}
    assert sorted(call["params"]["Limit"] for call in logged) == sorted(list(range(1, 11)) * 8)
    assert "AKIASANDBOXEXAMPLE" not in json.dumps(logged) and "sandbox-secret-key" not in json.dumps(logged)
    logged[0]["params"]["Limit"] = 99
    assert sb.calls()[0]["params"]["Limit"] != 99  # a copy


# --- HTTP control and the command line ---------------------------------------------------------


def test_http_control_api(sb, client):
    seeded_now = control(sb, "seed", {"users": ["alice", "bob"]})
    alice, bob = seeded_now["workspace_ids"]
    assert control(sb, "state", {"workspace_id": bob, "state": "SUSPENDED"})["state"] == "SUSPENDED"
    control(sb, "faults", {"throttle": 1, "operation": "DescribeWorkspaces"})
    with pytest.raises(ClientError):
        client.describe_workspaces()
    control(sb, "faults", {"fail_requests": {alice: ["Code", "msg"]}})
    answer = client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": alice}])
    assert answer["FailedRequests"][0]["ErrorCode"] == "Code"
    assert [c["operation"] for c in control(sb, "calls")["calls"]][-2:] == ["DescribeWorkspaces", "TerminateWorkspaces"]
    with urllib.request.urlopen(f"{sb.endpoint_url}/_sandbox/calls?operation=TerminateWorkspaces", timeout=30) as response:
        assert [c["operation"] for c in json.loads(response.read())["calls"]] == ["TerminateWorkspaces"]
    with pytest.raises(urllib.error.HTTPError) as refused:
        control(sb, "no-such-action")
    assert refused.value.code == 404
    control(sb, "reset")
    assert client.describe_workspaces()["Workspaces"] == []


def test_http_control_writes_tags_and_network_as_a_client_sees_them(sb, client):
    (alice,) = control(sb, "seed", {"users": ["alice"]})["workspace_ids"]
    assert control(sb, "tags", {"workspace_id": alice, "tags": {"euc:keep": "yes", "Skip_Convert": ""}}) == {
        "tags": {"euc:keep": "yes", "Skip_Convert": ""}
    }
    assert client.describe_tags(ResourceId=alice)["TagList"] == [
        {"Key": "euc:keep", "Value": "yes"}, {"Key": "Skip_Convert", "Value": ""},
    ]
    # Through CreateTags: AWS's limits apply (50 tags a resource), and nothing changes when one is broken.
    with pytest.raises(urllib.error.HTTPError) as refused:
        control(sb, "tags", {"workspace_id": alice, "tags": {f"k{n}": "v" for n in range(50)}})
    assert refused.value.code == 400
    assert control(sb, "tags", {"workspace_id": alice}) == {"tags": {"euc:keep": "yes", "Skip_Convert": ""}}

    network = {"workspace_id": alice, "computer_name": "WSAMZN-ALICE01", "ip_address": "10.0.1.17"}
    assert control(sb, "network", network) == network
    (described,) = client.describe_workspaces(WorkspaceIds=[alice])["Workspaces"]
    assert (described["ComputerName"], described["IpAddress"]) == ("WSAMZN-ALICE01", "10.0.1.17")
    with pytest.raises(urllib.error.HTTPError) as unknown:
        control(sb, "network", {"workspace_id": "ws-000000000", "computer_name": "X"})
    assert unknown.value.code == 400


def test_command_line_serves_seeds_and_stops_on_sigterm(tmp_path):
    tests_dir = Path(__file__).resolve().parents[1]
    endpoint_file = tmp_path / "endpoint.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--seed-users", "alice,bob", "--endpoint-file", str(endpoint_file)],
        cwd=tests_dir, stdout=subprocess.PIPE, text=True,
    )
    try:
        started = json.loads(process.stdout.readline())
        assert started["endpoint_url"].startswith("http://127.0.0.1:")
        assert len(started["workspace_ids"]) == 2
        assert started["bundle_ids"] == list(Sandbox.known_bundles)
        # A module that waits looks first 2 s after its call: a reboot must still be under way then.
        request = urllib.request.Request(f"{started['endpoint_url']}/_sandbox/transitions", data=b"{}", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            transitions = json.loads(response.read())["transition_seconds"]
        timed = ("pending", "starting", "stopping", "rebooting", "rebuilding", "restoring")
        assert {name: transitions[name] for name in timed} == dict.fromkeys(timed, 5.0)
        assert json.loads(endpoint_file.read_text()) == started
        process.terminate()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.communicate()

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the sandbox's own tests share: calls over raw HTTP (for requests boto3 would refuse), the control API, helpers."""

import json
import urllib.error
import urllib.request

import botocore.session

from .create import BUNDLE_ID

TERMINATING = 1.5
TERMINATED = 1.0
MODEL = botocore.session.get_session().get_service_model("workspaces")
# What the calls on one WorkSpace answer for a state they do not take (spelled out: the tests pin the sandbox's text).
INVALID_STATE = ("InvalidResourceStateException", "The specified WorkSpace has an invalid state for this operation.")
# Long enough that a test sees an intermediate state; setting 0 then ends the transition.
SLOW = 60.0
OTHER_REGION = "eu-west-1"


def raw_post(sb, operation, body, region="us-east-1"):
    """A WorkSpaces call over plain HTTP, for requests boto3 would refuse to send; returns status, headers, body."""
    request = urllib.request.Request(
        sb.endpoint_url,
        data=body,
        headers={
            "X-Amz-Target": f"WorkspacesService.{operation}",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIASANDBOXEXAMPLE/20260101/{region}/workspaces/aws4_request",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw_call(sb, operation, params, region="us-east-1"):
    status, _headers, body = raw_post(sb, operation, json.dumps(params).encode(), region)
    return status, json.loads(body)


def control(sb, action, payload=None):
    request = urllib.request.Request(
        f"{sb.endpoint_url}/_sandbox/{action}", data=json.dumps(payload or {}).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def error_code(raised):
    return raised.value.response["Error"]["Code"]


def refusal(raised):
    """(code, message) of a ClientError the calls on one WorkSpace raise, which AWS answers with HTTP 400."""
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


def seeded(sb, users, **options):
    return sb.seed_workspaces(sb.seed_directory(options.get("region")), users, **options)


def create_workspace(client, directory_id, user_name):
    """CreateWorkspaces for one user through boto3; the new WorkSpace's ID."""
    answer = client.create_workspaces(Workspaces=[{"DirectoryId": directory_id, "UserName": user_name, "BundleId": BUNDLE_ID}])
    return answer["PendingRequests"][0]["WorkspaceId"]


def states(client, **filters):
    return {ws["WorkspaceId"]: ws["State"] for ws in client.describe_workspaces(**filters)["Workspaces"]}

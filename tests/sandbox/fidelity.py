# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WSGI middleware in front of moto that makes its WorkSpaces API behave like the real service.

Only WorkSpaces calls this layer must change are touched; everything else (ec2, ds, moto's own API)
passes straight through to moto.
"""

import base64
import binascii
import io
import json
import re
import threading
import time

import botocore.session
from moto.core import DEFAULT_ACCOUNT_ID
from moto.workspaces.models import workspaces_backends

TARGET_PREFIX = "WorkspacesService."
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
ON_THE_WAY_OUT = ("TERMINATING", "TERMINATED")


class ServiceLimits:
    """Limits and patterns read from botocore's WorkSpaces model, the data AWS's SDKs are generated from."""

    def __init__(self):
        model = botocore.session.get_session().get_service_model("workspaces")
        describe = model.operation_model("DescribeWorkspaces").input_shape.members
        terminate = model.operation_model("TerminateWorkspaces").input_shape.members
        self.workspace_id_pattern = model.shape_for("WorkspaceId").metadata["pattern"]
        self.describe_max_ids = describe["WorkspaceIds"].metadata["max"]
        self.describe_min_limit = describe["Limit"].metadata["min"]
        self.describe_max_limit = describe["Limit"].metadata["max"]
        self.terminate_max_requests = terminate["TerminateWorkspaceRequests"].metadata["max"]


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def validation_error(message):
    return ApiError(400, "ValidationException", message)


class Faults:
    """Faults armed by tests: counted ones are used up call by call; FailedRequests ones stay until cleared."""

    def __init__(self):
        # kind -> [[operation or None, matching calls still to let through, calls still to fail], ...]
        self.schedules = {"throttle": [], "server_error": []}
        self.failed_requests = {}  # workspace_id -> (operation, code, message)

    def arm(self, kind, count, operation=None, after=0):
        self.schedules[kind].append([operation, after, count])

    def fires(self, kind, operation):
        """Whether this call gets the fault; the first armed entry that matches the operation decides."""
        for entry in self.schedules[kind]:
            wanted, let_through, _count = entry
            if wanted not in (None, operation):
                continue
            if let_through:
                entry[1] -= 1
                return False
            entry[2] -= 1
            if entry[2] <= 0:
                self.schedules[kind].remove(entry)
            return True
        return False


class WorkSpacesFidelity:
    """The middleware. Thread safe: werkzeug serves each request in its own thread."""

    def __init__(self, app, terminating_seconds=2.0, terminated_seconds=1.0, clock=time.monotonic):
        self.app = app
        self.limits = ServiceLimits()
        self.terminating_seconds = terminating_seconds
        self.terminated_seconds = terminated_seconds
        self.clock = clock
        self.lock = threading.RLock()
        self.faults = Faults()
        self.call_log = []
        # Terminated WorkSpaces AWS still shows: workspace_id -> (when, region, description before termination)
        self.leaving = {}

    # -- WSGI ----------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(TARGET_PREFIX):
            return self.app(environ, start_response)
        operation = target[len(TARGET_PREFIX):]
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
        try:
            status, payload = self.handle(operation, params, environ, region_of(environ))
        except ApiError as error:
            status, payload = error.status, {"__type": error.code, "message": error.message}
        with self.lock:
            self.call_log.append({"operation": operation, "params": params, "status": status})
        return respond(start_response, status, payload)

    def handle(self, operation, params, environ, region):
        with self.lock:
            if self.faults.fires("throttle", operation):
                raise ApiError(400, "ThrottlingException", "Rate exceeded")
            if self.faults.fires("server_error", operation):
                raise ApiError(500, "InternalFailure", "The request processing has failed because of an unknown error.")
        if operation == "DescribeWorkspaces":
            return self.describe_workspaces(params, environ, region)
        if operation == "TerminateWorkspaces":
            return self.terminate_workspaces(params, environ, region)
        return self.forward(environ, params)

    def forward(self, environ, params):
        """Send the call on to moto; return its status and JSON answer."""
        body = json.dumps(params).encode()
        inner = dict(environ, **{"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
        captured = {}

        def capture(status, headers, exc_info=None):  # pylint: disable=unused-argument
            captured["status"] = int(status.split()[0])

        chunks = self.app(inner, capture)
        try:
            raw = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return captured["status"], json.loads(raw or b"{}")

    # -- DescribeWorkspaces --------------------------------------------------------------------

    def describe_workspaces(self, params, environ, region):
        workspace_ids = params.get("WorkspaceIds")
        if workspace_ids is not None:
            self.check_ids(workspace_ids, "workspaceIds", self.limits.describe_max_ids)
        limit = params.get("Limit", self.limits.describe_max_limit)
        if not self.limits.describe_min_limit <= limit <= self.limits.describe_max_limit:
            raise validation_error(
                f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value "
                f"less than or equal to {self.limits.describe_max_limit} and greater than or equal to {self.limits.describe_min_limit}"
            )
        status, answer = self.forward(environ, {k: v for k, v in params.items() if k not in ("Limit", "NextToken")})
        if status != 200:
            return status, answer
        everything = answer.get("Workspaces", []) + self.still_visible(region, params)
        offset = self.offset_from(params.get("NextToken"), params)
        page = everything[offset:offset + limit]
        result = {"Workspaces": page}
        if offset + limit < len(everything):
            result["NextToken"] = encode_token(offset + limit, params)
        return 200, result

    def offset_from(self, token, params):
        if token is None:
            return 0
        try:
            decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
            if decoded["filters"] != filters_of(params):
                raise ValueError("token used with other filters")
            return int(decoded["offset"])
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise ApiError(400, "InvalidParameterValuesException", "The NextToken is not valid.") from error

    def still_visible(self, region, params):
        """Terminated WorkSpaces AWS still returns (moto forgets them at once), matching the call's filters."""
        now = self.clock()
        visible = []
        with self.lock:
            for workspace_id, (when, ws_region, described) in list(self.leaving.items()):
                state = self.phase(now - when)
                if state is None:
                    del self.leaving[workspace_id]
                    continue
                if ws_region == region and matches(described, params):
                    visible.append(dict(described, State=state))
        return visible

    def phase(self, age):
        if age < self.terminating_seconds:
            return "TERMINATING"
        if age < self.terminating_seconds + self.terminated_seconds:
            return "TERMINATED"
        return None

    # -- TerminateWorkspaces -------------------------------------------------------------------

    def terminate_workspaces(self, params, environ, region):
        requests = params.get("TerminateWorkspaceRequests") or []
        self.check_ids([r.get("WorkspaceId", "") for r in requests], "terminateWorkspaceRequests", self.limits.terminate_max_requests)
        backend = workspaces_backends[DEFAULT_ACCOUNT_ID][region]
        failed = []
        to_moto = []
        leaving_now = {}
        with self.lock:
            for request in requests:
                workspace_id = request["WorkspaceId"]
                injected = self.faults.failed_requests.get(workspace_id)
                current = backend.workspaces.get(workspace_id)
                if injected and injected[0] == "TerminateWorkspaces":
                    failed.append(failed_request(workspace_id, injected[1], injected[2]))
                elif workspace_id in self.leaving:
                    continue  # AWS accepts terminating a WorkSpace again; its clock does not restart
                elif current is not None and current.state == "SUSPENDED":
                    failed.append(failed_request(
                        workspace_id, "InvalidResourceStateException", "The specified WorkSpace has an invalid state for this operation."
                    ))
                else:
                    if current is not None:
                        leaving_now[workspace_id] = current.to_dict_pending()
                    to_moto.append(request)
            if to_moto:
                status, answer = self.forward(environ, {"TerminateWorkspaceRequests": to_moto})
                if status != 200:
                    return status, answer
                failed.extend(answer.get("FailedRequests", []))
            now = self.clock()
            for workspace_id, described in leaving_now.items():
                self.leaving[workspace_id] = (now, region, described)
        return 200, {"FailedRequests": failed}

    # -- checks, faults and state for tests ----------------------------------------------------

    def check_ids(self, workspace_ids, member, max_count):
        if len(workspace_ids) > max_count:
            raise validation_error(
                f"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length less "
                f"than or equal to {max_count}"
            )
        pattern = self.limits.workspace_id_pattern
        bad = [i for i in workspace_ids if not isinstance(i, str) or not re.fullmatch(pattern, i)]
        if bad:
            raise validation_error(
                f"1 validation error detected: Value '{bad[0]}' at '{member}' failed to satisfy constraint: Member must "
                f"satisfy regular expression pattern: {pattern}"
            )

    def set_state(self, region, workspace_id, state):
        workspaces_backends[DEFAULT_ACCOUNT_ID][region].workspaces[workspace_id].state = state

    def state_of(self, region, workspace_id):
        with self.lock:
            if workspace_id in self.leaving:
                when, _region, _described = self.leaving[workspace_id]
                return self.phase(self.clock() - when)
        current = workspaces_backends[DEFAULT_ACCOUNT_ID][region].workspaces.get(workspace_id)
        return current.state if current is not None else None

    def throttle(self, count, operation=None, after=0):
        with self.lock:
            self.faults.arm("throttle", count, operation, after)

    def server_error(self, count, operation=None, after=0):
        with self.lock:
            self.faults.arm("server_error", count, operation, after)

    def fail_requests(self, failures, operation="TerminateWorkspaces"):
        with self.lock:
            for workspace_id, (code, message) in failures.items():
                self.faults.failed_requests[workspace_id] = (operation, code, message)

    def clear_faults(self):
        with self.lock:
            self.faults = Faults()

    def calls(self, operation=None):
        with self.lock:
            return [dict(call) for call in self.call_log if operation in (None, call["operation"])]

    def reset_calls(self):
        with self.lock:
            self.call_log = []

    def reset(self):
        with self.lock:
            self.faults = Faults()
            self.call_log = []
            self.leaving = {}


def failed_request(workspace_id, code, message):
    return {"WorkspaceId": workspace_id, "ErrorCode": code, "ErrorMessage": message}


def filters_of(params):
    return {key: params[key] for key in ("WorkspaceIds", "DirectoryId", "UserName", "BundleId") if key in params}


def matches(described, params):
    if "WorkspaceIds" in params and described["WorkspaceId"] not in params["WorkspaceIds"]:
        return False
    return all(described.get(key) == params[key] for key in ("DirectoryId", "UserName", "BundleId") if key in params)


def encode_token(offset, params):
    return base64.urlsafe_b64encode(json.dumps({"offset": offset, "filters": filters_of(params)}).encode()).decode()


def region_of(environ):
    """The region from the SigV4 credential scope (.../REGION/workspaces/aws4_request)."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    try:
        return authorization.split("Credential=")[1].split("/")[2]
    except IndexError:
        return "us-east-1"


def respond(start_response, status, payload):
    body = json.dumps(payload).encode()
    headers = [("Content-Type", JSON_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    if status >= 400:
        headers.append(("x-amzn-ErrorType", payload["__type"]))
    reason = {200: "OK", 400: "Bad Request", 500: "Internal Server Error"}.get(status, "Error")
    start_response(f"{status} {reason}", headers)
    return [body]

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WSGI middleware in front of moto that makes its WorkSpaces API behave like the real service.

Only WorkSpaces calls this layer must change are touched; everything else (ec2, ds, moto's own API)
passes straight through to moto.
"""

import base64
import binascii
import copy
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
# The calls whose input AWS checks against the model and moto does not. botocore checks only part of it
# client side (required members, minimums), never list maximums, integer maximums or patterns.
VALIDATED_OPERATIONS = ("DescribeWorkspaces", "TerminateWorkspaces")
JSON_TYPES = {"structure": dict, "list": list, "string": str, "integer": int, "long": int, "boolean": bool}


class ServiceModel:
    """Constraints read from botocore's WorkSpaces model, the data AWS's SDKs are generated from."""

    def __init__(self):
        self.model = botocore.session.get_session().get_service_model("workspaces")
        # AWS's page size when the call gives no Limit is the largest Limit allowed.
        self.default_page_size = self.model.operation_model("DescribeWorkspaces").input_shape.members["Limit"].metadata["max"]

    def check(self, operation, params):
        """Raise what AWS's front end answers when ``params`` break the operation's input shape."""
        problems = []
        self._check(self.model.operation_model(operation).input_shape, params, "", problems)
        if problems:
            count = len(problems)
            raise validation_error(f"{count} validation error{'s' if count > 1 else ''} detected: {'; '.join(problems)}")

    def _check(self, shape, value, path, problems):
        kind = shape.type_name
        if not isinstance(value, JSON_TYPES.get(kind, object)) or (kind in ("integer", "long") and isinstance(value, bool)):
            # A wrongly typed value fails AWS's JSON decoding before any constraint is looked at.
            raise ApiError(400, "SerializationException", f"Unexpected value type at '{path or 'input'}'")
        limits = shape.metadata
        if kind == "structure":
            for name in shape.required_members:
                if value.get(name) is None:
                    problems.append(f"Value null at '{join(path, name)}' failed to satisfy constraint: Member must not be null")
            for name, member in shape.members.items():
                if value.get(name) is not None:
                    self._check(member, value[name], join(path, name), problems)
            return
        if kind not in ("list", "string", "integer", "long"):
            return  # nothing else appears in the validated operations
        shown = f"[{', '.join(map(str, value))}]" if kind == "list" else value
        measure, size = ("value", value) if kind in ("integer", "long") else ("length", len(value))
        if "min" in limits and size < limits["min"]:
            problems.append(broken(shown, path, f"have {measure} greater than or equal to {limits['min']}"))
        if "max" in limits and size > limits["max"]:
            problems.append(broken(shown, path, f"have {measure} less than or equal to {limits['max']}"))
        if kind == "string" and "pattern" in limits and not re.fullmatch(limits["pattern"], value):
            problems.append(broken(shown, path, f"satisfy regular expression pattern: {limits['pattern']}"))
        if kind == "list":
            for number, item in enumerate(value, start=1):
                self._check(shape.member, item, f"{path}.{number}.member", problems)


def broken(shown, path, rule):
    return f"Value '{shown}' at '{path}' failed to satisfy constraint: Member must {rule}"


def join(path, member):
    """AWS names members in its messages in lowerCamelCase: terminateWorkspaceRequests.1.member.workspaceId."""
    name = member[:1].lower() + member[1:]
    return f"{path}.{name}" if path else name


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
        self.model = ServiceModel()
        self.terminating_seconds = terminating_seconds
        self.terminated_seconds = terminated_seconds
        self.clock = clock
        # Extra seconds per WorkSpaces call: loopback answers in milliseconds, AWS over the internet does not.
        self.latency_seconds = 0.0
        self.lock = threading.RLock()
        self.reset()

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
            params = None
        # Logged on arrival, so the log keeps the order calls came in even when they are answered in parallel.
        call = {"operation": operation, "params": params, "status": None}
        with self.lock:
            self.call_log.append(call)
        if self.latency_seconds:
            time.sleep(self.latency_seconds)
        try:
            status, payload = self.handle(operation, params, environ, region_of(environ))
        except ApiError as error:
            status, payload = error.status, {"__type": error.code, "message": error.message}
        with self.lock:
            call["status"] = status
        return respond(start_response, status, payload)

    def handle(self, operation, params, environ, region):
        with self.lock:
            if self.faults.fires("throttle", operation):
                raise ApiError(400, "ThrottlingException", "Rate exceeded")
            if self.faults.fires("server_error", operation):
                raise ApiError(500, "InternalFailure", "The request processing has failed because of an unknown error.")
        if not isinstance(params, dict):
            raise ApiError(400, "SerializationException", "The request body is not a JSON object.")
        if operation in VALIDATED_OPERATIONS:
            self.model.check(operation, params)
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
        try:
            return captured["status"], json.loads(raw or b"{}")
        except ValueError:
            # moto answers a crash with werkzeug's HTML page; clients expect AWS's JSON error.
            return 500, {"__type": "InternalFailure", "message": raw.decode(errors="replace")[:500]}

    # -- DescribeWorkspaces --------------------------------------------------------------------

    def describe_workspaces(self, params, environ, region):
        page_size = params.get("Limit", self.model.default_page_size)
        after = self.position_from(params.get("NextToken"), params)
        # One lock for moto's answer and the leaving WorkSpaces: a TerminateWorkspaces in between would
        # otherwise show a WorkSpace twice.
        with self.lock:
            status, answer = self.forward(environ, {k: v for k, v in params.items() if k not in ("Limit", "NextToken")})
            if status != 200:
                return status, answer
            self.number_new_workspaces(region)
            everything = sorted(
                ((self.position[ws["WorkspaceId"]], ws) for ws in answer.get("Workspaces", []) + self.still_visible(region, params)),
                key=lambda placed: placed[0],
            )
        remaining = [(place, ws) for place, ws in everything if place > after]
        result = {"Workspaces": [ws for _place, ws in remaining[:page_size]]}
        if len(remaining) > page_size:
            result["NextToken"] = encode_token(remaining[page_size - 1][0], params)
        return 200, result

    def number_new_workspaces(self, region):
        """Give WorkSpaces not seen before the next places; moto's dict keeps them in creation order."""
        for workspace_id in workspaces_backends[DEFAULT_ACCOUNT_ID][region].workspaces:
            if workspace_id not in self.position:
                self.position[workspace_id] = self.next_position
                self.next_position += 1

    def position_from(self, token, params):
        """The place of the last WorkSpace on the previous page (-1 for the first page)."""
        if token is None:
            return -1
        try:
            decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
            if decoded["filters"] != filters_of(params):
                raise ValueError("token used with other filters")
            return int(decoded["after"])
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
                    self.position.pop(workspace_id, None)
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
        backend = workspaces_backends[DEFAULT_ACCOUNT_ID][region]
        failed = []
        to_moto = []
        leaving_now = {}
        with self.lock:
            self.number_new_workspaces(region)
            for request in params["TerminateWorkspaceRequests"]:
                workspace_id = request["WorkspaceId"]
                injected = self.faults.failed_requests.get(workspace_id)
                current = backend.workspaces.get(workspace_id)
                if injected and injected[0] == "TerminateWorkspaces":
                    failed.append(failed_request(workspace_id, injected[1], injected[2]))
                elif workspace_id in self.leaving or workspace_id in leaving_now:
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

    def set_state(self, region, workspace_id, state):
        with self.lock:
            if workspace_id in self.leaving:
                raise ValueError(f"{workspace_id} is being terminated; its state follows the termination clock")
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
        if operation != "TerminateWorkspaces":
            raise ValueError(f"FailedRequests can be injected into TerminateWorkspaces only, not {operation}")
        with self.lock:
            for workspace_id, (code, message) in failures.items():
                self.faults.failed_requests[workspace_id] = (operation, code, message)

    def clear_faults(self):
        with self.lock:
            self.faults = Faults()

    def calls(self, operation=None):
        with self.lock:
            return [copy.deepcopy(call) for call in self.call_log if operation in (None, call["operation"])]

    def reset_calls(self):
        with self.lock:
            self.call_log = []

    def reset(self):
        """Forget faults, logged calls and WorkSpaces leaving; life cycle times and latency stay as set."""
        with self.lock:
            self.faults = Faults()
            self.call_log = []
            # Terminated WorkSpaces AWS still shows: workspace_id -> (when, region, description before termination)
            self.leaving = {}
            # workspace_id -> its place in creation order, which pages follow; kept while a WorkSpace is leaving so
            # that a termination between two pages neither repeats nor skips anything.
            self.position = {}
            self.next_position = 0


def failed_request(workspace_id, code, message):
    return {"WorkspaceId": workspace_id, "ErrorCode": code, "ErrorMessage": message}


def filters_of(params):
    return {key: params[key] for key in ("WorkspaceIds", "DirectoryId", "UserName", "BundleId") if key in params}


def matches(described, params):
    if "WorkspaceIds" in params and described["WorkspaceId"] not in params["WorkspaceIds"]:
        return False
    return all(described.get(key) == params[key] for key in ("DirectoryId", "UserName", "BundleId") if key in params)


def encode_token(after, params):
    return base64.urlsafe_b64encode(json.dumps({"after": after, "filters": filters_of(params)}).encode()).decode()


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

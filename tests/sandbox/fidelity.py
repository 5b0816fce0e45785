# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WSGI middleware in front of moto that makes its WorkSpaces API behave like the real service.

Only WorkSpaces calls this layer must change are touched, and CloudWatch's GetMetricData (logged and faulted here,
answered by metrics.py from inside moto's CloudWatch handler); everything else (ec2, ds, other CloudWatch calls,
moto's own API) passes straight through to moto. Here: the WSGI entry, the call log, faults, validation against
botocore's model and the routing, by the registry of the operations the sandbox answers (operations.py); each family of
operations lives in its own module (lifecycle, describe, create, connection, tags, directories, directory_settings,
ip_groups, maintenance, properties, migrate, images, bundles, metrics), mixed into WorkSpacesFidelity.
"""

import copy
import io
import json
import re
import threading
import time
import urllib.parse

import botocore.session

from .bundles import Bundles
from .bundles import public_bundles
from .connection import ConnectionStatus
from .create import Create
from .create import user_name_key
from .describe import Describe
from .directories import REFUSALS
from .directories import Directories
from .directory_settings import DirectorySettings
from .images import Images
from .lifecycle import TRANSITION_SECONDS
from .lifecycle import Lifecycle
from .maintenance import Maintenance
from .metrics import ENVIRON_KEY
from .metrics import FAULTS as METRIC_FAULTS
from .metrics import JSON_TARGET_PREFIX as METRICS_TARGET_PREFIX
from .metrics import OPERATIONS as METRIC_OPERATIONS
from .metrics import MetricDataCall
from .metrics import Metrics
from .ip_groups import IpGroups
from .migrate import Migrate
from .operations import ARMABLE
from .operations import OPERATIONS
from .properties import DEFAULT_NEW_VALUES_SHOWN
from .properties import Properties
from .state import ApiError
from .state import RegionState
from .tags import Tags

TARGET_PREFIX = "WorkspacesService."
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
JSON_TYPES = {"structure": dict, "list": list, "string": str, "integer": int, "long": int, "boolean": bool}
WORKSPACES_FAULTS = {
    "throttle": (400, "ThrottlingException", "Rate exceeded"),
    "server_error": (500, "InternalFailure", "The request processing has failed because of an unknown error."),
}


class ServiceModel:
    """Constraints read from botocore's WorkSpaces model, the data AWS's SDKs are generated from."""

    def __init__(self):
        self.model = botocore.session.get_session().get_service_model("workspaces")
        # AWS's page size when the call gives no Limit is the largest Limit allowed.
        self.default_page_size = self.most("DescribeWorkspaces", "Limit")

    def most(self, operation, member):
        """The maximum the model sets on a member of an operation's input (a list's length, an integer's value)."""
        return self.model.operation_model(operation).input_shape.members[member].metadata["max"]

    def request_list(self, operation):
        """The one required member of Start/Stop/Reboot/RebuildWorkspaces: the list of requests."""
        (member,) = self.model.operation_model(operation).input_shape.required_members
        return member

    def require(self, shape_name, value):
        """For the sandbox's own API: refuse a value the model's enum does not have, as AWS would never show it."""
        allowed = self.model.shape_for(shape_name).enum
        if value not in allowed:
            raise ValueError(f"{value!r} is not a {shape_name}: one of {', '.join(allowed)}")

    def check(self, operation, params):
        """Raise what AWS's front end answers when ``params`` break the operation's input shape."""
        problems = []
        self._check(self.model.operation_model(operation).input_shape, params, "", problems)
        if problems:
            count = len(problems)
            raise validation_error(f"{count} validation error{'s' if count > 1 else ''} detected: {'; '.join(problems)}")

    def check_shape(self, shape_name, value):
        """As check, for a value of one of the model's shapes (the sandbox's own API takes some)."""
        problems = []
        self._check(self.model.shape_for(shape_name), value, "", problems)
        if problems:
            raise validation_error("; ".join(problems))

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
            return  # booleans have no constraint beyond their type; no other kind appears in the validated inputs
        shown = f"[{', '.join(map(str, value))}]" if kind == "list" else value
        measure, size = ("value", value) if kind in ("integer", "long") else ("length", len(value))
        if "min" in limits and size < limits["min"]:
            problems.append(broken(shown, path, f"have {measure} greater than or equal to {limits['min']}"))
        if "max" in limits and size > limits["max"]:
            problems.append(broken(shown, path, f"have {measure} less than or equal to {limits['max']}"))
        if kind == "string" and "pattern" in limits and not re.fullmatch(limits["pattern"], value):
            problems.append(broken(shown, path, f"satisfy regular expression pattern: {limits['pattern']}"))
        if kind == "string" and shape.enum and value not in shape.enum:
            problems.append(broken(shown, path, f"satisfy enum value set: [{', '.join(shape.enum)}]"))
        if kind == "list":
            for number, item in enumerate(value, start=1):
                self._check(shape.member, item, f"{path}.{number}.member", problems)


def broken(shown, path, rule):
    return f"Value '{shown}' at '{path}' failed to satisfy constraint: Member must {rule}"


def join(path, member):
    """AWS names members in its messages in lowerCamelCase: terminateWorkspaceRequests.1.member.workspaceId."""
    name = member[:1].lower() + member[1:]
    return f"{path}.{name}" if path else name


def validation_error(message):
    return ApiError(400, "ValidationException", message)


class Faults:
    """Faults armed by tests: counted ones are used up call by call; the others stay until cleared."""

    def __init__(self):
        # kind -> [[operation or None, matching calls still to let through, calls still to fail], ...]
        self.schedules = {"throttle": [], "server_error": []}
        # (operation, workspace ID or casefolded user name) -> [code, message, answers still to give, None: no end]
        self.failed_requests = {}
        self.failing_modifications = set()  # (region, workspace ID) whose modification under way or next ends failed
        self.failing_registrations = {}  # (region, directory ID) -> the ErrorMessage its registration ends with
        self.failing_images = {}  # region -> [(ErrorCode, ErrorMessage)] the next images made or copied there end with

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

    def injected(self, operation, key):
        """(code, message) armed for this request of this operation, or None; an armed count is used up by one."""
        armed = self.failed_requests.get((operation, key))
        if armed is None:
            return None
        code, message, remaining = armed
        if remaining is not None:
            armed[2] -= 1
            if armed[2] <= 0:
                del self.failed_requests[(operation, key)]
        return code, message


class WorkSpacesFidelity(
    Lifecycle, Describe, Create, ConnectionStatus, Tags, Directories, DirectorySettings, IpGroups, Maintenance, Properties,
    Migrate, Images, Bundles, Metrics,
):
    """The middleware. Thread safe: werkzeug serves each request in its own thread."""

    def __init__(self, app, terminating_seconds=2.0, terminated_seconds=1.0, clock=time.monotonic, wall_clock=time.time):
        self.app = app
        self.model = ServiceModel()
        self.terminating_seconds = terminating_seconds
        self.terminated_seconds = terminated_seconds
        self.transition_seconds = dict(TRANSITION_SECONDS)
        self.clock = clock
        self.wall_clock = wall_clock  # for the timestamps AWS answers with
        # Extra seconds per WorkSpaces call: loopback answers in milliseconds, AWS over the internet does not.
        self.latency_seconds = 0.0
        self.lock = threading.RLock()
        self.reset()

    # -- WSGI ----------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(TARGET_PREFIX):
            metric_operation = metric_operation_of(environ, target)
            if metric_operation in METRIC_OPERATIONS:
                return self.metric_call(metric_operation, environ, start_response)
            return self.app(environ, start_response)
        operation = target[len(TARGET_PREFIX):]
        region = region_of(environ)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = None
        # Logged on arrival, so the log keeps the order calls came in even when they are answered in parallel; the
        # fault is chosen with it, so that "the second call" of a fault armed with after=1 is the log's second.
        call = {"operation": operation, "region": region, "params": params, "status": None}
        with self.lock:
            self.call_log.append(call)
            fault = self.fault_for(operation)
        if self.latency_seconds:
            time.sleep(self.latency_seconds)
        try:
            if fault is not None:
                raise fault
            status, payload = self.handle(operation, params, environ, region)
        except ApiError as error:
            status, payload = error.status, {"__type": error.code, "message": error.message}
        with self.lock:
            call["status"] = status
        return respond(start_response, status, payload)

    def fault_for(self, operation, answers=None):
        """The error an armed fault answers this call with (``answers``: kind -> (status, code, message), by default
        WorkSpaces'), or None. Call with the lock held."""
        answers = answers or WORKSPACES_FAULTS
        for kind in ("throttle", "server_error"):
            if self.faults.fires(kind, operation):
                return ApiError(*answers[kind])
        return None

    def metric_call(self, operation, environ, start_response):
        """A CloudWatch call the sandbox answers: logged and faulted like a WorkSpaces call, then handed to moto's
        CloudWatch handler, which parses it in the client's protocol and calls back into metrics.py."""
        region = region_of(environ)
        call = {"operation": operation, "region": region, "params": None, "status": None}
        with self.lock:
            self.call_log.append(call)
            fault = self.fault_for(operation, METRIC_FAULTS)
        if self.latency_seconds:
            time.sleep(self.latency_seconds)
        environ[ENVIRON_KEY] = MetricDataCall(self, call, region, fault)

        def logged_start_response(status, headers, exc_info=None):
            with self.lock:
                call["status"] = int(status.split()[0])
            return start_response(status, headers, exc_info)

        return self.app(environ, logged_start_response)

    def handle(self, operation, params, environ, region):
        if not isinstance(params, dict):
            raise ApiError(400, "SerializationException", "The request body is not a JSON object.")
        answered = OPERATIONS.get(operation)
        if answered is None:
            # Under the lock: moto's handler may change the dicts (directories, WorkSpaces) the sandbox walks meanwhile.
            with self.lock:
                return self.forward(environ, params)
        self.model.check(operation, params)
        if answered.one_resource:
            with self.lock:
                injected = self.faults.injected(operation, params.get(answered.one_resource))
            if injected:
                raise ApiError(400, *injected)
        return answered.handler(self, params, environ, region)

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

    def region_state(self, region):
        """The sandbox's state of a region, made at its first use with AWS's public bundles in it."""
        with self.lock:
            state = self.regions.get(region)
            if state is None:
                state = self.regions[region] = RegionState(bundles=public_bundles())
            return state

    # -- faults and the call log, for tests ------------------------------------------------------

    def throttle(self, count, operation=None, after=0):
        self.arm("throttle", count, operation, after)

    def server_error(self, count, operation=None, after=0):
        self.arm("server_error", count, operation, after)

    def arm(self, kind, count, operation, after):
        known = (*self.model.model.operation_names, *METRIC_OPERATIONS)
        if operation is not None and operation not in known:
            raise ValueError(f"WorkSpaces has no operation {operation}, nor CloudWatch ({', '.join(METRIC_OPERATIONS)})")
        with self.lock:
            self.faults.arm(kind, count, operation, after)

    def fail_requests(self, failures, operation="TerminateWorkspaces", times=None):
        if operation not in ARMABLE:
            raise ValueError(f"failures can be injected into {', '.join(ARMABLE)}, not {operation}")
        if times is not None and times < 1:
            raise ValueError(f"times must be at least 1 (or None: until cleared), not {times}")
        armed = {key: armed_failure(entry) for key, entry in failures.items()}
        with self.lock:
            for key, (code, message) in armed.items():
                key = user_name_key(key) if operation == "CreateWorkspaces" else key
                self.faults.failed_requests[(operation, key)] = [code, message, times]

    def clear_faults(self):
        with self.lock:
            self.faults = Faults()

    def calls(self, operation=None, region=None):
        with self.lock:
            return [
                copy.deepcopy(call)
                for call in self.call_log
                if operation in (None, call["operation"]) and region in (None, call["region"])
            ]

    def reset_calls(self):
        with self.lock:
            self.call_log = []

    def reset(self):
        """Forget faults, logged calls and every region's state, and show new values at the start of a modification
        again; latency and life cycle and transition times stay."""
        with self.lock:
            self.new_values_shown = DEFAULT_NEW_VALUES_SHOWN
            self.faults = Faults()
            self.call_log = []
            self.regions = {}  # region -> RegionState


def armed_failure(entry):
    """(code, message) of a failure tests arm: given so, or a code alone whose message AWS's is known (REFUSALS)."""
    if not isinstance(entry, str):
        return tuple(entry)
    if entry not in REFUSALS:
        raise ValueError(f"give {entry}'s message too: the sandbox knows the message of {', '.join(REFUSALS)} only")
    return entry, REFUSALS[entry]


def region_of(environ):
    """The region from the SigV4 credential scope (.../REGION/workspaces/aws4_request)."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    try:
        return authorization.split("Credential=")[1].split("/")[2]
    except IndexError:
        return "us-east-1"


def service_of(environ):
    """The service from the SigV4 credential scope (.../REGION/SERVICE/aws4_request); CloudWatch's is monitoring."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    try:
        return authorization.split("Credential=")[1].split("/")[3]
    except IndexError:
        return None


def metric_operation_of(environ, target):
    """The CloudWatch operation of a call, or None for any other service's. awsJson names it in X-Amz-Target; the
    query protocol in the form's Action, so that body is read and put back for moto."""
    if METRICS_TARGET_PREFIX and target.startswith(METRICS_TARGET_PREFIX + "."):
        return target[len(METRICS_TARGET_PREFIX) + 1:]
    form = environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
    if service_of(environ) != "monitoring" or not form:
        return None
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return urllib.parse.parse_qs(body.decode(errors="replace")).get("Action", [None])[0]


def respond(start_response, status, payload):
    body = json.dumps(payload).encode()
    headers = [("Content-Type", JSON_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    if status >= 400:
        headers.append(("x-amzn-ErrorType", payload["__type"]))
    reason = {200: "OK", 400: "Bad Request", 500: "Internal Server Error"}.get(status, "Error")
    start_response(f"{status} {reason}", headers)
    return [body]

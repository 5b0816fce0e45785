# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The sandbox: moto's server behind the fidelity middleware, on 127.0.0.1, plus seeding and control.

moto keeps its state in process-wide backends, so every Sandbox in one process shares the same
WorkSpaces; run one at a time per process (tests use one per session and reset it).
"""

import datetime
import json
import os
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.server import DomainDispatcherApplication
from moto.server import create_backend_app
from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import make_server

from .create import BUNDLE_ID
from .create import KNOWN_BUNDLES
from .create import SEEDED_RUNNING_MODE
from .create import workspace_request
from .fidelity import WorkSpacesFidelity
from .state import ACCOUNT_ID
from .state import ApiError

ACCESS_KEY = "AKIASANDBOXEXAMPLE"
SECRET_KEY = "sandbox-secret-key"
CONTROL_PREFIX = "/_sandbox/"
# The Directory Service directories WorkSpaces registers, by Directory Service's names for their types.
DIRECTORY_SERVICE_TYPES = ("SimpleAD", "ADConnector", "MicrosoftAD")
REPO_ROOT = Path(__file__).resolve().parents[2]
# The folder holding ansible_collections/ (euc/aws -> this repo, amazon, ansible/posix): .build/ for make test, a
# leg's own for make test-matrix, which names it so that each leg runs its own amazon.aws.
COLLECTIONS_ROOT = Path(os.environ.get("EUC_AWS_COLLECTIONS_ROOT") or REPO_ROOT / ".build")


class QuietRequestHandler(WSGIRequestHandler):
    """Keeps the per-request access log out of test and demo output."""

    def log_request(self, *args, **kwargs):
        pass


class Sandbox:
    """Every method that concerns WorkSpaces takes ``region``; None means the sandbox's default ``self.region``."""

    known_bundles = KNOWN_BUNDLES  # AWS's public bundles, in every region
    account_id = ACCOUNT_ID  # moto's default account, which owns everything the sandbox makes

    def __init__(
        self,
        region="us-east-1",
        port=0,
        terminating_seconds=2.0,
        terminated_seconds=1.0,
        host="127.0.0.1",
        transition_seconds=None,
    ):
        self.region = region
        self.fidelity = WorkSpacesFidelity(
            DomainDispatcherApplication(create_backend_app),
            terminating_seconds=terminating_seconds,
            terminated_seconds=terminated_seconds,
        )
        self.fidelity.set_transition_seconds(**(transition_seconds or {}))
        self._server = make_server(
            host, port, self._control(self.fidelity), threaded=True, request_handler=QuietRequestHandler
        )
        self.endpoint_url = f"http://{host}:{self._server.server_port}"
        self._thread = None

    # -- life cycle ------------------------------------------------------------------------------

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, name="workspaces-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def reset(self):
        """Forget every WorkSpace, directory, image, bundle of the account (AWS's public ones come back untagged), seeded
        metric point, fault and logged call, in every region, and show new values of a modification at its start again;
        times and latency stay as set."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=30):
            pass
        self.fidelity.reset()

    def set_lifecycle(self, terminating_seconds, terminated_seconds):
        self.fidelity.terminating_seconds = terminating_seconds
        self.fidelity.terminated_seconds = terminated_seconds

    def set_transition_seconds(self, **seconds):
        """How long each transition takes: any of pending, starting, stopping, rebooting, rebuilding, restoring,
        update_initiated and update_in_progress (the phases of a modification of properties), registering and
        deregistering (a directory's REGISTERING and DEREGISTERING), image_pending and bundle_pending (an image's and a
        bundle's PENDING, also set_image_seconds and set_bundle_seconds), in seconds.

        A transition under way is measured against the new time too, so setting 0 ends it at the next call.
        """
        self.fidelity.set_transition_seconds(**seconds)

    def show_new_values(self, when):
        """When DescribeWorkspaces shows the new values of a change of compute type, volume or protocols: "at_start"
        (the default, and again after reset) or "when_done", once ModificationStates is empty."""
        self.fidelity.show_new_values(when)

    def set_latency(self, seconds):
        """Delay every WorkSpaces call by ``seconds``, to stand in for a round trip to AWS."""
        self.fidelity.latency_seconds = seconds

    # -- clients and seeding ---------------------------------------------------------------------

    def ansible_env(self, **overrides):
        """The environment to run this venv's ansible CLIs in against the sandbox, with this repo's collections.

        AWS and Ansible settings of the caller's environment are left out, so that a profile or config of
        the user's cannot change what runs; the credentials are dummies. ``overrides`` win; None unsets.
        """
        env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_", "BOTO"))}
        env.update(
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT),
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            # Keep each run's files out of the user's home and away from other runs.
            ANSIBLE_LOCAL_TEMP=str(REPO_ROOT / ".build" / "ansible-tmp"),
            # The end-to-end tests name a log per test and read Ansible's warnings from it (tests/e2e/conftest.py).
            ANSIBLE_LOG_PATH=os.environ.get("EUC_AWS_ANSIBLE_LOG_PATH"),
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_REGION=self.region,
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        env.update(overrides)
        return {key: value for key, value in env.items() if value is not None}

    def client(self, service, region=None, **config):
        return boto3.client(
            service,
            region_name=region or self.region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(**config) if config else None,
        )

    def seed_unregistered_directory(self, directory_type="SimpleAD", region=None):
        """A VPC with two subnets in two zones and an Active Directory Service directory in it, not registered with
        WorkSpaces: ``directory_type`` is Directory Service's SimpleAD, ADConnector or MicrosoftAD (which WorkSpaces
        shows as SIMPLE_AD, AD_CONNECTOR and MicrosoftAD once registered). Returns its ID."""
        if directory_type not in DIRECTORY_SERVICE_TYPES:
            raise ValueError(f"{directory_type!r} is not one of {', '.join(DIRECTORY_SERVICE_TYPES)}")
        region = region or self.region
        ec2 = self.client("ec2", region)
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet_ids = [
            ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{region}{zone}")["Subnet"]["SubnetId"]
            for n, zone in ((1, "a"), (2, "b"))
        ]
        ds = self.client("ds", region)
        named = {"Name": f"corp{vpc_id[-6:]}.example.com", "Password": "Sandbox-Passw0rd!"}
        network = {"VpcId": vpc_id, "SubnetIds": subnet_ids}
        if directory_type == "ADConnector":
            connect = dict(network, CustomerDnsIps=["10.0.1.10"], CustomerUserName="Administrator")
            return ds.connect_directory(**named, Size="Small", ConnectSettings=connect)["DirectoryId"]
        if directory_type == "MicrosoftAD":
            return ds.create_microsoft_ad(**named, VpcSettings=network, Edition="Standard")["DirectoryId"]
        return ds.create_directory(**named, Size="Small", VpcSettings=network)["DirectoryId"]

    def seed_directory(self, region=None, directory_type="SimpleAD"):
        """seed_unregistered_directory's directory (a Simple AD unless ``directory_type`` says otherwise), registered
        with WorkSpaces through RegisterWorkspaceDirectory and REGISTERED at once. Returns its ID."""
        region = region or self.region
        directory_id = self.seed_unregistered_directory(directory_type, region)
        workspaces = self.client("workspaces", region)
        # botocore before 1.35 (the floor make test-matrix runs) requires EnableWorkDocs; later models dropped it.
        register_input = workspaces.meta.service_model.operation_model("RegisterWorkspaceDirectory").input_shape
        work_docs = {"EnableWorkDocs": False} if "EnableWorkDocs" in register_input.required_members else {}
        workspaces.register_workspace_directory(DirectoryId=directory_id, **work_docs)
        self.fidelity.registered_now(region, directory_id)
        return directory_id

    def seed_connection_alias(self, connection_string="desktop.example.com", region=None):
        """A connection alias (wsca-…), for tags only: moto has no connection aliases, nor does the sandbox answer
        their own calls. Returns its ID."""
        return self.fidelity.seed_connection_alias(region or self.region, connection_string)

    def seed_workspaces(
        self, directory_id, user_names=None, count=None, running_mode=None, state=None, bundle_id=None, region=None
    ):
        """Create a WorkSpace for each user (or ``count`` users user0001…) through CreateWorkspaces; their IDs in order.

        They are ``state`` (default AVAILABLE) at once, with no PENDING time; ``running_mode`` defaults to AUTO_STOP.
        """
        region = region or self.region
        running_mode = running_mode or SEEDED_RUNNING_MODE
        state = state or "AVAILABLE"
        self.fidelity.model.require("RunningMode", running_mode)
        self.fidelity.model.require("WorkspaceState", state)
        if user_names is None:
            user_names = numbered_users(count)
        workspaces = self.client("workspaces", region)
        created = []
        for start in range(0, len(user_names), 25):  # CreateWorkspaces takes at most 25 requests
            batch = user_names[start:start + 25]
            answer = workspaces.create_workspaces(
                Workspaces=[workspace_request(directory_id, name, bundle_id or BUNDLE_ID, running_mode) for name in batch]
            )
            if answer.get("FailedRequests"):
                raise RuntimeError(f"seeding failed: {answer['FailedRequests']}")
            by_user = {ws["UserName"]: ws["WorkspaceId"] for ws in answer["PendingRequests"]}
            created.extend(by_user[name] for name in batch)
        for workspace_id in created:
            self.fidelity.set_state(region, workspace_id, state)
        return created

    def seed_fleet(self, directory_id, count, region=None, user_prefix="user"):
        """``count`` AVAILABLE AUTO_STOP WorkSpaces for users PREFIX0001…, written straight into moto (no HTTP): for
        fleets of thousands. They look and page like those CreateWorkspaces makes. Returns their IDs in order."""
        return self.fidelity.insert_fleet(region or self.region, directory_id, numbered_users(count, user_prefix))

    def seed_sessions(self, workspace_id, start, minutes, gaps=(), sessions=1, idle_zero=False, days=1, region=None):
        """CloudWatch ``UserConnected`` points (AWS/WorkSpaces, WorkspaceId, Maximum 1 at 5-minute steps) for
        ``sessions`` sessions of ``minutes`` each, the first starting at ``start`` (a timezone-aware datetime or ISO
        8601 with offset, on the 5-minute grid), session k+1 starting ``gaps[k]`` minutes (the last gap repeated) after
        session k ends; with ``idle_zero`` 0 points between sessions (running, nobody connected). ``days`` repeats it
        all 24 hours later, day by day. A time that already has a point gets the new one. Returns the number of
        connected points written."""
        return self.seed_fleet_sessions([workspace_id], start, minutes, gaps, sessions, idle_zero, days, region)

    def seed_fleet_sessions(
        self, workspace_ids, start, minutes, gaps=(), sessions=1, idle_zero=False, days=1, region=None
    ):
        """seed_sessions with the same sessions for every WorkSpace of ``workspace_ids``, for fleets: the points are
        built once and shared, so 1000 WorkSpaces with 10 days of points take well under a second."""
        return self.fidelity.seed_sessions(
            region or self.region, list(workspace_ids), start, minutes, gaps, sessions, idle_zero, days
        )

    def metric_points(self, workspace_id, region=None):
        """The WorkSpace's seeded UserConnected points: [(aware datetime, value)] in time order."""
        return self.fidelity.metric_points(region or self.region, workspace_id)

    # -- state and faults ------------------------------------------------------------------------

    def set_state(self, workspace_id, state, region=None):
        """Any state of the model's WorkspaceState (e.g. SUSPENDED, which moto has no API for); it ends a transition
        under way. Not for a WorkSpace being terminated, whose state follows the clock."""
        self.fidelity.set_state(region or self.region, workspace_id, state)

    def set_running_mode(self, workspace_id, mode, region=None):
        self.fidelity.set_running_mode(region or self.region, workspace_id, mode)

    def state_of(self, workspace_id, region=None):
        """What DescribeWorkspaces would show as the WorkSpace's state now; None once it is gone."""
        return self.fidelity.state_of(region or self.region, workspace_id)

    def running_mode_of(self, workspace_id, region=None):
        return self.fidelity.running_mode_of(region or self.region, workspace_id)

    def land_in(self, workspace_id, state, region=None):
        """The WorkSpace's transition under way, or else its next one, ends in ``state`` (e.g. ERROR) not its target."""
        self.fidelity.land_in(region or self.region, workspace_id, state)

    def land_in_on_create(self, user_name, state, region=None):
        """The next WorkSpace created for ``user_name`` goes from PENDING to ``state`` instead of AVAILABLE."""
        self.fidelity.land_in_on_create(region or self.region, user_name, state)

    def set_connection(self, workspace_id, state=None, last_connection=None, region=None):
        """What DescribeWorkspacesConnectionStatus reports: ``state`` CONNECTED or DISCONNECTED (None keeps it);
        ``last_connection`` a timezone-aware datetime, None for never connected (the default of every WorkSpace)."""
        self.fidelity.set_connection(region or self.region, workspace_id, state, last_connection)

    def set_network(self, workspace_id, computer_name=None, ip_address=None, region=None):
        """The ComputerName and IpAddress DescribeWorkspaces shows: AWS assigns both as it creates a WorkSpace, moto
        never does. None leaves the field out, as AWS does until it has a value."""
        self.fidelity.set_network(region or self.region, workspace_id, computer_name, ip_address)

    def set_properties(self, workspace_id, properties, region=None):
        """Write WorkspaceProperties members (e.g. {"RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100}) straight into
        the WorkSpace, with no ModificationStates and none of AWS's rules but the model's shape; returns them all."""
        return self.fidelity.set_properties(region or self.region, workspace_id, properties)

    def properties_of(self, workspace_id, region=None):
        """The WorkSpace's WorkspaceProperties as they are now (None once it is gone)."""
        return self.fidelity.properties_of(region or self.region, workspace_id)

    def fail_modification(self, workspace_id, region=None):
        """The WorkSpace's ModifyWorkspaceProperties under way, or else its next one, ends UPDATE_FAILED: its
        ModificationStates show UPDATE_FAILED and its old values come back, until its next accepted modification.
        Used up once it fired; clear_faults and reset forget it."""
        self.fidelity.fail_modification(region or self.region, workspace_id)

    def tags_of(self, resource_id, region=None):
        """The tags of any resource that takes them (WorkSpace, directory, IP group, image, bundle, connection alias)."""
        return self.fidelity.tags_of(region or self.region, resource_id)

    def directory_state_of(self, directory_id, region=None):
        """What DescribeWorkspaceDirectories would show as the directory's State now; None when it is not shown."""
        return self.fidelity.directory_state_of(region or self.region, directory_id)

    # -- images and bundles ----------------------------------------------------------------------

    def set_image_seconds(self, pending):
        """How long an image made or copied stays PENDING (default 0.5), its source WorkSpace SUSPENDED as long."""
        self.fidelity.set_transition_seconds(image_pending=pending)

    def fail_next_image(self, error_code, error_message, region=None):
        """The next image made or copied in the region ends in ERROR with this ErrorCode and ErrorMessage (armed twice:
        the next two, in order). clear_faults and reset forget it."""
        self.fidelity.fail_next_image(region or self.region, error_code, error_message)

    def image_state_of(self, image_id, region=None):
        """What DescribeWorkspaceImages would show as the image's State now; None when there is no such image."""
        return self.fidelity.image_state_of(region or self.region, image_id)

    def image_permissions_of(self, image_id, region=None):
        """The accounts the image is shared with, sorted; None when there is no such image."""
        return self.fidelity.image_permissions_of(region or self.region, image_id)

    def seed_image(self, name, region=None, state="AVAILABLE", description="", owner_account_id=None):
        """An image of the account straight into the region (no source WorkSpace), in ``state``: a PENDING one becomes
        AVAILABLE after the image seconds, an ERROR one has an ErrorCode and ErrorMessage. ``owner_account_id``:
        another account's image, shared with this one. Returns its ID."""
        return self.fidelity.seed_image(region or self.region, name, state, description, owner_account_id)

    def set_bundle_seconds(self, pending):
        """How long a bundle stays PENDING after CreateWorkspaceBundle or UpdateWorkspaceBundle (default 0.5)."""
        self.fidelity.set_transition_seconds(bundle_pending=pending)

    def bundle_state_of(self, bundle_id, region=None):
        """What DescribeWorkspaceBundles would show as the bundle's State now; None when there is no such bundle."""
        return self.fidelity.bundle_state_of(region or self.region, bundle_id)

    def seed_bundle(
        self, name, image_id, compute_type="STANDARD", root_volume_size_gib=80, user_volume_size_gib=50, region=None,
        description="",
    ):
        """An AVAILABLE bundle of the account straight into the region, from one of its images (seed_image's, say);
        CreateWorkspaces and MigrateWorkspace take it there. Returns its ID."""
        return self.fidelity.seed_bundle(
            region or self.region, name, image_id, compute_type, root_volume_size_gib, user_volume_size_gib, description
        )

    def fail_registration(self, directory_id, message=None, region=None):
        """The directory's registration under way, or else its next, ends in ERROR, DescribeWorkspaceDirectories
        showing ``message`` (else the sandbox's) as its ErrorMessage. Used up once it fired; clear_faults and reset
        forget it."""
        self.fidelity.fail_registration(region or self.region, directory_id, message)

    def throttle(self, count, operation=None, after=0):
        """ThrottlingException for ``count`` calls (of ``operation``, or any), once ``after`` such calls went through;
        CloudWatch's GetMetricData answers its own code, Throttling."""
        self.fidelity.throttle(count, operation, after)

    def server_error(self, count, operation=None, after=0):
        """HTTP 500 for ``count`` calls (of ``operation``, or any), once ``after`` such calls went through
        (GetMetricData: CloudWatch's InternalServiceError)."""
        self.fidelity.server_error(count, operation, after)

    def fail_requests(self, failures, operation="TerminateWorkspaces", times=None):
        """Failures {key: (code, message)} of one operation, for ``times`` answers per key (None: until cleared).

        Keys are WorkSpace IDs for Terminate, Start, Stop, Reboot and RebuildWorkspaces, which answer a FailedRequests
        entry, and user names for CreateWorkspaces. The calls on one resource (ModifyWorkspaceState, RestoreWorkspace,
        ModifyWorkspaceProperties, MigrateWorkspace by its source; Register/DeregisterWorkspaceDirectory, the directory
        settings and Associate/DisassociateIpGroups by the directory; the calls on one IP group by its ID;
        CreateWorkspaceImage by its source WorkSpace, CopyWorkspaceImage by its source image, the calls on one image or
        bundle by its ID) answer HTTP 400 with that code and message instead, after the input passed validation. A
        code alone stands for AWS's own message where the sandbox knows it (WorkspacesDefaultRoleNotFoundException,
        InvalidResourceStateException for a directory not Active yet, OperationNotSupportedException for a directory
        with WorkSpaces). Several operations may be armed at once."""
        self.fidelity.fail_requests(failures, operation, times)

    def clear_faults(self):
        self.fidelity.clear_faults()

    def calls(self, operation=None, region=None):
        return self.fidelity.calls(operation, region)

    def reset_calls(self):
        self.fidelity.reset_calls()

    # -- HTTP control, for a sandbox running in another process ----------------------------------

    def _control(self, app):
        def control_app(environ, start_response):
            path = environ.get("PATH_INFO", "")
            if not path.startswith(CONTROL_PREFIX):
                return app(environ, start_response)
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            action = path[len(CONTROL_PREFIX):]
            try:
                request = json.loads(body or b"{}")
                # GET /_sandbox/calls?operation=... reads like the Python API's calls(operation).
                request.update({key: values[-1] for key, values in urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).items()})
                # An unknown action raises KeyError here: 404, where a KeyError inside a known one is a 400.
                status, answer = 200, CONTROL[action](self, request, request.get("region"))
            except LookupError as error:
                status, answer = 404 if action not in CONTROL else 400, {"error": f"{type(error).__name__}: {error}"}
            except (TypeError, ValueError, AttributeError, RuntimeError, ClientError, ApiError) as error:
                status, answer = 400, {"error": f"{type(error).__name__}: {error}"}
            payload = json.dumps(answer).encode()
            start_response(
                {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found"}[status],
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]

        return control_app


# -- the HTTP control's actions: each takes the Sandbox, the request's JSON object and its "region" -------------------


def control_seed(sandbox, request, region):
    directory_id = request.get("directory_id") or sandbox.seed_directory(region)
    if request.get("fleet"):
        workspace_ids = sandbox.seed_fleet(directory_id, int(request["count"]), region, request.get("user_prefix", "user"))
    else:
        workspace_ids = sandbox.seed_workspaces(
            directory_id, request.get("users"), request.get("count"), request.get("running_mode"), request.get("state"),
            request.get("bundle_id"), region,
        )
    return {"directory_id": directory_id, "workspace_ids": workspace_ids}


def control_state(sandbox, request, region):
    workspace_id = request["workspace_id"]
    if "running_mode" in request:
        sandbox.set_running_mode(workspace_id, request["running_mode"], region)
    if "state" in request:
        sandbox.set_state(workspace_id, request["state"], region)
    return {
        "workspace_id": workspace_id,
        "state": sandbox.state_of(workspace_id, region),
        "running_mode": sandbox.running_mode_of(workspace_id, region),
    }


def control_transitions(sandbox, request, _region):
    sandbox.set_transition_seconds(**{name: float(seconds) for name, seconds in request.items()})
    return {"transition_seconds": dict(sandbox.fidelity.transition_seconds)}


def control_connection(sandbox, request, region):
    last = request.get("last_connection")
    sandbox.set_connection(
        request["workspace_id"], request.get("state"), datetime.datetime.fromisoformat(last) if last else None, region
    )
    return {"ok": True}


def control_land_in(sandbox, request, region):
    sandbox.land_in(request["workspace_id"], request["state"], region)
    return {"ok": True}


def control_land_in_on_create(sandbox, request, region):
    sandbox.land_in_on_create(request["user_name"], request["state"], region)
    return {"ok": True}


def control_tags(sandbox, request, region):
    resource_id = request["resource_id"] if "resource_id" in request else request["workspace_id"]
    if request.get("tags"):
        # Through CreateTags, so that AWS's rules (50 tags, key and value lengths) apply as to any client.
        tags = [{"Key": key, "Value": str(value)} for key, value in request["tags"].items()]
        sandbox.client("workspaces", region).create_tags(ResourceId=resource_id, Tags=tags)
    return {"tags": sandbox.tags_of(resource_id, region)}


def control_seed_unregistered_directory(sandbox, request, region):
    directory_type = request.get("directory_type", "SimpleAD")
    return {"directory_id": sandbox.seed_unregistered_directory(directory_type, region), "directory_type": directory_type}


def control_seed_connection_alias(sandbox, request, region):
    connection_string = request.get("connection_string", "desktop.example.com")
    return {"alias_id": sandbox.seed_connection_alias(connection_string, region), "connection_string": connection_string}


def control_directory(sandbox, request, region):
    directory_id = request["directory_id"]
    if "fail_registration" in request:
        sandbox.fail_registration(directory_id, request["fail_registration"] or None, region)
    return {"directory_id": directory_id, "state": sandbox.directory_state_of(directory_id, region)}


def control_network(sandbox, request, region):
    workspace_id = request["workspace_id"]
    sandbox.set_network(workspace_id, request.get("computer_name"), request.get("ip_address"), region)
    (workspace,) = sandbox.client("workspaces", region).describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"]
    return {
        "workspace_id": workspace_id,
        "computer_name": workspace.get("ComputerName"),
        "ip_address": workspace.get("IpAddress"),
    }


def control_faults(sandbox, request, region):
    if request.get("clear"):
        sandbox.clear_faults()
    if "throttle" in request:
        sandbox.throttle(int(request["throttle"]), request.get("operation"), int(request.get("after", 0)))
    if "server_error" in request:
        sandbox.server_error(int(request["server_error"]), request.get("operation"), int(request.get("after", 0)))
    if "fail_modification" in request:
        sandbox.fail_modification(request["fail_modification"], region)
    if "fail_requests" in request:
        sandbox.fail_requests(
            {key: entry if isinstance(entry, str) else tuple(entry) for key, entry in request["fail_requests"].items()},
            request.get("operation", "TerminateWorkspaces"),
            None if request.get("times") is None else int(request["times"]),
        )
    return {"ok": True}


def control_properties(sandbox, request, region):
    workspace_id = request["workspace_id"]
    if "properties" in request:
        sandbox.set_properties(workspace_id, request["properties"], region)
    return {"workspace_id": workspace_id, "properties": sandbox.properties_of(workspace_id, region)}


def control_show_new_values(sandbox, request, _region):
    if "when" in request:
        sandbox.show_new_values(request["when"])
    return {"when": sandbox.fidelity.new_values_shown}


def control_sessions(sandbox, request, region):
    workspace_ids = request["workspace_ids"] if "workspace_ids" in request else [request["workspace_id"]]
    connected = sandbox.seed_fleet_sessions(
        workspace_ids, request["start"], int(request["minutes"]), [int(gap) for gap in request.get("gaps", ())],
        int(request.get("sessions", 1)), bool(request.get("idle_zero", False)), int(request.get("days", 1)),
        region,
    )
    return {"workspace_ids": workspace_ids, "connected_points": connected}


def control_set_image_seconds(sandbox, request, _region):
    sandbox.set_image_seconds(float(request["pending"]))
    return {"pending": sandbox.fidelity.transition_seconds["image_pending"]}


def control_fail_next_image(sandbox, request, region):
    sandbox.fail_next_image(request["error_code"], request["error_message"], region)
    return {"ok": True}


def control_image_state_of(sandbox, request, region):
    return {"image_id": request["image_id"], "state": sandbox.image_state_of(request["image_id"], region)}


def control_image_permissions_of(sandbox, request, region):
    return {"image_id": request["image_id"], "permissions": sandbox.image_permissions_of(request["image_id"], region)}


def control_seed_image(sandbox, request, region):
    image_id = sandbox.seed_image(
        request["name"], region, request.get("state", "AVAILABLE"), request.get("description", ""),
        request.get("owner_account_id"),
    )
    return {"image_id": image_id}


def control_set_bundle_seconds(sandbox, request, _region):
    sandbox.set_bundle_seconds(float(request["pending"]))
    return {"pending": sandbox.fidelity.transition_seconds["bundle_pending"]}


def control_bundle_state_of(sandbox, request, region):
    return {"bundle_id": request["bundle_id"], "state": sandbox.bundle_state_of(request["bundle_id"], region)}


def control_seed_bundle(sandbox, request, region):
    bundle_id = sandbox.seed_bundle(
        request["name"], request["image_id"], request.get("compute_type", "STANDARD"),
        int(request.get("root_volume_size_gib", 80)), int(request.get("user_volume_size_gib", 50)), region,
        request.get("description", ""),
    )
    return {"bundle_id": bundle_id}


def control_calls(sandbox, request, region):
    return {"calls": sandbox.calls(request.get("operation"), region)}


def control_reset(sandbox, _request, _region):
    sandbox.reset()  # the server is threaded, so its own moto reset endpoint answers meanwhile
    return {"ok": True}


# POST /_sandbox/ACTION: action -> what carries it out. Any other action answers 404.
CONTROL = {
    "seed": control_seed,
    "state": control_state,
    "transitions": control_transitions,
    "connection": control_connection,
    "land_in": control_land_in,
    "land_in_on_create": control_land_in_on_create,
    "tags": control_tags,
    "seed_unregistered_directory": control_seed_unregistered_directory,
    "seed_connection_alias": control_seed_connection_alias,
    "directory": control_directory,
    "network": control_network,
    "faults": control_faults,
    "properties": control_properties,
    "show_new_values": control_show_new_values,
    "sessions": control_sessions,
    "set_image_seconds": control_set_image_seconds,
    "fail_next_image": control_fail_next_image,
    "image_state_of": control_image_state_of,
    "image_permissions_of": control_image_permissions_of,
    "seed_image": control_seed_image,
    "set_bundle_seconds": control_set_bundle_seconds,
    "bundle_state_of": control_bundle_state_of,
    "seed_bundle": control_seed_bundle,
    "calls": control_calls,
    "reset": control_reset,
}


def numbered_users(count, prefix="user"):
    return [f"{prefix}{n:04d}" for n in range(1, count + 1)]

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The sandbox: moto's server behind the fidelity middleware, on 127.0.0.1, plus seeding and control.

moto keeps its state in process-wide backends, so every Sandbox in one process shares the same
WorkSpaces; run one at a time per process (tests use one per session and reset it).
"""

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

from .fidelity import WorkSpacesFidelity

ACCESS_KEY = "AKIASANDBOXEXAMPLE"
SECRET_KEY = "sandbox-secret-key"
BUNDLE_ID = "wsb-0123456789"
CONTROL_PREFIX = "/_sandbox/"
REPO_ROOT = Path(__file__).resolve().parents[2]
CONTROL_ACTIONS = ("seed", "state", "faults", "calls", "reset")


class QuietRequestHandler(WSGIRequestHandler):
    """Keeps the per-request access log out of test and demo output."""

    def log_request(self, *args, **kwargs):
        pass


class Sandbox:
    def __init__(self, region="us-east-1", port=0, terminating_seconds=2.0, terminated_seconds=1.0, host="127.0.0.1"):
        self.region = region
        self.fidelity = WorkSpacesFidelity(
            DomainDispatcherApplication(create_backend_app),
            terminating_seconds=terminating_seconds,
            terminated_seconds=terminated_seconds,
        )
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
        """Forget every WorkSpace, directory, fault and logged call."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=30):
            pass
        self.fidelity.reset()

    def set_lifecycle(self, terminating_seconds, terminated_seconds):
        self.fidelity.terminating_seconds = terminating_seconds
        self.fidelity.terminated_seconds = terminated_seconds

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
            ANSIBLE_COLLECTIONS_PATH=str(REPO_ROOT / ".build"),
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            # Keep each run's files out of the user's home and away from other runs.
            ANSIBLE_LOCAL_TEMP=str(REPO_ROOT / ".build" / "ansible-tmp"),
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_REGION=self.region,
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        env.update(overrides)
        return {key: value for key, value in env.items() if value is not None}

    def client(self, service, **config):
        return boto3.client(
            service,
            region_name=self.region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(**config) if config else None,
        )

    def seed_directory(self):
        """A VPC with two subnets, a Simple AD directory in it, registered with WorkSpaces. Returns its ID."""
        ec2 = self.client("ec2")
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet_ids = [
            ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{self.region}{zone}")["Subnet"]["SubnetId"]
            for n, zone in ((1, "a"), (2, "b"))
        ]
        directory_id = self.client("ds").create_directory(
            Name=f"corp{vpc_id[-6:]}.example.com",
            Password="Sandbox-Passw0rd!",
            Size="Small",
            VpcSettings={"VpcId": vpc_id, "SubnetIds": subnet_ids},
        )["DirectoryId"]
        self.client("workspaces").register_workspace_directory(DirectoryId=directory_id, SubnetIds=subnet_ids)
        return directory_id

    def seed_workspaces(self, directory_id, user_names=None, count=None):
        """Create a WorkSpace for each user (or ``count`` users user0001…); return their IDs in that order."""
        if user_names is None:
            user_names = [f"user{n:04d}" for n in range(1, count + 1)]
        workspaces = self.client("workspaces")
        created = []
        for start in range(0, len(user_names), 25):  # CreateWorkspaces takes at most 25 requests
            batch = user_names[start:start + 25]
            answer = workspaces.create_workspaces(
                Workspaces=[{"DirectoryId": directory_id, "UserName": name, "BundleId": BUNDLE_ID} for name in batch]
            )
            if answer.get("FailedRequests"):
                raise RuntimeError(f"seeding failed: {answer['FailedRequests']}")
            by_user = {ws["UserName"]: ws["WorkspaceId"] for ws in answer["PendingRequests"]}
            created.extend(by_user[name] for name in batch)
        return created

    # -- state and faults ------------------------------------------------------------------------

    def set_state(self, workspace_id, state):
        self.fidelity.set_state(self.region, workspace_id, state)

    def state_of(self, workspace_id):
        """What DescribeWorkspaces would show as the WorkSpace's state now; None once it is gone."""
        return self.fidelity.state_of(self.region, workspace_id)

    def throttle(self, count, operation=None, after=0):
        """ThrottlingException for ``count`` calls (of ``operation``, or any), once ``after`` such calls went through."""
        self.fidelity.throttle(count, operation, after)

    def server_error(self, count, operation=None, after=0):
        """HTTP 500 for ``count`` calls (of ``operation``, or any), once ``after`` such calls went through."""
        self.fidelity.server_error(count, operation, after)

    def fail_requests(self, failures, operation="TerminateWorkspaces"):
        self.fidelity.fail_requests(failures, operation)

    def clear_faults(self):
        self.fidelity.clear_faults()

    def calls(self, operation=None):
        return self.fidelity.calls(operation)

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
                status, answer = 200, self._control_action(action, request)
            except LookupError as error:
                status, answer = 404 if action not in CONTROL_ACTIONS else 400, {"error": f"{type(error).__name__}: {error}"}
            except (TypeError, ValueError, AttributeError, RuntimeError, ClientError) as error:
                status, answer = 400, {"error": f"{type(error).__name__}: {error}"}
            payload = json.dumps(answer).encode()
            start_response(
                {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found"}[status],
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]

        return control_app

    def _control_action(self, action, request):
        if action == "seed":
            directory_id = request.get("directory_id") or self.seed_directory()
            workspace_ids = self.seed_workspaces(directory_id, request.get("users"), request.get("count"))
            return {"directory_id": directory_id, "workspace_ids": workspace_ids}
        if action == "state":
            self.set_state(request["workspace_id"], request["state"])
            return {"workspace_id": request["workspace_id"], "state": self.state_of(request["workspace_id"])}
        if action == "faults":
            if request.get("clear"):
                self.clear_faults()
            if "throttle" in request:
                self.throttle(int(request["throttle"]), request.get("operation"), int(request.get("after", 0)))
            if "server_error" in request:
                self.server_error(int(request["server_error"]), request.get("operation"), int(request.get("after", 0)))
            if "fail_requests" in request:
                self.fail_requests({ws_id: tuple(entry) for ws_id, entry in request["fail_requests"].items()})
            return {"ok": True}
        if action == "calls":
            return {"calls": self.calls(request.get("operation"))}
        if action == "reset":
            self.reset()  # the server is threaded, so its own moto reset endpoint answers meanwhile
            return {"ok": True}
        raise KeyError(action)

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A mocked WorkSpaces client per region, answering as AWS does (filters, pages of 25, NextToken), recording its calls."""

import json
import threading
from datetime import datetime
from datetime import timezone

from botocore.exceptions import ClientError
from botocore.exceptions import EndpointConnectionError

PAGE_SIZE = 25
CONNECTED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def workspace(workspace_id, directory_id="d-1234567890", user_name=None, state="AVAILABLE", bundle_id="wsb-0123456789", **fields):
    """A DescribeWorkspaces entry, with only the fields AWS fills in for it."""
    entry = {
        "WorkspaceId": workspace_id,
        "DirectoryId": directory_id,
        "UserName": user_name or f"user-{workspace_id}",
        "State": state,
        "BundleId": bundle_id,
        "WorkspaceProperties": {"RunningMode": "AUTO_STOP"},
    }
    entry.update(fields)
    return entry


def ws_id(number):
    return f"ws-{number:09d}"


def in_any_order(calls):
    """``calls`` (their parameters) as a multiset to compare: listings run side by side on the pool, so the order they
    are sent in is the scheduler's; which calls are sent, each with its parameters and how often, is the plugin's."""
    return sorted(calls, key=lambda call: json.dumps(call, sort_keys=True))


def client_error(code, operation="DescribeWorkspaces", status=400):
    return ClientError(
        {"Error": {"Code": code, "Message": f"{code} message"}, "ResponseMetadata": {"HTTPStatusCode": status}}, operation
    )


def unreachable(region):
    return EndpointConnectionError(endpoint_url=f"https://workspaces.{region}.amazonaws.com/")


class FakeWorkSpaces:
    """One region's WorkSpaces client. ``failures`` maps an operation name to the errors its next calls raise, in turn;
    ``on_call`` (if set) runs at the start of every call, e.g. to hold calls until others have started."""

    def __init__(self, region, workspaces=(), tags=None, connected=()):
        self.region = region
        self.workspaces = list(workspaces)
        self.tags = tags or {}
        self.connected = set(connected)
        self.calls = []
        self.failures = {}
        self.on_call = None
        self.lock = threading.Lock()

    @property
    def directories(self):
        return list(dict.fromkeys(ws["DirectoryId"] for ws in self.workspaces))

    def _called(self, operation, params):
        with self.lock:
            self.calls.append((operation, params))
            pending = self.failures.get(operation)
            error = pending.pop(0) if pending else None
        if self.on_call:
            self.on_call(operation, params)
        if error is not None:
            raise error

    def operations(self, operation=None):
        return [params for name, params in self.calls if operation in (None, name)]

    def describe_workspace_directories(self, aws_retry=False, **params):
        self._called("DescribeWorkspaceDirectories", params)
        return paged([{"DirectoryId": d, "State": "REGISTERED"} for d in self.directories], "Directories", params)

    def describe_workspaces(self, aws_retry=False, **params):
        self._called("DescribeWorkspaces", params)
        found = [ws for ws in self.workspaces if matches(ws, params)]
        return paged(found, "Workspaces", params)

    def describe_workspaces_connection_status(self, aws_retry=False, **params):
        self._called("DescribeWorkspacesConnectionStatus", params)
        statuses = [
            (
                {"WorkspaceId": i, "ConnectionState": "CONNECTED", "LastKnownUserConnectionTimestamp": CONNECTED_AT}
                if i in self.connected
                else {"WorkspaceId": i, "ConnectionState": "DISCONNECTED"}
            )
            for i in params["WorkspaceIds"]
        ]
        return {"WorkspacesConnectionStatus": statuses}

    def describe_tags(self, aws_retry=False, **params):
        self._called("DescribeTags", params)
        return {"TagList": [{"Key": key, "Value": value} for key, value in self.tags.get(params["ResourceId"], {}).items()]}


def matches(workspace, params):
    if "WorkspaceIds" in params:
        return workspace["WorkspaceId"] in params["WorkspaceIds"]
    if "BundleId" in params:
        return workspace["BundleId"] == params["BundleId"]
    if "DirectoryId" in params:
        return (
            workspace["DirectoryId"] == params["DirectoryId"]
            and params.get("UserName", workspace["UserName"]) == workspace["UserName"]
        )
    return True


def paged(items, key, params):
    start = int(params.get("NextToken", 0))
    answer = {key: items[start : start + PAGE_SIZE]}
    if start + PAGE_SIZE < len(items):
        answer["NextToken"] = str(start + PAGE_SIZE)
    return answer

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What per-ID tools do: one DescribeWorkspaces and, when it exists and can go, one TerminateWorkspaces per WorkSpace.

Usage: python per_id_baseline.py ENDPOINT_URL REGION IDS_JSON_FILE
"""

import json
import sys

import boto3


def main(endpoint_url, region, ids_file):
    with open(ids_file, encoding="utf-8") as handle:
        workspace_ids = json.load(handle)
    client = boto3.client("workspaces", region_name=region, endpoint_url=endpoint_url)
    terminated = []
    for workspace_id in workspace_ids:
        found = client.describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"]
        if found and found[0]["State"] not in ("TERMINATING", "TERMINATED", "SUSPENDED"):
            client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": workspace_id}])
            terminated.append(workspace_id)
    print(json.dumps({"terminated": len(terminated)}))


if __name__ == "__main__":
    main(*sys.argv[1:4])

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What AWS's Cost Optimizer for WorkSpaces does for usage: list a directory's WorkSpaces, then, one WorkSpace after
the other, one GetMetricData with that WorkSpace's one UserConnected query, through boto3.

The hours come from the collection's own pure rule (plugins/module_utils/usage.py), so that the bench compares the
calls, not two readings of the rule. Writes the usage entries, in listing order, to OUTPUT_JSON.

Usage: python per_workspace_usage_baseline.py ENDPOINT_URL REGION DIRECTORY_ID START_TIME END_TIME TIMEOUT_MINUTES OUTPUT_JSON
"""

import json
import sys

import boto3

from ansible_collections.euc.aws.plugins.module_utils.usage import Period
from ansible_collections.euc.aws.plugins.module_utils.usage import parse_time
from ansible_collections.euc.aws.plugins.module_utils.usage import usage_of


def user_connected_points(cloudwatch, workspace_id, period):
    """The WorkSpace's UserConnected maximum in 5-minute points, its one query in a call of its own."""
    query = {
        "Id": "userconnected",
        "MetricStat": {
            "Metric": {"Namespace": "AWS/WorkSpaces", "MetricName": "UserConnected", "Dimensions": [{"Name": "WorkspaceId", "Value": workspace_id}]},
            "Period": 300,
            "Stat": "Maximum",
        },
    }
    points = []
    pages = cloudwatch.get_paginator("get_metric_data").paginate(
        MetricDataQueries=[query], StartTime=period.start, EndTime=period.end, ScanBy="TimestampAscending"
    )
    for page in pages:
        for result in page["MetricDataResults"]:
            points.extend(zip(result["Timestamps"], result["Values"]))
    return points


def main(endpoint_url, region, directory_id, start_time, end_time, timeout_minutes, output):
    period = Period(parse_time(start_time), parse_time(end_time))
    workspaces_client = boto3.client("workspaces", region_name=region, endpoint_url=endpoint_url)
    cloudwatch = boto3.client("cloudwatch", region_name=region, endpoint_url=endpoint_url)
    workspaces = [
        workspace
        for page in workspaces_client.get_paginator("describe_workspaces").paginate(DirectoryId=directory_id)
        for workspace in page["Workspaces"]
    ]
    usage = [
        usage_of(workspace, user_connected_points(cloudwatch, workspace["WorkspaceId"], period), period, int(timeout_minutes))
        for workspace in workspaces
    ]
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(usage, handle)


if __name__ == "__main__":
    main(*sys.argv[1:8])

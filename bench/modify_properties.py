# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The workspaces_properties rows of make bench: a compute type for 1000 WorkSpaces of which some already have it.

The fewest calls are one DescribeWorkspaces per 25 IDs plus one ModifyWorkspaceProperties per WorkSpace that differs
(the API takes one WorkSpace a call); the calls for the WorkSpaces that differ run side by side at max_concurrency.
"""

import math

SIZE = 1000
ALREADY_THERE = 0.5  # the share of the WorkSpaces that already have the compute type asked for
COMPUTE_TYPE = "POWER"


def measure_properties(sandbox, run_task, calls_by_operation, latency, workers_list):
    """One row per max_concurrency, each on a fresh fleet, with ``latency`` seconds added to every call."""
    rows = []
    for workers in workers_list:
        sandbox.reset()
        sandbox.set_latency(0)
        workspace_ids = sandbox.seed_fleet(sandbox.seed_directory(), SIZE)
        already = workspace_ids[: round(SIZE * ALREADY_THERE)]
        for workspace_id in already:
            sandbox.set_properties(workspace_id, {"ComputeTypeName": COMPUTE_TYPE})
        sandbox.reset_calls()
        sandbox.set_latency(latency)
        seconds, result = run_task(
            sandbox, "euc.aws.workspaces_properties", {"workspace_ids": workspace_ids, "compute_type_name": COMPUTE_TYPE, "max_concurrency": workers}
        )
        sandbox.set_latency(0)
        differing = [i for i in workspace_ids if i not in set(already)]
        if result["modified"] != differing or result["unchanged"] != already:
            raise SystemExit("bench: workspaces_properties did not modify exactly the WorkSpaces that differ")
        rows.append({
            "max_concurrency": workers, "n": SIZE, "differing": len(differing), "seconds": seconds, "calls": calls_by_operation(sandbox),
            "minimum_calls": {"DescribeWorkspaces": math.ceil(SIZE / 25), "ModifyWorkspaceProperties": len(differing)},
        })
    return {"latency_seconds": latency, "rows": rows}


def report_lines(properties):
    rows = properties["rows"]
    sequential = next(row["seconds"] for row in rows if row["max_concurrency"] == 1)
    lines = [
        f"## Properties (workspaces_properties compute_type_name={COMPUTE_TYPE}, N = {rows[0]['n']}, {rows[0]['differing']} of them "
        f"differing, {properties['latency_seconds'] * 1000:.0f} ms added to every call)",
        "",
        "The fewest calls: the describes (one per 25 IDs) plus one ModifyWorkspaceProperties per WorkSpace that differs.",
        "",
        "| max_concurrency | wall time (s) | ratio to 1 | API calls | minimum |",
        "| ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        calls = ", ".join(f"{operation} {count}" for operation, count in sorted(row["calls"].items()))
        minimum = ", ".join(f"{operation} {count}" for operation, count in sorted(row["minimum_calls"].items()))
        lines.append(f"| {row['max_concurrency']} | {row['seconds']:.1f} | {row['seconds'] / sequential:.2f} | {calls} | {minimum} |")
    return lines

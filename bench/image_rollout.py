# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The image rollout rows of make bench: the role euc.aws.workspaces_image_rollout rolls a new image out to the 1000
WorkSpaces of a custom bundle, a canary then waves of 100, at max_concurrency 1 and 4, side by side in one run, each on
a freshly seeded estate, with 150 ms added to every call.

The role runs through the real ansible-playbook, in a play on localhost with module_defaults for group/euc.aws.aws.
The fewest calls: the bundle and the image looked up (one DescribeWorkspaceBundles, one DescribeWorkspaceImages), the
WorkSpaces of the bundle listed (DescribeWorkspaces by bundle, one page of 25 a call), the candidates' tags (DescribeTags
takes one WorkSpace a call) and connection status (25 a call), the bundle pointed at the image (one
UpdateWorkspaceBundle), then before each wave its WorkSpaces looked up again (DescribeWorkspaces and
DescribeWorkspacesConnectionStatus, 25 a call), one RebuildWorkspaces per WorkSpace (the API's limit) and one CreateTags
per WorkSpace rebuilt (the marker). The describes made while waiting for the rebuilds and for the bundle depend on time,
not on the fleet, so they are counted apart.

`measure_image_rollout(sandbox, timed_playbook, latency, workers_list)` returns the rows, `report_lines(rollout)` their
Markdown. `python bench/bench.py --only-image-rollout` runs them alone.
"""

import json
import math
import tempfile
from pathlib import Path

import botocore.session

HEADING = "## Image rollout"
SIZE = 1000
WAVE_SIZE = 100
CANARY_COUNT = 1
MARKER_TAG = "euc.aws:image-id"
# A waiting module looks first 2 s after its calls and must see a WorkSpace REBUILDING to know its rebuild happened. A
# wave's wait starts after the wave's last call, and at max_concurrency 1 its calls take WAVE_SIZE round trips, so the
# REBUILDING time must outlast them too: else the first WorkSpaces of the wave are AVAILABLE again before the first look
# and the wait, never seeing them move, runs to its timeout (with 3 s, 19 of a wave of 25 at 150 ms a call did).
FIRST_LOOK_SECONDS = 2
CALL_MARGIN = 1.3  # each call costs a little more than the latency added: the sandbox, botocore, a loaded machine
# The describes that follow a change, until another operation comes, are its wait's polls.
WAITS = {"DescribeWorkspaces": "RebuildWorkspaces", "DescribeWorkspaceBundles": "UpdateWorkspaceBundle"}
PLAYBOOK = """
- name: Roll the image out
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/euc.aws.aws:
      endpoint_url: "{{ endpoint_url }}"
      region: "{{ region }}"
  roles:
    - role: euc.aws.workspaces_image_rollout
  tasks:
    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ workspaces_image_rollout_result | to_json }}"
        dest: "{{ result_path }}"
        mode: "0644"
"""


def page_size(operation, member):
    """An operation's most IDs or results a call, from botocore's model."""
    model = botocore.session.get_session().get_service_model("workspaces")
    return model.operation_model(operation).input_shape.members[member].metadata["max"]


def rebuilding_seconds(latency):
    """The shortest REBUILDING time the waits need: the first look, after a wave of calls made one at a time, and 1 s."""
    return math.ceil(FIRST_LOOK_SECONDS + WAVE_SIZE * latency * CALL_MARGIN + 1)


def seed(sandbox, size):
    """A custom bundle on an old image, a new image, and ``size`` AVAILABLE WorkSpaces on the bundle, no call logged."""
    sandbox.reset()
    old_image = sandbox.seed_image("golden-2026-11")
    new_image = sandbox.seed_image("golden-2026-12")
    bundle_id = sandbox.seed_bundle("standard-desktop", old_image)
    workspace_ids = sandbox.seed_workspaces(sandbox.seed_directory(), count=size, bundle_id=bundle_id)
    sandbox.reset_calls()
    return {"old_image": old_image, "new_image": new_image, "bundle_id": bundle_id, "workspace_ids": workspace_ids}


def run_role(sandbox, timed_playbook, role_vars):
    """The role through ``timed_playbook`` (bench.timed_playbook): its wall time and workspaces_image_rollout_result."""
    with tempfile.TemporaryDirectory() as scratch:
        result_path = Path(scratch) / "result.json"
        elapsed, _completed = timed_playbook(sandbox, PLAYBOOK, dict(role_vars, result_path=str(result_path)), "the image rollout")
        return elapsed, json.loads(result_path.read_text())


def split_waits(calls):
    """Calls per operation, the describes that poll a change's end (WAITS) apart, and DescribeWorkspaces by bundle apart
    from those by ID: (calls, waiting)."""
    counted, waiting, last_other = {}, {}, None
    for call in calls:
        operation = call["operation"]
        if WAITS.get(operation) is not None and WAITS[operation] == last_other:
            waiting[operation] = waiting.get(operation, 0) + 1
            continue
        if operation == "DescribeWorkspaces":
            operation += " by bundle" if "BundleId" in call["params"] else " by ID"
        else:
            last_other = operation
        counted[operation] = counted.get(operation, 0) + 1
    return counted, waiting


def minimum_calls(size, result):
    """The fewest calls for ``size`` WorkSpaces of the bundle, all rebuilt, in the waves the role made."""
    ids_a_call = page_size("DescribeWorkspaces", "WorkspaceIds")
    statuses_a_call = page_size("DescribeWorkspacesConnectionStatus", "WorkspaceIds")
    waves = [result["canary"]] + result["waves"]
    return {
        "DescribeWorkspaceBundles": 1,
        "DescribeWorkspaceImages": 1,
        "DescribeWorkspaces by bundle": math.ceil(size / page_size("DescribeWorkspaces", "Limit")),
        "DescribeWorkspaces by ID": sum(math.ceil(len(wave) / ids_a_call) for wave in waves),
        "DescribeTags": size,
        "DescribeWorkspacesConnectionStatus": math.ceil(size / statuses_a_call) + sum(math.ceil(len(wave) / statuses_a_call) for wave in waves),
        "UpdateWorkspaceBundle": 1,
        "RebuildWorkspaces": size,
        "CreateTags": len(result["rebuilt"]),
    }


def check_rollout(sandbox, estate, result):
    rebuilt = sorted(entry["workspace_id"] for entry in result["rebuilt"])
    if rebuilt != sorted(estate["workspace_ids"]) or result["failed"] or result["not_reached"] or result["skipped"]:
        raise SystemExit("bench: the image rollout did not rebuild every WorkSpace of the bundle")
    bundle = sandbox.client("workspaces").describe_workspace_bundles(BundleIds=[estate["bundle_id"]])["Bundles"][0]
    sample = estate["workspace_ids"][:: max(1, len(estate["workspace_ids"]) // 20)]
    if bundle["ImageId"] != estate["new_image"] or any(sandbox.tags_of(i).get(MARKER_TAG) != estate["new_image"] for i in sample):
        raise SystemExit("bench: the image rollout left the bundle or the marker tags off the new image")


def measure_one(sandbox, timed_playbook, latency, workers, size, rebuilding):
    print(f"bench: image rollout at max_concurrency {workers}, a rebuild lasting {rebuilding} s", flush=True)
    estate = seed(sandbox, size)
    sandbox.set_latency(latency)
    try:
        seconds, result = run_role(sandbox, timed_playbook, {
            "workspaces_image_rollout_bundle": estate["bundle_id"],
            "workspaces_image_rollout_image_id": estate["new_image"],
            "workspaces_image_rollout_max_count": size,
            "workspaces_image_rollout_wave_size": WAVE_SIZE,
            "workspaces_image_rollout_canary_count": CANARY_COUNT,
            "workspaces_image_rollout_max_concurrency": workers,
            # A rebuild the wait missed fails the run in minutes rather than after the default hour.
            "workspaces_image_rollout_wait_timeout": 6 * rebuilding,
        })
    finally:
        sandbox.set_latency(0)
    check_rollout(sandbox, estate, result)
    calls, waiting = split_waits(sandbox.calls())
    return {
        "max_concurrency": workers, "n": size, "wave_size": WAVE_SIZE, "canary_count": CANARY_COUNT, "seconds": seconds,
        "waves": len(result["waves"]), "rebuilt": len(result["rebuilt"]), "calls": calls, "waiting_calls": waiting,
        "minimum_calls": minimum_calls(size, result),
    }


def measure_image_rollout(sandbox, timed_playbook, latency, workers_list, size=SIZE):
    """One row per max_concurrency, each on a freshly seeded estate, the role run by ``timed_playbook`` (bench's).

    The REBUILDING time, the same for every row, is the shortest the waits need (rebuilding_seconds); the sandbox's
    times are put back after."""
    before = dict(sandbox.fidelity.transition_seconds)
    rebuilding = rebuilding_seconds(latency)
    sandbox.set_transition_seconds(rebuilding=rebuilding)
    try:
        rows = [measure_one(sandbox, timed_playbook, latency, workers, size, rebuilding) for workers in workers_list]
    finally:
        sandbox.set_transition_seconds(**before)
    return {"latency_seconds": latency, "rebuilding_seconds": rebuilding, "rows": rows}


def report_lines(rollout):
    rows = rollout["rows"]
    first = rows[0]
    sequential = next(row["seconds"] for row in rows if row["max_concurrency"] == 1)
    lines = [
        f"{HEADING} (workspaces_image_rollout, N = {first['n']}, a canary of {first['canary_count']}, then waves of "
        f"{first['wave_size']}, {rollout['latency_seconds'] * 1000:.0f} ms added to every call)",
        "",
    ]
    if "measured_at" in rollout:
        lines += [f"Measured in its own run, {rollout['measured_at']}, with `{rollout['command']}`; the tables above come from the run "
                  "named at the top.", ""]
    lines += [
        f"A custom bundle on an old image and {first['n']} AVAILABLE WorkSpaces on it, seeded afresh for each run; the role "
        "through `ansible-playbook` points the bundle at a new image and rebuilds every WorkSpace. A rebuild lasts "
        f"{rollout['rebuilding_seconds']:g} s in the sandbox, the least the waits need: a wave's wait looks first 2 s after its "
        "last call and must see each WorkSpace REBUILDING, and at max_concurrency 1 a wave's calls take a round trip each. "
        "Waiting: the describes made while waiting for the rebuilds and for the bundle, which depend on time, not on N.",
        "",
        "| max_concurrency | wall time (s) | ratio to 1 | rebuilt | waves after the canary | waiting |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        waiting = ", ".join(f"{operation} {count}" for operation, count in sorted(row["waiting_calls"].items())) or "none"
        lines.append(f"| {row['max_concurrency']} | {row['seconds']:.1f} | {row['seconds'] / sequential:.2f} | {row['rebuilt']} "
                     f"| {row['waves']} | {waiting} |")
    operations = sorted(set(first["minimum_calls"]).union(*(row["calls"] for row in rows)))
    lines += [
        "",
        "Calls per operation against the minimum (the waits' describes left out): DescribeWorkspaces by ID and "
        "DescribeWorkspacesConnectionStatus include each wave's look-up again, 25 WorkSpaces a call.",
        "",
        "| operation | minimum | " + " | ".join(f"max_concurrency {row['max_concurrency']}" for row in rows) + " |",
        "| --- | ---: | " + " | ".join("---:" for _row in rows) + " |",
    ]
    for operation in operations:
        counts = " | ".join(str(row["calls"].get(operation, 0)) for row in rows)
        lines.append(f"| {operation} | {first['minimum_calls'].get(operation, 0)} | {counts} |")
    return lines

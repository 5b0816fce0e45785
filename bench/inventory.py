# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The euc.aws.workspaces inventory on a large fleet: `ansible-inventory --list` with the plugin's bounded pool, side by
side with the same plugin listing one call at a time (max_concurrency: 1), in one run against the sandbox.

20 000 WorkSpaces in 8 directories over 2 regions, 150 ms added to every WorkSpaces call. Alongside: the same inventory
with no added latency (what Ansible itself spends on 20 000 hosts) and with --graph (no host variables printed), and a
smaller fleet with every third call throttled, which must end in the same inventory.

`measure_inventory(sandbox, workdir)` returns the results; `report_lines(result)` turns them into Markdown.
Run on its own: `python bench/inventory.py` (about 5 minutes) prints both.
"""

import ast
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
REGIONS = ("us-east-1", "eu-west-1")
DIRECTORIES_PER_REGION = 4
WORKSPACES_PER_DIRECTORY = 2500
LATENCY_SECONDS = 0.15
GOAL_SECONDS = 20.0
CONCURRENT = None  # the plugin's documented default max_concurrency
SEQUENTIAL = 1
THROTTLED_WORKSPACES_PER_DIRECTORY = 100
THROTTLE_EVERY = 3
PAGE_SIZE = 25  # DescribeWorkspaces' and DescribeWorkspaceDirectories' largest Limit (botocore's model), checked below

# Runs a command and reports its wall time and the peak RSS of its process tree (the largest child's, in KiB).
PROBE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "w") as out:
    completed = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "returncode": completed.returncode, "stderr": completed.stderr[-4000:],
                  "peak_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def check_page_size():
    import botocore.session  # pylint: disable=import-outside-toplevel

    model = botocore.session.get_session().get_service_model("workspaces")
    for operation in ("DescribeWorkspaces", "DescribeWorkspaceDirectories"):
        if model.operation_model(operation).input_shape.members["Limit"].metadata["max"] != PAGE_SIZE:
            raise SystemExit(f"bench: {operation}'s page size is no longer {PAGE_SIZE}")


def default_max_concurrency():
    """The default the plugin documents, read from its DOCUMENTATION (the bench needs no Ansible to import it)."""
    import yaml  # pylint: disable=import-outside-toplevel

    source = (REPO_ROOT / "plugins" / "inventory" / "workspaces.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)["options"]["max_concurrency"]["default"]
    raise SystemExit("bench: the inventory plugin has no DOCUMENTATION")


def seed(sandbox, per_directory):
    """The fleet: {region: {directory_id: number of WorkSpaces}}, seeded straight into moto (no latency, no calls)."""
    fleet = {}
    for region in REGIONS:
        fleet[region] = {}
        for number in range(DIRECTORIES_PER_REGION):
            directory_id = sandbox.seed_directory(region)
            sandbox.seed_fleet(directory_id, per_directory, region=region, user_prefix=f"d{number}user")
            fleet[region][directory_id] = per_directory
    return fleet


def minimum_pages(fleet):
    """The fewest calls an inventory of the whole fleet can make: every directory of every region found, then listed."""
    return {
        "DescribeWorkspaceDirectories": sum(max(1, math.ceil(len(directories) / PAGE_SIZE)) for directories in fleet.values()),
        "DescribeWorkspaces": sum(
            max(1, math.ceil(count / PAGE_SIZE)) for directories in fleet.values() for count in directories.values()
        ),
    }


def write_config(sandbox, workdir, max_concurrency):
    name = f"bench-{'default' if max_concurrency is None else max_concurrency}.workspaces.yml"
    options = {"plugin": "euc.aws.workspaces", "endpoint_url": sandbox.endpoint_url, "regions": list(REGIONS)}
    if max_concurrency is not None:
        options["max_concurrency"] = max_concurrency
    config = workdir / name
    config.write_text(json.dumps(options))  # JSON is YAML
    return config


def run_inventory(sandbox, workdir, max_concurrency, *cli):
    """One `ansible-inventory -i CONFIG CLI...` under the probe: its wall time, peak RSS and output."""
    config = write_config(sandbox, workdir, max_concurrency)
    output = workdir / "inventory-output.json"
    sandbox.reset_calls()
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, str(output), "ansible-inventory", "-i", str(config), *cli],
        env=sandbox.ansible_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(completed.stdout)
    if measured["returncode"] != 0 or "euc.aws.workspaces skipped" in measured["stderr"]:
        raise SystemExit(f"bench: ansible-inventory failed:\n{measured['stderr']}")
    return {
        "seconds": round(measured["seconds"], 2),
        "peak_rss_mib": round(measured["peak_rss_kib"] / 1024, 1),
        "calls": calls_by_operation(sandbox),
        "throttled_calls": sum(1 for call in sandbox.calls() if call["status"] == 400),
        "output": output.read_text(),
    }


def calls_by_operation(sandbox):
    counted = {}
    for call in sandbox.calls():
        counted[call["operation"]] = counted.get(call["operation"], 0) + 1
    return counted


def inventory_of(listing_json):
    """Hosts, groups and host variables of `ansible-inventory --list`, with AWS's untrusted strings unwrapped."""

    def unwrap(value):
        if isinstance(value, dict):
            if set(value) == {"__ansible_unsafe"}:
                return value["__ansible_unsafe"]
            return {key: unwrap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [unwrap(item) for item in value]
        return value

    listing = unwrap(json.loads(listing_json))
    listing["_meta"].pop("profile", None)
    return listing


def host_count(row):
    if row["output"].startswith("@all"):  # --graph: a host is a line without a group's @
        return len({line.strip(" |-") for line in row["output"].splitlines() if "@" not in line and line.strip()})
    return len(inventory_of(row["output"])["_meta"]["hostvars"])


def summarised(row, **extra):
    """A row without the inventory output itself."""
    return dict({key: value for key, value in row.items() if key != "output"}, hosts=host_count(row), **extra)


def measure_inventory(sandbox, workdir):
    """Seed the fleet, add the latency, and run every measurement; the sandbox is left reset with no latency."""
    check_page_size()
    workdir = Path(workdir)
    sandbox.reset()
    sandbox.set_latency(0)
    fleet = seed(sandbox, WORKSPACES_PER_DIRECTORY)
    minimum = minimum_pages(fleet)
    try:
        sandbox.set_latency(LATENCY_SECONDS)
        concurrent = run_inventory(sandbox, workdir, CONCURRENT, "--list")
        sequential = run_inventory(sandbox, workdir, SEQUENTIAL, "--list")
        graph = run_inventory(sandbox, workdir, CONCURRENT, "--graph")
        sandbox.set_latency(0)
        no_latency = run_inventory(sandbox, workdir, CONCURRENT, "--list")
        same = inventory_of(concurrent["output"]) == inventory_of(sequential["output"]) == inventory_of(no_latency["output"])
        throttle = measure_throttling(sandbox, workdir)
    finally:
        sandbox.clear_faults()
        sandbox.set_latency(0)
        sandbox.reset()
    workspaces = sum(count for directories in fleet.values() for count in directories.values())
    return {
        "workspaces": workspaces,
        "directories": sum(len(directories) for directories in fleet.values()),
        "regions": list(REGIONS),
        "latency_seconds": LATENCY_SECONDS,
        "default_max_concurrency": default_max_concurrency(),
        "goal_seconds": GOAL_SECONDS,
        "minimum_calls": minimum,
        "concurrent": summarised(concurrent, calls_are_minimum=concurrent["calls"] == minimum),
        "sequential": summarised(sequential, calls_are_minimum=sequential["calls"] == minimum),
        "graph": summarised(graph),
        "no_latency": summarised(no_latency),
        "same_inventory": same,
        "throttled": throttle,
    }


def measure_throttling(sandbox, workdir):
    """A smaller fleet listed without faults, then with every third WorkSpaces call throttled: the same inventory."""
    sandbox.reset()
    fleet = seed(sandbox, THROTTLED_WORKSPACES_PER_DIRECTORY)
    sandbox.set_latency(LATENCY_SECONDS)
    clean = run_inventory(sandbox, workdir, CONCURRENT, "--list")
    # The sandbox's first armed fault decides each call: each entry lets two calls through, then throttles one.
    for _entry in range(4 * sum(minimum_pages(fleet).values())):
        sandbox.throttle(1, after=THROTTLE_EVERY - 1)
    throttled = run_inventory(sandbox, workdir, CONCURRENT, "--list")
    sandbox.clear_faults()
    return {
        "workspaces": sum(count for directories in fleet.values() for count in directories.values()),
        "minimum_calls": minimum_pages(fleet),
        "clean": summarised(clean),
        "throttled": summarised(throttled),
        "same_inventory": inventory_of(clean["output"]) == inventory_of(throttled["output"]),
    }


def calls_text(calls):
    return f"{calls.get('DescribeWorkspaces', 0)} + {calls.get('DescribeWorkspaceDirectories', 0)}"


def yes_or_no(flag):
    return "yes" if flag else "NO"


def table_row(label, run, minimum):
    return (
        f"| {label} | {run['seconds']:.1f} s | {calls_text(run['calls'])} | {calls_text(minimum)} | {run['hosts']} | "
        f"{run['peak_rss_mib']} MiB |"
    )


def report_lines(result):
    """Markdown lines for the results file."""
    concurrent, sequential = result["concurrent"], result["sequential"]
    throttle = result["throttled"]
    minimum = result["minimum_calls"]
    latency_ms = round(result["latency_seconds"] * 1000)
    met = "met" if concurrent["seconds"] <= result["goal_seconds"] else "not met"
    pages_per_directory = minimum["DescribeWorkspaces"] // result["directories"]
    lines = [
        "## Inventory plugin `euc.aws.workspaces` on a large fleet",
        "",
        f"{result['workspaces']} WorkSpaces in {result['directories']} directories over {len(result['regions'])} regions "
        f"({', '.join(result['regions'])}), {latency_ms} ms added to every WorkSpaces call of the sandbox; "
        "`ansible-inventory -i X.workspaces.yml`, each row one run, side by side in the same run of the bench. "
        "Calls are DescribeWorkspaces + DescribeWorkspaceDirectories.",
        "",
        "| run | wall time | calls | minimum calls | hosts | peak RSS of ansible-inventory |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        table_row(f"`--list`, default `max_concurrency` ({result['default_max_concurrency']})", concurrent, minimum),
        table_row("`--list`, `max_concurrency: 1` (sequential baseline)", sequential, minimum),
        table_row("`--graph` (no host variables printed), default", result["graph"], minimum),
        table_row("`--list`, default, no added latency", result["no_latency"], minimum),
        table_row(f"`--list`, {throttle['workspaces']} WorkSpaces, no fault", throttle["clean"], throttle["minimum_calls"]),
        table_row(
            f"`--list`, {throttle['workspaces']} WorkSpaces, one call in {THROTTLE_EVERY} throttled "
            f"({throttle['throttled']['throttled_calls']} ThrottlingException)",
            throttle["throttled"],
            throttle["minimum_calls"],
        ),
        "",
        f"- Concurrent / sequential: {concurrent['seconds']:.1f} s / {sequential['seconds']:.1f} s "
        f"= {concurrent['seconds'] / sequential['seconds']:.2f}; the goal of {result['goal_seconds']:.0f} s for `--list` is "
        f"{met}.",
        "- Calls equal the minimum (every directory found, then listed in ceil(N/25) pages): concurrent "
        f"{yes_or_no(concurrent['calls_are_minimum'])}, sequential {yes_or_no(sequential['calls_are_minimum'])}.",
        f"- Each of the {result['directories']} directories is {pages_per_directory} pages in turn, so no run lists the fleet in "
        f"less than {pages_per_directory} x {latency_ms} ms = {pages_per_directory * result['latency_seconds']:.0f} s. "
        "The run without added latency shows what the rest costs on this machine (start-up, the same calls over "
        f"loopback, adding {result['workspaces']} hosts, printing their variables): "
        f"{result['no_latency']['seconds']:.1f} s; "
        "`--graph` leaves the printing of host variables out.",
        "- The same inventory (hosts, groups, host variables) in every run of the large fleet: "
        f"{yes_or_no(result['same_inventory'])}; throttled and clean runs of the smaller fleet: "
        f"{yes_or_no(throttle['same_inventory'])}.",
    ]
    return lines


def main():
    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from sandbox import Sandbox  # pylint: disable=import-outside-toplevel

    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        result = measure_inventory(sandbox, workdir)
        print(json.dumps(result, indent=2))
        print("\n".join(report_lines(result)))
        print(f"\n(bench took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""make bench: API calls, wall time and memory of workspaces_terminate against a per-ID baseline, side by side.

Everything runs in one go against the local sandbox, each measurement on a freshly seeded fleet
(70% existing, 15% already terminating, 15% absent). Ours runs through the real `ansible` CLI; the
baseline is bench/per_id_baseline.py, one describe and one terminate per WorkSpace through boto3.
Results: bench/results/results.md, results.json and chart.png.
"""

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

VENV_BIN = Path(sys.executable).parent
RESULTS = REPO_ROOT / "bench" / "results"
SIZES = [1, 25, 26, 100, 1000, 10000]
# Loopback answers in a few milliseconds; a call to AWS takes tens. One size is also measured with this much added
# to every WorkSpaces call, to show what the number of calls costs once the network is real.
SIMULATED_ROUND_TRIP_SECONDS = 0.05
LATENCY_SIZE = 1000
PLAYBOOK = """
- name: Terminate
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Terminate
      euc.aws.workspaces_terminate:
        workspace_ids: "{{ workspace_ids }}"
        wait: "{{ wait }}"
        endpoint_url: "{{ endpoint_url }}"
        region: "{{ region }}"
"""


def environment(sandbox):
    # PYTHONPATH lets the module run directly (the memory probe) as well as through ansible.
    return sandbox.ansible_env(PYTHONPATH=str(REPO_ROOT / ".build"))


def seed_fleet(sandbox, size, rng):
    """Requested IDs (shuffled), how many of them are terminable, and how many are already terminating."""
    existing = max(1, round(size * 0.70)) if size else 0
    terminating = min(size - existing, round(size * 0.15))
    absent = size - existing - terminating
    created = sandbox.seed_workspaces(sandbox.seed_directory(), count=existing + terminating) if existing + terminating else []
    client = sandbox.client("workspaces")
    leaving = created[existing:]
    for start in range(0, len(leaving), 25):
        client.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": i} for i in leaving[start:start + 25]])
    requested = created + [f"ws-{rng.getrandbits(40):010x}" for _absent in range(absent)]
    rng.shuffle(requested)
    sandbox.reset_calls()
    return requested, existing, terminating


def run_ours(sandbox, workspace_ids, workdir, wait=False):
    playbook = workdir / "terminate.yml"
    playbook.write_text(PLAYBOOK)
    extra = workdir / "vars.json"
    extra.write_text(json.dumps({"workspace_ids": workspace_ids, "wait": wait, "endpoint_url": sandbox.endpoint_url, "region": sandbox.region}))
    started = time.perf_counter()
    completed = subprocess.run(
        ["ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook), "-e", f"@{extra}"],
        env=environment(sandbox), capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"bench: ansible-playbook failed:\n{completed.stdout}\n{completed.stderr}")
    return elapsed


def run_baseline(sandbox, workspace_ids, workdir):
    ids_file = workdir / "ids.json"
    ids_file.write_text(json.dumps(workspace_ids))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "per_id_baseline.py"), sandbox.endpoint_url, sandbox.region, str(ids_file)],
        env=environment(sandbox), capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - started


def counted_calls(sandbox):
    return len(sandbox.calls("DescribeWorkspaces")), len(sandbox.calls("TerminateWorkspaces"))


def measure_size(sandbox, size, repeats, rng, workdir):
    row = {"n": size, "ours_seconds": [], "baseline_seconds": [], "ours_start_up_seconds": [], "baseline_start_up_seconds": []}
    for _repeat in range(repeats):
        # Interleaved, each on a fresh fleet, so that machine noise hits both alike. The start-up of each side
        # (the same command with no IDs, so no AWS call) is measured in the same stretch, to tell it from the work.
        sandbox.reset_calls()
        row["ours_start_up_seconds"].append(run_ours(sandbox, [], workdir))
        row["baseline_start_up_seconds"].append(run_baseline(sandbox, [], workdir))
        if sandbox.calls():
            raise SystemExit(f"bench: a run with no IDs called AWS: {sandbox.calls()}")
        sandbox.reset()
        requested, terminable, _terminating = seed_fleet(sandbox, size, rng)
        row["ours_seconds"].append(run_ours(sandbox, requested, workdir))
        row["ours_calls"] = counted_calls(sandbox)
        row["minimum_calls"] = (math.ceil(size / 25), math.ceil(terminable / 25))
        sandbox.reset()
        requested, terminable, _terminating = seed_fleet(sandbox, size, rng)
        row["baseline_seconds"].append(run_baseline(sandbox, requested, workdir))
        row["baseline_calls"] = counted_calls(sandbox)
    return row


def measure_wait(sandbox, size, rng, workdir):
    """Calls made while waiting: each poll should be one describe per 25 IDs still present."""
    sandbox.reset()
    sandbox.set_lifecycle(terminating_seconds=4.0, terminated_seconds=1.0)
    requested, terminable, terminating = seed_fleet(sandbox, size, rng)
    run_ours(sandbox, requested, workdir, wait=True)
    calls = sandbox.calls()
    last_terminate = max(index for index, call in enumerate(calls) if call["operation"] == "TerminateWorkspaces")
    polls = [call for call in calls[last_terminate + 1:] if call["operation"] == "DescribeWorkspaces"]
    sandbox.set_lifecycle(terminating_seconds=3600.0, terminated_seconds=60.0)
    return {"n": size, "waited_for": terminable + terminating, "poll_calls": len(polls),
            "ids_per_poll_call": [len(call["params"]["WorkspaceIds"]) for call in polls]}


def timed_runs(sandbox, command_factory, repeats):
    timings = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        subprocess.run(command_factory(), env=environment(sandbox), capture_output=True, check=True)
        timings.append(time.perf_counter() - started)
    return timings


def measure_adhoc_overhead(sandbox, repeats):
    ours, ping = [], []
    for _repeat in range(repeats):
        ours += timed_runs(
            sandbox,
            lambda: ["ansible", "localhost", "-m", "euc.aws.workspaces_terminate", "-a",
                     f"workspace_ids=ws-0000000000 endpoint_url={sandbox.endpoint_url}"],
            1,
        )
        ping += timed_runs(sandbox, lambda: ["ansible", "localhost", "-m", "ansible.builtin.ping"], 1)
    return {"ours_seconds": ours, "ping_seconds": ping}


def measure_peak_memory(sandbox, size, rng, workdir):
    """Peak RSS of the module process alone, run directly with its arguments in a file."""
    sandbox.reset()
    requested, _terminable, _terminating = seed_fleet(sandbox, size, rng)
    args = workdir / "module-args.json"
    args.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": {"workspace_ids": requested, "endpoint_url": sandbox.endpoint_url, "region": sandbox.region}}))
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    module = "ansible_collections.euc.aws.plugins.modules.workspaces_terminate"
    completed = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", module, str(args)],
                               env=environment(sandbox), capture_output=True, text=True, check=True)
    return {"n": size, "peak_rss_mib": round(int(completed.stdout.strip()) / 1024, 1), "terminate_calls": len(sandbox.calls("TerminateWorkspaces"))}


def ratio_beyond_start_up(row):
    """Median work of ours over the baseline's, work being a run's time beyond its side's median start-up.

    Where a side's run times overlap its start-up times, its work is lost in the machine's noise and the
    ratio would mean nothing ("n/a").
    """
    works = []
    for side in ("ours", "baseline"):
        runs, start_ups = row[f"{side}_seconds"], row[f"{side}_start_up_seconds"]
        if min(runs) <= max(start_ups):
            return "n/a"
        works.append(statistics.median(runs) - statistics.median(start_ups))
    return f"{works[0] / works[1]:.3f}"


def spread(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def write_report(results, started_at, command):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# workspaces_terminate benchmark",
        "",
        f"Measured {started_at} on this machine ({os.cpu_count()} cores) against the local sandbox, with `{command}`.",
        "Each size: a fresh fleet (70% existing, 15% already TERMINATING, 15% absent) per run; ours through",
        "`ansible-playbook`, the per-ID baseline (one describe and one terminate per WorkSpace, boto3) interleaved with it.",
        "Times: median (min–max) in seconds over the runs; ratio = median ours / median baseline;",
        "start-up = the same command with no IDs (no AWS call), measured in the same stretch: ours through",
        "`ansible-playbook`, the baseline a Python process with boto3; ratio beyond start-up = the ratio once each",
        "side's median start-up is taken off (n/a where a side's run times overlap its start-up times: noise).",
        "",
        "| N | runs | API calls ours (describe + terminate) | minimum | per-ID baseline calls | time ours (s) | time baseline (s) | ratio "
        "| start-up ours / baseline (s) | ratio beyond start-up |",
        "| ---: | ---: | --- | --- | --- | --- | --- | ---: | --- | ---: |",
    ]
    rows = [(str(row["n"]), row) for row in results["sizes"]]
    if "with_latency" in results:
        latency = results["with_latency"]
        rows.append((f"{latency['n']}, +{latency['latency_seconds'] * 1000:.0f} ms a call", latency))
    for label, row in rows:
        ours_d, ours_t = row["ours_calls"]
        min_d, min_t = row["minimum_calls"]
        base_d, base_t = row["baseline_calls"]
        ours_median, baseline_median = statistics.median(row["ours_seconds"]), statistics.median(row["baseline_seconds"])
        ours_start_up = statistics.median(row["ours_start_up_seconds"])
        baseline_start_up = statistics.median(row["baseline_start_up_seconds"])
        lines.append(
            f"| {label} | {len(row['ours_seconds'])} | {ours_d} + {ours_t} = {ours_d + ours_t} | {min_d} + {min_t} = {min_d + min_t} "
            f"| {base_d} + {base_t} = {base_d + base_t} | {spread(row['ours_seconds'])} | {spread(row['baseline_seconds'])} "
            f"| {ours_median / baseline_median:.3f} | {ours_start_up:.2f} / {baseline_start_up:.2f} "
            f"| {ratio_beyond_start_up(row)} |"
        )
    wait = results["wait"]
    overhead = results["adhoc_overhead"]
    memory = results["memory"]
    lines += [
        "",
        f"Waiting (`wait: true`, N = {wait['n']}, {wait['waited_for']} WorkSpaces waited for): {wait['poll_calls']} DescribeWorkspaces calls "
        f"while polling, IDs per call: {wait['ids_per_poll_call']}.",
        "",
        f"Ad hoc, one ID: `ansible -m euc.aws.workspaces_terminate` {spread(overhead['ours_seconds'])} s versus "
        f"`ansible -m ansible.builtin.ping` {spread(overhead['ping_seconds'])} s "
        f"(ratio {statistics.median(overhead['ours_seconds']) / statistics.median(overhead['ping_seconds']):.2f}).",
        "",
        f"Peak memory of the module process at N = {memory['n']}: {memory['peak_rss_mib']} MiB "
        f"({memory['terminate_calls']} TerminateWorkspaces calls).",
        "",
        "![time and calls versus N](chart.png)",
        "",
    ]
    (RESULTS / "results.md").write_text("\n".join(lines))


def write_chart(results):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    sizes = [row["n"] for row in results["sizes"]]
    figure, (calls_axis, time_axis) = plt.subplots(1, 2, figsize=(11, 4.2))
    calls_axis.plot(sizes, [sum(row["ours_calls"]) for row in results["sizes"]], "o-", label="workspaces_terminate")
    calls_axis.plot(sizes, [sum(row["minimum_calls"]) for row in results["sizes"]], "k:", label="minimum ceil(N/25)+ceil(M/25)")
    calls_axis.plot(sizes, [sum(row["baseline_calls"]) for row in results["sizes"]], "s-", label="per-ID baseline")
    time_axis.plot(sizes, [statistics.median(row["ours_seconds"]) for row in results["sizes"]], "o-", label="workspaces_terminate")
    time_axis.plot(sizes, [statistics.median(row["baseline_seconds"]) for row in results["sizes"]], "s-", label="per-ID baseline")
    for axis, title in ((calls_axis, "API calls"), (time_axis, "wall time (s, median)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("WorkSpaces requested (N)")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(RESULTS / "chart.png", dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--repeats", type=int, default=3, help="runs per size (sizes of 10000 and more run once)")
    args = parser.parse_args()
    command = "make bench" if args.sizes == SIZES and args.repeats == 3 else "python bench/bench.py " + " ".join(sys.argv[1:])
    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rng = random.Random(20261125)
    results = {"sizes": []}
    # Long enough that nothing terminated disappears during a measurement.
    with Sandbox(terminating_seconds=3600.0, terminated_seconds=60.0) as sandbox, tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        for size in args.sizes:
            repeats = 1 if size >= 10000 else args.repeats
            print(f"bench: N={size} ({repeats} run(s) each)", flush=True)
            results["sizes"].append(measure_size(sandbox, size, repeats, rng, workdir))
        if LATENCY_SIZE in args.sizes:
            print(f"bench: N={LATENCY_SIZE} with {SIMULATED_ROUND_TRIP_SECONDS * 1000:.0f} ms added per call (1 run each)", flush=True)
            sandbox.set_latency(SIMULATED_ROUND_TRIP_SECONDS)
            results["with_latency"] = dict(measure_size(sandbox, LATENCY_SIZE, 1, rng, workdir), latency_seconds=SIMULATED_ROUND_TRIP_SECONDS)
            sandbox.set_latency(0)
        print("bench: waiting", flush=True)
        results["wait"] = measure_wait(sandbox, 100, rng, workdir)
        print("bench: ad hoc overhead", flush=True)
        results["adhoc_overhead"] = measure_adhoc_overhead(sandbox, 5)
        print("bench: peak memory", flush=True)
        results["memory"] = measure_peak_memory(sandbox, max(args.sizes), rng, workdir)
    write_report(results, started_at, command)
    write_chart(results)
    print((RESULTS / "results.md").read_text())


if __name__ == "__main__":
    main()

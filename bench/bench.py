# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""make bench: API calls, wall time and memory of workspaces_terminate against a per-ID baseline, side by side.

Everything runs in one go against the local sandbox, each measurement on a freshly seeded fleet
(70% existing, 15% already terminating, 15% absent). Ours runs through the real `ansible` CLI; the
baseline is bench/per_id_baseline.py, one describe and one terminate per WorkSpace through boto3.
The other verbs, the inventory plugin (bench/inventory.py), workspaces_properties (bench/modify_properties.py) and
workspaces_usage beside one GetMetricData per WorkSpace (bench/usage_hours.py) and the role workspaces_image_rollout
(bench/image_rollout.py) follow in the same run.
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

import estate as estate_bench  # noqa: E402  pylint: disable=wrong-import-position
import image_rollout as rollout_bench  # noqa: E402  pylint: disable=wrong-import-position
import inventory as inventory_bench  # noqa: E402  pylint: disable=wrong-import-position
import modify_properties as properties_bench  # noqa: E402  pylint: disable=wrong-import-position
import usage_hours as usage_bench  # noqa: E402  pylint: disable=wrong-import-position
from sandbox import BUNDLE_ID  # noqa: E402  pylint: disable=wrong-import-position
from sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

VENV_BIN = Path(sys.executable).parent
RESULTS = REPO_ROOT / "bench" / "results"
SIZES = [1, 25, 26, 100, 1000, 10000]
# Loopback answers in a few milliseconds; a call to AWS takes tens. One size is also measured with this much added
# to every WorkSpaces call, to show what the number of calls costs once the network is real.
SIMULATED_ROUND_TRIP_SECONDS = 0.05
LATENCY_SIZE = 1000
# Concurrent batches are measured where round trips dominate: a fleet of 10 000 and 150 ms a call.
CONCURRENCY_SIZE = 10000
CONCURRENCY_LATENCY_SECONDS = 0.15
# Admin maintenance takes one WorkSpace a call, so concurrency matters most there: 1000 WorkSpaces, 150 ms a call.
MAINTENANCE_SIZE = 1000
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


def timed_playbook(sandbox, playbook_text, extra_vars, what, **env):
    """``playbook_text`` through ansible-playbook on localhost against the sandbox (``env`` added): its wall time and
    the completed process. A failure stops the bench, naming ``what``.

    The variables go in a file: 10 000 IDs are more than one command-line argument may hold.
    """
    with tempfile.TemporaryDirectory() as scratch:
        playbook = Path(scratch) / "playbook.yml"
        playbook.write_text(playbook_text)
        extra = Path(scratch) / "vars.json"
        extra.write_text(json.dumps(dict(extra_vars, endpoint_url=sandbox.endpoint_url, region=sandbox.region)))
        started = time.perf_counter()
        completed = subprocess.run(
            ["ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook), "-e", f"@{extra}"],
            env=dict(environment(sandbox), **env), capture_output=True, text=True, check=False,
        )
        elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"bench: {what} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return elapsed, completed


def run_ours(sandbox, workspace_ids, wait=False):
    return timed_playbook(sandbox, PLAYBOOK, {"workspace_ids": workspace_ids, "wait": wait}, "ansible-playbook")[0]


def run_task(sandbox, module, args, **env):
    """One task of ``module`` with ``args`` through ansible-playbook (``env`` added): its wall time and its result."""
    playbook = f'- hosts: localhost\n  gather_facts: false\n  tasks:\n    - {module}: "{{{{ task_args }}}}"\n'
    # The task's own endpoint and region: the play sets no module defaults.
    elapsed, completed = timed_playbook(
        sandbox, playbook, {"task_args": dict(args, endpoint_url=sandbox.endpoint_url, region=sandbox.region)}, module,
        ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", **env,
    )
    (task,) = json.loads(completed.stdout)["plays"][0]["tasks"]
    return elapsed, task["hosts"]["localhost"]


def calls_by_operation(sandbox):
    counts = {}
    for call in sandbox.calls():
        counts[call["operation"]] = counts.get(call["operation"], 0) + 1
    return counts


def measure_reboot(sandbox, size):
    """Reboot N AVAILABLE WorkSpaces: ceil(N/25) describes and ceil(N/25) reboots."""
    sandbox.reset()
    workspace_ids = sandbox.seed_fleet(sandbox.seed_directory(), size)
    sandbox.reset_calls()
    seconds, result = run_task(sandbox, "euc.aws.workspaces_reboot", {"workspace_ids": workspace_ids})
    if result["rebooted"] != workspace_ids:
        raise SystemExit("bench: the reboot did not reboot every WorkSpace")
    return {"n": size, "seconds": seconds, "calls": calls_by_operation(sandbox),
            "minimum_calls": {"DescribeWorkspaces": math.ceil(size / 25), "RebootWorkspaces": math.ceil(size / 25)}}


def measure_connection_status(sandbox, size):
    """workspaces_info with connection_status on a directory of N: its listing plus one status call per 25."""
    sandbox.reset()
    directory_id = sandbox.seed_directory()
    sandbox.seed_fleet(directory_id, size)
    sandbox.reset_calls()
    seconds, result = run_task(sandbox, "euc.aws.workspaces_info", {"directory_id": directory_id, "connection_status": True})
    if len(result["workspaces"]) != size:
        raise SystemExit("bench: workspaces_info did not return the whole directory")
    return {"n": size, "seconds": seconds, "calls": calls_by_operation(sandbox),
            "minimum_calls": {"DescribeWorkspaces": math.ceil(size / 25), "DescribeWorkspacesConnectionStatus": math.ceil(size / 25)}}


def measure_create(sandbox, size):
    """N joiners in an empty directory: one DescribeWorkspaces per user (the shared lookup by user), one listing page
    for the users it did not find, then ceil(N/25) creates."""
    sandbox.reset()
    directory_id = sandbox.seed_directory()
    users = [f"joiner{n:05d}" for n in range(size)]
    sandbox.reset_calls()
    seconds, result = run_task(
        sandbox, "euc.aws.workspaces_create", {"directory_id": directory_id, "bundle_id": BUNDLE_ID, "user_names": users}
    )
    if len(result["created"]) != size:
        raise SystemExit("bench: workspaces_create did not create a WorkSpace for every user")
    return {"n": size, "seconds": seconds, "calls": calls_by_operation(sandbox),
            "minimum_calls": {"DescribeWorkspaces": size + 1, "CreateWorkspaces": math.ceil(size / 25)}}


def measure_maintenance(sandbox, size, latency, workers_list):
    """Admin maintenance on, then off, for N AVAILABLE WorkSpaces with a simulated round trip, per max_concurrency.

    Each direction costs ceil(N/25) describes and N ModifyWorkspaceState calls (the API takes one WorkSpace a call).
    """
    rows = []
    for workers in workers_list:
        sandbox.reset()
        sandbox.set_latency(0)
        workspace_ids = sandbox.seed_fleet(sandbox.seed_directory(), size)
        for state, done in (("admin_maintenance", "ADMIN_MAINTENANCE"), ("available", "AVAILABLE")):
            sandbox.reset_calls()
            sandbox.set_latency(latency)
            seconds, result = run_task(
                sandbox, "euc.aws.workspaces_maintenance", {"workspace_ids": workspace_ids, "state": state, "max_concurrency": workers}
            )
            sandbox.set_latency(0)
            if result["modified"] != workspace_ids or any(sandbox.state_of(i) != done for i in workspace_ids[:: max(1, size // 20)]):
                raise SystemExit(f"bench: workspaces_maintenance state={state} did not change every WorkSpace")
            rows.append({
                "run": f"workspaces_maintenance state={state}", "n": size, "max_concurrency": workers, "seconds": seconds,
                "calls": calls_by_operation(sandbox),
                "minimum_calls": {"DescribeWorkspaces": math.ceil(size / 25), "ModifyWorkspaceState": size},
            })
    return {"latency_seconds": latency, "rows": rows}


def maintenance_lines(results):
    if "maintenance" not in results:
        return []
    rows = results["maintenance"]["rows"]
    lines = [
        "",
        f"## Admin maintenance on and off (N = {rows[0]['n']}, {results['maintenance']['latency_seconds'] * 1000:.0f} ms added "
        "to every call)",
        "",
        "| run | max_concurrency | wall time (s) | ratio to 1 | API calls | minimum |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    sequential = {row["run"]: row["seconds"] for row in rows if row["max_concurrency"] == 1}
    for row in rows:
        calls = ", ".join(f"{operation} {count}" for operation, count in sorted(row["calls"].items()))
        minimum = ", ".join(f"{operation} {count}" for operation, count in sorted(row["minimum_calls"].items()))
        ratio = f"{row['seconds'] / sequential[row['run']]:.2f}" if row["run"] in sequential else "n/a"
        lines.append(f"| {row['run']} | {row['max_concurrency']} | {row['seconds']:.1f} | {ratio} | {calls} | {minimum} |")
    return lines


def sent_twice(sandbox, operation, request_list):
    """IDs that more than one answered call of ``operation`` carried (a throttled call never reached AWS's work)."""
    seen, twice = set(), set()
    for call in sandbox.calls(operation):
        if call["status"] != 200:
            continue
        for request in call["params"][request_list]:
            (twice if request["WorkspaceId"] in seen else seen).add(request["WorkspaceId"])
    return sorted(twice)


def measure_concurrency(sandbox, size, latency, workers_list):
    """workspaces_terminate at N with a simulated round trip, one row per max_concurrency, each on a fresh fleet."""
    rows = []
    for workers in workers_list:
        sandbox.reset()
        sandbox.set_latency(0)
        directory_id = sandbox.seed_directory()
        existing = sandbox.seed_fleet(directory_id, round(size * 0.7))
        requested = existing + [f"ws-{n:010d}" for n in range(size - len(existing))]
        sandbox.reset_calls()
        sandbox.set_latency(latency)
        seconds, result = run_task(sandbox, "euc.aws.workspaces_terminate", {"workspace_ids": requested, "max_concurrency": workers})
        sandbox.set_latency(0)
        calls = sandbox.calls()
        rows.append({
            "max_concurrency": workers, "n": size, "seconds": seconds, "calls": calls_by_operation(sandbox),
            "throttled": sum(1 for call in calls if call["status"] == 400),
            "terminated": len(result["terminated"]), "sent_twice": sent_twice(sandbox, "TerminateWorkspaces", "TerminateWorkspaceRequests"),
        })
    return {"latency_seconds": latency, "rows": rows}


def measure_throttle_storm(sandbox, size, workers):
    """Every third WorkSpaces call throttled: all terminated, nothing sent twice, the retries it took."""
    sandbox.reset()
    existing = sandbox.seed_fleet(sandbox.seed_directory(), size)
    sandbox.reset_calls()
    expected_calls = 2 * math.ceil(size / 25)
    for _third in range(expected_calls):  # each armed fault lets two calls through, then throttles the third
        sandbox.throttle(1, after=2)
    # botocore's own retries off, so that what is measured is the module's retry with the backoff its calls share.
    seconds, result = run_task(
        sandbox, "euc.aws.workspaces_terminate", {"workspace_ids": existing, "max_concurrency": workers}, AWS_MAX_ATTEMPTS="1"
    )
    sandbox.clear_faults()
    calls = sandbox.calls()
    return {
        "n": size, "max_concurrency": workers, "seconds": seconds, "terminated": len(result["terminated"]),
        "all_terminated": result["terminated"] == existing,
        "sent_twice": sent_twice(sandbox, "TerminateWorkspaces", "TerminateWorkspaceRequests"),
        "calls": len(calls), "retries": sum(1 for call in calls if call["status"] == 400),
    }


def measure_maintenance_rows(sandbox, size):
    print(f"bench: admin maintenance for {size}, {CONCURRENCY_LATENCY_SECONDS * 1000:.0f} ms a call", flush=True)
    return measure_maintenance(sandbox, size, CONCURRENCY_LATENCY_SECONDS, [1, 4])


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
        row["ours_start_up_seconds"].append(run_ours(sandbox, []))
        row["baseline_start_up_seconds"].append(run_baseline(sandbox, [], workdir))
        if sandbox.calls():
            raise SystemExit(f"bench: a run with no IDs called AWS: {sandbox.calls()}")
        sandbox.reset()
        requested, terminable, _terminating = seed_fleet(sandbox, size, rng)
        row["ours_seconds"].append(run_ours(sandbox, requested))
        row["ours_calls"] = counted_calls(sandbox)
        row["minimum_calls"] = (math.ceil(size / 25), math.ceil(terminable / 25))
        sandbox.reset()
        requested, terminable, _terminating = seed_fleet(sandbox, size, rng)
        row["baseline_seconds"].append(run_baseline(sandbox, requested, workdir))
        row["baseline_calls"] = counted_calls(sandbox)
    return row


def measure_wait(sandbox, size, rng):
    """Calls made while waiting: each poll should be one describe per 25 IDs still present."""
    sandbox.reset()
    sandbox.set_lifecycle(terminating_seconds=4.0, terminated_seconds=1.0)
    requested, terminable, terminating = seed_fleet(sandbox, size, rng)
    run_ours(sandbox, requested, wait=True)
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


def verb_lines(results):
    """The other verbs' rows: their calls against the minimum."""
    rows = [(key, title) for key, title in (
        ("reboot", "workspaces_reboot of N AVAILABLE WorkSpaces"),
        ("connection_status", "workspaces_info of a directory of N, connection_status: true"),
        ("create", "workspaces_create for N joiners in an empty directory"),
    ) if key in results]
    if not rows:
        return []
    lines = ["", "## The other verbs", "", "| run | N | API calls | minimum | time (s) |", "| --- | ---: | --- | --- | ---: |"]
    for key, title in rows:
        row = results[key]
        calls = ", ".join(f"{operation} {count}" for operation, count in sorted(row["calls"].items()))
        minimum = ", ".join(f"{operation} {count}" for operation, count in sorted(row["minimum_calls"].items()))
        lines.append(f"| {title} | {row['n']} | {calls} | {minimum} | {row['seconds']:.2f} |")
    return lines


def concurrency_lines(results):
    lines = []
    if "concurrency" in results:
        concurrency = results["concurrency"]
        rows = concurrency["rows"]
        sequential = next(row["seconds"] for row in rows if row["max_concurrency"] == 1)
        lines += [
            "",
            f"## Concurrent batches (workspaces_terminate, N = {rows[0]['n']}, 70% existing, "
            f"{concurrency['latency_seconds'] * 1000:.0f} ms added to every call)",
            "",
            "| max_concurrency | wall time (s) | ratio to 1 | API calls | throttled calls | terminated | IDs sent twice |",
            "| ---: | ---: | ---: | --- | ---: | ---: | ---: |",
        ]
        for row in rows:
            calls = ", ".join(f"{operation} {count}" for operation, count in sorted(row["calls"].items()))
            lines.append(
                f"| {row['max_concurrency']} | {row['seconds']:.1f} | {row['seconds'] / sequential:.2f} | {calls} | {row['throttled']} "
                f"| {row['terminated']} | {len(row['sent_twice'])} |"
            )
    if "throttle_storm" in results:
        storm = results["throttle_storm"]
        lines += [
            "",
            f"Throttle storm (every third call throttled, botocore's own retries off), N = {storm['n']}, max_concurrency "
            f"{storm['max_concurrency']}: {storm['terminated']} terminated (all: {storm['all_terminated']}), "
            f"{len(storm['sent_twice'])} IDs sent twice, {storm['calls']} calls of which {storm['retries']} throttled and "
            f"retried, {storm['seconds']:.1f} s.",
        ]
    return lines


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
    ]
    lines += verb_lines(results) + concurrency_lines(results) + maintenance_lines(results) + module_sections(results)
    (RESULTS / "results.md").write_text("\n".join(lines) + "\n")


def module_sections(results):
    """The sections whose rows bench's other files measure, in the order of results.md."""
    lines = []
    for key, bench_module in (("properties", properties_bench), ("inventory", inventory_bench), ("usage", usage_bench),
                              ("estate", estate_bench), ("image_rollout", rollout_bench)):
        if key in results:
            lines += [""] + bench_module.report_lines(results[key])
    return lines


def merge_into_results(key, row, section_lines, heading):
    """One row measured in a run of its own into bench/results: its entry of results.json and its section of
    results.md (the one starting with ``heading``, replaced, or else appended), the rest left as the last full run
    wrote it: a full run takes about 22 minutes, and about 28 more with the image rollout rows."""
    results = json.loads((RESULTS / "results.json").read_text())
    results[key] = row
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    sections, current = [], []
    for line in (RESULTS / "results.md").read_text().rstrip("\n").split("\n"):
        if line.startswith("## ") and current:
            sections.append(current)
            current = []
        current.append(line)
    sections.append(current)
    kept = [section for section in sections if not section[0].startswith(heading)]
    for section in kept:
        while section and not section[-1]:
            section.pop()
    text = "\n\n".join("\n".join(section) for section in kept) + "\n\n" + "\n".join(section_lines) + "\n"
    (RESULTS / "results.md").write_text(text)


def measure_usage_row(sandbox):
    print(f"bench: usage of {usage_bench.SIZE} WorkSpaces over {usage_bench.DAYS} days, ours and one call per WorkSpace, "
          f"{CONCURRENCY_LATENCY_SECONDS * 1000:.0f} ms a call", flush=True)
    return usage_bench.measure_usage(sandbox, run_task, calls_by_operation, CONCURRENCY_LATENCY_SECONDS)


def measure_image_rollout_row(sandbox):
    print(f"bench: image rollout to {rollout_bench.SIZE} WorkSpaces in waves of {rollout_bench.WAVE_SIZE}, "
          f"{CONCURRENCY_LATENCY_SECONDS * 1000:.0f} ms a call", flush=True)
    return rollout_bench.measure_image_rollout(sandbox, timed_playbook, CONCURRENCY_LATENCY_SECONDS, [1, 4])


def run_only_image_rollout(merge):
    measured_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with Sandbox() as sandbox:
        rollout = measure_image_rollout_row(sandbox)
    if merge:
        rollout = dict(rollout, measured_at=measured_at, command="python bench/bench.py " + " ".join(sys.argv[1:]))
        merge_into_results("image_rollout", rollout, rollout_bench.report_lines(rollout), rollout_bench.HEADING)
    print("\n".join(rollout_bench.report_lines(rollout)))


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


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--repeats", type=int, default=3, help="runs per size (sizes of 10000 and more run once)")
    parser.add_argument("--maintenance-size", type=int, default=MAINTENANCE_SIZE, help="WorkSpaces in the admin maintenance rows")
    parser.add_argument(
        "--only-maintenance", action="store_true", help="only the admin maintenance rows, printed rather than written to bench/results"
    )
    parser.add_argument(
        "--only-usage", action="store_true", help="only the workspaces_usage row (about 4 minutes), printed rather than written"
    )
    parser.add_argument("--only-estate", action="store_true", help="only the estate rows (IP group, directory), printed rather than written")
    parser.add_argument(
        "--only-image-rollout", action="store_true",
        help="only the workspaces_image_rollout rows (about 28 minutes), printed rather than written",
    )
    parser.add_argument(
        "--merge", action="store_true",
        help="with --only-usage, --only-estate or --only-image-rollout: also put the rows into bench/results, replacing their earlier "
        "section, the others kept",
    )
    args = parser.parse_args()
    if args.merge and not (args.only_usage or args.only_estate or args.only_image_rollout):
        parser.error("--merge goes with --only-usage, --only-estate or --only-image-rollout")
    return args


def run_only(args):
    """The rows of one --only-... switch, if one was given: whether it was."""
    if args.only_image_rollout:
        run_only_image_rollout(args.merge)
        return True
    if args.only_estate:
        with Sandbox() as sandbox:
            rows = estate_bench.measure_estate(sandbox, run_task, calls_by_operation)
        if args.merge:
            merge_into_results("estate", rows, estate_bench.report_lines(rows), estate_bench.HEADING)
        print("\n".join(estate_bench.report_lines(rows)))
        return True
    if args.only_usage:
        measured_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        with Sandbox() as sandbox:
            row = measure_usage_row(sandbox)
        if args.merge:
            row = dict(row, measured_at=measured_at, command="python bench/bench.py " + " ".join(sys.argv[1:]))
            merge_into_results("usage", row, usage_bench.report_lines(row), usage_bench.HEADING)
        print("\n".join(usage_bench.report_lines(row)))
        return True
    if args.only_maintenance:
        with Sandbox() as sandbox:
            print("\n".join(maintenance_lines({"maintenance": measure_maintenance_rows(sandbox, args.maintenance_size)})))
        return True
    return False


def main():
    args = parse_arguments()
    if run_only(args):
        return
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
        results["wait"] = measure_wait(sandbox, 100, rng)
        print("bench: ad hoc overhead", flush=True)
        results["adhoc_overhead"] = measure_adhoc_overhead(sandbox, 5)
        print("bench: peak memory", flush=True)
        results["memory"] = measure_peak_memory(sandbox, max(args.sizes), rng, workdir)
        print("bench: reboot, connection status, create", flush=True)
        results["reboot"] = measure_reboot(sandbox, 1000)
        results["connection_status"] = measure_connection_status(sandbox, 10000)
        results["create"] = measure_create(sandbox, 1000)
        print(f"bench: concurrency at N={CONCURRENCY_SIZE}, {CONCURRENCY_LATENCY_SECONDS * 1000:.0f} ms a call", flush=True)
        results["concurrency"] = measure_concurrency(sandbox, CONCURRENCY_SIZE, CONCURRENCY_LATENCY_SECONDS, [1, 4, 8])
        results["throttle_storm"] = measure_throttle_storm(sandbox, 1000, 4)
        results["maintenance"] = measure_maintenance_rows(sandbox, args.maintenance_size)
        print(f"bench: properties for {properties_bench.SIZE}, {CONCURRENCY_LATENCY_SECONDS * 1000:.0f} ms a call", flush=True)
        results["properties"] = properties_bench.measure_properties(sandbox, run_task, calls_by_operation, CONCURRENCY_LATENCY_SECONDS, [1, 4])
        results["usage"] = measure_usage_row(sandbox)
        print("bench: the estate, reconciled when nothing differs", flush=True)
        results["estate"] = estate_bench.measure_estate(sandbox, run_task, calls_by_operation)
        results["image_rollout"] = measure_image_rollout_row(sandbox)
        print("bench: inventory", flush=True)
        results["inventory"] = inventory_bench.measure_inventory(sandbox, workdir)
    write_report(results, started_at, command)
    write_chart(results)
    print((RESULTS / "results.md").read_text())


if __name__ == "__main__":
    main()

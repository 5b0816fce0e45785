# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""PYTHONPATH=tests python -m sandbox serve [--port N] [--seed-users a,b] ...: a sandbox until SIGTERM or Ctrl-C."""

import argparse
import json
import signal
import sys
import threading

from .server import Sandbox

# The transitions of a WorkSpace's state that --transition-seconds sets (the phases of a modification of properties
# keep their defaults: the modules follow ModificationStates, not the state).
TIMED_BY_SERVE = ("pending", "starting", "stopping", "rebooting", "rebuilding", "restoring")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the sandbox in the foreground")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--region", default="us-east-1")
    serve.add_argument("--terminating-seconds", type=float, default=2.0)
    serve.add_argument("--terminated-seconds", type=float, default=1.0)
    serve.add_argument(
        "--transition-seconds", type=float, default=5.0,
        help="how long PENDING, STARTING, STOPPING, REBOOTING, REBUILDING and RESTORING last (default 5): long enough for"
        " a module that waits, whose first look comes 2 s after its call, to see a reboot, rebuild or restore under way",
    )
    serve.add_argument("--seed-users", default="", help="comma-separated user names to give WorkSpaces in a new directory")
    serve.add_argument("--endpoint-file", help="also write the startup JSON line here")
    args = parser.parse_args(argv)

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_signal: stopped.set())
    signal.signal(signal.SIGINT, lambda *_signal: stopped.set())
    with Sandbox(args.region, args.port, args.terminating_seconds, args.terminated_seconds) as sandbox:
        sandbox.set_transition_seconds(**{name: args.transition_seconds for name in TIMED_BY_SERVE})
        started = {"endpoint_url": sandbox.endpoint_url, "region": sandbox.region, "bundle_ids": list(sandbox.known_bundles)}
        users = [name for name in args.seed_users.split(",") if name]
        if users:
            started["directory_id"] = sandbox.seed_directory()
            started["workspace_ids"] = sandbox.seed_workspaces(started["directory_id"], users)
        line = json.dumps(started)
        # The file first: whoever reads the stdout line may look for the file right away.
        if args.endpoint_file:
            with open(args.endpoint_file, "w", encoding="utf-8") as endpoint_file:
                endpoint_file.write(line + "\n")
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        stopped.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

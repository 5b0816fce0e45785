# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The estate rows of make bench: resources reconciled when nothing differs, their calls against the minimum.

- An IP access control group of the most rules AWS allows (10), found by name among the most groups a region may
  have (100): DescribeIpGroups has no filter by name, so its pages are read (25 a page), then one listing of the
  directories (for the associations) and one DescribeTags. Then the same group found by ID: one DescribeIpGroups.
- A directory with every setting given (workspaces_directory): one DescribeWorkspaceDirectories, one
  DescribeClientProperties and one DescribeTags, and no change.

`measure_estate(sandbox, run_task, calls_by_operation)` returns the rows, `report_lines(rows)` their Markdown.
`python bench/bench.py --only-estate` runs them alone.
"""

HEADING = "## The estate, reconciled when nothing differs"
GROUPS_IN_REGION = 100  # AWS's quota of IP groups a region
RULES = [{"ip_rule": f"10.{n}.0.0/16", "description": f"site {n}"} for n in range(10)]  # AWS's quota of rules a group


def measure_ip_group(sandbox, run_task, calls_by_operation):
    client = sandbox.client("workspaces")
    for n in range(GROUPS_IN_REGION - 1):
        client.create_ip_group(GroupName=f"other{n:03d}", UserRules=[{"ipRule": "192.0.2.0/24"}])
    args = {"name": "office", "description": "Office", "rules": RULES, "tags": {"team": "euc"}}
    _seconds, created = run_task(sandbox, "euc.aws.workspaces_ip_group", args)
    rows = []
    for how, found_by in (("by name", {"name": "office"}), ("by ID", {"group_id": created["ip_group"]["group_id"]})):
        sandbox.reset_calls()
        seconds, result = run_task(sandbox, "euc.aws.workspaces_ip_group", dict(args, **found_by))
        if result["changed"]:
            raise SystemExit(f"bench: workspaces_ip_group {how} changed a group that matched")
        pages = -(-GROUPS_IN_REGION // 25) if how == "by name" else 1
        rows.append({
            "run": f"workspaces_ip_group of 10 rules, {how}, among {GROUPS_IN_REGION} groups", "seconds": seconds,
            "calls": calls_by_operation(sandbox),
            "minimum_calls": {"DescribeIpGroups": pages, "DescribeWorkspaceDirectories": 1, "DescribeTags": 1},
        })
    return rows


def every_setting(directory_id, group_id):
    return {
        "directory_id": directory_id,
        "self_service_permissions": {
            "restart_workspace": "ENABLED", "increase_volume_size": "DISABLED", "change_compute_type": "DISABLED",
            "switch_running_mode": "ENABLED", "rebuild_workspace": "DISABLED",
        },
        "workspace_creation_properties": {"enable_internet_access": False, "user_enabled_as_local_administrator": False},
        "workspace_access_properties": {"device_type_web": "DENY", "device_type_linux": "ALLOW", "device_type_osx": "ALLOW"},
        "client_properties": {"reconnect_enabled": "DISABLED", "log_upload_enabled": "ENABLED"},
        "saml_properties": {"status": "ENABLED", "user_access_url": "https://idp.example.com/sso"},
        "certificate_based_auth_properties": {
            "status": "ENABLED", "certificate_authority_arn": "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/abcd-1234",
        },
        "ip_group_ids": [group_id],
        "tags": {"team": "euc"},
    }


def measure_directory(sandbox, run_task, calls_by_operation):
    sandbox.set_transition_seconds(registering=0.5)
    directory_id = sandbox.seed_unregistered_directory()
    group_id = sandbox.client("workspaces").create_ip_group(GroupName="office", UserRules=[{"ipRule": "203.0.113.0/24"}])["GroupId"]
    args = every_setting(directory_id, group_id)
    run_task(sandbox, "euc.aws.workspaces_directory", args)
    sandbox.reset_calls()
    seconds, result = run_task(sandbox, "euc.aws.workspaces_directory", args)
    if result["changed"]:
        raise SystemExit("bench: workspaces_directory changed a directory that matched")
    return {
        "run": "workspaces_directory with every setting, an IP group and tags", "seconds": seconds, "calls": calls_by_operation(sandbox),
        # Each setting is read from these (DescribeIpGroups only when there are groups to associate, to check they exist).
        "minimum_calls": {"DescribeWorkspaceDirectories": 1, "DescribeClientProperties": 1, "DescribeTags": 1},
    }


def measure_estate(sandbox, run_task, calls_by_operation):
    sandbox.reset()
    rows = measure_ip_group(sandbox, run_task, calls_by_operation)
    sandbox.reset()
    return rows + [measure_directory(sandbox, run_task, calls_by_operation)]


def calls_text(calls):
    return ", ".join(f"{operation} {count}" for operation, count in sorted(calls.items()))


def report_lines(rows):
    lines = [HEADING, "", "| run | API calls | minimum | time (s) |", "| --- | --- | --- | ---: |"]
    for row in rows:
        lines.append(f"| {row['run']} | {calls_text(row['calls'])} | {calls_text(row['minimum_calls'])} | {row['seconds']:.2f} |")
    return lines

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WorkSpaces as hosts: the euc.aws.workspaces inventory plugin through ansible-inventory, ansible-playbook and
ansible-doc, against the sandbox in two regions.

Under ansible-core 2.19 every string from AWS comes out of ``ansible-inventory --list`` as {"__ansible_unsafe": ...}:
the tests unwrap it, and check that it is there, since AWS data must never be trusted as a template.
"""

import json
import shutil
import socket
import subprocess
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import botocore.session
import pytest
import yaml

from e2e_support import REPO_ROOT
from e2e_support import ansible_env
from e2e_support import play
from e2e_support import playbook_text
from sandbox.state import ApiError

REGIONS = ("us-east-1", "eu-west-1")
UNSAFE = "__ansible_unsafe"

WINRM_CONFIG = {
    "compose": {
        "ansible_host": "ip_address",
        "ansible_connection": "'winrm'",
        "ansible_winrm_transport": "'kerberos'",
        "ansible_winrm_kerberos_hostname_override": "computer_name",
    },
    "keyed_groups": [{"key": "directory_id", "prefix": "directory"}],
    "groups": {"stopped": "state == 'STOPPED'"},
}


def unwrap(value):
    """The JSON of ansible-inventory with its untrusted strings as plain strings."""
    if isinstance(value, dict):
        if set(value) == {UNSAFE}:
            return value[UNSAFE]
        return {key: unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


class Fleet:
    """The sandbox's WorkSpaces for these tests: a directory of three users and one of one in us-east-1 (one of them
    terminating), a directory of one in eu-west-1."""

    def __init__(self, ws):
        east = ws.client("workspaces", REGIONS[0])
        self.directory = ws.seed_directory(REGIONS[0])
        self.other_directory = ws.seed_directory(REGIONS[0])
        self.west_directory = ws.seed_directory(REGIONS[1])
        self.alice, self.bob, self.dave = ws.seed_workspaces(self.directory, ["alice", "bob", "dave"])
        (self.carol,) = ws.seed_workspaces(self.other_directory, ["carol"])
        (self.erin,) = ws.seed_workspaces(self.west_directory, ["erin"], region=REGIONS[1])
        ws.set_state(self.bob, "STOPPED")
        ws.set_network(self.alice, "WSAMZN-ALICE", "10.0.1.10")
        ws.set_network(self.bob, "WSAMZN-BOB", "10.0.1.11")
        ws.set_network(self.erin, "WSAMZN-ERIN", "10.1.1.10", region=REGIONS[1])
        east.terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": self.dave}])
        # carol's WorkSpace has no computer name nor IP address yet: it is named by its ID.
        self.hosts = {"WSAMZN-ALICE": self.alice, "WSAMZN-BOB": self.bob, self.carol: self.carol, "WSAMZN-ERIN": self.erin}
        ws.reset_calls()


@pytest.fixture(name="fleet")
def fixture_fleet(ws):
    return Fleet(ws)


@pytest.fixture(name="inventory")
def fixture_inventory(ws, tmp_path):
    """Writes an inventory config for the sandbox and runs ansible-inventory on it."""

    def run(*cli, name="corp.workspaces.yml", env=None, **options):
        config = tmp_path / name
        config.write_text(
            yaml.safe_dump({"plugin": "euc.aws.workspaces", "endpoint_url": ws.endpoint_url, "regions": list(REGIONS), **options})
        )
        return subprocess.run(
            ["ansible-inventory", "-i", str(config), *cli],
            env=ansible_env(ws, **(env or {})),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run


def listed(run):
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def hosts_of(inventory, group):
    return sorted(inventory.get(group, {}).get("hosts", []))


@pytest.mark.matrix
def test_list_in_two_regions_with_keyed_groups_and_compose_for_winrm_over_kerberos(fleet, inventory):
    raw = listed(inventory("--list", **WINRM_CONFIG))
    found = unwrap(raw)
    hostvars = found["_meta"]["hostvars"]
    assert hosts_of(found, "aws_workspaces") == sorted(fleet.hosts)  # dave's WorkSpace is TERMINATING
    assert {name: hostvars[name]["workspace_id"] for name in fleet.hosts} == fleet.hosts
    alice = hostvars["WSAMZN-ALICE"]
    assert (alice["ansible_host"], alice["ansible_winrm_kerberos_hostname_override"]) == ("10.0.1.10", "WSAMZN-ALICE")
    assert (alice["ansible_connection"], alice["ansible_winrm_transport"]) == ("winrm", "kerberos")
    assert (alice["region"], alice["user_name"], alice["directory_id"]) == ("us-east-1", "alice", fleet.directory)
    assert hostvars["WSAMZN-ERIN"]["region"] == "eu-west-1"
    assert hostvars[fleet.carol]["computer_name"] is None and "ansible_host" in hostvars[fleet.carol]
    assert hosts_of(found, f"directory_{fleet.directory.replace('-', '_')}") == ["WSAMZN-ALICE", "WSAMZN-BOB"]
    assert hosts_of(found, f"directory_{fleet.west_directory.replace('-', '_')}") == ["WSAMZN-ERIN"]
    assert hosts_of(found, "stopped") == ["WSAMZN-BOB"]
    assert raw["_meta"]["hostvars"]["WSAMZN-ALICE"]["computer_name"] == {UNSAFE: "WSAMZN-ALICE"}


def test_each_listing_is_one_directory_and_costs_its_pages_only(ws, fleet, inventory):
    listed(inventory("--list"))
    assert sorted(call["region"] for call in ws.calls("DescribeWorkspaceDirectories")) == sorted(REGIONS)
    listings = sorted((call["region"], call["params"].get("DirectoryId")) for call in ws.calls("DescribeWorkspaces"))
    assert listings == sorted(
        [(REGIONS[0], fleet.directory), (REGIONS[0], fleet.other_directory), (REGIONS[1], fleet.west_directory)]
    )
    assert {call["operation"] for call in ws.calls()} == {"DescribeWorkspaceDirectories", "DescribeWorkspaces"}


def test_graph_shows_the_groups_and_hosts(fleet, inventory):
    run = inventory("--graph", **WINRM_CONFIG)
    assert run.returncode == 0, run.stderr
    lines = [line.strip(" |-") for line in run.stdout.splitlines()]
    assert "@aws_workspaces:" in lines and "@stopped:" in lines
    assert f"@directory_{fleet.west_directory.replace('-', '_')}:" in lines
    assert {"WSAMZN-ALICE", "WSAMZN-BOB", "WSAMZN-ERIN", fleet.carol} <= set(lines)


def test_filters_and_states_select_and_name_only_their_calls(ws, fleet, inventory):
    found = unwrap(
        listed(
            inventory(
                "--list",
                include_filters=[{"directory_id": fleet.directory}, {"workspace_ids": [fleet.erin]}],
                exclude_filters=[{"directory_id": fleet.directory, "user_name": "BOB"}],
                states=["AVAILABLE", "TERMINATING"],
                hostnames=["user_name"],
            )
        )
    )
    assert hosts_of(found, "aws_workspaces") == ["alice", "dave", "erin"]
    assert found["_meta"]["hostvars"]["dave"]["state"] == "TERMINATING"
    calls = sorted((call["region"], json.dumps(call["params"], sort_keys=True)) for call in ws.calls())
    assert calls == sorted(
        (region, json.dumps(params, sort_keys=True))
        for region in REGIONS
        for params in ({"DirectoryId": fleet.directory}, {"WorkspaceIds": [fleet.erin]})
    )


def test_connection_status_tags_and_prefixed_hostvars(ws, fleet, inventory):
    last = datetime.now(timezone.utc) - timedelta(days=3, hours=1)
    ws.set_connection(fleet.alice, "CONNECTED", last)
    ws.client("workspaces", REGIONS[1]).create_tags(ResourceId=fleet.erin, Tags=[{"Key": "CostCenter", "Value": "42"}])
    ws.reset_calls()
    options = {
        "connection_status": True,
        "tags": True,
        "hostvars_prefix": "aws_",
        "keyed_groups": [{"key": "aws_tags.CostCenter | default('none')", "prefix": "cost_center"}],
    }
    hostvars = unwrap(listed(inventory("--list", **options)))
    alice = hostvars["_meta"]["hostvars"]["WSAMZN-ALICE"]
    assert alice["aws_connection_status"]["connection_state"] == "CONNECTED"
    assert alice["aws_connection_status"]["days_since_last_connection"] == 3
    assert hostvars["_meta"]["hostvars"]["WSAMZN-ERIN"]["aws_tags"] == {"CostCenter": "42"}
    assert "workspace_id" not in alice and alice["aws_workspace_id"] == fleet.alice
    assert hosts_of(hostvars, "cost_center_42") == ["WSAMZN-ERIN"]
    assert len(ws.calls("DescribeTags")) == len(fleet.hosts)
    assert sorted(call["region"] for call in ws.calls("DescribeWorkspacesConnectionStatus")) == sorted(REGIONS)


def test_the_cache_serves_the_second_run_without_aws_calls(ws, fleet, inventory, tmp_path):
    options = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache")}
    first = unwrap(listed(inventory("--list", **options)))
    ws.reset_calls()
    ws.client("workspaces", REGIONS[0]).terminate_workspaces(TerminateWorkspaceRequests=[{"WorkspaceId": fleet.alice}])
    ws.reset_calls()
    second = unwrap(listed(inventory("--list", **options)))
    assert ws.calls() == [] and second == first
    # The second run was stale on purpose: once the cache is gone, the listing shows the termination.
    shutil.rmtree(tmp_path / "cache")
    refreshed = unwrap(listed(inventory("--list", **options)))
    assert "WSAMZN-ALICE" not in hosts_of(refreshed, "aws_workspaces") and ws.calls("DescribeWorkspaces")


def test_without_regions_every_region_botocore_knows_workspaces_in_is_asked(ws, fleet, inventory, tmp_path):
    config = tmp_path / "all.workspaces.yml"
    config.write_text(yaml.safe_dump({"plugin": "euc.aws.workspaces", "endpoint_url": ws.endpoint_url}))
    run = subprocess.run(
        ["ansible-inventory", "-i", str(config), "--list"], env=ansible_env(ws), capture_output=True, text=True, check=False
    )
    assert hosts_of(unwrap(listed(run)), "aws_workspaces") == sorted(fleet.hosts)
    asked = sorted(call["region"] for call in ws.calls("DescribeWorkspaceDirectories"))
    assert asked == sorted(botocore.session.get_session().get_available_regions("workspaces"))


def test_throttled_calls_are_retried_and_give_the_same_inventory(ws, fleet, inventory):
    expected = unwrap(listed(inventory("--list")))
    ws.reset_calls()
    ws.throttle(2, "DescribeWorkspaces")
    ws.throttle(1, "DescribeWorkspaceDirectories")
    assert unwrap(listed(inventory("--list"))) == expected
    assert [call["status"] for call in ws.calls()].count(400) == 3


def test_a_config_describe_workspaces_cannot_take_fails_the_source_before_any_call(ws, fleet, inventory):
    run = inventory(
        "--list",
        env={"ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "1"},
        include_filters=[{"directory_id": fleet.directory, "bundle_id": "wsb-0123456789"}],
    )
    assert run.returncode != 0
    assert "include_filters[0]: each filter is one of" in run.stderr
    assert ws.calls() == []


PLAYBOOK = playbook_text(
    play(
        "Every WorkSpace of the inventory looks itself up, from the controller",
        """
        - name: Find this host's WorkSpace by the ID and region in its hostvars
          euc.aws.workspaces_info:
            workspace_ids:
              - "{{ workspace_id }}"
            region: "{{ region }}"
            endpoint_url: "{{ endpoint_url }}"
          delegate_to: localhost
          register: found

        - name: Say who uses it and where Ansible would connect
          ansible.builtin.debug:
            msg: "{{ inventory_hostname }} is {{ found.workspaces[0].user_name }}'s, at {{ ansible_host | default('no address', true) }}"
          delegate_to: localhost
        """,
        hosts="aws_workspaces",
        aws=None,
    )
)


@pytest.mark.matrix
def test_a_playbook_targets_the_group_and_uses_the_hostvars(ws, fleet, tmp_path):
    config = tmp_path / "corp.workspaces.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "plugin": "euc.aws.workspaces",
                "endpoint_url": ws.endpoint_url,
                "regions": list(REGIONS),
                "compose": {"ansible_host": "ip_address"},
            }
        )
    )
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(PLAYBOOK)
    completed = subprocess.run(
        ["ansible-playbook", "-i", str(config), str(playbook), "-e", json.dumps({"endpoint_url": ws.endpoint_url})],
        env=ansible_env(ws, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    tasks = json.loads(completed.stdout)["plays"][0]["tasks"]
    found = {host: result["workspaces"][0]["workspace_id"] for host, result in tasks[0]["hosts"].items()}
    assert found == fleet.hosts
    said = {host: result["msg"] for host, result in tasks[1]["hosts"].items()}
    assert said["WSAMZN-ERIN"] == "WSAMZN-ERIN is erin's, at 10.1.1.10"
    assert said[fleet.carol] == f"{fleet.carol} is carol's, at no address"
    assert {call["region"] for call in ws.calls("DescribeWorkspaces") if "WorkspaceIds" in call["params"]} == set(REGIONS)


def test_ansible_doc_examples_are_true(ws, fleet, tmp_path):
    """Every example of ansible-doc, pointed at the sandbox (and at a cache of its own), is a working inventory."""
    doc = subprocess.run(
        ["ansible-doc", "-t", "inventory", "--json", "euc.aws.workspaces"],
        env=ansible_env(ws),
        capture_output=True,
        text=True,
        check=True,
    )
    examples = [example for example in yaml.safe_load_all(json.loads(doc.stdout)["euc.aws.workspaces"]["examples"]) if example]
    assert len(examples) >= 5
    for number, example in enumerate(examples):
        assert example["plugin"] == "euc.aws.workspaces"
        example.update(endpoint_url=ws.endpoint_url)
        if "cache_connection" in example:
            example["cache_connection"] = str(tmp_path / "cache")
        config = tmp_path / f"example{number}.workspaces.yml"
        config.write_text(yaml.safe_dump(example))
        run = subprocess.run(
            ["ansible-inventory", "-i", str(config), "--list"],
            env=ansible_env(ws, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert run.returncode == 0, f"example {number}: {run.stderr}"
        assert "skipped region" not in run.stderr and "ERROR" not in run.stderr, f"example {number}: {run.stderr}"


# --- a region that cannot be listed ----------------------------------------------------------------------------------

# The environment AWX runs an inventory sync's ansible-inventory in (STANDARD_INVENTORY_UPDATE_ENV in AWX's
# awx/main/constants.py): a source that fails to parse fails the sync.
AWX_INVENTORY_UPDATE_ENV = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "True", "ANSIBLE_INVENTORY_EXPORT": "True"}
# What AWS answers in an opt-in region the account has not enabled: the credentials are not valid there.
NOT_ENABLED = ("UnrecognizedClientException", "The security token included in the request is invalid.")


@pytest.fixture(name="refuse_region")
def fixture_refuse_region(ws, monkeypatch):
    """Makes every WorkSpaces call in a region answer as a region the account has not enabled answers.

    The sandbox has no control for it, so the test wraps its request handler (undone after the test).
    """

    def refuse(refused):
        handle = ws.fidelity.handle

        def refusing(operation, params, environ, region):
            if region == refused:
                raise ApiError(400, *NOT_ENABLED)
            return handle(operation, params, environ, region)

        monkeypatch.setattr(ws.fidelity, "handle", refusing)

    return refuse


def closed_port():
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_region_that_cannot_be_listed_fails_the_awx_inventory_sync_naming_the_region(fleet, inventory, refuse_region):
    refuse_region(REGIONS[1])
    run = inventory("--list", env=AWX_INVENTORY_UPDATE_ENV)
    assert run.returncode != 0
    failure = f"euc.aws.workspaces could not list region {REGIONS[1]}: Failed to describe workspace directories"
    assert failure in run.stderr
    assert "UnrecognizedClientException" in run.stderr and "No inventory was parsed" in run.stderr
    assert "WSAMZN-ALICE" not in run.stdout


def test_with_skip_unavailable_regions_the_region_is_left_out_with_a_warning(fleet, inventory, refuse_region):
    refuse_region(REGIONS[1])
    run = inventory("--list", env=AWX_INVENTORY_UPDATE_ENV, skip_unavailable_regions=True)
    found = unwrap(listed(run))
    assert hosts_of(found, "aws_workspaces") == sorted(name for name in fleet.hosts if name != "WSAMZN-ERIN")
    assert f"euc.aws.workspaces skipped region {REGIONS[1]}: Failed to describe workspace directories" in run.stderr
    assert "UnrecognizedClientException" in run.stderr


def test_a_playbook_on_a_source_that_failed_is_green_unless_any_unparsed_is_failed(fleet, refuse_region, tmp_path, ws):
    """What the plugin's notes say of ansible-playbook: a failed source is a warning and no hosts, return code 0,
    unless ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED is set."""
    refuse_region(REGIONS[1])
    config = tmp_path / "patch.workspaces.yml"
    config.write_text(
        yaml.safe_dump({"plugin": "euc.aws.workspaces", "endpoint_url": ws.endpoint_url, "regions": list(REGIONS)})
    )
    playbook = tmp_path / "patch.yml"
    playbook.write_text(
        playbook_text(play("Patch", [{"ansible.builtin.ping": None}], hosts="aws_workspaces", aws=None))
    )

    def run(**env):
        return subprocess.run(
            ["ansible-playbook", "-i", str(config), str(playbook)],
            env=ansible_env(ws, **env),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    green = run()
    assert green.returncode == 0 and "skipping: no hosts matched" in green.stdout
    assert f"could not list region {REGIONS[1]}" in green.stderr
    stopped = run(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true")
    assert stopped.returncode != 0 and "Completely failed to parse inventory source" in stopped.stderr
    assert f"could not list region {REGIONS[1]}" in stopped.stderr and "PLAY [Patch]" not in stopped.stdout


def test_an_endpoint_nothing_listens_on_fails_the_source_even_with_skip_unavailable_regions(fleet, inventory):
    unreachable = {"endpoint_url": f"http://127.0.0.1:{closed_port()}"}
    env = dict(AWX_INVENTORY_UPDATE_ENV, AWS_MAX_ATTEMPTS="1")
    strict = inventory("--list", env=env, **unreachable)
    assert strict.returncode != 0
    assert "euc.aws.workspaces could not list region" in strict.stderr
    assert "Could not connect to the endpoint URL" in strict.stderr
    assert "skip_unavailable_regions: true would leave this region out with a warning instead" in strict.stderr
    tolerant = inventory("--list", env=env, skip_unavailable_regions=True, **unreachable)
    assert tolerant.returncode != 0
    assert f"euc.aws.workspaces could list no region ({', '.join(REGIONS)})" in tolerant.stderr


def test_the_shipped_inventory_examples_never_leave_a_region_out():
    for example in sorted((REPO_ROOT / "examples").glob("*.workspaces.yml")):
        config = yaml.safe_load(example.read_text())
        assert "skip_unavailable_regions" not in config, example.name

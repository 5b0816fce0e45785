# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The euc.aws.workspaces inventory plugin through parse(), with mocked WorkSpaces clients, as amazon.aws tests aws_ec2.

Options come from the plugin's own DOCUMENTATION (its defaults included), so each test sets only what it is about.
"""

import threading
import time
import types

import botocore.session
import pytest
import yaml
from ansible.errors import AnsibleError
from botocore.exceptions import NoCredentialsError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.euc.aws.plugins.inventory import workspaces as workspaces_plugin
from ansible_collections.euc.aws.plugins.inventory.workspaces import InventoryModule
from ansible_collections.euc.aws.plugins.module_utils import concurrency
from ansible_collections.euc.aws.plugins.module_utils.workspaces import NO_CREDENTIALS_HELP

from fake_time import FakeTime
from inventory_fakes import FakeWorkSpaces
from inventory_fakes import client_error
from inventory_fakes import in_any_order
from inventory_fakes import unreachable
from inventory_fakes import workspace
from inventory_fakes import ws_id

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core before 2.19 trusts every template

    def trust_as_template(template):
        return template


# The options of the fragments the plugin extends, as those fragments default them.
FRAGMENT_DEFAULTS = {
    "compose": {},
    "groups": {},
    "keyed_groups": [],
    "strict": False,
    "use_extra_vars": False,
    "leading_separator": True,
    "cache": False,
    "assume_role_arn": None,
}
DOCUMENTED = yaml.safe_load(workspaces_plugin.DOCUMENTATION)["options"]
WORKSPACES_REGIONS = botocore.session.get_session().get_available_regions("workspaces")


class Harness:
    """The plugin, its options, one FakeWorkSpaces per region, and what it warned about."""

    def __init__(self, monkeypatch):
        self.regions = {}
        self.options = {name: spec.get("default") for name, spec in DOCUMENTED.items()}
        self.options.update(FRAGMENT_DEFAULTS)
        self.warnings = []
        self.clients_made = []
        self.plugin = self.new_plugin()
        self.fake_time = FakeTime(1000.0)
        monkeypatch.setattr(cloud, "time", types.SimpleNamespace(sleep=self.fake_time.sleep))
        monkeypatch.setattr(concurrency, "time", self.fake_time)

    def new_plugin(self):
        plugin = InventoryModule()
        plugin.get_option = lambda name, hostvars=None: self.options[name]
        plugin._read_config_data = lambda path: None
        plugin.client = self.client
        plugin.warn = self.warnings.append
        plugin._cache = {}
        return plugin

    def region(self, name, workspaces=(), **fake_options):
        self.regions[name] = FakeWorkSpaces(name, workspaces, **fake_options)
        return self.regions[name]

    def client(self, service, region=None, retry_decorator=None, **extra):
        assert service == "workspaces"
        self.clients_made.append((region, retry_decorator, extra))
        return RetryingBotoClientWrapper(self.regions.setdefault(region, FakeWorkSpaces(region)), retry_decorator)

    def parse(self, use_cache=True, **options):
        """A run; ``use_cache=False`` is a refresh (--flush-cache, meta: refresh_inventory)."""
        self.options.update(options)
        inventory = InventoryData()
        self.plugin.parse(inventory, DataLoader(), "/tmp/corp.workspaces.yml", cache=use_cache)
        return inventory

    def calls(self, operation=None):
        return [(region, params) for region, fake in self.regions.items() for params in fake.operations(operation)]


@pytest.fixture(name="harness")
def fixture_harness(monkeypatch):
    return Harness(monkeypatch)


def hostvars(inventory, name):
    """The variables the plugin set on the host (not those Ansible adds, such as inventory_hostname)."""
    return {key: value for key, value in inventory.get_host(name).vars.items() if key not in ("inventory_file", "inventory_dir")}


def hosts_of(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


def two_region_fleet(harness):
    harness.region("us-east-1", [workspace(ws_id(n), directory_id="d-1111111111") for n in range(3)])
    harness.region("eu-west-1", [workspace(ws_id(10 + n), directory_id="d-2222222222") for n in range(2)])
    harness.options["regions"] = ["us-east-1", "eu-west-1"]


# --- verify_file ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file_name, accepted",
    [
        ("corp.workspaces.yml", True),
        ("corp.workspaces.yaml", True),
        ("workspaces.yml", True),
        ("corp.aws_ec2.yml", False),
        ("corp.workspaces.json", False),
        ("corp.WorkSpaces.yml", False),
    ],
)
def test_verify_file_takes_only_workspaces_yml_and_yaml(tmp_path, file_name, accepted):
    config = tmp_path / file_name
    config.write_text("plugin: euc.aws.workspaces\n")
    assert InventoryModule().verify_file(str(config)) is accepted


def test_verify_file_refuses_a_missing_file(tmp_path):
    assert InventoryModule().verify_file(str(tmp_path / "missing.workspaces.yml")) is False


# --- hosts, group, hostvars ----------------------------------------------------------------------------------


def test_every_workspace_of_every_region_is_a_host_of_aws_workspaces_with_its_region(harness):
    two_region_fleet(harness)
    inventory = harness.parse()
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(n) for n in (0, 1, 2, 10, 11)]
    assert hostvars(inventory, ws_id(10))["region"] == "eu-west-1"
    assert "aws_workspaces" in [group.name for group in inventory.groups["all"].child_groups]


def test_hostvars_are_the_workspace_as_workspaces_info_returns_it(harness):
    harness.region("us-east-1", [workspace(ws_id(1), user_name="alice", ComputerName="WSAMZN-ALICE", IpAddress="10.0.1.5")])
    harness.options["regions"] = ["us-east-1"]
    found = hostvars(harness.parse(), "WSAMZN-ALICE")
    assert found == {
        "workspace_id": ws_id(1),
        "directory_id": "d-1234567890",
        "user_name": "alice",
        "state": "AVAILABLE",
        "bundle_id": "wsb-0123456789",
        "computer_name": "WSAMZN-ALICE",
        "ip_address": "10.0.1.5",
        "workspace_properties": {"running_mode": "AUTO_STOP"},
        "region": "us-east-1",
    }


def test_aws_data_is_never_trusted_as_a_template(harness):
    harness.region("us-east-1", [workspace(ws_id(1), user_name="{{ lookup('pipe', 'id') }}")])
    harness.options["regions"] = ["us-east-1"]
    user_name = hostvars(harness.parse(), ws_id(1))["user_name"]
    try:
        from ansible.template import is_trusted_as_template  # pylint: disable=import-outside-toplevel
    except ImportError:  # ansible-core before 2.19: only values marked unsafe are never templated
        from ansible.utils.unsafe_proxy import AnsibleUnsafe  # pylint: disable=import-outside-toplevel

        assert isinstance(user_name, AnsibleUnsafe)
    else:
        assert not is_trusted_as_template(user_name)


def test_fields_aws_has_not_filled_yet_are_null(harness):
    harness.region("us-east-1", [workspace(ws_id(1), state="PENDING")])
    harness.options["regions"] = ["us-east-1"]
    found = hostvars(harness.parse(), ws_id(1))
    assert found["computer_name"] is None and found["ip_address"] is None


# --- regions -------------------------------------------------------------------------------------------------


def test_default_regions_are_those_botocore_knows_workspaces_in_not_ec2s(harness):
    harness.parse()
    asked = [region for region, _decorator, _extra in harness.clients_made]
    assert asked == WORKSPACES_REGIONS
    ec2_only = set(botocore.session.get_session().get_available_regions("ec2")) - set(WORKSPACES_REGIONS)
    assert ec2_only and not ec2_only & set(asked)
    assert {region for region, _params in harness.calls("DescribeWorkspaceDirectories")} == set(WORKSPACES_REGIONS)


def test_regions_option_limits_the_listing_to_those_regions(harness):
    two_region_fleet(harness)
    harness.region("ap-south-1", [workspace(ws_id(20))])
    inventory = harness.parse()
    assert ws_id(20) not in inventory.hosts
    assert harness.regions["ap-south-1"].calls == []


NOT_ENABLED = client_error("UnrecognizedClientException")
UNAVAILABLE = pytest.mark.parametrize(
    "error",
    [
        unreachable("eu-west-1"),
        client_error("AccessDeniedException"),
        client_error("UnrecognizedClientException"),
        client_error("Forbidden", status=403),
    ],
    ids=["unreachable", "access-denied", "region-not-enabled", "http-403"],
)


@UNAVAILABLE
def test_a_named_region_that_cannot_be_listed_fails_the_source_naming_the_region_and_the_cause(harness, error):
    two_region_fleet(harness)
    harness.regions["eu-west-1"].failures["DescribeWorkspaceDirectories"] = [error]
    with pytest.raises(AnsibleError) as failed:
        harness.parse()
    message = str(failed.value)
    assert "euc.aws.workspaces could not list region eu-west-1: Failed to describe workspace directories" in message
    assert str(error) in message
    assert message.endswith("skip_unavailable_regions: true would leave this region out with a warning instead")
    assert harness.warnings == []


@UNAVAILABLE
def test_skip_unavailable_regions_leaves_the_region_out_with_a_warning_and_lists_the_others(harness, error):
    two_region_fleet(harness)
    harness.regions["eu-west-1"].failures["DescribeWorkspaceDirectories"] = [error]
    inventory = harness.parse(skip_unavailable_regions=True)
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(n) for n in range(3)]
    (warning,) = harness.warnings
    assert warning == f"euc.aws.workspaces skipped region eu-west-1: Failed to describe workspace directories: {error}"


def test_a_region_refused_midway_is_dropped_whole_not_half_listed(harness):
    harness.region("us-east-1", [workspace(ws_id(n), directory_id=f"d-{n}111111111") for n in range(3)])
    harness.region("eu-west-1", [workspace(ws_id(10))])
    harness.options["regions"] = ["us-east-1", "eu-west-1"]
    harness.regions["us-east-1"].failures["DescribeWorkspaces"] = [None, client_error("AccessDeniedException")]
    inventory = harness.parse(skip_unavailable_regions=True)
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(10)]
    assert len(harness.warnings) == 1 and "us-east-1" in harness.warnings[0]


def test_a_region_refused_midway_without_the_option_fails_the_source(harness):
    two_region_fleet(harness)
    harness.regions["us-east-1"].failures["DescribeWorkspaces"] = [client_error("AccessDeniedException")]
    with pytest.raises(AnsibleError, match="could not list region us-east-1: Failed to describe workspaces"):
        harness.parse()


def test_when_no_region_can_be_listed_the_source_fails_even_with_skip_unavailable_regions(harness):
    two_region_fleet(harness)
    for region in ("us-east-1", "eu-west-1"):
        harness.regions[region].failures["DescribeWorkspaceDirectories"] = [unreachable(region)]
    with pytest.raises(AnsibleError) as failed:
        harness.parse(skip_unavailable_regions=True)
    message = str(failed.value)
    assert message.startswith("euc.aws.workspaces could list no region (us-east-1, eu-west-1); us-east-1: Failed to")
    assert "Could not connect to the endpoint URL" in message
    assert harness.warnings == []


@pytest.mark.parametrize(
    "error", [unreachable("eu-west-1"), client_error("AccessDeniedException")], ids=["unreachable", "forbidden"]
)
def test_strict_permissions_fails_even_with_skip_unavailable_regions(harness, error):
    two_region_fleet(harness)
    harness.regions["eu-west-1"].failures["DescribeWorkspaceDirectories"] = [error]
    with pytest.raises(AnsibleError, match="could not list region eu-west-1: Failed to describe workspace directories"):
        harness.parse(strict_permissions=True, skip_unavailable_regions=True)


def test_any_other_error_fails_the_source_even_with_skip_unavailable_regions(harness):
    two_region_fleet(harness)
    harness.regions["eu-west-1"].failures["DescribeWorkspaces"] = [client_error("InvalidParameterValuesException")]
    with pytest.raises(AnsibleError) as failed:
        harness.parse(skip_unavailable_regions=True)
    message = str(failed.value)
    assert "could not list region eu-west-1: Failed to describe workspaces" in message
    assert "InvalidParameterValuesException" in message and "skip_unavailable_regions" not in message


def test_without_regions_a_region_the_account_has_not_enabled_is_left_out_with_a_warning(harness):
    harness.region("us-east-1", [workspace(ws_id(1))])
    harness.region("af-south-1").failures["DescribeWorkspaceDirectories"] = [NOT_ENABLED]
    inventory = harness.parse()
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(1)]
    (warning,) = harness.warnings
    assert warning.startswith("euc.aws.workspaces skipped region af-south-1: Failed to describe workspace directories")
    assert "UnrecognizedClientException" in warning


@pytest.mark.parametrize(
    "error", [unreachable("af-south-1"), client_error("AccessDeniedException")], ids=["unreachable", "access-denied"]
)
def test_without_regions_any_other_failing_region_fails_the_source(harness, error):
    harness.region("us-east-1", [workspace(ws_id(1))])
    harness.region("af-south-1").failures["DescribeWorkspaceDirectories"] = [error]
    with pytest.raises(AnsibleError, match="could not list region af-south-1"):
        harness.parse()


def test_without_regions_credentials_no_region_knows_fail_the_source(harness):
    for region in WORKSPACES_REGIONS:
        harness.region(region).failures["DescribeWorkspaceDirectories"] = [client_error("UnrecognizedClientException")]
    with pytest.raises(AnsibleError, match=r"could list no region \(af-south-1, .*UnrecognizedClientException"):
        harness.parse()


def test_strict_permissions_fails_without_regions_for_a_region_the_account_has_not_enabled(harness):
    harness.region("af-south-1").failures["DescribeWorkspaceDirectories"] = [NOT_ENABLED]
    with pytest.raises(AnsibleError, match="could not list region af-south-1"):
        harness.parse(strict_permissions=True)


@pytest.mark.parametrize("skip", [False, True])
def test_no_credentials_fail_the_source_saying_where_credentials_come_from(harness, skip):
    two_region_fleet(harness)
    for region in ("us-east-1", "eu-west-1"):
        harness.regions[region].failures["DescribeWorkspaceDirectories"] = [NoCredentialsError()]
    with pytest.raises(AnsibleError) as failed:
        harness.parse(skip_unavailable_regions=skip)
    message = str(failed.value)
    assert f"Failed to describe workspace directories: Unable to locate credentials. {NO_CREDENTIALS_HELP}" in message
    for place in ("AWS_ACCESS_KEY_ID", "profile option", "Amazon Web Services credential"):
        assert place in message


def test_amazon_aws_failures_without_credentials_say_where_they_come_from_too(harness):
    """AWSInventoryBase fails through fail_aws too, for example when it cannot assume assume_role_arn."""
    with pytest.raises(AnsibleError) as failed:
        harness.plugin.fail_aws("Unable to assume role x", exception=NoCredentialsError())
    assert str(failed.value) == f"Unable to assume role x: Unable to locate credentials. {NO_CREDENTIALS_HELP}"
    with pytest.raises(AnsibleError) as failed:
        harness.plugin.fail_aws("Unable to assume role x", exception=client_error("AccessDenied"))
    assert "AWS credentials come from" not in str(failed.value)


# --- filters and states ------------------------------------------------------------------------------------------


def fleet_for_filters(harness):
    fleet = [
        workspace(ws_id(1), directory_id="d-1111111111", user_name="alice"),
        workspace(ws_id(2), directory_id="d-1111111111", user_name="Bob"),
        workspace(ws_id(3), directory_id="d-2222222222", user_name="carol", bundle_id="wsb-9999999999"),
        workspace(ws_id(4), directory_id="d-3333333333", user_name="dave"),
    ]
    harness.region("us-east-1", fleet)
    harness.options["regions"] = ["us-east-1"]


def test_include_filters_are_a_union_each_as_describe_workspaces_takes_it(harness):
    fleet_for_filters(harness)
    include = [
        {"workspace_ids": [ws_id(4)]},
        {"directory_id": "d-1111111111", "user_name": "alice"},
        {"bundle_id": "wsb-9999999999"},
    ]
    inventory = harness.parse(include_filters=include)
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(1), ws_id(3), ws_id(4)]
    assert in_any_order(params for _region, params in harness.calls()) == in_any_order(
        [
            {"WorkspaceIds": [ws_id(4)]},
            {"DirectoryId": "d-1111111111", "UserName": "alice"},
            {"BundleId": "wsb-9999999999"},
        ]
    )


def test_workspace_ids_of_all_include_filters_are_described_25_a_call(harness):
    wanted = [ws_id(n) for n in range(30)]
    harness.region("us-east-1", [workspace(i) for i in wanted + [ws_id(99)]])
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse(include_filters=[{"workspace_ids": wanted[:20]}, {"workspace_ids": wanted[10:]}])
    assert hosts_of(inventory, "aws_workspaces") == wanted
    assert in_any_order(params["WorkspaceIds"] for _region, params in harness.calls()) == in_any_order(
        [wanted[:25], wanted[25:]]
    )


def test_exclude_filters_leave_out_what_they_match_without_a_call_of_their_own(harness):
    fleet_for_filters(harness)
    exclude = [
        {"workspace_ids": [ws_id(4)]},
        {"directory_id": "d-1111111111", "user_name": "bob"},
        {"bundle_id": "wsb-9999999999"},
    ]
    inventory = harness.parse(exclude_filters=exclude)
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(1)]
    assert len(harness.calls("DescribeWorkspaces")) == 3  # one listing per directory, none for the exclusions


def test_exclude_filters_win_over_include_filters_and_excluded_ids_are_not_described(harness):
    fleet_for_filters(harness)
    inventory = harness.parse(
        include_filters=[{"directory_id": "d-1111111111"}, {"workspace_ids": [ws_id(3), ws_id(4)]}],
        exclude_filters=[{"workspace_ids": [ws_id(4)]}, {"directory_id": "d-1111111111", "user_name": "alice"}],
    )
    assert hosts_of(inventory, "aws_workspaces") == [ws_id(2), ws_id(3)]
    assert {"WorkspaceIds": [ws_id(3)]} in [params for _region, params in harness.calls()]


@pytest.mark.parametrize(
    "bad_filter, message",
    [
        ({"directory_id": "d-1111111111", "bundle_id": "wsb-9999999999"}, "each filter is one of"),
        ({"user_name": "alice"}, "each filter is one of"),
        ({"tag:Name": "x"}, "each filter is one of"),
        ({"workspace_ids": "ws-000000001"}, "workspace_ids must be a list"),
        ({"workspace_ids": ["ws-short"]}, "Invalid WorkSpace IDs"),
    ],
)
def test_a_filter_describe_workspaces_cannot_take_fails_before_any_call(harness, bad_filter, message):
    fleet_for_filters(harness)
    with pytest.raises(AnsibleError, match=message):
        harness.parse(exclude_filters=[bad_filter])
    assert harness.calls() == []


def test_states_default_to_all_but_terminating_and_terminated(harness):
    states = ["AVAILABLE", "STOPPED", "SUSPENDED", "ERROR", "TERMINATING", "TERMINATED"]
    harness.region("us-east-1", [workspace(ws_id(n), state=state) for n, state in enumerate(states)])
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse()
    assert sorted(hostvars(inventory, host)["state"] for host in hosts_of(inventory, "aws_workspaces")) == sorted(states[:4])


def test_states_keep_only_those_named(harness):
    harness.region(
        "us-east-1", [workspace(ws_id(1)), workspace(ws_id(2), state="STOPPED"), workspace(ws_id(3), state="TERMINATED")]
    )
    harness.options["regions"] = ["us-east-1"]
    assert hosts_of(harness.parse(states=["STOPPED", "TERMINATED"]), "aws_workspaces") == [ws_id(2), ws_id(3)]


def test_a_state_the_model_does_not_know_fails(harness):
    with pytest.raises(AnsibleError, match="states: RUNNING not WorkSpace states"):
        harness.parse(states=["AVAILABLE", "RUNNING"])


# --- hostnames ----------------------------------------------------------------------------------------------------


def test_hosts_are_named_by_computer_name_then_ip_address_then_id(harness):
    fleet = [
        workspace(ws_id(1), ComputerName="WSAMZN-ONE", IpAddress="10.0.0.1"),
        workspace(ws_id(2), IpAddress="10.0.0.2"),
        workspace(ws_id(3), state="PENDING"),
    ]
    harness.region("us-east-1", fleet)
    harness.options["regions"] = ["us-east-1"]
    assert hosts_of(harness.parse(), "aws_workspaces") == ["10.0.0.2", "WSAMZN-ONE", ws_id(3)]


def test_hostnames_sets_the_preference(harness):
    harness.region("us-east-1", [workspace(ws_id(1), user_name="alice", ComputerName="WSAMZN-ONE", IpAddress="10.0.0.1")])
    harness.options["regions"] = ["us-east-1"]
    assert hosts_of(harness.parse(hostnames=["ip_address", "computer_name"]), "aws_workspaces") == ["10.0.0.1"]
    harness.plugin = harness.new_plugin()
    assert hosts_of(harness.parse(hostnames=["user_name"]), "aws_workspaces") == ["alice"]


def test_a_name_two_workspaces_share_goes_to_one_the_other_falls_back_with_a_warning(harness):
    twins = [
        workspace(ws_id(2), directory_id="d-2222222222", ComputerName="WSAMZN-SAME"),
        workspace(ws_id(1), ComputerName="WSAMZN-SAME"),
    ]
    harness.region("us-east-1", twins)
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse()
    assert hosts_of(inventory, "aws_workspaces") == ["WSAMZN-SAME", ws_id(2)]
    assert hostvars(inventory, "WSAMZN-SAME")["workspace_id"] == ws_id(1)
    assert harness.warnings == [
        f"euc.aws.workspaces named WorkSpace {ws_id(2)} {ws_id(2)}: WSAMZN-SAME is another WorkSpace's host name"
    ]


def test_a_hostname_field_a_workspace_does_not_have_fails(harness):
    with pytest.raises(AnsibleError, match="hostnames: 'computername' not WorkSpace fields; they are workspace_id, "):
        harness.parse(hostnames=["computername"])


# --- hostvars prefix and suffix, connection status, tags -------------------------------------------------------------


def test_hostvars_prefix_and_suffix_rename_every_aws_variable(harness):
    harness.region("us-east-1", [workspace(ws_id(1))])
    harness.options["regions"] = ["us-east-1"]
    found = hostvars(harness.parse(hostvars_prefix="aws_", hostvars_suffix="_ws", tags=True), ws_id(1))
    assert found["aws_workspace_id_ws"] == ws_id(1) and found["aws_region_ws"] == "us-east-1" and found["aws_tags_ws"] == {}
    assert not {"workspace_id", "region", "tags", "aws_workspace_id", "workspace_id_ws"} & set(found)


def test_connection_status_adds_it_as_workspaces_info_does_one_call_per_25(harness):
    harness.region("us-east-1", [workspace(ws_id(n)) for n in range(30)], connected=[ws_id(0)])
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse(connection_status=True)
    status = hostvars(inventory, ws_id(0))["connection_status"]
    assert (
        status["connection_state"] == "CONNECTED"
        and status["last_known_user_connection_timestamp"] == "2026-01-02T03:04:05+00:00"
    )
    assert isinstance(status["days_since_last_connection"], int)
    assert hostvars(inventory, ws_id(1))["connection_status"]["connection_state"] == "DISCONNECTED"
    assert len(harness.calls("DescribeWorkspacesConnectionStatus")) == 2


def test_tags_adds_them_as_a_dict_one_call_per_workspace(harness):
    harness.region("us-east-1", [workspace(ws_id(1)), workspace(ws_id(2))], tags={ws_id(1): {"CostCenter": "42"}})
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse(tags=True)
    assert hostvars(inventory, ws_id(1))["tags"] == {"CostCenter": "42"} and hostvars(inventory, ws_id(2))["tags"] == {}
    assert in_any_order(params for _region, params in harness.calls("DescribeTags")) == in_any_order(
        [{"ResourceId": ws_id(1)}, {"ResourceId": ws_id(2)}]
    )


def test_without_connection_status_and_tags_neither_is_called_nor_present(harness):
    harness.region("us-east-1", [workspace(ws_id(1))])
    harness.options["regions"] = ["us-east-1"]
    found = hostvars(harness.parse(), ws_id(1))
    assert "connection_status" not in found and "tags" not in found
    assert {operation for operation, _params in harness.regions["us-east-1"].calls} == {
        "DescribeWorkspaceDirectories",
        "DescribeWorkspaces",
    }


# --- constructed --------------------------------------------------------------------------------------------------


def test_compose_groups_and_keyed_groups_see_the_workspace(harness):
    fleet = [
        workspace(ws_id(1), directory_id="d-1111111111", ComputerName="WSAMZN-ONE", IpAddress="10.0.0.1"),
        workspace(ws_id(2), directory_id="d-2222222222", ComputerName="WSAMZN-TWO", IpAddress="10.0.0.2", state="STOPPED"),
    ]
    harness.region("us-east-1", fleet)
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse(
        compose={
            "ansible_host": trust_as_template("ip_address"),
            "ansible_winrm_kerberos_hostname_override": trust_as_template("computer_name | lower"),
        },
        groups={"stopped": trust_as_template("state == 'STOPPED'")},
        keyed_groups=[{"key": trust_as_template("directory_id"), "prefix": "directory"}],
    )
    assert hostvars(inventory, "WSAMZN-ONE")["ansible_host"] == "10.0.0.1"
    assert hostvars(inventory, "WSAMZN-ONE")["ansible_winrm_kerberos_hostname_override"] == "wsamzn-one"
    assert hosts_of(inventory, "stopped") == ["WSAMZN-TWO"]
    assert hosts_of(inventory, "directory_d_1111111111") == ["WSAMZN-ONE"]
    assert hosts_of(inventory, "directory_d_2222222222") == ["WSAMZN-TWO"]


def test_compose_sees_the_prefixed_names(harness):
    harness.region("us-east-1", [workspace(ws_id(1), IpAddress="10.0.0.1")])
    harness.options["regions"] = ["us-east-1"]
    inventory = harness.parse(hostvars_prefix="aws_", compose={"ansible_host": trust_as_template("aws_ip_address")})
    assert hostvars(inventory, "10.0.0.1")["ansible_host"] == "10.0.0.1"


@pytest.mark.parametrize("strict", [False, True])
def test_strict_decides_whether_a_bad_expression_fails(harness, strict):
    harness.region("us-east-1", [workspace(ws_id(1))])
    harness.options["regions"] = ["us-east-1"]
    compose = {"ansible_host": trust_as_template("no_such_variable")}
    if strict:
        with pytest.raises(AnsibleError, match="Could not set ansible_host"):
            harness.parse(compose=compose, strict=True)
    else:
        assert "ansible_host" not in hostvars(harness.parse(compose=compose), ws_id(1))


# --- cache ----------------------------------------------------------------------------------------------------------


def test_cache_serves_the_second_run_without_aws_calls(harness):
    two_region_fleet(harness)
    first = harness.parse(cache=True)
    calls = len(harness.calls())
    harness.regions["us-east-1"].workspaces.append(workspace(ws_id(5), directory_id="d-1111111111"))
    second = harness.parse()
    assert len(harness.calls()) == calls
    assert sorted(second.hosts) == sorted(first.hosts)
    assert {name: hostvars(second, name) for name in second.hosts} == {name: hostvars(first, name) for name in first.hosts}


def test_without_cache_or_with_a_refresh_every_run_lists(harness):
    two_region_fleet(harness)
    harness.parse()
    listed_once = len(harness.calls())
    harness.parse()
    assert len(harness.calls()) == 2 * listed_once
    harness.options["cache"] = True
    harness.parse()
    harness.regions["us-east-1"].workspaces.append(workspace(ws_id(5), directory_id="d-1111111111"))
    refreshed = harness.parse(use_cache=False)
    assert len(harness.calls()) == 4 * listed_once and ws_id(5) in refreshed.hosts


# --- the pool -------------------------------------------------------------------------------------------------------


def test_max_concurrency_runs_directory_listings_side_by_side(harness):
    harness.region("us-east-1", [workspace(ws_id(n), directory_id=f"d-{n}000000000") for n in range(4)])
    harness.options["regions"] = ["us-east-1"]
    together = threading.Barrier(4, timeout=10)

    def wait_for_the_others(operation, _params):
        if operation == "DescribeWorkspaces":
            together.wait()

    harness.regions["us-east-1"].on_call = wait_for_the_others
    assert len(harness.parse(max_concurrency=4).hosts) == 4


def eight_directories_in_two_regions(harness):
    harness.region("us-east-1", [workspace(ws_id(n), directory_id=f"d-{n}000000000") for n in range(4)])
    harness.region("eu-west-1", [workspace(ws_id(10 + n), directory_id=f"d-{n}000000001") for n in range(4)])
    harness.options["regions"] = ["us-east-1", "eu-west-1"]


def test_max_concurrency_bounds_the_calls_in_flight(harness):
    eight_directories_in_two_regions(harness)
    in_flight = []
    most = []
    lock = threading.Lock()

    def hold(_operation, _params):
        with lock:
            in_flight.append(1)
            most.append(len(in_flight))
        time.sleep(0.02)
        with lock:
            in_flight.pop()

    for fake in harness.regions.values():
        fake.on_call = hold
    assert len(harness.parse(max_concurrency=3).hosts) == 8
    assert max(most) <= 3


def test_max_concurrency_1_makes_each_call_in_turn_on_the_callers_thread(harness):
    eight_directories_in_two_regions(harness)
    threads = set()
    for fake in harness.regions.values():
        fake.on_call = lambda _operation, _params: threads.add(threading.get_ident())
    assert len(harness.parse(max_concurrency=1).hosts) == 8
    assert threads == {threading.get_ident()}
    assert len(harness.calls()) == 10


def test_max_concurrency_below_1_fails(harness):
    with pytest.raises(AnsibleError, match="max_concurrency must be 1 or more, got 0"):
        harness.parse(max_concurrency=0)


def test_every_region_shares_one_backoff_and_its_connection_pool_fits_the_bound(harness, monkeypatch):
    shared = []
    original = workspaces_plugin.workspaces_retry
    monkeypatch.setattr(
        workspaces_plugin, "workspaces_retry", lambda backoff: shared.append(backoff) or original(backoff=backoff)
    )
    two_region_fleet(harness)
    harness.parse(max_concurrency=32)
    assert len(shared) == 2 and shared[0] is shared[1]
    assert [extra["config"]["max_pool_connections"] for _region, _decorator, extra in harness.clients_made] == [32, 32]


def test_throttling_is_retried_and_ends_in_the_same_inventory(harness):
    two_region_fleet(harness)
    expected = sorted(harness.parse().hosts)
    harness.regions["us-east-1"].failures["DescribeWorkspaces"] = [client_error("ThrottlingException")]
    harness.regions["eu-west-1"].failures["DescribeWorkspaceDirectories"] = [client_error("ThrottlingException")] * 2
    assert sorted(harness.parse().hosts) == expected
    assert harness.fake_time.sleeps  # the backoff waited

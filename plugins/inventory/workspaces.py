# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: workspaces
short_description: Amazon WorkSpaces inventory source
version_added: 0.2.0
description:
  - Every Amazon WorkSpace as a host, in every region WorkSpaces is in or in those of O(regions).
  - The configuration file is YAML whose name ends with C(workspaces.yml) or C(workspaces.yaml), for example
    C(corp.workspaces.yml), and that sets O(plugin=euc.aws.workspaces).
  - Every host is in the group C(aws_workspaces). Its variables are the WorkSpace as
    M(euc.aws.workspaces_info) returns it (snake_case, with C(workspace_id), C(user_name), C(state),
    C(directory_id), C(bundle_id), C(computer_name), C(ip_address) and C(workspace_properties) always present,
    V(null) when AWS has no value yet), plus C(region); with O(connection_status) and O(tags) also
    C(connection_status) and C(tags), as M(euc.aws.workspaces_info) adds them.
  - DescribeWorkspaces pages one after the other within a listing, so the plugin makes many listings and runs them
    side by side. Without O(include_filters) it lists each region's directories (DescribeWorkspaceDirectories), then
    each directory on its own; O(include_filters) make the listings they name instead, IDs 25 a call (the API's
    limit). Directory discovery, listings and the calls of O(connection_status) and O(tags) of all regions share one
    pool of at most O(max_concurrency) calls at a time. Each listing costs the fewest pages possible.
  - Throttling (C(ThrottlingException)) is retried with jittered backoff, which every call of the run shares (while
    one call is backing off, no other call starts).
  - A region that cannot be listed fails the inventory source (see O(regions) and O(skip_unavailable_regions)). How
    loud that failure is depends on the command that reads the source, not on the plugin. An AWX inventory sync runs
    C(ansible-inventory) with E(ANSIBLE_INVENTORY_UNPARSED_FAILED=True), so the sync fails, keeps the hosts of the last
    successful sync, and fails a job that updates the inventory on launch. C(ansible-playbook), C(ansible) and
    C(ansible-inventory) only warn about a source that failed and go on without its hosts (a play for them says
    C(no hosts matched) and the return code is 0) unless E(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true) (C([inventory]
    any_unparsed_is_failed) in C(ansible.cfg)) is set; E(ANSIBLE_INVENTORY_UNPARSED_FAILED=true) also stops them, but
    only when no other inventory source could be parsed.
notes:
  - Use O(compose) to set C(ansible_host) and the other connection variables; O(hostnames) only chooses the host
    names. See the examples for Windows WinRM over Kerberos.
  - A single directory's WorkSpaces are listed in turn, 25 a page, so a directory of 2500 WorkSpaces takes at least
    100 round trips whatever O(max_concurrency) is.
  - Host variables from AWS are never trusted as templates (ansible-core 2.19 trusts nothing a plugin sets; with
    older versions the plugin marks them unsafe).
author:
  - euc.aws maintainers (@euc-aws)
extends_documentation_fragment:
  - inventory_cache
  - constructed
  - amazon.aws.boto3
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
  - amazon.aws.assume_role.plugins
options:
  plugin:
    description: The name of this plugin; the file is ignored unless it is V(euc.aws.workspaces).
    type: str
    required: true
    choices: [euc.aws.workspaces]
  regions:
    description:
      - The regions to list WorkSpaces in.
      - When empty (the default), every region botocore knows WorkSpaces in (its endpoint data, partition C(aws)),
        not EC2's region list, which holds regions without WorkSpaces. O(region) does not narrow it.
      - A region that cannot be listed (its endpoint cannot be reached, it refuses the credentials, or it answers any
        other error) fails the inventory source, with a message that names the region and the cause; see
        O(skip_unavailable_regions).
      - When empty, a region that answers as an opt-in region the account has not enabled does
        (C(UnrecognizedClientException)) is left out with a warning instead, so that the default list works in any
        account. The inventory source still fails when no region at all could be listed, and with
        O(strict_permissions=true).
    type: list
    elements: str
    default: []
  include_filters:
    description:
      - DescribeWorkspaces filters; the inventory holds the WorkSpaces that match at least one of them. Without any, it
        holds every WorkSpace.
      - Each filter is a dictionary with either C(workspace_ids) (a list of IDs), or C(directory_id) and optionally
        C(user_name), or C(bundle_id), as DescribeWorkspaces takes one kind of filter a call.
      - IDs must match C(^ws-[0-9a-z]{8,63}$) (botocore's service model); IDs of all filters are described together,
        25 a call. An empty C(workspace_ids) list matches nothing.
      - Each filter applies in every region of O(regions).
    type: list
    elements: dict
    default: []
  exclude_filters:
    description:
      - Filters of the same form as O(include_filters); WorkSpaces that match any of them are left out, even if an
        include filter matches them.
      - They are matched against each WorkSpace listed, with no AWS call of their own; C(user_name) is compared
        regardless of case, as Active Directory compares user names.
    type: list
    elements: dict
    default: []
  states:
    description:
      - The states of the WorkSpaces to keep, among those of botocore's service model (V(AVAILABLE), V(STOPPED),
        V(PENDING), V(ERROR), V(SUSPENDED), ...).
      - When not set, every state but V(TERMINATING) and V(TERMINATED).
    type: list
    elements: str
  hostnames:
    description:
      - The WorkSpace fields to name hosts by, in order of preference; any field of the WorkSpace that holds text, as
        the host variables name it (V(computer_name), V(ip_address), V(workspace_id), V(user_name),
        V(workspace_name), ...).
      - Each WorkSpace is named by the first of these fields that has a value no other WorkSpace is named by, and by
        its V(workspace_id) when none has, so that no WorkSpace is ever left out or merged with another. A WorkSpace
        named by a later choice because another took the earlier one is named in a warning.
    type: list
    elements: str
    default: [computer_name, ip_address, workspace_id]
  hostvars_prefix:
    description: A prefix for the name of every host variable that comes from AWS (C(region) included).
    type: str
  hostvars_suffix:
    description: A suffix for the name of every host variable that comes from AWS (C(region) included).
    type: str
  connection_status:
    description:
      - Add each WorkSpace's C(connection_status) (C(connection_state), C(connection_state_check_timestamp),
        C(last_known_user_connection_timestamp), C(days_since_last_connection)), as
        M(euc.aws.workspaces_info) returns it.
      - Costs one DescribeWorkspacesConnectionStatus call per 25 WorkSpaces of a region, on the pool.
    type: bool
    default: false
  tags:
    description:
      - Add each WorkSpace's C(tags), as a dictionary, as M(euc.aws.workspaces_info) returns them.
      - DescribeTags takes one WorkSpace a call, so this costs one call per WorkSpace, on the pool.
    type: bool
    default: false
  skip_unavailable_regions:
    description:
      - By default a region that cannot be listed fails the inventory source (see O(regions)), so that a job never
        runs, green, on part of the fleet or on none of it.
      - With V(true), a region whose endpoint cannot be reached, or that refuses the credentials (access denied,
        unrecognised client, HTTP 403), is left out with a warning, and the inventory holds the other regions'
        WorkSpaces. This trades the failure for a warning. A job then runs without that region's WorkSpaces, and with
        C(ansible-playbook) a warning is all that says so.
      - The inventory source still fails when no region at all could be listed, and for any other error (for
        example throttling beyond the retries, or no credentials at all).
    type: bool
    default: false
    version_added: 0.4.0
  strict_permissions:
    description:
      - With V(true), no region is ever left out, neither by O(skip_unavailable_regions) nor, without O(regions),
        because the account has not enabled it. Any region that cannot be listed fails the inventory source.
      - Before 0.4.0, V(false) (the default) skipped a region that could not be reached or refused the credentials;
        since 0.4.0 that takes O(skip_unavailable_regions=true).
    type: bool
    default: false
  max_concurrency:
    description:
      - The most AWS calls that run at the same time, across all regions and listings; V(1) lists one call after the
        other.
      - A fleet spread over more directories than this lists in several rounds.
    type: int
    default: 8
"""

EXAMPLES = r"""
# corp.workspaces.yml: every WorkSpace in two regions, credentials from the environment or a profile
plugin: euc.aws.workspaces
regions:
  - eu-west-1
  - us-east-1

---
# windows.workspaces.yml: manage Windows WorkSpaces with WinRM over Kerberos. Hosts are named by their computer
# name (the default), Ansible connects to the IP address and asks Kerberos for the computer's name.
plugin: euc.aws.workspaces
regions:
  - eu-west-1
states:
  - AVAILABLE
compose:
  ansible_host: ip_address
  ansible_connection: "'winrm'"
  ansible_winrm_transport: "'kerberos'"
  ansible_winrm_kerberos_hostname_override: computer_name
keyed_groups:
  # directory_d_1234567890, bundle_wsb_0123456789
  - key: directory_id
    prefix: directory
  - key: bundle_id
    prefix: bundle
groups:
  always_on: workspace_properties.running_mode == 'ALWAYS_ON'

---
# helpdesk.workspaces.yml: two directories but not the test users, and one WorkSpace from a third directory
plugin: euc.aws.workspaces
regions:
  - us-east-1
include_filters:
  - directory_id: d-1234567890
  - directory_id: d-0987654321
  - workspace_ids:
      - ws-abc12345d
exclude_filters:
  - directory_id: d-1234567890
    user_name: testuser
hostnames:
  - user_name
  - workspace_id

---
# usage.workspaces.yml: last connections as host variables, prefixed, with a group of the unused; cached for an hour.
# (tags: true adds each WorkSpace's tags the same way, for keyed_groups such as key: aws_tags.CostCenter.)
plugin: euc.aws.workspaces
regions:
  - eu-west-1
connection_status: true
hostvars_prefix: aws_
keyed_groups:
  - key: aws_workspace_properties.running_mode
    prefix: running_mode
groups:
  unused_for_30_days: (aws_connection_status.days_since_last_connection | default(0, true)) >= 30
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-workspaces
cache_timeout: 3600

---
# Through an assumed role, in every region WorkSpaces is in, failing on any region that cannot be read, even one the
# account has not enabled
plugin: euc.aws.workspaces
assume_role_arn: arn:aws:iam::123456789012:role/workspaces-inventory
strict_permissions: true
max_concurrency: 16

---
# reports.workspaces.yml: a report that would rather list most of the fleet than none of it. A region that cannot be
# reached or refuses the credentials is left out with a warning; never use this for a job that must reach every
# WorkSpace, such as patching.
plugin: euc.aws.workspaces
regions:
  - eu-west-1
  - us-east-1
skip_unavailable_regions: true
"""

from datetime import datetime
from datetime import timezone

try:
    import botocore.endpoint
except ImportError:
    pass  # AWSInventoryBase reports a missing botocore to the user

import ansible.template

from ansible_collections.amazon.aws.plugins.plugin_utils.inventory import AWSInventoryBase

from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.concurrency import max_concurrency_problem
from ansible_collections.euc.aws.plugins.module_utils.inventory import RegionUnlisted
from ansible_collections.euc.aws.plugins.module_utils.inventory import Selection
from ansible_collections.euc.aws.plugins.module_utils.inventory import default_states
from ansible_collections.euc.aws.plugins.module_utils.inventory import host_names
from ansible_collections.euc.aws.plugins.module_utils.inventory import hostname_fields
from ansible_collections.euc.aws.plugins.module_utils.inventory import known_states
from ansible_collections.euc.aws.plugins.module_utils.inventory import list_inventory
from ansible_collections.euc.aws.plugins.module_utils.inventory import never
from ansible_collections.euc.aws.plugins.module_utils.inventory import region_not_enabled
from ansible_collections.euc.aws.plugins.module_utils.inventory import region_unavailable
from ansible_collections.euc.aws.plugins.module_utils.inventory import with_affixes
from ansible_collections.euc.aws.plugins.module_utils.inventory import workspaces_service_model
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ApiLimits
from ansible_collections.euc.aws.plugins.module_utils.workspaces import and_then
from ansible_collections.euc.aws.plugins.module_utils.workspaces import error_text
from ansible_collections.euc.aws.plugins.module_utils.workspaces import missing_credentials
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_regions
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry

GROUP = "aws_workspaces"

if hasattr(ansible.template, "trust_as_template"):
    # ansible-core 2.19 and later trust nothing an inventory plugin sets.
    def untrusted(hostvars):
        return hostvars

else:
    # Before 2.19 what a plugin sets may be templated unless it is marked unsafe; data from AWS never may.
    from ansible.utils.unsafe_proxy import wrap_var as untrusted


class InventoryModule(AWSInventoryBase):
    NAME = "euc.aws.workspaces"
    INVENTORY_FILE_SUFFIXES = ("workspaces.yml", "workspaces.yaml")

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache=cache)
        model = workspaces_service_model()
        limits = ApiLimits.from_service_model(model)
        try:
            selection = self._selection(model, limits)
        except AnsibleWorkSpacesError as error:
            self.fail_aws(error.message)
        hostnames = self._hostnames(model)
        max_workers = self.get_option("max_concurrency")
        concurrency_problem = max_concurrency_problem(max_workers)
        if concurrency_problem:
            self.fail_aws(concurrency_problem)

        found_in_cache, workspaces = self.get_cached_result(path, cache)
        if not found_in_cache:
            workspaces = self._list(selection, limits, max_workers)
        self._populate(workspaces, hostnames)
        self.update_cached_result(path, cache, workspaces)

    def _selection(self, model, limits):
        states = self.get_option("states")
        return Selection.from_options(
            self.get_option("include_filters"),
            self.get_option("exclude_filters"),
            default_states(model) if states is None else states,
            limits.workspace_id_pattern,
            known_states(model),
        )

    def _hostnames(self, model):
        preferences = self.get_option("hostnames")
        fields = hostname_fields(model)
        unknown = [field for field in preferences if field not in fields]
        if unknown:
            self.fail_aws(f"hostnames: {', '.join(map(repr, unknown))} not WorkSpace fields; they are {', '.join(fields)}")
        return preferences

    def fail_aws(self, message, exception=None):
        """Every failure of the plugin, amazon.aws's own (such as assuming a role) included: when botocore found no
        credentials, the message says where they come from."""
        if missing_credentials(exception):
            self._do_fail(error_text(AnsibleWorkSpacesError(message=message, exception=exception)))
        super().fail_aws(message, exception=exception)

    def _skip_region(self):
        """Which failing regions the listing leaves out (with a warning) rather than failing the source."""
        if self.get_option("strict_permissions"):
            return never
        if self.get_option("skip_unavailable_regions"):
            return region_unavailable
        # The regions of botocore's list were not asked for by name, and one the account has not enabled (an opt-in
        # region) holds none of its WorkSpaces.
        return never if self.get_option("regions") else region_not_enabled

    def _list(self, selection, limits, max_workers):
        backoff = SharedBackoff()
        clients = {
            region: self.client(
                "workspaces",
                region=region,
                retry_decorator=workspaces_retry(backoff=backoff),
                # Beyond botocore's pool of connections a call would open and drop a connection of its own.
                config={"max_pool_connections": max(botocore.endpoint.MAX_POOL_CONNECTIONS, max_workers)},
            )
            for region in self.get_option("regions") or workspaces_regions()
        }
        skip_region = self._skip_region()
        try:
            listing = list_inventory(
                clients,
                selection,
                limits,
                max_workers,
                skip_region=skip_region,
                connection_status=self.get_option("connection_status"),
                tags=self.get_option("tags"),
                now=datetime.now(timezone.utc),
            )
        except RegionUnlisted as error:
            self.fail_aws(self._region_failure(error, skip_region))
        except AnsibleWorkSpacesError as error:
            self.fail_aws(error.message, exception=error.exception)
        if listing.skipped and len(listing.skipped) == len(clients):
            region, error = next(iter(listing.skipped.items()))
            regions = ", ".join(listing.skipped)
            self.fail_aws(f"euc.aws.workspaces could list no region ({regions}); {region}: {error_text(error)}")
        for region, error in listing.skipped.items():
            self.warn(f"euc.aws.workspaces skipped region {region}: {error_text(error)}")
        return listing.workspaces

    @staticmethod
    def _region_failure(error, skip_region):
        """The failure of a region that could not be listed (a RegionUnlisted) and, when skip_unavailable_regions
        would leave it out, that it would: the message of a failed source is all its user sees."""
        text = f"euc.aws.workspaces {error_text(error)}"
        if skip_region is region_unavailable or not region_unavailable(error.error):
            return text
        return and_then(text, "skip_unavailable_regions: true would leave this region out with a warning instead")

    def _populate(self, workspaces, hostnames):
        group = self.inventory.add_group(GROUP)
        self.inventory.add_child("all", group)
        named = host_names(workspaces, hostnames)
        for workspace_id, preferred, name in named.renamed:
            self.warn(f"euc.aws.workspaces named WorkSpace {workspace_id} {name}: {preferred} is another WorkSpace's host name")
        prefix = self.get_option("hostvars_prefix")
        suffix = self.get_option("hostvars_suffix")
        compose = self.get_option("compose")
        groups = self.get_option("groups")
        keyed_groups = self.get_option("keyed_groups")
        strict = self.get_option("strict")
        for name, workspace in zip(named.names, workspaces):
            hostvars = untrusted(with_affixes(workspace, prefix, suffix))
            self.inventory.add_host(name, group=group)
            for variable, value in hostvars.items():
                self.inventory.set_variable(name, variable, value)
            self._set_composite_vars(compose, hostvars, name, strict=strict)
            self._add_host_to_composed_groups(groups, hostvars, name, strict=strict)
            self._add_host_to_keyed_groups(keyed_groups, hostvars, name, strict=strict)

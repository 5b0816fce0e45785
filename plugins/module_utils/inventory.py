# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which WorkSpaces an inventory holds, listed across regions and directories on the bounded pool, and their host names.

DescribeWorkspaces pages one after the other within a listing, so a large fleet is listed fast only when many
listings run at once: each region's directory discovery, each directory, each batch of 25 IDs is a listing of its
own, and all of them share one bounded pool (concurrency.py) and, through the clients' retry decorator, one backoff.
The filters, the selection and the host names are pure: they need neither Ansible nor boto3.
"""

from collections import namedtuple
from datetime import datetime

try:
    import botocore
    import botocore.exceptions
    import botocore.session
except ImportError:
    pass  # the inventory plugin reports a missing botocore to the user

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.messages import named
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspace_directories
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ensure_well_formed
from ansible_collections.euc.aws.plugins.module_utils.workspaces import in_batches
from ansible_collections.euc.aws.plugins.module_utils.workspaces import unique_in_order
from ansible_collections.euc.aws.plugins.module_utils.workspaces import with_details

# The three ways DescribeWorkspaces filters (it takes one at a time): the first key names the way, the others may join.
FILTER_KINDS = (("workspace_ids",), ("directory_id", "user_name"), ("bundle_id",))
FILTER_SHAPES = "{workspace_ids: [...]}, {directory_id: ..., user_name: ...} (user_name optional) or {bundle_id: ...}"

# What a region answers when it cannot be used with these credentials, rather than when a call went wrong: an opt-in
# region the account has not enabled answers UnrecognizedClientException.
FORBIDDEN_ERROR_CODES = frozenset(
    (
        "AccessDenied",
        "AccessDeniedException",
        "AuthFailure",
        "InvalidClientTokenId",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
    )
)
# What a region answers when the account has not enabled it (an opt-in region): the credentials are not valid there, so
# it answers as AWS answers credentials it does not know anywhere. Credentials unknown in every region are told apart by
# the inventory, which fails when it could list no region at all.
NOT_ENABLED_ERROR_CODES = frozenset(("UnrecognizedClientException", "InvalidClientTokenId"))


def workspaces_service_model():
    return botocore.session.get_session().get_service_model("workspaces")


def known_states(service_model):
    return list(service_model.shape_for("WorkspaceState").enum)


def default_states(service_model):
    """Every state of the model but those of WorkSpaces being terminated: AWS keeps them for a while after
    termination, and an inventory of hosts to manage leaves them out unless asked."""
    return [state for state in known_states(service_model) if state not in TERMINATING_STATES]


def hostname_fields(service_model):
    """The fields a host can be named by: the string members of the model's Workspace, in snake_case as in hostvars."""
    members = service_model.shape_for("Workspace").members
    return list(camel_dict_to_snake_dict({name: None for name, shape in members.items() if shape.type_name == "string"}))


def same_user(user_name, other):
    """Active Directory compares user names regardless of case, so to AWS Alice and alice are one user."""
    return user_name is not None and other is not None and user_name.casefold() == other.casefold()


class WorkspaceFilter(namedtuple("WorkspaceFilter", ["workspace_ids", "directory_id", "user_name", "bundle_id"])):
    """One DescribeWorkspaces filter: IDs, or a directory (and a user in it), or a bundle."""

    @classmethod
    def from_option(cls, option, where):
        """The filter an entry of include_filters / exclude_filters describes; ``where`` names the entry in errors."""
        keys = set(option) if isinstance(option, dict) else set()
        if not any(kind[0] in keys and keys <= set(kind) for kind in FILTER_KINDS):
            raise AnsibleWorkSpacesError(message=f"{where}: each filter is one of {FILTER_SHAPES}, got {option!r}")
        workspace_ids = option.get("workspace_ids")
        if workspace_ids is not None and (
            not isinstance(workspace_ids, list) or not all(isinstance(i, str) for i in workspace_ids)
        ):
            raise AnsibleWorkSpacesError(message=f"{where}: workspace_ids must be a list of WorkSpace IDs, got {workspace_ids!r}")
        for key in ("directory_id", "user_name", "bundle_id"):
            if key in option and not (isinstance(option[key], str) and option[key]):
                raise AnsibleWorkSpacesError(message=f"{where}: {key} must be a non-empty string, got {option[key]!r}")
        return cls(
            tuple(unique_in_order(workspace_ids)) if workspace_ids is not None else None,
            option.get("directory_id"),
            option.get("user_name"),
            option.get("bundle_id"),
        )

    def describe_params(self):
        """DescribeWorkspaces' parameters for a directory or bundle filter (IDs are described in batches instead)."""
        if self.bundle_id is not None:
            return {"BundleId": self.bundle_id}
        if self.user_name is not None:
            return {"DirectoryId": self.directory_id, "UserName": self.user_name}
        return {"DirectoryId": self.directory_id}

    def matches(self, workspace):
        """Whether DescribeWorkspaces with this filter returns ``workspace`` (one of its entries): exclusions need no call."""
        if self.workspace_ids is not None:
            return workspace["WorkspaceId"] in self.workspace_ids
        if self.bundle_id is not None:
            return workspace.get("BundleId") == self.bundle_id
        if workspace.get("DirectoryId") != self.directory_id:
            return False
        return self.user_name is None or same_user(workspace.get("UserName"), self.user_name)


class Selection:
    """The WorkSpaces an inventory keeps: those of any include filter (every WorkSpace when there is none), minus those
    of any exclude filter, in one of ``states``."""

    def __init__(self, include, exclude, states):
        self.include = list(include)
        self.exclude = list(exclude)
        self.states = frozenset(states)
        self.excluded_ids = frozenset(i for f in self.exclude if f.workspace_ids is not None for i in f.workspace_ids)
        self.other_exclusions = [f for f in self.exclude if f.workspace_ids is None]

    @classmethod
    def from_options(cls, include_filters, exclude_filters, states, workspace_id_pattern, allowed_states):
        """The selection the options describe; AnsibleWorkSpacesError naming every problem, before any AWS call."""
        include = [WorkspaceFilter.from_option(f, f"include_filters[{n}]") for n, f in enumerate(include_filters or [])]
        exclude = [WorkspaceFilter.from_option(f, f"exclude_filters[{n}]") for n, f in enumerate(exclude_filters or [])]
        ensure_well_formed([i for f in include + exclude if f.workspace_ids for i in f.workspace_ids], workspace_id_pattern)
        unknown = [state for state in states if state not in allowed_states]
        if unknown:
            raise AnsibleWorkSpacesError(
                message=f"states: {named(unknown)} not WorkSpace states; they are {', '.join(allowed_states)}"
            )
        return cls(include, exclude, states)

    @property
    def every_workspace(self):
        return not self.include

    def listings(self, batch_size):
        """The DescribeWorkspaces parameters that find, in one region, every WorkSpace the include filters name.

        IDs from all filters are described together, ``batch_size`` a call, leaving out the excluded ones; a user's
        listing is left out when the whole directory is listed anyway.
        """
        workspace_ids = unique_in_order(
            i for f in self.include if f.workspace_ids is not None for i in f.workspace_ids if i not in self.excluded_ids
        )
        whole_directories = {f.directory_id for f in self.include if f.directory_id is not None and f.user_name is None}
        others = [
            f.describe_params()
            for f in self.include
            if f.workspace_ids is None and not (f.user_name is not None and f.directory_id in whole_directories)
        ]
        return [{"WorkspaceIds": batch} for batch in in_batches(workspace_ids, batch_size)] + unique_in_order_dicts(others)

    def keeps(self, workspace):
        return (
            workspace.get("State") in self.states
            and workspace["WorkspaceId"] not in self.excluded_ids
            and not any(f.matches(workspace) for f in self.other_exclusions)
        )


def unique_in_order_dicts(dicts):
    return [dict(items) for items in unique_in_order(tuple(sorted(d.items())) for d in dicts)]


# ---------------------------------------------------------------------------------------------
# Listing across regions and directories
# ---------------------------------------------------------------------------------------------


def region_unavailable(error):
    """Whether ``error`` (an AnsibleWorkSpacesError) says the region's endpoint is unreachable or refuses the credentials."""
    cause = error.exception
    if isinstance(cause, botocore.exceptions.ConnectionError):
        return True
    if isinstance(cause, botocore.exceptions.ClientError):
        response = cause.response
        return (
            response.get("Error", {}).get("Code") in FORBIDDEN_ERROR_CODES
            or response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 403
        )
    return False


def region_not_enabled(error):
    """Whether ``error`` (an AnsibleWorkSpacesError) is the answer of a region the account has not enabled."""
    cause = error.exception
    return (
        isinstance(cause, botocore.exceptions.ClientError)
        and cause.response.get("Error", {}).get("Code") in NOT_ENABLED_ERROR_CODES
    )


def never(_error):
    return False


class RegionSkipped(namedtuple("RegionSkipped", ["error"])):
    """What a call in a region the inventory skips answers instead of raising."""


class RegionUnlisted(AnsibleWorkSpacesError):
    """A call in ``region`` failed with ``error`` (an AnsibleWorkSpacesError) that the inventory does not skip: it
    cannot hold that region's WorkSpaces."""

    def __init__(self, region, error):
        super().__init__(message=f"could not list region {region}: {error.message}", exception=error.exception)
        self.region = region
        self.error = error


class InventoryListing(namedtuple("InventoryListing", ["workspaces", "skipped"])):
    """``workspaces``: each kept WorkSpace as workspaces_info returns it, plus ``region``, in region then listing order.
    ``skipped``: {region: the AnsibleWorkSpacesError that made the inventory skip it}."""


class InventoryLister:
    """One listing of an inventory: the calls it makes in each region of ``clients`` ({region: client}) and the
    regions it has skipped so far (``skipped``: {region: error}); list_inventory runs it."""

    def __init__(self, clients, selection, limits, max_workers, skip_region, connection_status, tags, now):
        self.clients = clients
        self.regions = list(clients)
        self.selection = selection
        self.limits = limits
        self.max_workers = max_workers
        self.skip_region = skip_region
        self.connection_status = connection_status
        self.tags = tags
        self.now = now
        # With details to add, the WorkSpaces kept stay as AWS returns them until each region's are all found.
        self.with_details_later = connection_status or tags
        self.skipped = {}

    def in_region(self, region, call, *args, **kwargs):
        """``call`` with the region's client; RegionSkipped when it raises an error ``skip_region`` accepts, and
        RegionUnlisted, naming the region, for any other AnsibleWorkSpacesError."""
        try:
            return call(self.clients[region], *args, **kwargs)
        except AnsibleWorkSpacesError as error:
            if self.skip_region(error):
                return RegionSkipped(error)
            raise RegionUnlisted(region, error) from error

    def listings(self):
        """Each listing as (region, DescribeWorkspaces parameters): the include filters' in every region, or without
        them each directory of each region, its directories found first."""
        if not self.selection.every_workspace:
            wanted = self.selection.listings(self.limits.describe_batch_size)
            return [(region, params) for region in self.regions for params in wanted]
        listings = []
        discovered = map_bounded(
            lambda region: self.in_region(region, describe_workspace_directories), self.regions, self.max_workers
        )
        for region, directories in zip(self.regions, discovered):
            if isinstance(directories, RegionSkipped):
                self.skipped[region] = directories.error
            else:
                listings.extend((region, {"DirectoryId": directory["DirectoryId"]}) for directory in directories)
        return listings

    def listed(self, listing):
        """The WorkSpaces one listing finds that the selection keeps, or RegionSkipped."""
        region, params = listing
        found = self.in_region(region, describe_workspaces, **params)
        if isinstance(found, RegionSkipped):
            return found
        kept = [workspace for workspace in found if self.selection.keeps(workspace)]
        # Shaped here, on the pool, while the other listings wait for AWS; those that need details are shaped with them.
        if self.with_details_later:
            return kept
        return as_hosts(region, with_details(self.clients[region], self.limits, kept))

    def by_region(self, listings, results):
        """{region: {WorkSpace ID: WorkSpace}} of the regions not skipped, each as the first listing found it."""
        found = {region: {} for region in self.regions if region not in self.skipped}
        id_key = "WorkspaceId" if self.with_details_later else "workspace_id"
        for (region, _params), result in zip(listings, results):
            if isinstance(result, RegionSkipped):
                self.skipped.setdefault(region, result.error)
                found.pop(region, None)
            elif region in found:
                for workspace in result:
                    found[region].setdefault(workspace[id_key], workspace)
        return found

    def hosts(self, found):
        """The WorkSpaces of ``found`` (by_region's) as hosts, with their details when asked, region by region."""
        workspaces = []
        for region, by_id in found.items():
            if not self.with_details_later:
                workspaces.extend(by_id.values())
                continue
            detailed = self.in_region(
                region,
                with_details,
                self.limits,
                list(by_id.values()),
                connection_status=self.connection_status,
                tags=self.tags,
                now=self.now,
                max_workers=self.max_workers,
            )
            if isinstance(detailed, RegionSkipped):
                self.skipped[region] = detailed.error
            else:
                workspaces.extend(as_hosts(region, detailed))
        return workspaces


def list_inventory(clients, selection, limits, max_workers, skip_region=never, connection_status=False, tags=False, now=None):
    """The WorkSpaces ``selection`` keeps in each region of ``clients`` ({region: client}), every call on the pool.

    Without include filters each region's directories are listed first (DescribeWorkspaceDirectories), then every
    directory on its own; with them, the listings they need. All listings of all regions run side by side, at most
    ``max_workers`` calls at once. A call whose error ``skip_region`` accepts drops its region from the result;
    any other error is raised as RegionUnlisted, and stops the listings not yet started.
    """
    lister = InventoryLister(clients, selection, limits, max_workers, skip_region, connection_status, tags, now)
    listings = lister.listings()
    results = map_bounded(lister.listed, listings, max_workers)
    workspaces = lister.hosts(lister.by_region(listings, results))
    skipped = {region: lister.skipped[region] for region in lister.regions if region in lister.skipped}
    return InventoryListing(workspaces, skipped)


def as_hosts(region, workspaces):
    return [dict(json_ready(workspace), region=region) for workspace in workspaces]


def json_ready(value):
    """``value`` with its timestamps as ISO 8601 strings, so that hostvars read the same from AWS and from the cache."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


# ---------------------------------------------------------------------------------------------
# Hosts
# ---------------------------------------------------------------------------------------------


class HostNames(namedtuple("HostNames", ["names", "renamed"])):
    """``names``: each WorkSpace's host name, in the order given. ``renamed``: (workspace_id, preferred name, name
    given) of the WorkSpaces whose preferred name another WorkSpace already had."""


def host_names(workspaces, preferences):
    """Name each WorkSpace (as hostvars hold it) by the first field of ``preferences`` with a value no other WorkSpace is
    named by, else by its ID, which every WorkSpace has and none shares: no host is dropped or merged into another.

    WorkSpaces claim names in ID order, so that who gets a shared name does not depend on the order of listing.
    """
    name_of = {}
    taken = set()
    renamed = []
    for workspace in sorted(workspaces, key=lambda ws: ws["workspace_id"]):
        values = [workspace.get(field) for field in preferences if workspace.get(field)]
        name = next((value for value in values if value not in taken), workspace["workspace_id"])
        if values and name != values[0]:
            renamed.append((workspace["workspace_id"], values[0], name))
        taken.add(name)
        name_of[workspace["workspace_id"]] = name
    return HostNames([name_of[workspace["workspace_id"]] for workspace in workspaces], renamed)


def with_affixes(hostvars, prefix=None, suffix=None):
    """``hostvars`` with every name given ``prefix`` and ``suffix``."""
    if not prefix and not suffix:
        return hostvars
    return {f"{prefix or ''}{name}{suffix or ''}": value for name, value in hostvars.items()}

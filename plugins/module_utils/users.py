# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Finding WorkSpaces by their users: the one lookup step every verb named by ``directory_id`` and ``user_names``
shares (the action modules, workspaces_migrate and workspaces_create)."""

from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.states import TERMINATING_STATES
from ansible_collections.euc.aws.plugins.module_utils.workspaces import describe_workspaces
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems
from ansible_collections.euc.aws.plugins.module_utils.workspaces import strings_problems


def user_key(user_name):
    """Active Directory compares user names regardless of case: Ann and ann are one user."""
    return user_name.casefold()


def first_spellings(user_names):
    """The users named, each once whatever its case, in the spelling it was first given."""
    first = {}
    for name in user_names:
        first.setdefault(user_key(name), name)
    return list(first.values())


def is_of(workspace, user_name):
    return user_key(workspace.get("UserName") or "") == user_key(user_name)


def lookup_problems(service_model, params):
    """What DescribeWorkspaces would refuse in ``directory_id`` and ``user_names``, before any call."""
    problems = []
    if params.get("directory_id") is not None:
        problems += string_problems(service_model, "directory_id", params["directory_id"], "DirectoryId")
    return problems + strings_problems(service_model, "user_names:", params.get("user_names") or [], "UserName")


def workspaces_of_users(client, directory_id, user_names, max_workers=1):
    """{user name: the directory's WorkSpaces of that user, in any state} for each of ``user_names`` (given once each).

    One DescribeWorkspaces by DirectoryId and UserName per user, on the bounded pool, each followed to its last page:
    a handful of users costs a handful of calls, whatever the size of the directory. AWS does not document whether
    its UserName filter ignores case, so what it returns is compared here regardless of case, and the users it
    returned nothing for are looked for once more in one listing of the directory before they count as having none.
    """
    user_names = list(user_names)
    answers = map_bounded(lambda name: describe_workspaces(client, DirectoryId=directory_id, UserName=name), user_names, max_workers)
    found = {name: [ws for ws in answer if is_of(ws, name)] for name, answer in zip(user_names, answers)}
    not_found = [name for name in user_names if not found[name]]
    if not_found:
        listing = describe_workspaces(client, DirectoryId=directory_id)
        found.update({name: [ws for ws in listing if is_of(ws, name)] for name in not_found})
    return found


def current_workspace_of(workspaces):
    """The one of a user's WorkSpaces a verb is about: the first one not leaving, else the first one leaving, else None.

    A user has two WorkSpaces in a directory only while a migration runs: the new one, and the old one on its way out.
    """
    staying = [ws for ws in workspaces if ws["State"] not in TERMINATING_STATES]
    return (staying or list(workspaces) or [None])[0]

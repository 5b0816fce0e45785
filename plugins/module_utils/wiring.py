# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one wiring of the modules that are neither verbs nor resources: the resources' ``_info`` modules (read,
never a change) and workspaces_tags (its own result of changes per resource)."""

from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.concurrency import max_concurrency_problem
from ansible_collections.euc.aws.plugins.module_utils.workspaces import AnsibleWorkSpacesError
from ansible_collections.euc.aws.plugins.module_utils.workspaces import fail_module
from ansible_collections.euc.aws.plugins.module_utils.workspaces import workspaces_retry


def run_info_module(module, read):
    """main() of an _info module: ``read(client, params)`` gives the result keys (it raises AnsibleWorkSpacesError
    for input it refuses, before any call)."""
    run_read_module(module, read)


def run_read_module(module, run, changes=False):
    """main() of a module whose ``run(client, params)`` gives the whole result; ``changes``: the result says
    ``changed`` itself (otherwise it never changes anything)."""
    problem = max_concurrency_problem(module.params.get("max_concurrency", 1))
    if problem:
        module.fail_json(msg=problem)
    client = module.client("workspaces", retry_decorator=workspaces_retry(backoff=SharedBackoff()))
    try:
        result = run(client, module.params)
    except AnsibleWorkSpacesError as error:
        fail_module(module, error, **dict({"changed": False}, **error.kwargs))
    module.exit_json(**(result if changes else dict(result, changed=False)))

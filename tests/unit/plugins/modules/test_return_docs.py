# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each action module's RETURN is true to its own keys, and the WorkSpaces in every result are the ones workspaces_info
describes (documented once, there)."""

import pytest
import yaml

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.euc.aws.plugins.module_utils.actions import MAINTENANCE
from ansible_collections.euc.aws.plugins.module_utils.actions import REBOOT
from ansible_collections.euc.aws.plugins.module_utils.actions import REBUILD
from ansible_collections.euc.aws.plugins.module_utils.actions import RESTORE
from ansible_collections.euc.aws.plugins.module_utils.actions import START
from ansible_collections.euc.aws.plugins.module_utils.actions import STOP
from ansible_collections.euc.aws.plugins.module_utils.actions import TERMINATE
from ansible_collections.euc.aws.plugins.module_utils.actions import plan_action
from ansible_collections.euc.aws.plugins.module_utils.migration import MIGRATE
from ansible_collections.euc.aws.plugins.module_utils.workspaces import ALWAYS_RETURNED_FIELDS
from ansible_collections.euc.aws.plugins.modules import workspaces_create
from ansible_collections.euc.aws.plugins.modules import workspaces_info
from ansible_collections.euc.aws.plugins.modules import workspaces_maintenance
from ansible_collections.euc.aws.plugins.modules import workspaces_migrate
from ansible_collections.euc.aws.plugins.modules import workspaces_reboot
from ansible_collections.euc.aws.plugins.modules import workspaces_rebuild
from ansible_collections.euc.aws.plugins.modules import workspaces_restore
from ansible_collections.euc.aws.plugins.modules import workspaces_start
from ansible_collections.euc.aws.plugins.modules import workspaces_stop
from ansible_collections.euc.aws.plugins.modules import workspaces_terminate

ACTION_MODULES = {
    "workspaces_terminate": (workspaces_terminate, TERMINATE),
    "workspaces_start": (workspaces_start, START),
    "workspaces_stop": (workspaces_stop, STOP),
    "workspaces_reboot": (workspaces_reboot, REBOOT),
    "workspaces_rebuild": (workspaces_rebuild, REBUILD),
    "workspaces_maintenance": (workspaces_maintenance, MAINTENANCE["admin_maintenance"]),
    "workspaces_restore": (workspaces_restore, RESTORE),
    "workspaces_migrate": (workspaces_migrate, MIGRATE),
}
# Keys only a failure carries (besides what every result carries): they cannot come from a successful plan's result.
FAILURE_ONLY_KEYS = {"wait_failed", "not_ready", "outcome_unknown", "not_attempted", "malformed_ids", "still_present", "invalid"}
POINTER = "Each has the keys of RV(euc.aws.workspaces_info#module:workspaces)"


def returned(module):
    return yaml.safe_load(module.RETURN)


@pytest.mark.parametrize("name", ACTION_MODULES)
def test_return_documents_exactly_the_keys_the_verb_returns(name):
    module, action = ACTION_MODULES[name]
    result_keys = set(plan_action(action, [], []).result([])) - {"changed", "diff"}
    documented = set(returned(module))
    assert result_keys <= documented
    assert documented - result_keys <= FAILURE_ONLY_KEYS | {action.refused_key}


def test_workspaces_info_documents_the_fields_every_result_carries():
    documented = set(returned(workspaces_info)["workspaces"]["contains"])
    assert documented == set(camel_dict_to_snake_dict(dict.fromkeys(ALWAYS_RETURNED_FIELDS)))


@pytest.mark.parametrize("module", [module for module, _action in ACTION_MODULES.values()] + [workspaces_create], ids=lambda m: m.__name__)
def test_the_other_modules_point_to_workspaces_info_for_the_workspaces(module):
    element = returned(module)["workspaces"]
    assert "contains" not in element
    assert POINTER in " ".join(element["description"])

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The running-mode filters as Jinja sees them: registered under their names, the compute types read from botocore's
model on the controller, errors as AnsibleFilterError, and documentation true to their options and to the defaults."""

import inspect
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

import botocore.session
import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.filter import running_mode_plan
from ansible_collections.euc.aws.plugins.filter import running_mode_report
from ansible_collections.euc.aws.plugins.filter import running_mode_settings
from ansible_collections.euc.aws.plugins.module_utils.running_mode import DEFAULT_THRESHOLDS

ROLE = Path(__file__).resolve().parents[4] / "roles" / "workspaces_running_mode"
FILTERS = {
    "running_mode_settings": running_mode_settings,
    "running_mode_plan": running_mode_plan,
    "running_mode_report": running_mode_report,
}
LAST_MONTH_END = (datetime.now(timezone.utc).replace(day=1, hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1))


def registered(name):
    return FILTERS[name].FilterModule().filters()[name]


def usage(workspace_id, running_mode, hours, compute_type="STANDARD"):
    return {
        "workspace_id": workspace_id,
        "user_name": "alice",
        "directory_id": "d-1234567890",
        "state": "AVAILABLE",
        "running_mode": running_mode,
        "compute_type_name": compute_type,
        "billable_hours": hours,
    }


def test_the_filters_chain_from_the_settings_to_the_report():
    settings = registered("running_mode_settings")({"STANDARD": 10}, now=LAST_MONTH_END.isoformat(), skip_tag="Skip_Convert")
    assert settings["problems"] == [] and settings["month_end"] is True
    fleet = [usage("ws-busy", "AUTO_STOP", 11), usage("ws-idle", "ALWAYS_ON", 2)]
    first = registered("running_mode_plan")(fleet, settings)
    assert first["tags_needed"] == ["ws-busy", "ws-idle"]
    plan = registered("running_mode_plan")(fleet, settings, tags={"ws-busy": {}, "ws-idle": {"skip_convert": "x"}})
    report = registered("running_mode_report")(plan, ["ws-busy"], check_mode=True)
    assert [entry["workspace_id"] for entry in report["result"]["to_always_on"]] == ["ws-busy"]
    assert report["summary"][1].startswith("Would switch (check mode) to ALWAYS_ON: ws-busy")
    assert report["csv"].splitlines()[2].startswith("ws-idle,alice,d-1234567890,STANDARD,ALWAYS_ON,ALWAYS_ON,2,10,skipped,")


def test_the_settings_filter_knows_the_compute_types_of_botocores_model_and_the_auto_stop_step():
    compute_types = botocore.session.get_session().get_service_model("workspaces").shape_for("Compute").enum
    newest = compute_types[-1]
    settings = registered("running_mode_settings")
    assert settings({newest: 100})["thresholds"][newest] == 100
    assert settings({"NOT_A_COMPUTE_TYPE": 100})["problems"] == [
        "thresholds names compute types botocore's WorkSpaces model does not know: NOT_A_COMPUTE_TYPE"
        f" (it knows {', '.join(compute_types)})"
    ]
    assert settings({}, auto_stop_timeout_minutes=30)["problems"] == [
        "auto_stop_timeout_minutes must be a positive multiple of 60, got 30"
    ]


def test_the_settings_filter_refuses_a_month_older_than_cloudwatchs_five_minute_points():
    long_ago = (datetime.now(timezone.utc) - timedelta(days=100)).isoformat()
    problems = registered("running_mode_settings")({}, now=long_ago, option_prefix="workspaces_running_mode_")["problems"]
    assert len(problems) == 1
    assert problems[0].startswith("workspaces_running_mode_now (")
    assert problems[0].endswith(
        "is in a month that began more than 63 days ago: CloudWatch keeps 5-minute points for 63 days,"
        " so its hours would be too few"
    )


def test_bad_input_to_the_plan_and_the_report_is_a_filter_error():
    bad_settings = registered("running_mode_settings")({}, now="yesterday")
    with pytest.raises(AnsibleFilterError, match="running_mode_plan: the settings have problems"):
        registered("running_mode_plan")([], bad_settings)
    settings = registered("running_mode_settings")({}, now=LAST_MONTH_END.isoformat())
    plan = registered("running_mode_plan")([usage("ws-quiet", "AUTO_STOP", 1)], settings)
    with pytest.raises(AnsibleFilterError, match="running_mode_report: changed but not planned to: ws-quiet"):
        registered("running_mode_report")(plan, ["ws-quiet"])
    not_a_plan = {key: value for key, value in plan.items() if key != "order"}
    with pytest.raises(AnsibleFilterError, match="running_mode_report: 'order'"):
        registered("running_mode_report")(not_a_plan, [])


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_documents_exactly_its_options(name):
    documented = yaml.safe_load(FILTERS[name].DOCUMENTATION)
    assert documented["name"] == name
    parameters = list(inspect.signature(registered(name)).parameters)
    assert set(documented["options"]) == {"_input"} | set(parameters[1:])
    if "positional" in documented:
        assert documented["positional"] == parameters[1]
    yaml.safe_load(FILTERS[name].EXAMPLES)
    assert "_value" in yaml.safe_load(FILTERS[name].RETURN)


def test_the_role_documents_the_default_thresholds_the_code_uses():
    spec = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text())["argument_specs"]["main"]["options"]
    description = " ".join(spec["workspaces_running_mode_thresholds"]["description"])
    for compute_type, hours in DEFAULT_THRESHOLDS.items():
        assert f"V({compute_type}) {hours}" in description
    readme = (ROLE / "README.md").read_text()
    for compute_type, hours in DEFAULT_THRESHOLDS.items():
        assert f"`{compute_type}` {hours}" in readme
    assert spec["workspaces_running_mode_downgrade"]["choices"] == ["month_end", "always"]


def test_the_role_defaults_are_those_its_argument_spec_documents():
    spec = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text())["argument_specs"]["main"]["options"]
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    assert defaults == {name: option["default"] for name, option in spec.items()}

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Right-sizing running modes: the settings, each WorkSpace's decision from its billable hours, and the report."""

import csv
import io
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.module_utils.running_mode import CSV_COLUMNS
from ansible_collections.euc.aws.plugins.module_utils.running_mode import DEFAULT_THRESHOLDS
from ansible_collections.euc.aws.plugins.module_utils.running_mode import RunningModeError
from ansible_collections.euc.aws.plugins.module_utils.running_mode import plan_running_modes
from ansible_collections.euc.aws.plugins.module_utils.running_mode import running_mode_report
from ansible_collections.euc.aws.plugins.module_utils.running_mode import running_mode_settings

MODEL = botocore.session.get_session().get_service_model("workspaces")
COMPUTE_TYPES = list(MODEL.shape_for("Compute").enum)
CLOCK = datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc)
MID_MONTH = "2026-11-15T12:00:00Z"
MONTH_END = "2026-11-30T12:00:00Z"


def settings(thresholds=None, now=MID_MONTH, **options):
    options.setdefault("compute_types", COMPUTE_TYPES)
    options.setdefault("current_time", CLOCK)
    return running_mode_settings(thresholds, now=now, **options)


def usage(workspace_id, running_mode, hours, compute_type="STANDARD", state="AVAILABLE", user_name=None):
    return {
        "workspace_id": workspace_id,
        "user_name": user_name or f"user-{workspace_id}",
        "directory_id": "d-1234567890",
        "state": state,
        "running_mode": running_mode,
        "compute_type_name": compute_type,
        "auto_stop_timeout_minutes": 60,
        "connected_hours": hours / 2,
        "sessions": 3,
        "billable_hours": hours,
    }


def ids_of(entries):
    return [entry["workspace_id"] for entry in entries]


def reasons_of(entries):
    return {entry["workspace_id"]: entry["reason"] for entry in entries}


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


def test_the_defaults_are_the_cost_optimizers_and_compute_types_botocore_knows():
    assert DEFAULT_THRESHOLDS == {
        "VALUE": 81,
        "STANDARD": 85,
        "PERFORMANCE": 80,
        "POWER": 92,
        "POWERPRO": 78,
        "GRAPHICS_G4DN": 334,
        "GRAPHICSPRO_G4DN": 80,
    }
    assert set(DEFAULT_THRESHOLDS) <= set(COMPUTE_TYPES)
    assert settings()["thresholds"] == DEFAULT_THRESHOLDS
    assert settings({})["thresholds"] == DEFAULT_THRESHOLDS


def test_a_users_thresholds_are_merged_over_the_defaults():
    merged = settings({"STANDARD": 40, "GRAPHICSPRO": 150.5})["thresholds"]
    assert merged == dict(DEFAULT_THRESHOLDS, STANDARD=40, GRAPHICSPRO=150.5)


def test_thresholds_must_be_positive_numbers_for_compute_types_of_the_model():
    problems = settings({"STANDART": 40, "POWER": 0, "VALUE": -3, "PERFORMANCE": "85", "POWERPRO": True, "GRAPHICS": None},
                        option_prefix="workspaces_running_mode_")["problems"]
    assert problems == [
        "workspaces_running_mode_thresholds names compute types botocore's WorkSpaces model does not know: STANDART"
        f" (it knows {', '.join(COMPUTE_TYPES)})",
        "workspaces_running_mode_thresholds must be positive numbers of hours a month, not POWER 0, VALUE -3,"
        " PERFORMANCE '85', POWERPRO True, GRAPHICS None",
    ]
    assert settings(["STANDARD"])["problems"] == [
        "thresholds must be a dict of compute type to hours, got ['STANDARD']"
    ]


def test_the_compute_types_come_from_what_is_passed_in():
    assert settings({"GRAPHICS_G7_2XLARGE": 200}, compute_types=["STANDARD"])["problems"] == [
        "thresholds names compute types botocore's WorkSpaces model does not know: GRAPHICS_G7_2XLARGE (it knows STANDARD)"
    ]


def test_the_period_runs_from_the_start_of_nows_utc_month_to_now():
    mid = settings(now=MID_MONTH)
    assert (mid["start_time"], mid["end_time"], mid["now"]) == (
        "2026-11-01T00:00:00+00:00",
        "2026-11-15T12:00:00+00:00",
        "2026-11-15T12:00:00+00:00",
    )
    assert (mid["month_end"], mid["last_day"]) == (False, "2026-11-30")
    end = settings(now=MONTH_END)
    assert (end["month_end"], end["last_day"]) == (True, "2026-11-30")


@pytest.mark.parametrize(
    "now, month_end",
    [
        ("2026-11-30T00:00:00Z", True),
        ("2026-11-29T23:59:59Z", False),
        ("2026-10-31T08:00:00Z", True),
        ("2026-10-30T08:00:00Z", False),
        ("2026-11-30T23:30:00-01:00", False),  # 2026-12-01 00:30 in UTC
        ("2026-12-01T00:30:00+01:00", True),  # 2026-11-30 23:30 in UTC
        ("2026-11-30 12:00:00", True),  # no offset: UTC
        ("2026-11-30", True),
    ],
)
def test_the_month_end_is_the_last_utc_day_of_nows_month(now, month_end):
    assert settings(now=now, current_time=datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc))["month_end"] is month_end


@pytest.mark.parametrize("now, last_day", [("2028-02-29T10:00:00Z", True), ("2027-02-28T10:00:00Z", True),
                                           ("2028-02-28T10:00:00Z", False), ("2026-12-31T10:00:00Z", True)])
def test_the_month_end_knows_february_and_december(now, last_day):
    assert settings(now=now, current_time=datetime(2029, 1, 1, tzinfo=timezone.utc))["month_end"] is last_day


def test_now_in_another_offset_is_taken_in_utc():
    assert settings(now="2026-12-01T01:00:00+02:00")["end_time"] == "2026-11-30T23:00:00+00:00"
    assert settings(now="2026-12-01T01:00:00+02:00")["start_time"] == "2026-11-01T00:00:00+00:00"


def test_an_empty_now_is_the_current_time():
    for empty in ("", None):
        current = settings(now=empty)
        assert (current["start_time"], current["end_time"]) == ("2026-12-01T00:00:00+00:00", CLOCK.isoformat())
        assert current["month_end"] is False


def test_a_now_that_is_not_iso_8601_later_than_the_clock_or_the_start_of_a_month_is_refused():
    assert settings(now="30/11/2026")["problems"] == [
        "now '30/11/2026' is not an ISO 8601 date and time, such as 2026-11-30T12:00:00Z"
    ]
    assert settings(now="2026-12-01T13:00:01Z")["problems"] == [
        "now (2026-12-01T13:00:01+00:00) is later than the current time (2026-12-01T13:00:00+00:00)"
    ]
    assert settings(now="2026-11-01T00:00:00Z")["problems"] == [
        "now (2026-11-01T00:00:00+00:00) is the very start of its month, so the period is empty"
    ]


def test_a_month_further_back_than_cloudwatch_keeps_five_minute_points_is_refused():
    retention = timedelta(days=63)
    assert settings(now="2026-09-30T12:00:00Z", retention=retention)["problems"] == [
        "now (2026-09-30T12:00:00+00:00) is in a month that began more than 63 days ago: CloudWatch keeps 5-minute"
        " points for 63 days, so its hours would be too few"
    ]
    assert settings(now="2026-10-31T12:00:00Z", retention=retention)["problems"] == []


def test_every_other_option_is_checked_and_every_problem_named_at_once():
    problems = settings(
        {"POWER": -1},
        now="soon",
        downgrade="weekly",
        skip_tag=["Skip_Convert"],
        max_count=-1,
        auto_stop_timeout_minutes=90,
        option_prefix="workspaces_running_mode_",
    )
    assert problems == {
        "problems": [
            "workspaces_running_mode_thresholds must be positive numbers of hours a month, not POWER -1",
            "workspaces_running_mode_downgrade must be one of month_end, always, got 'weekly'",
            "workspaces_running_mode_skip_tag must be a tag key (a string), got ['Skip_Convert']",
            "workspaces_running_mode_max_count must be a whole number, 0 or more, got -1",
            "workspaces_running_mode_auto_stop_timeout_minutes must be a positive multiple of 60, got 90",
            "workspaces_running_mode_now 'soon' is not an ISO 8601 date and time, such as 2026-11-30T12:00:00Z",
        ]
    }
    assert settings(auto_stop_timeout_minutes=0)["problems"] == [
        "auto_stop_timeout_minutes must be a positive multiple of 60, got 0"
    ]
    assert settings(auto_stop_timeout_minutes=120, timeout_step_minutes=60)["auto_stop_timeout_minutes"] == 120


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------


def test_auto_stop_above_its_threshold_goes_to_always_on_on_any_day():
    plan = plan_running_modes([usage("ws-busy", "AUTO_STOP", 86), usage("ws-quiet", "AUTO_STOP", 85)], settings())
    assert plan["to_always_on"] == [
        {
            "workspace_id": "ws-busy",
            "user_name": "user-ws-busy",
            "directory_id": "d-1234567890",
            "state": "AVAILABLE",
            "running_mode": "AUTO_STOP",
            "compute_type_name": "STANDARD",
            "billable_hours": 86,
            "connected_hours": 43.0,
            "sessions": 3,
            "threshold": 85,
            "reason": "86 billable hours, above the threshold of 85",
        }
    ]
    assert reasons_of(plan["unchanged"]) == {"ws-quiet": "85 billable hours, at or below the threshold of 85"}
    assert plan["to_auto_stop"] == plan["skipped"] == []


def test_always_on_at_or_below_its_threshold_goes_to_auto_stop_on_the_last_day_of_the_month():
    fleet = [usage("ws-at", "ALWAYS_ON", 85), usage("ws-idle", "ALWAYS_ON", 0), usage("ws-busy", "ALWAYS_ON", 86)]
    plan = plan_running_modes(fleet, settings(now=MONTH_END))
    assert reasons_of(plan["to_auto_stop"]) == {
        "ws-at": "85 billable hours, at or below the threshold of 85",
        "ws-idle": "0 billable hours, at or below the threshold of 85",
    }
    assert reasons_of(plan["unchanged"]) == {"ws-busy": "86 billable hours, above the threshold of 85"}


def test_before_the_last_day_the_switch_to_auto_stop_waits_unless_downgrade_is_always():
    fleet = [usage("ws-idle", "ALWAYS_ON", 3)]
    waiting = plan_running_modes(fleet, settings(now=MID_MONTH))
    assert waiting["to_auto_stop"] == []
    assert reasons_of(waiting["unchanged"]) == {
        "ws-idle": "3 billable hours, at or below the threshold of 85, but the switch to AUTO_STOP waits for the last"
        " day of the month (2026-11-30, UTC)"
    }
    anyday = plan_running_modes(fleet, settings(now=MID_MONTH, downgrade="always"))
    assert ids_of(anyday["to_auto_stop"]) == ["ws-idle"]


def test_the_threshold_is_the_compute_types_with_the_users_dict_merged_over_the_defaults():
    fleet = [usage("ws-std", "AUTO_STOP", 50), usage("ws-power", "AUTO_STOP", 50, compute_type="POWER")]
    plan = plan_running_modes(fleet, settings({"STANDARD": 40}))
    assert [(e["workspace_id"], e["threshold"]) for e in plan["to_always_on"]] == [("ws-std", 40)]
    assert [(e["workspace_id"], e["threshold"]) for e in plan["unchanged"]] == [("ws-power", 92)]


def test_manual_other_states_and_compute_types_without_a_threshold_are_skipped_with_the_reason():
    fleet = [
        usage("ws-manual", "MANUAL", 500),
        usage("ws-suspended", "AUTO_STOP", 500, state="SUSPENDED"),
        usage("ws-graphics", "AUTO_STOP", 500, compute_type="GRAPHICSPRO"),
        usage("ws-stopped", "AUTO_STOP", 500, state="STOPPED"),
    ]
    plan = plan_running_modes(fleet, settings())
    assert reasons_of(plan["skipped"]) == {
        "ws-manual": "MANUAL: the running mode of WorkSpaces Core, left alone",
        "ws-suspended": "SUSPENDED: ModifyWorkspaceProperties takes AVAILABLE or STOPPED WorkSpaces only",
        "ws-graphics": "no threshold for the compute type GRAPHICSPRO",
    }
    assert [e["threshold"] for e in plan["skipped"]] == [85, 85, None]
    assert ids_of(plan["to_always_on"]) == ["ws-stopped"]


def test_every_state_of_the_model_gets_a_decision_and_only_available_and_stopped_can_change():
    for state in MODEL.shape_for("WorkspaceState").enum:
        plan = plan_running_modes([usage("ws-any", "AUTO_STOP", 500, state=state)], settings())
        changes = len(plan["to_always_on"])
        assert changes + len(plan["skipped"]) == 1, state
        assert changes == (1 if state in ("AVAILABLE", "STOPPED") else 0), state


def test_a_workspace_without_properties_is_skipped_not_decided():
    pending = dict(usage("ws-new", None, 0, compute_type=None, state="AVAILABLE"))
    assert reasons_of(plan_running_modes([pending], settings())["skipped"]) == {
        "ws-new": "running mode None: neither AUTO_STOP nor ALWAYS_ON"
    }
    no_compute = usage("ws-odd", "AUTO_STOP", 200, compute_type=None)
    assert reasons_of(plan_running_modes([no_compute], settings())["skipped"]) == {"ws-odd": "no compute type"}


def test_with_a_skip_tag_the_workspaces_that_would_change_need_their_tags_first():
    fleet = [usage("ws-busy", "AUTO_STOP", 100), usage("ws-quiet", "AUTO_STOP", 1), usage("ws-idle", "ALWAYS_ON", 1)]
    first = plan_running_modes(fleet, settings(now=MONTH_END, skip_tag="Skip_Convert"))
    assert first["tags_needed"] == ["ws-busy", "ws-idle"]
    assert ids_of(first["to_always_on"]) == ["ws-busy"] and ids_of(first["to_auto_stop"]) == ["ws-idle"]
    untagged = plan_running_modes(fleet, settings(now=MONTH_END, skip_tag=""))
    assert untagged["tags_needed"] == []


@pytest.mark.parametrize("key", ["Skip_Convert", "skip_convert", "SKIP_CONVERT"])
def test_a_workspace_that_would_change_and_carries_the_skip_tag_in_any_case_is_skipped(key):
    fleet = [usage("ws-busy", "AUTO_STOP", 100), usage("ws-other", "AUTO_STOP", 100), usage("ws-idle", "ALWAYS_ON", 1)]
    tags = {"ws-busy": {key: "", "team": "cad"}, "ws-other": {"team": "cad"}, "ws-idle": {key: "yes"}}
    plan = plan_running_modes(fleet, settings(now=MONTH_END, skip_tag="Skip_Convert"), tags=tags)
    assert reasons_of(plan["skipped"]) == {"ws-busy": f"tagged {key}", "ws-idle": f"tagged {key}"}
    assert plan["skipped"][0]["billable_hours"] == 100 and plan["skipped"][0]["threshold"] == 85
    assert ids_of(plan["to_always_on"]) == ["ws-other"]
    assert plan["to_auto_stop"] == [] and plan["tags_needed"] == []


def test_a_workspace_whose_tags_were_not_found_is_skipped():
    plan = plan_running_modes([usage("ws-gone", "AUTO_STOP", 100)], settings(skip_tag="Skip_Convert"), tags={})
    assert reasons_of(plan["skipped"]) == {"ws-gone": "no longer found when its tags were looked up"}


def test_the_plan_keeps_the_order_of_the_usage_and_the_settings_it_decided_with():
    fleet = [usage("ws-3", "AUTO_STOP", 1), usage("ws-1", "MANUAL", 1), usage("ws-2", "AUTO_STOP", 100)]
    plan = plan_running_modes(fleet, settings(auto_stop_timeout_minutes=120))
    assert plan["order"] == ["ws-3", "ws-1", "ws-2"]
    assert {key: plan[key] for key in ("start_time", "end_time", "month_end", "last_day", "downgrade")} == {
        "start_time": "2026-11-01T00:00:00+00:00",
        "end_time": "2026-11-15T12:00:00+00:00",
        "month_end": False,
        "last_day": "2026-11-30",
        "downgrade": "month_end",
    }
    assert plan["auto_stop_timeout_minutes"] == 120


def test_a_plan_needs_good_settings_and_each_workspace_once():
    with pytest.raises(RunningModeError, match="the settings have problems: now 'x' is not an ISO 8601"):
        plan_running_modes([], settings(now="x"))
    with pytest.raises(RunningModeError, match="ws-1 is in the usage twice"):
        plan_running_modes([usage("ws-1", "AUTO_STOP", 1), usage("ws-1", "AUTO_STOP", 1)], settings())


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

FLEET = [
    usage("ws-busy", "AUTO_STOP", 120, user_name="alice"),
    usage("ws-idle", "ALWAYS_ON", 4, compute_type="POWER", user_name="bob"),
    usage("ws-steady", "AUTO_STOP", 10, user_name="carol"),
    usage("ws-cad", "AUTO_STOP", 300, compute_type="GRAPHICSPRO", user_name="dave"),
]


def test_the_summary_names_each_switch_with_its_hours_and_threshold_and_each_skip():
    plan = plan_running_modes(FLEET, settings(now=MONTH_END))
    report = running_mode_report(plan, ["ws-busy", "ws-idle"])
    assert report["summary"] == [
        "Billable hours from 2026-11-01T00:00:00+00:00 to 2026-11-30T12:00:00+00:00; the last day of the month (UTC):"
        " switches to AUTO_STOP are due",
        "Switched to ALWAYS_ON: ws-busy (alice, STANDARD, 120 billable hours, threshold 85)",
        "Switched to AUTO_STOP (stopping 60 minutes after the user disconnects): ws-idle (bob, POWER, 4 billable hours,"
        " threshold 92)",
        "Unchanged: 1 WorkSpace(s)",
        "Skipped: ws-cad (dave): no threshold for the compute type GRAPHICSPRO",
    ]
    assert ids_of(report["result"]["to_always_on"]) == ["ws-busy"]
    assert ids_of(report["result"]["to_auto_stop"]) == ["ws-idle"]
    assert ids_of(report["result"]["unchanged"]) == ["ws-steady"]
    assert ids_of(report["result"]["skipped"]) == ["ws-cad"]
    assert (report["result"]["start_time"], report["result"]["end_time"]) == (plan["start_time"], plan["end_time"])


def test_in_check_mode_the_summary_says_what_would_be_switched_and_names_the_dry_run_report():
    plan = plan_running_modes(FLEET, settings(now=MID_MONTH))
    summary = running_mode_report(plan, ["ws-busy"], check_mode=True, report_path="/tmp/modes.csv")["summary"]
    assert summary[0] == (
        "Billable hours from 2026-11-01T00:00:00+00:00 to 2026-11-15T12:00:00+00:00; switches to AUTO_STOP wait for"
        " the last day of the month, 2026-11-30 (UTC)"
    )
    assert summary[1] == "Would switch (check mode) to ALWAYS_ON: ws-busy (alice, STANDARD, 120 billable hours, threshold 85)"
    assert summary[2] == "Would switch (check mode) to AUTO_STOP (stopping 60 minutes after the user disconnects): none"
    assert summary[3] == "Unchanged: 2 WorkSpace(s)"
    assert summary[4] == (
        "Waiting for the last day of the month to switch to AUTO_STOP: ws-idle (bob, POWER, 4 billable hours, threshold 92)"
    )
    assert summary[-1] == "CSV report of the dry run: /tmp/modes.csv"
    anyday = running_mode_report(plan_running_modes(FLEET, settings(now=MID_MONTH, downgrade="always")), ["ws-busy", "ws-idle"])
    assert anyday["summary"][0].endswith("switches to AUTO_STOP on any day (downgrade: always)")
    assert not any(line.startswith("Waiting") for line in anyday["summary"])


def test_a_planned_switch_the_module_found_already_made_is_reported_unchanged():
    plan = plan_running_modes(FLEET, settings(now=MONTH_END))
    result = running_mode_report(plan, ["ws-idle"])["result"]
    assert result["to_always_on"] == []
    assert reasons_of(result["unchanged"])["ws-busy"] == "already ALWAYS_ON when it was to be switched"


def test_a_change_outside_the_plan_is_an_error():
    with pytest.raises(RunningModeError, match="changed but not planned to: ws-steady"):
        running_mode_report(plan_running_modes(FLEET, settings(now=MONTH_END)), ["ws-busy", "ws-steady"])


def test_the_csv_has_one_row_per_workspace_in_the_order_of_the_usage():
    plan = plan_running_modes(FLEET, settings(now=MONTH_END))
    text = running_mode_report(plan, ["ws-busy", "ws-idle"])["csv"]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS) == [
        "workspace_id",
        "user_name",
        "directory_id",
        "compute_type_name",
        "running_mode_before",
        "running_mode_after",
        "billable_hours",
        "threshold",
        "action",
        "reason",
    ]
    assert rows[1:] == [
        ["ws-busy", "alice", "d-1234567890", "STANDARD", "AUTO_STOP", "ALWAYS_ON", "120", "85", "to_always_on",
         "120 billable hours, above the threshold of 85"],
        ["ws-idle", "bob", "d-1234567890", "POWER", "ALWAYS_ON", "AUTO_STOP", "4", "92", "to_auto_stop",
         "4 billable hours, at or below the threshold of 92"],
        ["ws-steady", "carol", "d-1234567890", "STANDARD", "AUTO_STOP", "AUTO_STOP", "10", "85", "unchanged",
         "10 billable hours, at or below the threshold of 85"],
        ["ws-cad", "dave", "d-1234567890", "GRAPHICSPRO", "AUTO_STOP", "AUTO_STOP", "300", "", "skipped",
         "no threshold for the compute type GRAPHICSPRO"],
    ]
    # A reason holds commas: the csv module quotes it, so that the columns stay ten.
    assert '"120 billable hours, above the threshold of 85"' in text


def test_the_csv_of_an_empty_scope_is_its_header():
    assert running_mode_report(plan_running_modes([], settings()), [])["csv"] == ",".join(CSV_COLUMNS) + "\r\n"

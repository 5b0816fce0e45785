# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Right-sizing running modes with the role euc.aws.workspaces_running_mode, through ansible-playbook against the
sandbox, its CloudWatch seeded with UserConnected sessions.

The sandbox keeps real timestamps and CloudWatch keeps 5-minute points for 63 days, so every moment here is chosen
from the real date: the last day of the month before for the month's end, the 15th of this month (or of the month
before, while this month's is still ahead) for the middle of a month.
"""

import csv
import io
import json
import subprocess
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from e2e_support import REPO_ROOT
from e2e_support import VENV_BIN
from e2e_support import ansible_env
from e2e_support import play
from e2e_support import playbook_text

ROLE_PLAYBOOK = playbook_text(play("Right-size running modes", roles=[{"role": "euc.aws.workspaces_running_mode"}]))

CURRENT_TIME = datetime.now(timezone.utc)
THIS_MONTH = CURRENT_TIME.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
MONTH_END = THIS_MONTH - timedelta(hours=12)  # noon on the last day of the month before


def mid_month():
    fifteenth = THIS_MONTH.replace(day=15, hour=12)
    if fifteenth <= CURRENT_TIME:
        return fifteenth
    return MONTH_END.replace(day=15)


MID_MONTH = mid_month()

# A day's session of 9 hours bills ceil((540 + 60) / 60) = 10 hours with the timeout of 60 minutes: ten such days are
# 100 billable hours, above STANDARD's 85. Two days of 2 hours are 2 x 3 = 6, two of 1 hour 2 x 2 = 4.
BUSY = {"minutes": 540, "days": 10}
QUIET = {"minutes": 120, "days": 2}
IDLE = {"minutes": 60, "days": 2}


def seed_use(ws, workspace_id, now, minutes, days):
    """``days`` daily sessions of ``minutes`` at 08:00 UTC, from the second day of ``now``'s month."""
    first = now.replace(day=2, hour=8, minute=0, second=0, microsecond=0)
    ws.seed_sessions(workspace_id, first, minutes, days=days)


@pytest.fixture(name="fleet")
def fixture_fleet(ws):
    """A directory of four STANDARD WorkSpaces: alice (AUTO_STOP, busy), bob (AUTO_STOP, quiet), carol (ALWAYS_ON,
    idle) and dave (ALWAYS_ON, busy). ``fleet(now)`` seeds their use in now's month; it returns the directory and the
    IDs by user."""

    def seed(now):
        directory_id = ws.seed_directory()
        auto_stop = ws.seed_workspaces(directory_id, ["alice", "bob"])
        always_on = ws.seed_workspaces(directory_id, ["carol", "dave"], running_mode="ALWAYS_ON")
        ids = dict(zip(["alice", "bob", "carol", "dave"], auto_stop + always_on))
        for user, use in (("alice", BUSY), ("bob", QUIET), ("carol", IDLE), ("dave", BUSY)):
            seed_use(ws, ids[user], now, **use)
        ws.reset_calls()
        return directory_id, ids

    return seed


def run_role(playbook, ws, *extra_cli, now, **role_vars):
    return playbook(
        ROLE_PLAYBOOK,
        *extra_cli,
        extra_vars={"endpoint_url": ws.endpoint_url, "workspaces_running_mode_now": now.isoformat(), **role_vars},
    )


def result_of(run):
    return run.task("Set workspaces_running_mode_result")["ansible_facts"]["workspaces_running_mode_result"]


def summary_of(run):
    return run.task("Summary")["msg"]


def decided(result, name):
    return {entry["workspace_id"]: (entry["billable_hours"], entry["threshold"], entry["reason"]) for entry in result[name]}


def modifications(ws):
    return [(call["params"]["WorkspaceId"], call["params"]["WorkspaceProperties"]) for call in ws.calls("ModifyWorkspaceProperties")]


def running_modes(ws, ids):
    return {user: ws.running_mode_of(workspace_id) for user, workspace_id in ids.items()}


@pytest.mark.matrix
def test_a_busy_auto_stop_workspace_goes_always_on_mid_month_and_an_idle_always_on_one_waits(ws, playbook, fleet):
    directory_id, ids = fleet(MID_MONTH)
    run = run_role(playbook, ws, now=MID_MONTH, workspaces_running_mode_directory_id=directory_id)
    assert run.returncode == 0, run.output
    assert modifications(ws) == [(ids["alice"], {"RunningMode": "ALWAYS_ON"})]
    assert running_modes(ws, ids) == {"alice": "ALWAYS_ON", "bob": "AUTO_STOP", "carol": "ALWAYS_ON", "dave": "ALWAYS_ON"}
    result = result_of(run)
    assert decided(result, "to_always_on") == {ids["alice"]: (100, 85, "100 billable hours, above the threshold of 85")}
    assert result["to_auto_stop"] == [] and result["skipped"] == []
    last_day = (MID_MONTH.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    waits = (
        "4 billable hours, at or below the threshold of 85, but the switch to AUTO_STOP waits for the last day of the"
        f" month ({last_day.date().isoformat()}, UTC)"
    )
    assert decided(result, "unchanged") == {
        ids["bob"]: (6, 85, "6 billable hours, at or below the threshold of 85"),
        ids["carol"]: (4, 85, waits),
        ids["dave"]: (100, 85, "100 billable hours, above the threshold of 85"),
    }
    summary = summary_of(run)
    assert summary[1] == f"Switched to ALWAYS_ON: {ids['alice']} (alice, STANDARD, 100 billable hours, threshold 85)"
    assert summary[2].endswith(": none")
    assert summary[4] == (
        f"Waiting for the last day of the month to switch to AUTO_STOP: {ids['carol']} (carol, STANDARD, 4 billable"
        " hours, threshold 85)"
    )
    # The hours of the four in one GetMetricData call; tags only for the one that changes.
    assert len(ws.calls("GetMetricData")) == 1
    assert [call["params"]["ResourceId"] for call in ws.calls("DescribeTags")] == [ids["alice"]]
    assert run.stats["changed"] == 1


def test_on_the_last_day_of_the_month_an_idle_always_on_workspace_goes_auto_stop_with_the_timeout(ws, playbook, fleet):
    directory_id, ids = fleet(MONTH_END)
    run = run_role(
        playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
        workspaces_running_mode_auto_stop_timeout_minutes=120,
    )
    assert run.returncode == 0, run.output
    assert sorted(modifications(ws)) == sorted([
        (ids["alice"], {"RunningMode": "ALWAYS_ON"}),
        (ids["carol"], {"RunningMode": "AUTO_STOP", "RunningModeAutoStopTimeoutInMinutes": 120}),
    ])
    assert running_modes(ws, ids) == {"alice": "ALWAYS_ON", "bob": "AUTO_STOP", "carol": "AUTO_STOP", "dave": "ALWAYS_ON"}
    assert ws.properties_of(ids["carol"])["RunningModeAutoStopTimeoutInMinutes"] == 120
    # An ALWAYS_ON WorkSpace's hours are counted with the timeout it would get: 2 x ceil((60 + 120) / 60).
    assert decided(result_of(run), "to_auto_stop") == {ids["carol"]: (6, 85, "6 billable hours, at or below the threshold of 85")}
    summary = summary_of(run)
    assert summary[0].endswith("the last day of the month (UTC): switches to AUTO_STOP are due")
    assert summary[2] == (
        f"Switched to AUTO_STOP (stopping 120 minutes after the user disconnects): {ids['carol']} (carol, STANDARD,"
        " 6 billable hours, threshold 85)"
    )


def test_mid_month_nothing_goes_auto_stop_unless_downgrade_is_always(ws, playbook, fleet):
    directory_id, ids = fleet(MID_MONTH)
    run = run_role(playbook, ws, now=MID_MONTH, workspaces_running_mode_directory_id=directory_id,
                   workspaces_running_mode_downgrade="always")
    assert run.returncode == 0, run.output
    assert running_modes(ws, ids) == {"alice": "ALWAYS_ON", "bob": "AUTO_STOP", "carol": "AUTO_STOP", "dave": "ALWAYS_ON"}
    assert summary_of(run)[0].endswith("switches to AUTO_STOP on any day (downgrade: always)")


@pytest.mark.parametrize("key", ["Skip_Convert", "skip_convert", "SKIP_CONVERT"])
def test_a_workspace_tagged_skip_convert_in_any_case_is_left_alone(ws, playbook, fleet, key):
    directory_id, ids = fleet(MONTH_END)
    for user in ("alice", "carol", "bob"):
        ws.client("workspaces").create_tags(ResourceId=ids[user], Tags=[{"Key": key, "Value": "finance"}])
    ws.reset_calls()
    run = run_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id)
    assert run.returncode == 0, run.output
    assert modifications(ws) == []
    assert running_modes(ws, ids) == {"alice": "AUTO_STOP", "bob": "AUTO_STOP", "carol": "ALWAYS_ON", "dave": "ALWAYS_ON"}
    result = result_of(run)
    assert decided(result, "skipped") == {
        ids["alice"]: (100, 85, f"tagged {key}"),
        ids["carol"]: (4, 85, f"tagged {key}"),
    }
    assert f"Skipped: {ids['alice']} (alice): tagged {key}" in summary_of(run)
    # bob is tagged too, but would not change: his tags are never looked up.
    assert sorted(call["params"]["ResourceId"] for call in ws.calls("DescribeTags")) == sorted([ids["alice"], ids["carol"]])
    assert run.task("Switch to ALWAYS_ON")["skipped"] is True


def test_an_empty_skip_tag_exempts_nothing_and_looks_up_no_tags(ws, playbook, fleet):
    directory_id, ids = fleet(MONTH_END)
    ws.client("workspaces").create_tags(ResourceId=ids["alice"], Tags=[{"Key": "Skip_Convert", "Value": ""}])
    ws.reset_calls()
    run = run_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
                   workspaces_running_mode_skip_tag="")
    assert run.returncode == 0, run.output
    assert ws.running_mode_of(ids["alice"]) == "ALWAYS_ON"
    assert ws.calls("DescribeTags") == []


def test_compute_types_without_a_threshold_manual_and_unchangeable_states_are_skipped_naming_why(ws, playbook):
    directory_id = ws.seed_directory()
    graphics, suspended, manual = ws.seed_workspaces(directory_id, ["erin", "frank", "grace"])
    ws.set_properties(graphics, {"ComputeTypeName": "GRAPHICSPRO", "RootVolumeSizeGib": 175, "UserVolumeSizeGib": 100})
    ws.set_state(suspended, "SUSPENDED")
    ws.set_running_mode(manual, "MANUAL")
    for workspace_id in (graphics, suspended, manual):
        seed_use(ws, workspace_id, MID_MONTH, **BUSY)
    ws.reset_calls()
    run = run_role(playbook, ws, now=MID_MONTH, workspaces_running_mode_directory_id=directory_id)
    assert run.returncode == 0, run.output
    assert decided(result_of(run), "skipped") == {
        graphics: (100, None, "no threshold for the compute type GRAPHICSPRO"),
        suspended: (100, 85, "SUSPENDED: ModifyWorkspaceProperties takes AVAILABLE or STOPPED WorkSpaces only"),
        manual: (100, 85, "MANUAL: the running mode of WorkSpaces Core, left alone"),
    }
    assert modifications(ws) == [] and ws.calls("DescribeTags") == []
    # A threshold for the compute type, merged over the defaults, brings it in.
    ws.reset_calls()
    run = run_role(playbook, ws, now=MID_MONTH, workspaces_running_mode_directory_id=directory_id,
                   workspaces_running_mode_thresholds={"GRAPHICSPRO": 50})
    assert run.returncode == 0, run.output
    assert decided(result_of(run), "to_always_on") == {graphics: (100, 50, "100 billable hours, above the threshold of 50")}
    assert modifications(ws) == [(graphics, {"RunningMode": "ALWAYS_ON"})]


def test_the_guard_refuses_more_changes_than_allowed_before_any_change_naming_them(ws, playbook, fleet):
    directory_id, ids = fleet(MONTH_END)
    run = run_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
                   workspaces_running_mode_max_count=1)
    assert run.returncode != 0
    message = run.task("Refuse to change more running modes than allowed")["msg"]
    assert message == (
        "Refusing to change the running mode of 2 WorkSpaces: more than workspaces_running_mode_max_count (1). Nothing"
        f" was changed. To ALWAYS_ON: {ids['alice']}; to AUTO_STOP: {ids['carol']}. Check the thresholds, or raise"
        " workspaces_running_mode_max_count deliberately."
    )
    assert ws.calls("ModifyWorkspaceProperties") == []
    assert running_modes(ws, ids) == {"alice": "AUTO_STOP", "bob": "AUTO_STOP", "carol": "ALWAYS_ON", "dave": "ALWAYS_ON"}


def test_check_mode_is_the_dry_run_it_changes_nothing_and_reports_what_would_be_done(ws, playbook, fleet, tmp_path):
    directory_id, ids = fleet(MONTH_END)
    report = tmp_path / "dry-run.csv"
    run = run_role(playbook, ws, "--check", now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
                   workspaces_running_mode_report_path=str(report))
    assert run.returncode == 0, run.output
    assert ws.calls("ModifyWorkspaceProperties") == []
    assert running_modes(ws, ids) == {"alice": "AUTO_STOP", "bob": "AUTO_STOP", "carol": "ALWAYS_ON", "dave": "ALWAYS_ON"}
    result = result_of(run)
    assert list(decided(result, "to_always_on")) == [ids["alice"]]
    assert list(decided(result, "to_auto_stop")) == [ids["carol"]]
    summary = summary_of(run)
    assert summary[1] == f"Would switch (check mode) to ALWAYS_ON: {ids['alice']} (alice, STANDARD, 100 billable hours, threshold 85)"
    assert summary[-1] == f"CSV report of the dry run: {report}"
    rows = {row["workspace_id"]: row for row in csv.DictReader(io.StringIO(report.read_text()))}
    assert (rows[ids["alice"]]["running_mode_before"], rows[ids["alice"]]["running_mode_after"]) == ("AUTO_STOP", "ALWAYS_ON")
    assert rows[ids["carol"]]["action"] == "to_auto_stop"
    # The preview ran in check mode; the changes themselves did not run.
    assert run.task("Preview the switches to ALWAYS_ON (check mode, changes nothing)")["modified"] == [ids["alice"]]
    assert run.task("Switch to ALWAYS_ON")["skipped"] is True
    assert run.stats["changed"] == 2  # the recap of the dry run counts what would change, as a run's counts what did


def test_the_csv_report_has_a_row_for_every_workspace_in_scope(ws, playbook, fleet, tmp_path):
    directory_id, ids = fleet(MONTH_END)
    (other,) = ws.seed_workspaces(ws.seed_directory(), ["zed"])  # another directory: out of scope
    report = tmp_path / "running-modes.csv"
    run = run_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id,
                   workspaces_running_mode_report_path=str(report))
    assert run.returncode == 0, run.output
    text = report.read_text()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["workspace_id", "user_name", "directory_id", "compute_type_name", "running_mode_before",
                       "running_mode_after", "billable_hours", "threshold", "action", "reason"]
    assert sorted(rows[1:]) == sorted([
        [ids["alice"], "alice", directory_id, "STANDARD", "AUTO_STOP", "ALWAYS_ON", "100", "85", "to_always_on",
         "100 billable hours, above the threshold of 85"],
        [ids["bob"], "bob", directory_id, "STANDARD", "AUTO_STOP", "AUTO_STOP", "6", "85", "unchanged",
         "6 billable hours, at or below the threshold of 85"],
        [ids["carol"], "carol", directory_id, "STANDARD", "ALWAYS_ON", "AUTO_STOP", "4", "85", "to_auto_stop",
         "4 billable hours, at or below the threshold of 85"],
        [ids["dave"], "dave", directory_id, "STANDARD", "ALWAYS_ON", "ALWAYS_ON", "100", "85", "unchanged",
         "100 billable hours, above the threshold of 85"],
    ])
    assert other not in text
    assert oct(report.stat().st_mode & 0o777) == "0o644"
    assert run.task("Write the CSV report on the controller")["changed"] is False


def test_run_again_it_changes_nothing(ws, playbook, fleet):
    directory_id, ids = fleet(MONTH_END)
    first = run_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id)
    assert first.returncode == 0, first.output
    assert first.stats["changed"] == 2
    ws.reset_calls()
    again = run_role(playbook, ws, now=MONTH_END, workspaces_running_mode_directory_id=directory_id)
    assert again.returncode == 0, again.output
    assert again.stats["changed"] == 0
    assert ws.calls("ModifyWorkspaceProperties") == [] and ws.calls("DescribeTags") == []
    result = result_of(again)
    assert result["to_always_on"] == result["to_auto_stop"] == []
    assert decided(result, "unchanged")[ids["alice"]] == (100, 85, "100 billable hours, above the threshold of 85")
    # carol, AUTO_STOP now with her own timeout of 60, counts 2 x 2 hours: at or below, so she stays.
    assert decided(result, "unchanged")[ids["carol"]] == (4, 85, "4 billable hours, at or below the threshold of 85")


def test_without_a_directory_the_whole_region_is_in_scope(ws, playbook):
    first, second = ws.seed_directory(), ws.seed_directory()
    (alice,) = ws.seed_workspaces(first, ["alice"])
    (bob,) = ws.seed_workspaces(second, ["bob"])
    for workspace_id in (alice, bob):
        seed_use(ws, workspace_id, MID_MONTH, **BUSY)
    ws.reset_calls()
    run = run_role(playbook, ws, now=MID_MONTH)
    assert run.returncode == 0, run.output
    assert (ws.running_mode_of(alice), ws.running_mode_of(bob)) == ("ALWAYS_ON", "ALWAYS_ON")


def test_bad_input_fails_before_any_aws_call_naming_each_problem(ws, playbook):
    ws.reset_calls()
    run = run_role(
        playbook, ws, now=CURRENT_TIME + timedelta(days=1),
        workspaces_running_mode_thresholds={"STANDART": 40, "POWER": -1},
        workspaces_running_mode_auto_stop_timeout_minutes=90,
    )
    assert run.returncode != 0
    message = run.task("Check the inputs")["msg"]
    assert message.startswith("Nothing was looked up or changed: workspaces_running_mode_thresholds names compute types"
                              " botocore's WorkSpaces model does not know: STANDART (it knows VALUE, STANDARD,")
    for problem in (
        "workspaces_running_mode_thresholds must be positive numbers of hours a month, not POWER -1",
        "workspaces_running_mode_auto_stop_timeout_minutes must be a positive multiple of 60, got 90",
        "workspaces_running_mode_now (",
        ") is later than the current time (",
    ):
        assert problem in message
    assert ws.calls() == []


@pytest.mark.parametrize("now, expected", [
    ("last Friday", "workspaces_running_mode_now 'last Friday' is not an ISO 8601 date and time, such as 2026-11-30T12:00:00Z"),
    ((THIS_MONTH - timedelta(days=70)).isoformat(), "is in a month that began more than 63 days ago"),
])
def test_a_bad_now_fails_before_any_aws_call(ws, playbook, now, expected):
    run = playbook(ROLE_PLAYBOOK, extra_vars={"endpoint_url": ws.endpoint_url, "workspaces_running_mode_now": now})
    assert run.returncode != 0
    assert expected in run.task("Check the inputs")["msg"]
    assert ws.calls() == []


def test_a_downgrade_other_than_month_end_or_always_is_refused_by_the_argument_spec(ws, playbook):
    run = run_role(playbook, ws, now=MID_MONTH, workspaces_running_mode_downgrade="weekly")
    assert run.returncode != 0
    assert "workspaces_running_mode_downgrade" in run.output and "month_end, always" in run.output
    assert ws.calls() == []


@pytest.mark.parametrize("doc_args, expected", [
    (["-t", "role", "euc.aws.workspaces_running_mode"], "workspaces_running_mode_skip_tag"),
    (["-t", "filter", "euc.aws.running_mode_settings"], "option_prefix"),
    (["-t", "filter", "euc.aws.running_mode_plan"], "tags_needed"),
    (["-t", "filter", "euc.aws.running_mode_report"], "running_mode_after"),
])
def test_ansible_doc_renders_the_role_and_its_filters(ws, doc_args, expected):
    shown = subprocess.run(
        [str(VENV_BIN / "ansible-doc"), *doc_args], env=ansible_env(ws), capture_output=True, text=True, check=True
    ).stdout
    assert expected in shown


def test_the_example_playbook_runs_as_written(ws, fleet, tmp_path):
    directory_id, ids = fleet(MONTH_END)
    completed = subprocess.run(
        [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "examples/right_size_running_modes.yml",
         "--check", "-e", json.dumps({"workspaces_endpoint_url": ws.endpoint_url, "aws_region": "us-east-1",
                                      "directory_id": directory_id, "report_path": str(tmp_path / "modes.csv")})],
        env=ansible_env(ws), cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert ws.calls("ModifyWorkspaceProperties") == []
    assert ids["alice"] in (tmp_path / "modes.csv").read_text()

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rolling a new image out to the WorkSpaces of a bundle with the role euc.aws.workspaces_image_rollout, through the
real ansible-playbook against the sandbox: the whole rollout, the skips, STOPPED WorkSpaces stopped again, check mode,
the CSV, the guard and bad input. The failures, the way back and resume are in test_e2e_image_rollout_failures.py."""

import csv

import pytest

from image_rollout_support import MARKER
from image_rollout_support import ROLE_PLAYBOOK
from image_rollout_support import fixture_estate  # noqa: F401 pylint: disable=unused-import
from image_rollout_support import changing_calls
from image_rollout_support import ids
from image_rollout_support import reasons
from image_rollout_support import rebuilt_in_calls
from image_rollout_support import rollout_result


@pytest.mark.matrix
def test_the_whole_rollout_canary_then_waves_each_marked_and_the_bundle_on_the_image(ws, estate, playbook):
    first, *rest = estate.workspace_ids
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode == 0, run.output
    result = rollout_result(run)
    assert result["canary"] == [first]
    assert result["waves"] == [rest[:2], rest[2:]]
    assert ids(result["rebuilt"]) == estate.workspace_ids
    assert [entry["wave"] for entry in result["rebuilt"]] == [0, 1, 1, 2, 2]
    assert (result["failed"], result["skipped"], result["already"], result["not_reached"]) == ([], [], [], [])
    assert (result["image_id"], result["previous_image_id"], result["bundle_id"]) == (estate.new_image, estate.old_image, estate.bundle_id)
    assert result["rolled_back"] is False
    # One call a WorkSpace, the canary first: the waves wait for it.
    assert rebuilt_in_calls(ws)[0] == first and sorted(rebuilt_in_calls(ws)) == estate.workspace_ids
    assert estate.marked() == estate.workspace_ids
    assert estate.bundle_image() == estate.new_image
    assert run.stats["changed"] > 0


def test_a_user_connected_is_skipped_and_taken_only_when_asked(ws, estate, playbook):
    connected = estate.workspace_ids[0]
    ws.set_connection(connected, state="CONNECTED")
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode == 0, run.output
    result = rollout_result(run)
    assert reasons(result["skipped"]) == {connected: "a user is connected"}
    assert result["canary"] == [estate.workspace_ids[1]]
    assert connected not in rebuilt_in_calls(ws) and connected not in estate.marked()

    again = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars(include_connected=True))
    assert again.returncode == 0, again.output
    assert ids(rollout_result(again)["rebuilt"]) == [connected]
    assert ids(rollout_result(again)["already"]) == estate.workspace_ids[1:]


def test_the_skip_tag_is_found_in_another_case(ws, estate, playbook):
    exempt = estate.workspace_ids[2]
    ws.client("workspaces").create_tags(ResourceId=exempt, Tags=[{"Key": "skip_ROLLOUT", "Value": ""}])
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode == 0, run.output
    assert reasons(rollout_result(run)["skipped"]) == {exempt: "it carries the Skip_Rollout tag"}
    assert exempt not in rebuilt_in_calls(ws)
    assert len(rebuilt_in_calls(ws)) == 4


def test_a_workspace_that_was_stopped_is_stopped_again_once_rebuilt(ws, estate, playbook):
    stopped = estate.workspace_ids[3]
    ws.set_state(stopped, "STOPPED")
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode == 0, run.output
    assert stopped in ids(rollout_result(run)["rebuilt"])
    stop_requests = [request["WorkspaceId"] for call in ws.calls("StopWorkspaces") for request in call["params"]["StopWorkspaceRequests"]]
    assert stop_requests == [stopped]
    assert ws.state_of(stopped) in ("STOPPING", "STOPPED")
    assert all(ws.state_of(workspace_id) == "AVAILABLE" for workspace_id in estate.workspace_ids if workspace_id != stopped)


def test_check_mode_reports_the_plan_writes_the_csv_and_changes_nothing(ws, estate, playbook, tmp_path):
    report = tmp_path / "rollout.csv"
    ws.set_state(estate.workspace_ids[4], "REBOOTING")
    run = playbook(ROLE_PLAYBOOK, "--check", extra_vars=estate.extra_vars(report_path=str(report)))
    assert run.returncode == 0, run.output
    result = rollout_result(run)
    assert result["canary"] == estate.workspace_ids[:1]
    assert result["waves"] == [estate.workspace_ids[1:3], estate.workspace_ids[3:4]]
    assert (result["image_id"], result["previous_image_id"]) == (estate.new_image, estate.old_image)
    assert changing_calls(ws) == []
    assert estate.bundle_image() == estate.old_image
    assert run.stats["changed"] == 0
    with report.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["workspace_id"], row["outcome"], row["wave"]) for row in rows] == [
        (estate.workspace_ids[0], "to_rebuild", "0"), (estate.workspace_ids[1], "to_rebuild", "1"),
        (estate.workspace_ids[2], "to_rebuild", "1"), (estate.workspace_ids[3], "to_rebuild", "2"),
        (estate.workspace_ids[4], "skipped", ""),
    ]
    assert rows[4]["reason"].startswith("REBOOTING: busy")


def test_the_csv_has_one_row_per_workspace_with_its_outcome(ws, estate, playbook, tmp_path):
    report = tmp_path / "rollout.csv"
    ws.client("workspaces").create_tags(ResourceId=estate.workspace_ids[0], Tags=[{"Key": MARKER, "Value": estate.new_image}])
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars(report_path=str(report)))
    assert run.returncode == 0, run.output
    text = report.read_text()
    assert text.splitlines()[0] == "workspace_id,user_name,state,outcome,reason,wave,image_id"
    rows = list(csv.DictReader(text.splitlines()))
    assert [row["workspace_id"] for row in rows] == estate.workspace_ids
    assert rows[0]["outcome"] == "already" and rows[0]["reason"] == f"its {MARKER} tag names {estate.new_image}"
    assert [(row["outcome"], row["state"], row["wave"], row["image_id"]) for row in rows[1:]] == [
        ("rebuilt", "AVAILABLE", "0", estate.new_image), ("rebuilt", "AVAILABLE", "1", estate.new_image),
        ("rebuilt", "AVAILABLE", "1", estate.new_image), ("rebuilt", "AVAILABLE", "2", estate.new_image),
    ]
    assert all(row["user_name"].startswith("user") for row in rows)


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_the_guard_refuses_more_than_max_count_before_any_change(ws, estate, playbook, check):
    run = playbook(ROLE_PLAYBOOK, *(["--check"] if check else []), extra_vars=estate.extra_vars(max_count=4))
    assert run.returncode != 0
    assert "Refusing to rebuild 5 WorkSpaces: more than workspaces_image_rollout_max_count (4)" in run.output
    assert ", ".join(estate.workspace_ids) in run.output
    assert changing_calls(ws) == []
    assert estate.bundle_image() == estate.old_image


def test_bad_input_fails_before_any_call_naming_every_problem(ws, estate, playbook):
    bad = estate.extra_vars(wave_size=0, canary_count="-1", image_description="not with an image ID")
    bad["workspaces_image_rollout_wave_sise"] = 10
    run = playbook(ROLE_PLAYBOOK, extra_vars=bad)
    assert run.returncode != 0
    for problem in (
        "workspaces_image_rollout_wave_sise is not an option of the role workspaces_image_rollout (did you mean workspaces_image_rollout_wave_size?)",
        "workspaces_image_rollout_wave_size must be 1 or more, got 0",
        "workspaces_image_rollout_canary_count must be 0 or more, got -1",
        "workspaces_image_rollout_image_description only go with workspaces_image_rollout_builder_workspace_id",
    ):
        assert problem in run.output
    assert ws.calls() == []


def test_a_bundle_of_aws_is_refused_before_any_change(ws, estate, playbook):
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars(bundle="wsb-0123456789"))
    assert run.returncode != 0
    assert "bundle wsb-0123456789 is one of AWS's public bundles: a rollout needs a custom bundle of the account" in run.output
    assert changing_calls(ws) == []

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""When an image rollout (the role euc.aws.workspaces_image_rollout) fails, through the real ansible-playbook against
the sandbox: a failing canary points the bundle back, a failure in a later wave stops the waves without, an error is
reported with what was done, and a second run resumes. Also the image made from a builder WorkSpace."""

import pytest

from image_rollout_support import MARKER
from image_rollout_support import ROLE_PLAYBOOK
from image_rollout_support import fixture_estate  # noqa: F401 pylint: disable=unused-import
from image_rollout_support import ids
from image_rollout_support import reasons
from image_rollout_support import rebuilt_in_calls
from image_rollout_support import rollout_result

FAILING_CHECK = """
- name: Check the canaries
  ansible.builtin.fail:
    msg: "the image is broken on {{ workspaces_image_rollout_canary_ids | join(',') }}"
"""

RECORDING_CHECK = """
- name: Record the canaries checked
  ansible.builtin.copy:
    content: "{{ workspaces_image_rollout_canary_ids | to_json }}"
    dest: "{{ checked_path }}"
    mode: "0644"
"""


@pytest.mark.matrix
def test_a_canary_that_ends_in_error_stops_the_rollout_and_points_the_bundle_back(ws, estate, playbook):
    canary, *rest = estate.workspace_ids
    ws.land_in(canary, "ERROR")
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode != 0
    result = rollout_result(run)
    assert result["rolled_back"] is True
    assert reasons(result["failed"]) == {canary: "ended ERROR after the rebuild"}
    assert ids(result["not_reached"]) == rest and result["rebuilt"] == []
    assert rebuilt_in_calls(ws) == [canary]
    assert estate.bundle_image() == estate.old_image
    assert estate.marked() == []
    assert f"Failed: {canary} ({result['failed'][0]['user_name']}): ended ERROR after the rebuild" in run.output
    assert f"the canary failed and the bundle was pointed back at {estate.old_image}" in run.output


def test_a_failed_canary_check_points_the_bundle_back_and_rebuilds_nothing_else(ws, estate, playbook, tmp_path):
    check = tmp_path / "check.yml"
    check.write_text(FAILING_CHECK)
    canary = estate.workspace_ids[0]
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars(canary_check_tasks=str(check)))
    assert run.returncode != 0
    result = rollout_result(run)
    assert result["rolled_back"] is True
    assert reasons(result["failed"]) == {canary: f"the canary check failed: the image is broken on {canary}"}
    # It was rebuilt and is on the new image, as its marker says; nothing else was.
    assert ids(result["rebuilt"]) == [canary] and estate.marked() == [canary]
    assert rebuilt_in_calls(ws) == [canary]
    assert estate.bundle_image() == estate.old_image


def test_the_canary_check_gets_the_canaries_and_a_passing_check_lets_the_waves_go(ws, estate, playbook, tmp_path):
    check, checked = tmp_path / "check.yml", tmp_path / "checked.json"
    check.write_text(RECORDING_CHECK)
    canaries = estate.workspace_ids[3:5]
    extra_vars = estate.extra_vars(canary_check_tasks=str(check), canary_workspace_ids=canaries)
    run = playbook(ROLE_PLAYBOOK, extra_vars=dict(extra_vars, checked_path=str(checked)))
    assert run.returncode == 0, run.output
    assert checked.read_text() == f'["{canaries[0]}", "{canaries[1]}"]'
    assert rebuilt_in_calls(ws)[:2] == canaries or sorted(rebuilt_in_calls(ws)[:2]) == canaries
    assert rollout_result(run)["waves"] == [estate.workspace_ids[0:2], estate.workspace_ids[2:3]]


def test_a_failure_in_a_later_wave_stops_the_waves_without_rolling_back_and_a_second_run_resumes(ws, estate, playbook):
    canary, first, second, third, fourth = estate.workspace_ids
    ws.land_in(first, "ERROR")
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode != 0
    result = rollout_result(run)
    assert reasons(result["failed"]) == {first: "ended ERROR after the rebuild"}
    assert ids(result["rebuilt"]) == [canary, second]
    assert ids(result["not_reached"]) == [third, fourth]
    assert result["rolled_back"] is False and estate.bundle_image() == estate.new_image
    assert sorted(estate.marked()) == [canary, second]

    ws.set_state(first, "AVAILABLE")
    ws.reset_calls()
    resumed = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert resumed.returncode == 0, resumed.output
    result = rollout_result(resumed)
    assert ids(result["already"]) == [canary, second]
    assert result["canary"] == [first]
    assert ids(result["rebuilt"]) == [first, third, fourth]
    assert sorted(rebuilt_in_calls(ws)) == [first, third, fourth]
    assert ws.calls("UpdateWorkspaceBundle") == []
    assert estate.marked() == estate.workspace_ids


def test_max_failures_lets_the_waves_go_on_past_a_failure(ws, estate, playbook):
    first = estate.workspace_ids[1]
    ws.fail_requests({first: ("InvalidResourceStateException", "The specified WorkSpace has an invalid state.")}, operation="RebuildWorkspaces")
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars(max_failures=1))
    assert run.returncode != 0
    result = rollout_result(run)
    assert reasons(result["failed"]) == {
        first: "RebuildWorkspaces failed: InvalidResourceStateException: The specified WorkSpace has an invalid state."
    }
    assert ids(result["rebuilt"]) == [ws_id for ws_id in estate.workspace_ids if ws_id != first]
    assert result["not_reached"] == []


def test_an_error_is_reported_with_what_was_done(ws, estate, playbook):
    ws.fail_requests({estate.bundle_id: ("AccessDeniedException", "User is not authorized to update the bundle")},
                     operation="UpdateWorkspaceBundle")
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars())
    assert run.returncode != 0
    result = rollout_result(run)
    assert result["error"].startswith("Point the bundle at the image: ")
    assert "AccessDeniedException" in result["error"]
    assert (result["rebuilt"], result["failed"], result["rolled_back"]) == ([], [], False)
    assert ids(result["not_reached"]) == estate.workspace_ids
    assert rebuilt_in_calls(ws) == [] and estate.bundle_image() == estate.old_image


def test_the_image_is_made_from_a_builder_and_a_second_run_finds_it_by_name(ws, estate, playbook):
    builder = ws.seed_workspaces(estate.directory_id, user_names=["builder"])[0]
    options = {"image_id": "", "builder_workspace_id": builder, "image_name": "golden-2026-12-b",
               "image_description": "Golden image of December 2026"}
    run = playbook(ROLE_PLAYBOOK, extra_vars=estate.extra_vars(**options))
    assert run.returncode == 0, run.output
    made = ws.client("workspaces").describe_workspace_images(ImageIds=[rollout_result(run)["image_id"]])["Images"][0]
    assert made["Name"] == "golden-2026-12-b"
    assert estate.bundle_image() == made["ImageId"]
    assert all(ws.tags_of(workspace_id)[MARKER] == made["ImageId"] for workspace_id in estate.workspace_ids)

    ws.reset_calls()
    again = playbook(ROLE_PLAYBOOK, "--check", extra_vars=estate.extra_vars(**options))
    assert again.returncode == 0, again.output
    assert ids(rollout_result(again)["already"]) == estate.workspace_ids
    assert ws.calls("CreateWorkspaceImage") == []

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The image rollout's filters as Jinja sees them: registered under their names, their options passed through, the
report's path checked with the other inputs, and misuse as AnsibleFilterError."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.euc.aws.plugins.filter import image_rollout_plan
from ansible_collections.euc.aws.plugins.filter import image_rollout_progress
from ansible_collections.euc.aws.plugins.filter import image_rollout_report
from ansible_collections.euc.aws.plugins.filter import image_rollout_settings
from ansible_collections.euc.aws.plugins.filter import image_rollout_target
from ansible_collections.euc.aws.plugins.filter import image_rollout_wave

FILTERS = {
    "image_rollout_settings": image_rollout_settings,
    "image_rollout_target": image_rollout_target,
    "image_rollout_plan": image_rollout_plan,
    "image_rollout_wave": image_rollout_wave,
    "image_rollout_progress": image_rollout_progress,
    "image_rollout_report": image_rollout_report,
}
PREFIX = "workspaces_image_rollout_"
BUNDLE = "wsb-bundle0001"
IMAGE = "wsi-newimage01"
OLD_IMAGE = "wsi-oldimage01"
# The options as the role gathers them, a survey's numbers as strings.
OPTIONS = {
    "bundle": BUNDLE,
    "image_id": IMAGE,
    "builder_workspace_id": "",
    "image_name": "",
    "image_description": "",
    "canary_workspace_ids": [],
    "canary_count": "1",
    "wave_size": "2",
    "max_failures": "0",
    "max_count": "10",
    "max_concurrency": "4",
    "wait_timeout": "3600",
    "skip_tag": "Skip_Rollout",
    "marker_tag": "euc.aws:image-id",
    "include_connected": False,
    "report_path": "",
}


def registered(name):
    return FILTERS[name].FilterModule().filters()[name]


def workspace(workspace_id, state="AVAILABLE", connected=False):
    return {
        "workspace_id": workspace_id,
        "user_name": f"user-{workspace_id[-1]}",
        "state": state,
        "workspace_properties": {"running_mode": "AUTO_STOP"},
        "tags": {},
        "connection_status": {"connection_state": "CONNECTED" if connected else "DISCONNECTED"},
    }


FLEET = [workspace("ws-00000003"), workspace("ws-00000001"), workspace("ws-00000002", "STOPPED"), workspace("ws-00000004", "REBOOTING")]


def settings(**options):
    return registered("image_rollout_settings")(dict(OPTIONS, **options), PREFIX)


def target():
    bundles = [{"bundle_id": BUNDLE, "owner": "111122223333", "image_id": OLD_IMAGE}]
    return registered("image_rollout_target")(settings(), bundles, [{"image_id": IMAGE, "name": "golden", "state": "AVAILABLE"}])


def plan(**options):
    return registered("image_rollout_plan")(FLEET, settings(**options), target(), details=FLEET[:3], option_prefix=PREFIX)


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_is_registered_under_its_name(name):
    assert FILTERS[name].FilterModule().filters() == {name: getattr(FILTERS[name], name)}


def test_the_settings_filter_checks_the_options_against_botocores_model_and_names_the_variables():
    checked = settings()
    assert (checked["problems"], checked["bundle_id"], checked["wave_size"]) == ([], BUNDLE, 2)
    assert settings(bundle="", builder_workspace_id="ws-BAD") == {
        "problems": [
            f"{PREFIX}bundle is required: a bundle ID (wsb-...) or name",
            f"give {PREFIX}image_id or {PREFIX}builder_workspace_id, not both",
            f"{PREFIX}builder_workspace_id 'ws-BAD' must match ^ws-[0-9a-z]{{8,63}}$",
        ]
    }
    assert registered("image_rollout_settings")(dict(OPTIONS, bundle=""))["problems"] == ["bundle is required: a bundle ID (wsb-...) or name"]


def test_a_report_path_whose_directory_does_not_exist_is_a_problem_with_the_others(tmp_path):
    report_path = str(tmp_path / "missing" / "rollout.csv")
    assert settings(report_path=report_path) == {
        "problems": [f"{PREFIX}report_path {report_path}: its directory {tmp_path / 'missing'} does not exist on the controller"]
    }
    assert settings(report_path=report_path, max_count="-1")["problems"] == [
        f"{PREFIX}max_count must be 0 or more, got -1",
        f"{PREFIX}report_path {report_path}: its directory {tmp_path / 'missing'} does not exist on the controller",
    ]


def test_a_report_path_in_a_writable_directory_or_none_is_fine(tmp_path):
    assert settings(report_path=str(tmp_path / "rollout.csv"))["problems"] == []
    assert settings(report_path=None)["problems"] == []


def test_the_target_filter_passes_the_bundles_and_images_through():
    assert target() == {"bundle_id": BUNDLE, "previous_image_id": OLD_IMAGE, "image_id": IMAGE, "problems": []}


def test_the_plan_filter_gives_the_candidates_without_details_and_the_plan_with_them():
    assert registered("image_rollout_plan")(FLEET, settings(), target()) == {"candidates": ["ws-00000001", "ws-00000002", "ws-00000003"]}
    planned = plan()
    assert (planned["canary"], planned["waves"]) == (["ws-00000001"], [["ws-00000002", "ws-00000003"]])
    assert [skipped["workspace_id"] for skipped in planned["skipped"]] == ["ws-00000004"]
    assert plan(max_count="2")["guard"].startswith(f"Refusing to rebuild 3 WorkSpaces: more than {PREFIX}max_count (2).")


def test_the_wave_filter_passes_the_wave_what_was_found_and_the_settings_through():
    found = [workspace("ws-00000002", "STOPPED"), workspace("ws-00000003", connected=True)]
    ready = registered("image_rollout_wave")(["ws-00000002", "ws-00000003"], found, settings())
    assert (ready["to_rebuild"], ready["stop_again"]) == (["ws-00000002"], ["ws-00000002"])
    assert [skipped["workspace_id"] for skipped in ready["skipped"]] == ["ws-00000003"]
    assert registered("image_rollout_wave")(["ws-00000003"], found, settings(include_connected=True))["to_rebuild"] == ["ws-00000003"]


def test_the_progress_filter_folds_a_wave_from_an_empty_progress_with_its_number_and_canary_flag():
    progress = registered("image_rollout_progress")
    ready = registered("image_rollout_wave")(["ws-00000001"], FLEET, settings())
    canaries = progress({}, settings(), ready=ready, rebuild={"rebuilt": ["ws-00000001"]}, wave="0", canary=True)
    assert canaries["canary"] == ["ws-00000001"]
    assert [(rebuilt["workspace_id"], rebuilt["wave"]) for rebuilt in canaries["rebuilt"]] == [("ws-00000001", 0)]
    wave = registered("image_rollout_wave")(["ws-00000002"], FLEET, settings())
    folded = progress(canaries, settings(), ready=wave, rebuild={"rebuilt": ["ws-00000002"]}, wave="1")
    assert [(rebuilt["workspace_id"], rebuilt["wave"]) for rebuilt in folded["rebuilt"]] == [("ws-00000001", 0), ("ws-00000002", 1)]
    assert (folded["canary"], folded["last_stop_again"], folded["halted"]) == (["ws-00000001"], ["ws-00000002"], False)


def test_the_progress_filter_folds_the_tags_the_stops_and_a_failed_canary_check():
    progress = registered("image_rollout_progress")
    ready = registered("image_rollout_wave")(["ws-00000001", "ws-00000002"], FLEET, settings())
    canaries = progress(None, settings(), ready=ready, rebuild={"rebuilt": ["ws-00000001", "ws-00000002"]}, canary=True)
    tagged = progress(canaries, settings(max_failures="5"), tagged={"failed": True, "msg": "AccessDenied"}, stopped={})
    assert [failed["workspace_id"] for failed in tagged["failed"]] == ["ws-00000001", "ws-00000002"]
    assert tagged["halted"] is False
    stopped = progress(canaries, settings(max_failures="5"), tagged={}, stopped={"failed": True, "msg": "Throttling"}, canary=True)
    assert [failed["workspace_id"] for failed in stopped["failed"]] == ["ws-00000002"] and stopped["halted"] is True
    checked = progress(canaries, settings(max_failures="5"), check_failed="the portal did not answer")
    assert {failed["reason"] for failed in checked["failed"]} == {"the canary check failed: the portal did not answer"}
    assert [failed["workspace_id"] for failed in checked["failed"]] == ["ws-00000001", "ws-00000002"] and checked["halted"] is True


def test_ready_without_rebuild_is_a_filter_error():
    ready = registered("image_rollout_wave")(["ws-00000001"], FLEET, settings())
    with pytest.raises(AnsibleFilterError, match="image_rollout_progress: ready needs rebuild"):
        registered("image_rollout_progress")({}, settings(), ready=ready)


def test_the_report_filter_takes_empty_values_as_none_and_passes_its_options_through():
    report = registered("image_rollout_report")
    planned = plan()
    untouched = report(planned, progress={}, image_id="", error=None, report_path=None)
    assert "error" not in untouched["result"] and untouched["result"]["image_id"] == IMAGE
    assert [not_reached["workspace_id"] for not_reached in untouched["result"]["not_reached"]] == ["ws-00000001", "ws-00000002", "ws-00000003"]
    assert not any(line.startswith("Report:") for line in untouched["summary"])
    failed = report(planned, progress={}, image_id="wsi-madeimage1", rolled_back=True, error="boom", report_path="rollout.csv")
    assert (failed["result"]["image_id"], failed["result"]["rolled_back"], failed["result"]["error"]) == ("wsi-madeimage1", True, "boom")
    assert failed["summary"][-1] == "Report: rollout.csv"
    assert failed["failure"].startswith(f"The image rollout failed: the canary failed and the bundle was pointed back at {OLD_IMAGE}")
    checked = report(planned, check_mode=True)
    assert (checked["failure"], checked["result"]["not_reached"]) == ("", [])
    assert checked["summary"][1].startswith("Check mode, nothing was changed: would rebuild the canaries (ws-00000001)")

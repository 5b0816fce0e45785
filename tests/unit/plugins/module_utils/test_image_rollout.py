# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rolling an image out to the WorkSpaces of a bundle: the options, the bundle and image, the plan, each wave and
what became of it, and the report."""

import csv
import io

import botocore.session
import pytest

from ansible_collections.euc.aws.plugins.module_utils.image_rollout import bundle_target
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import candidates
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import fold_check_failure
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import fold_settling
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import fold_wave
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import plan_rollout
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import rollout_report
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import rollout_settings
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import wave_outcome
from ansible_collections.euc.aws.plugins.module_utils.image_rollout import wave_ready
from ansible_collections.euc.aws.plugins.module_utils.workspaces import string_problems

MODEL = botocore.session.get_session().get_service_model("workspaces")
PREFIX = "workspaces_image_rollout_"
BUNDLE = "wsb-bundle0001"
IMAGE = "wsi-newimage01"
OLD_IMAGE = "wsi-oldimage01"
MADE_IMAGE = "wsi-madeimage1"
MARKER = "euc.aws:image-id"
BUSY = "busy, the next run takes it once it has settled"

# The role's defaults (roles/workspaces_image_rollout/defaults/main.yml), with a bundle and an image by ID.
OPTIONS = {
    "bundle": BUNDLE,
    "image_id": IMAGE,
    "builder_workspace_id": "",
    "image_name": "",
    "image_description": "",
    "canary_workspace_ids": [],
    "canary_count": 1,
    "wave_size": 25,
    "max_failures": 0,
    "max_count": 10,
    "max_concurrency": 4,
    "wait_timeout": 3600,
    "skip_tag": "Skip_Rollout",
    "marker_tag": MARKER,
    "include_connected": False,
    "report_path": "",
}
# An image made from a builder WorkSpace rather than given.
BUILDER = {"image_id": "", "builder_workspace_id": "ws-builder01", "image_name": "golden-2026-12", "image_description": "Golden image of December"}
NUMBERS = [("canary_count", 0), ("wave_size", 1), ("max_failures", 0), ("max_count", 0), ("max_concurrency", 1), ("wait_timeout", 1)]


def settings_of(*layers, prefix="", **overrides):
    """rollout_settings on the role's defaults, with each of ``layers`` then ``overrides`` over them."""
    options = dict(OPTIONS)
    for layer in layers:
        options.update(layer)
    options.update(overrides)
    return rollout_settings(options, lambda option, value, shape: string_problems(MODEL, option, value, shape), prefix)


def must_match(option, value, shape_name):
    return f"{option} {value!r} must match {MODEL.shape_for(shape_name).metadata['pattern']}"


def ws(number):
    return f"ws-{number:08d}"


def workspace(number, state="AVAILABLE", tags=None, connected=False):
    """A WorkSpace as workspaces_info returns it, with its tags and connection status."""
    return {
        "workspace_id": ws(number),
        "user_name": f"user-{number:02d}",
        "state": state,
        "workspace_properties": {"running_mode": "AUTO_STOP"},
        "tags": tags or {},
        "connection_status": {"connection_state": "CONNECTED" if connected else "DISCONNECTED"},
    }


def entry(number, state="AVAILABLE", **more):
    """A WorkSpace as the plan, the waves and the report list it."""
    return dict({"workspace_id": ws(number), "user_name": f"user-{number:02d}", "state": state, "running_mode": "AUTO_STOP"}, **more)


def ids_of(entries):
    return [listed["workspace_id"] for listed in entries]


def reasons_of(entries):
    return {listed["workspace_id"]: listed["reason"] for listed in entries}


TARGET = {"bundle_id": BUNDLE, "previous_image_id": OLD_IMAGE, "image_id": IMAGE, "problems": []}


def plan_of(workspaces, target=None, prefix="", details=None, **options):
    """The plan, the details being the candidates (as the role reads them) unless given."""
    settings = settings_of(**options)
    assert settings["problems"] == []
    if details is None:
        wanted = candidates(workspaces)
        details = [found for found in workspaces if found["workspace_id"] in wanted]
    return plan_rollout(workspaces, details, settings, target or TARGET, prefix)


# ---------------------------------------------------------------------------------------------
# The options
# ---------------------------------------------------------------------------------------------


def test_an_image_and_a_bundle_by_id_give_the_settings_with_the_numbers_as_integers():
    assert settings_of() == {
        "bundle_id": BUNDLE,
        "bundle_name": None,
        "image_id": IMAGE,
        "builder_workspace_id": None,
        "image_name": None,
        "image_description": None,
        "canary_workspace_ids": [],
        "skip_tag": "Skip_Rollout",
        "marker_tag": MARKER,
        "include_connected": False,
        "canary_count": 1,
        "wave_size": 25,
        "max_failures": 0,
        "max_count": 10,
        "max_concurrency": 4,
        "wait_timeout": 3600,
        "problems": [],
    }


def test_a_bundle_by_name_is_looked_up_by_name_and_not_held_to_the_id_pattern():
    by_name = settings_of(bundle="Golden desktops (EU)")
    assert (by_name["bundle_id"], by_name["bundle_name"], by_name["problems"]) == (None, "Golden desktops (EU)", [])


def test_a_builder_with_an_image_name_and_description_makes_the_image():
    made = settings_of(BUILDER)
    assert made["problems"] == []
    assert (made["image_id"], made["builder_workspace_id"], made["image_name"], made["image_description"]) == (
        None, "ws-builder01", "golden-2026-12", "Golden image of December")


def test_whole_numbers_given_as_strings_by_a_survey_are_converted():
    converted = settings_of(canary_count="2", wave_size=" 5 ", max_failures="0", max_count="40", max_concurrency="8", wait_timeout="600")
    assert converted["problems"] == []
    assert [converted[option] for option, _least in NUMBERS] == [2, 5, 0, 40, 8, 600]


@pytest.mark.parametrize("option, least", NUMBERS)
def test_each_whole_number_may_be_its_least_value_but_not_under_it(option, least):
    assert settings_of(**{option: least})[option] == least
    assert settings_of(**{option: str(least)})[option] == least
    assert settings_of(**{option: least - 1}) == {"problems": [f"{option} must be {least} or more, got {least - 1}"]}
    assert settings_of(**{option: str(least - 1)}) == {"problems": [f"{option} must be {least} or more, got {least - 1}"]}


@pytest.mark.parametrize("value", ["ten", "", None, "2.5", 2.5, True, [3]])
@pytest.mark.parametrize("option", [option for option, _least in NUMBERS])
def test_a_whole_number_that_is_not_one_is_a_problem(option, value):
    assert settings_of(**{option: value})["problems"] == [f"{option} must be a whole number, got {value!r}"]


@pytest.mark.parametrize("bundle", ["", None])
def test_the_bundle_is_required(bundle):
    assert settings_of(bundle=bundle) == {"problems": ["bundle is required: a bundle ID (wsb-...) or name"]}


def test_an_image_id_and_a_builder_together_are_a_problem():
    assert settings_of(BUILDER, image_id=IMAGE)["problems"] == ["give image_id or builder_workspace_id, not both"]


def test_neither_an_image_id_nor_a_builder_is_a_problem():
    assert settings_of(image_id="")["problems"] == ["give image_id (an existing image) or builder_workspace_id (to make one)"]
    assert settings_of(image_id=None, builder_workspace_id=None)["problems"] == [
        "give image_id (an existing image) or builder_workspace_id (to make one)"]


@pytest.mark.parametrize(
    "missing, problem",
    [
        ({"image_name": "", "image_description": ""}, "builder_workspace_id needs image_name and image_description"),
        ({"image_name": ""}, "builder_workspace_id needs image_name"),
        ({"image_description": None}, "builder_workspace_id needs image_description"),
    ],
)
def test_a_builder_needs_the_name_and_description_of_the_image_to_make(missing, problem):
    assert settings_of(BUILDER, missing)["problems"] == [problem]


@pytest.mark.parametrize(
    "given, problem",
    [
        ({"image_name": "golden"}, "image_name only go with builder_workspace_id"),
        ({"image_description": "Golden"}, "image_description only go with builder_workspace_id"),
        ({"image_name": "golden", "image_description": "Golden"}, "image_name and image_description only go with builder_workspace_id"),
    ],
)
def test_an_image_name_or_description_with_an_image_id_is_a_problem(given, problem):
    assert settings_of(given)["problems"] == [problem]


@pytest.mark.parametrize(
    "layer, option, value, shape_name",
    [
        ({}, "bundle", "wsb-Golden01", "BundleId"),
        ({}, "bundle", "wsb-short", "BundleId"),
        ({}, "image_id", "ami-0123456789", "WorkspaceImageId"),
        (BUILDER, "builder_workspace_id", "ws-BUILDER01", "WorkspaceId"),
        (BUILDER, "image_name", "golden image!", "WorkspaceImageName"),
        (BUILDER, "image_description", "Golden; December", "WorkspaceImageDescription"),
    ],
)
def test_ids_names_and_descriptions_are_held_to_the_patterns_of_botocores_model(layer, option, value, shape_name):
    assert settings_of(layer, **{option: value})["problems"] == [must_match(option, value, shape_name)]


def test_the_image_names_length_comes_from_botocores_model():
    long_name = "g" * 65
    assert settings_of(BUILDER, image_name=long_name)["problems"] == [f"image_name {long_name!r} must be 1 to 64 characters long"]
    assert settings_of(BUILDER, image_name="g" * 64)["problems"] == []


def test_each_canary_id_is_held_to_the_workspace_id_pattern_and_duplicates_count_once():
    assert settings_of(canary_workspace_ids=[ws(1), "ws-Canary2"])["problems"] == [
        must_match("canary_workspace_ids:", "ws-Canary2", "WorkspaceId")]
    assert settings_of(canary_workspace_ids=[ws(3), ws(1), ws(3)])["canary_workspace_ids"] == [ws(3), ws(1)]


@pytest.mark.parametrize("value", ["", "  ", None])
@pytest.mark.parametrize("option", ["skip_tag", "marker_tag"])
def test_an_empty_skip_or_marker_tag_is_a_problem(option, value):
    assert settings_of(**{option: value}) == {"problems": [f"{option} must not be empty"]}


def test_every_problem_is_named_at_once_each_with_the_variable_to_fix():
    problems = settings_of(bundle="", image_id="wsi-x", builder_workspace_id="ws-X", canary_workspace_ids=["pc-42"],
                           wave_size="0", max_count="many", skip_tag="", prefix=PREFIX)
    assert problems == {
        "problems": [
            f"{PREFIX}bundle is required: a bundle ID (wsb-...) or name",
            f"give {PREFIX}image_id or {PREFIX}builder_workspace_id, not both",
            must_match(f"{PREFIX}image_id", "wsi-x", "WorkspaceImageId"),
            must_match(f"{PREFIX}builder_workspace_id", "ws-X", "WorkspaceId"),
            must_match(f"{PREFIX}canary_workspace_ids:", "pc-42", "WorkspaceId"),
            f"{PREFIX}wave_size must be 1 or more, got 0",
            f"{PREFIX}max_count must be a whole number, got 'many'",
            f"{PREFIX}skip_tag must not be empty",
        ]
    }


@pytest.mark.parametrize("given, taken", [(True, True), (False, False), ("", False), (None, False), ("true", True)])
def test_include_connected_is_a_boolean(given, taken):
    assert settings_of(include_connected=given)["include_connected"] is taken


@pytest.mark.parametrize("given", ["false", "False", "no", "0"])
def test_include_connected_given_as_a_false_string_is_false(given):
    assert settings_of(include_connected=given)["include_connected"] is False


# ---------------------------------------------------------------------------------------------
# The bundle and the image
# ---------------------------------------------------------------------------------------------


def bundle(bundle_id=BUNDLE, owner="111122223333"):
    return {"bundle_id": bundle_id, "name": "golden-desktops", "owner": owner, "image_id": OLD_IMAGE, "state": "AVAILABLE"}


def image(image_id=IMAGE, state="AVAILABLE", name="golden-2026-11"):
    return {"image_id": image_id, "name": name, "state": state}


def test_the_target_is_the_bundle_its_image_now_and_the_image_given():
    assert bundle_target(settings_of(), [bundle()], [image()]) == {
        "bundle_id": BUNDLE, "previous_image_id": OLD_IMAGE, "image_id": IMAGE, "problems": []}


def test_a_bundle_not_found_is_a_problem_and_the_image_is_checked_all_the_same():
    target = bundle_target(settings_of(bundle="golden-desktops"), [], [])
    assert target == {
        "bundle_id": None,
        "previous_image_id": None,
        "image_id": IMAGE,
        "problems": ["bundle golden-desktops was not found among the account's bundles", f"image {IMAGE} was not found"],
    }


def test_several_bundles_of_the_name_are_a_problem():
    target = bundle_target(settings_of(bundle="golden-desktops"), [bundle(), bundle("wsb-bundle0002")], [image()])
    assert target["problems"] == ["2 bundles are named golden-desktops; give its ID instead"]
    assert (target["bundle_id"], target["previous_image_id"]) == (None, None)


@pytest.mark.parametrize("owner", ["AMAZON", "Amazon"])
def test_one_of_aws_public_bundles_is_refused(owner):
    assert bundle_target(settings_of(), [bundle(owner=owner)], [image()])["problems"] == [
        f"bundle {BUNDLE} is one of AWS's public bundles: a rollout needs a custom bundle of the account"]
    assert bundle_target(settings_of(), [bundle(owner=owner)], [image()], account_owned=False)["problems"] == []


@pytest.mark.parametrize("owner", ["111122223333", None])
def test_a_bundle_of_the_account_is_taken(owner):
    assert bundle_target(settings_of(), [bundle(owner=owner)], [image()])["problems"] == []


def test_an_image_given_that_is_not_found_is_a_problem():
    assert bundle_target(settings_of(), [bundle()], [image(OLD_IMAGE)])["problems"] == [f"image {IMAGE} was not found"]


@pytest.mark.parametrize("state", ["PENDING", "ERROR"])
def test_an_image_given_that_is_not_available_is_a_problem(state):
    assert bundle_target(settings_of(), [bundle()], [image(state=state)])["problems"] == [f"image {IMAGE} is {state}, not AVAILABLE"]


def test_an_image_made_from_a_builder_is_found_by_its_name_so_that_a_second_run_resumes_on_it():
    made = settings_of(BUILDER)
    found = bundle_target(made, [bundle()], [image(OLD_IMAGE), image(MADE_IMAGE, name="golden-2026-12")])
    assert found == {"bundle_id": BUNDLE, "previous_image_id": OLD_IMAGE, "image_id": MADE_IMAGE, "problems": []}


def test_an_image_still_to_make_has_no_id():
    assert bundle_target(settings_of(BUILDER), [bundle()], [])["image_id"] is None
    assert bundle_target(settings_of(BUILDER), [bundle()], [image(OLD_IMAGE)])["image_id"] is None


# ---------------------------------------------------------------------------------------------
# The candidates and the plan
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", MODEL.shape_for("WorkspaceState").enum)
def test_the_candidates_are_in_a_state_a_rebuild_takes_and_not_busy(state):
    taken = state in ("AVAILABLE", "STOPPED", "ERROR", "UNHEALTHY")
    assert candidates([workspace(1, state)]) == ([ws(1)] if taken else [])


def test_the_candidates_are_sorted_by_id():
    assert candidates([workspace(3), workspace(1, "STOPPED"), workspace(2, "REBOOTING"), workspace(4, "ERROR")]) == [ws(1), ws(3), ws(4)]


def test_the_canary_goes_first_then_waves_of_wave_size_by_id():
    plan = plan_of([workspace(5), workspace(3), workspace(1), workspace(4), workspace(2)], wave_size=2)
    assert plan["canary"] == [ws(1)]
    assert plan["waves"] == [[ws(2), ws(3)], [ws(4), ws(5)]]
    assert plan["to_rebuild"] == [entry(number) for number in range(1, 6)]
    assert (plan["already"], plan["skipped"], plan["problems"], plan["guard"]) == ([], [], [], "")
    assert (plan["bundle_id"], plan["previous_image_id"], plan["image_id"], plan["image_name"]) == (BUNDLE, OLD_IMAGE, IMAGE, None)


def test_a_marker_naming_the_image_is_already_on_it_and_one_naming_another_image_is_not():
    plan = plan_of([workspace(1, tags={MARKER: IMAGE}), workspace(2, tags={MARKER: OLD_IMAGE}), workspace(3)])
    assert plan["already"] == [entry(1, reason=f"its {MARKER} tag names {IMAGE}")]
    assert ids_of(plan["to_rebuild"]) == [ws(2), ws(3)]


def test_no_workspace_is_already_on_an_image_still_to_make():
    plan = plan_of([workspace(1), workspace(2, tags={MARKER: OLD_IMAGE})], target=dict(TARGET, image_id=None))
    assert plan["already"] == [] and ids_of(plan["to_rebuild"]) == [ws(1), ws(2)]


def test_the_marker_is_the_tag_key_given():
    plan = plan_of([workspace(1, tags={"rollout/image": IMAGE}), workspace(2, tags={MARKER: IMAGE})], marker_tag="rollout/image")
    assert reasons_of(plan["already"]) == {ws(1): f"its rollout/image tag names {IMAGE}"}
    assert ids_of(plan["to_rebuild"]) == [ws(2)]


@pytest.mark.parametrize(
    "skip_tag, key",
    [("Skip_Rollout", "Skip_Rollout"), ("Skip_Rollout", "skip_rollout"), ("Skip_Rollout", "SKIP_ROLLOUT"), ("NoRebuild", "norebuild")],
)
def test_the_skip_tag_exempts_a_workspace_whatever_the_case_of_its_key(skip_tag, key):
    plan = plan_of([workspace(1, tags={key: ""}), workspace(2, tags={"team": "finance"})], skip_tag=skip_tag)
    assert plan["skipped"] == [entry(1, reason=f"it carries the {skip_tag} tag")]
    assert ids_of(plan["to_rebuild"]) == [ws(2)]


def test_only_the_skip_tag_given_exempts():
    plan = plan_of([workspace(1, tags={"Skip_Rollout": "yes"})], skip_tag="NoRebuild")
    assert ids_of(plan["to_rebuild"]) == [ws(1)] and plan["skipped"] == []


def test_a_workspace_with_a_user_connected_is_skipped_unless_connected_ones_are_included():
    fleet = [workspace(1, connected=True), workspace(2)]
    plan = plan_of(fleet)
    assert plan["skipped"] == [entry(1, reason="a user is connected")]
    assert ids_of(plan["to_rebuild"]) == [ws(2)]
    included = plan_of(fleet, include_connected=True)
    assert ids_of(included["to_rebuild"]) == [ws(1), ws(2)] and included["skipped"] == []


@pytest.mark.parametrize(
    "state, reason",
    [(busy, f"{busy}: {BUSY}") for busy in ("PENDING", "STARTING", "STOPPING", "REBOOTING", "REBUILDING", "RESTORING", "UPDATING", "MAINTENANCE")]
    + [("ADMIN_MAINTENANCE", "ADMIN_MAINTENANCE: AWS ignores a rebuild in admin maintenance")]
    + [(other, f"{other}: a rebuild does not take this state") for other in ("SUSPENDED", "IMPAIRED", "TERMINATING", "TERMINATED")],
)
def test_a_workspace_in_a_state_a_rebuild_does_not_take_now_is_skipped_with_its_reason(state, reason):
    plan = plan_of([workspace(1, state), workspace(2)])
    assert plan["skipped"] == [entry(1, state, reason=reason)]
    assert ids_of(plan["to_rebuild"]) == [ws(2)]


@pytest.mark.parametrize("state", ["STOPPED", "ERROR", "UNHEALTHY"])
def test_a_stopped_or_failed_workspace_is_rebuilt_but_is_no_canary(state):
    plan = plan_of([workspace(1, state), workspace(2)])
    assert plan["to_rebuild"] == [entry(1, state), entry(2)]
    assert (plan["canary"], plan["waves"]) == ([ws(2)], [[ws(1)]])


def test_a_candidate_whose_tags_were_not_returned_is_skipped():
    plan = plan_of([workspace(1), workspace(2)], details=[workspace(2)])
    assert plan["skipped"] == [entry(1, reason="no longer returned when its tags were read")]
    assert ids_of(plan["to_rebuild"]) == [ws(2)]


def test_a_workspace_is_planned_as_its_tags_were_read_which_is_after_it_was_listed():
    plan = plan_of([workspace(1), workspace(2)], details=[workspace(1, "STOPPED"), workspace(2)])
    assert plan["to_rebuild"] == [entry(1, "STOPPED"), entry(2)]
    assert plan["canary"] == [ws(2)]


def test_the_canaries_are_the_first_available_workspaces_by_id():
    fleet = [workspace(1, "STOPPED"), workspace(2, "ERROR"), workspace(3), workspace(4), workspace(5, "UNHEALTHY")]
    one, two = plan_of(fleet), plan_of(fleet, canary_count=2)
    assert (one["canary"], one["waves"]) == ([ws(3)], [[ws(1), ws(2), ws(4), ws(5)]])
    assert (two["canary"], two["waves"]) == ([ws(3), ws(4)], [[ws(1), ws(2), ws(5)]])
    assert plan_of(fleet, canary_count=5)["canary"] == [ws(3), ws(4)]


def test_a_canary_count_of_0_makes_no_canary_wave():
    plan = plan_of([workspace(2), workspace(1)], canary_count=0, wave_size=1)
    assert (plan["canary"], plan["waves"]) == ([], [[ws(1)], [ws(2)]])


def test_the_canaries_named_are_used_as_given_whatever_the_count():
    plan = plan_of([workspace(number) for number in range(1, 6)], canary_workspace_ids=[ws(4), ws(2)], canary_count=0, wave_size=2)
    assert plan["canary"] == [ws(4), ws(2)]
    assert plan["waves"] == [[ws(1), ws(3)], [ws(5)]]
    assert plan["problems"] == []


def test_each_canary_named_that_cannot_be_one_is_a_problem_naming_it():
    fleet = [workspace(1), workspace(2, tags={"Skip_Rollout": ""}), workspace(3, tags={MARKER: IMAGE}), workspace(4, "STOPPED"),
             workspace(5, "REBOOTING")]
    target = dict(TARGET, problems=[f"image {IMAGE} was not found"])
    plan = plan_of(fleet, target=target, canary_workspace_ids=[ws(9), ws(2), ws(3), ws(4), ws(5), ws(1)])
    assert plan["problems"] == [
        f"image {IMAGE} was not found",
        f"canary {ws(9)} is not a WorkSpace of the bundle",
        f"canary {ws(2)} is skipped (it carries the Skip_Rollout tag)",
        f"canary {ws(3)} is already (its {MARKER} tag names {IMAGE})",
        f"canary {ws(4)} is STOPPED: a canary must be AVAILABLE",
        f"canary {ws(5)} is skipped (REBOOTING: {BUSY})",
    ]


def test_the_guard_lets_a_run_rebuild_up_to_max_count_canaries_included():
    fleet = [workspace(1), workspace(2), workspace(3), workspace(4, tags={MARKER: IMAGE}), workspace(5, "SUSPENDED")]
    assert plan_of(fleet, max_count=3)["guard"] == ""


def test_the_guard_refuses_a_run_above_max_count_naming_the_workspaces():
    plan = plan_of([workspace(1), workspace(2), workspace(3)], max_count=2, prefix=PREFIX)
    assert plan["guard"] == (
        f"Refusing to rebuild 3 WorkSpaces: more than {PREFIX}max_count (2). Nothing was changed. They are: {ws(1)}, {ws(2)}, "
        f"{ws(3)}. Narrow the rollout with {PREFIX}skip_tag, or raise {PREFIX}max_count deliberately."
    )
    assert plan["canary"] == [ws(1)]  # the plan is still made: check mode shows it


def test_the_guard_names_the_first_ten_and_counts_the_others():
    guard = plan_of([workspace(number) for number in range(1, 13)], max_count=0)["guard"]
    assert guard.startswith("Refusing to rebuild 12 WorkSpaces: more than max_count (0).")
    assert f"They are: {', '.join(ws(number) for number in range(1, 11))}, ... (first 10 of 12)." in guard


# ---------------------------------------------------------------------------------------------
# A wave, looked up again just before its rebuild
# ---------------------------------------------------------------------------------------------


def test_a_wave_rebuilds_what_is_still_ready_and_stops_again_what_was_stopped():
    found = [workspace(1), workspace(2, "STOPPED"), workspace(3, "ERROR"), workspace(4, "UNHEALTHY")]
    ready = wave_ready([ws(1), ws(2), ws(3), ws(4)], found, settings_of())
    assert ready == {
        "to_rebuild": [ws(1), ws(2), ws(3), ws(4)],
        "stop_again": [ws(2)],
        "skipped": [],
        "workspaces": {ws(1): entry(1), ws(2): entry(2, "STOPPED"), ws(3): entry(3, "ERROR"), ws(4): entry(4, "UNHEALTHY")},
    }


def test_a_wave_skips_what_changed_since_the_plan_with_its_reason():
    found = [workspace(1, "REBOOTING"), workspace(2, "ADMIN_MAINTENANCE"), workspace(3, connected=True), workspace(4)]
    ready = wave_ready([ws(1), ws(2), ws(3), ws(4), ws(5)], found, settings_of())
    assert ready["to_rebuild"] == [ws(4)] and ready["stop_again"] == []
    assert ready["skipped"] == [
        entry(1, "REBOOTING", reason=f"REBOOTING: {BUSY} (since the plan)"),
        entry(2, "ADMIN_MAINTENANCE", reason="ADMIN_MAINTENANCE: AWS ignores a rebuild in admin maintenance (since the plan)"),
        entry(3, reason="a user is connected (since the plan)"),
        {"workspace_id": ws(5), "user_name": None, "state": None, "reason": "no longer returned by DescribeWorkspaces"},
    ]
    assert list(ready["workspaces"]) == [ws(1), ws(2), ws(3), ws(4)]


def test_a_wave_takes_a_connected_workspace_when_connected_ones_are_included():
    ready = wave_ready([ws(1)], [workspace(1, "STOPPED", connected=True)], settings_of(include_connected=True))
    assert (ready["to_rebuild"], ready["stop_again"], ready["skipped"]) == ([ws(1)], [ws(1)], [])


# ---------------------------------------------------------------------------------------------
# What became of a wave
# ---------------------------------------------------------------------------------------------

READY = wave_ready([ws(1), ws(2)], [workspace(1), workspace(2)], settings_of())


@pytest.mark.parametrize(
    "rebuild, rebuilt, reason",
    [
        ({"rebuilt": [ws(1)], "failed_requests": [{"workspace_id": ws(2), "error_code": "InvalidResourceStateException",
                                                   "error_message": "The WorkSpace is not in a valid state."}]},
         [ws(1)], "RebuildWorkspaces failed: InvalidResourceStateException: The WorkSpace is not in a valid state."),
        ({"rebuilt": [], "refused": [{"workspace_id": ws(2), "state": "IMPAIRED", "reason": "IMPAIRED: stop it first"}]},
         [], "refused: IMPAIRED: stop it first"),
        ({"rebuilt": [], "not_found": [ws(2)]}, [], "no longer returned by DescribeWorkspaces"),
        ({"rebuilt": [ws(1), ws(2)], "wait_failed": [{"workspace_id": ws(2), "state": "ERROR"}]}, [ws(1)], "ended ERROR after the rebuild"),
        ({"rebuilt": [ws(1), ws(2)], "wait_failed": [{"workspace_id": ws(2), "state": None}]}, [ws(1)], "no longer returned after the rebuild"),
        ({"rebuilt": [ws(1), ws(2)], "not_ready": [{"workspace_id": ws(2), "state": "REBUILDING"}]}, [ws(1)],
         "still REBUILDING when the wait timed out"),
        ({"rebuilt": [ws(1)], "already_rebuilding": [ws(2)]}, [ws(1)], "someone else's rebuild was under way when the wave started"),
        ({"rebuilt": [ws(1)], "outcome_unknown": [ws(2)]}, [ws(1)], "the call failed midway, AWS may or may not have rebuilt it: MSG"),
        ({"rebuilt": [ws(1)], "not_attempted": [ws(2)]}, [ws(1)], "not attempted, the rebuild stopped before it: MSG"),
    ],
)
def test_a_workspace_the_rebuild_did_not_bring_to_available_fails_with_its_own_reason(rebuild, rebuilt, reason):
    outcome_rebuilt, failed = wave_outcome(READY, dict(rebuild, failed=True, msg="MSG"))
    assert outcome_rebuilt == rebuilt
    assert failed[ws(2)] == reason
    assert set(failed) == {ws(1), ws(2)} - set(rebuilt)


def test_when_the_module_failed_before_any_call_every_workspace_fails_with_its_message():
    for rebuild in ({"failed": True, "msg": "Unable to locate credentials", "rebuilt": []}, {"failed": True, "msg": "Unable to locate credentials"}):
        assert wave_outcome(READY, rebuild) == ([], {ws(1): "not rebuilt: Unable to locate credentials", ws(2): "not rebuilt: Unable to locate credentials"})
    assert wave_outcome(READY, {"rebuilt": [ws(1)]}) == ([ws(1)], {ws(2): "not rebuilt: the rebuild failed"})


def test_a_wave_is_folded_into_the_progress_so_far():
    settings = settings_of(max_failures=5)
    earlier = fold_wave(None, wave_ready([ws(9)], [workspace(9)], settings), {"rebuilt": [ws(9)]}, 1, settings)
    found = [workspace(1), workspace(2, "STOPPED"), workspace(3, "STOPPED"), workspace(4, "SUSPENDED")]
    ready = wave_ready([ws(1), ws(2), ws(3), ws(4), ws(5)], found, settings)
    rebuild = {"failed": True, "msg": "MSG", "rebuilt": [ws(1), ws(2), ws(3)], "wait_failed": [{"workspace_id": ws(3), "state": "ERROR"}]}
    progress = fold_wave(earlier, ready, rebuild, 2, settings)
    assert progress["rebuilt"] == [entry(9, wave=1), entry(1, wave=2), entry(2, wave=2)]
    assert progress["failed"] == [entry(3, "STOPPED", reason="ended ERROR after the rebuild", wave=2)]
    assert progress["skipped"] == [
        entry(4, "SUSPENDED", reason="SUSPENDED: a rebuild does not take this state (since the plan)", wave=2),
        {"workspace_id": ws(5), "user_name": None, "state": None, "reason": "no longer returned by DescribeWorkspaces", "wave": 2},
    ]
    assert progress["reached"] == [ws(9), ws(1), ws(2), ws(3), ws(4), ws(5)]
    assert (progress["last_rebuilt"], progress["last_stop_again"]) == ([ws(1), ws(2)], [ws(2)])
    assert (progress["canary"], progress["halted"], progress["error"]) == ([], False, "")
    assert (earlier["rebuilt"], earlier["reached"], earlier["last_rebuilt"]) == ([entry(9, wave=1)], [ws(9)], [ws(9)])


def test_the_canary_wave_records_the_canaries_tried_and_a_failure_halts_at_once():
    settings = settings_of(max_failures=5)
    rebuild = {"failed": True, "msg": "MSG", "rebuilt": [ws(1), ws(2)], "not_ready": [{"workspace_id": ws(2), "state": "REBUILDING"}]}
    progress = fold_wave({}, READY, rebuild, 0, settings, canary=True)
    assert progress["canary"] == [ws(1), ws(2)]
    assert progress["rebuilt"] == [entry(1, wave=0)]
    assert progress["halted"] is True
    assert fold_wave({}, READY, {"rebuilt": [ws(1), ws(2)]}, 0, settings, canary=True)["halted"] is False


def failing(number):
    """A one-WorkSpace wave that fails."""
    return wave_ready([ws(number)], [workspace(number)], settings_of()), {"failed": True, "msg": "MSG", "rebuilt": []}


def test_waves_halt_once_the_failures_pass_max_failures_and_not_when_they_reach_it():
    settings = settings_of(max_failures=1)
    first = fold_wave(None, *failing(1), 1, settings)
    assert first["halted"] is False
    second = fold_wave(first, *failing(2), 2, settings)
    assert second["halted"] is True and ids_of(second["failed"]) == [ws(1), ws(2)]


def test_a_halted_rollout_stays_halted():
    settings = settings_of(max_failures=5)
    halted = fold_wave(None, *failing(1), 0, settings, canary=True)
    assert halted["halted"] is True
    assert fold_settling(halted, {}, {}, settings)["halted"] is True
    assert fold_wave(halted, wave_ready([ws(2)], [workspace(2)], settings), {"rebuilt": [ws(2)]}, 1, settings)["halted"] is True


# ---------------------------------------------------------------------------------------------
# The marker tags, the stops again, and the canary check
# ---------------------------------------------------------------------------------------------


def rebuilt_wave(settings, canary=False):
    """The progress once ws 1 (AVAILABLE), 2 and 3 (STOPPED) were rebuilt."""
    ready = wave_ready([ws(1), ws(2), ws(3)], [workspace(1), workspace(2, "STOPPED"), workspace(3, "STOPPED")], settings)
    return fold_wave(None, ready, {"rebuilt": [ws(1), ws(2), ws(3)]}, 0 if canary else 1, settings, canary)


def test_a_marker_tag_that_failed_fails_each_workspace_of_the_wave_which_stays_rebuilt():
    settings = settings_of(max_failures=10)
    progress = fold_settling(rebuilt_wave(settings), {"failed": True, "msg": "AccessDenied"}, {}, settings)
    reason = "rebuilt, but its marker tag was not set: AccessDenied"
    assert progress["failed"] == [entry(1, reason=reason, wave=1), entry(2, reason=reason, wave=1), entry(3, reason=reason, wave=1)]
    assert ids_of(progress["rebuilt"]) == [ws(1), ws(2), ws(3)]
    assert progress["halted"] is False


def test_a_workspace_tagged_before_the_marker_tags_failed_is_not_failed():
    settings = settings_of(max_failures=10)
    tagged = {"failed": True, "msg": "Throttling", "tagged": [ws(1), ws(2)], "failed_resources": [ws(3)], "not_attempted": []}
    progress = fold_settling(rebuilt_wave(settings), tagged, {}, settings)
    assert ids_of(progress["failed"]) == [ws(3)]


@pytest.mark.parametrize("done", [{"stopped": [ws(2)]}, {"stopped": [], "already_stopped": [ws(2)]}])
def test_a_stop_again_that_failed_fails_each_workspace_not_stopped(done):
    settings = settings_of(max_failures=10)
    progress = fold_settling(rebuilt_wave(settings), {}, dict(done, failed=True, msg="Throttling"), settings)
    assert progress["failed"] == [entry(3, reason="rebuilt, but not stopped again: Throttling", wave=1)]
    assert ids_of(progress["rebuilt"]) == [ws(1), ws(2), ws(3)]


def test_a_workspace_whose_tag_and_stop_both_failed_is_listed_once_with_both_reasons():
    settings = settings_of(max_failures=10)
    progress = fold_settling(rebuilt_wave(settings), {"failed": True, "msg": "AccessDenied"},
                             {"failed": True, "msg": "Throttling", "stopped": [ws(2)]}, settings)
    assert reasons_of(progress["failed"]) == {
        ws(1): "rebuilt, but its marker tag was not set: AccessDenied",
        ws(2): "rebuilt, but its marker tag was not set: AccessDenied",
        ws(3): "rebuilt, but its marker tag was not set: AccessDenied; rebuilt, but not stopped again: Throttling",
    }


def test_tags_and_stops_that_succeeded_fail_nothing():
    settings = settings_of()
    progress = fold_settling(rebuilt_wave(settings), {"changed": True}, {"changed": True, "stopped": [ws(2), ws(3)]}, settings)
    assert (progress["failed"], progress["halted"]) == ([], False)
    assert fold_settling(rebuilt_wave(settings), {}, {}, settings)["failed"] == []


def test_a_settling_failure_halts_the_canaries_at_once_and_later_waves_past_max_failures():
    settings = settings_of(max_failures=3)
    stopped = {"failed": True, "msg": "Throttling", "stopped": []}
    assert fold_settling(rebuilt_wave(settings, canary=True), {}, stopped, settings, canary=True)["halted"] is True
    assert fold_settling(rebuilt_wave(settings), {}, stopped, settings)["halted"] is False
    assert fold_settling(rebuilt_wave(settings), {"failed": True, "msg": "AccessDenied"}, {}, settings)["halted"] is False
    fewer = settings_of(max_failures=2)
    assert fold_settling(rebuilt_wave(fewer), {"failed": True, "msg": "AccessDenied"}, {}, fewer)["halted"] is True


def test_folding_leaves_the_progress_given_as_it_was():
    settings = settings_of(max_failures=10)
    tagged = fold_settling(rebuilt_wave(settings), {"failed": True, "msg": "AccessDenied"}, {}, settings)
    again = fold_settling(tagged, {}, {"failed": True, "msg": "Throttling"}, settings)
    assert reasons_of(again["failed"])[ws(2)] == "rebuilt, but its marker tag was not set: AccessDenied; rebuilt, but not stopped again: Throttling"
    assert set(reasons_of(tagged["failed"]).values()) == {"rebuilt, but its marker tag was not set: AccessDenied"}
    checked = fold_check_failure(tagged, [ws(1)], "boom", settings)
    assert reasons_of(checked["failed"])[ws(1)].endswith("; the canary check failed: boom")
    assert set(reasons_of(tagged["failed"]).values()) == {"rebuilt, but its marker tag was not set: AccessDenied"}


def test_a_failed_canary_check_fails_each_canary_and_halts():
    settings = settings_of(max_failures=10)
    canaries = fold_wave(None, READY, {"rebuilt": [ws(1), ws(2)]}, 0, settings, canary=True)
    progress = fold_check_failure(canaries, canaries["canary"], "the portal did not answer", settings)
    reason = "the canary check failed: the portal did not answer"
    assert progress["failed"] == [entry(1, reason=reason, wave=0), entry(2, reason=reason, wave=0)]
    assert progress["halted"] is True
    assert (canaries["failed"], canaries["halted"]) == ([], False)


def test_a_canary_check_failure_adds_its_reason_to_a_canary_already_failed_and_names_one_never_rebuilt():
    settings = settings_of(max_failures=10)
    canaries = fold_settling(rebuilt_wave(settings, canary=True), {}, {"failed": True, "msg": "Throttling", "stopped": [ws(2)]}, settings, canary=True)
    progress = fold_check_failure(canaries, [ws(3), ws(7)], "boom", settings)
    assert progress["failed"] == [
        entry(3, reason="rebuilt, but not stopped again: Throttling; the canary check failed: boom", wave=0),
        {"workspace_id": ws(7), "user_name": None, "state": None, "wave": 0, "reason": "the canary check failed: boom"},
    ]
    assert reasons_of(canaries["failed"]) == {ws(3): "rebuilt, but not stopped again: Throttling"}


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------

# 1 the canary, 2 and 3 (STOPPED) the first wave, 4 the second; 5 is already on the image, 6 busy.
FLEET = [workspace(1), workspace(2), workspace(3, "STOPPED"), workspace(4), workspace(5, tags={MARKER: IMAGE}), workspace(6, "REBOOTING")]
RESULT_KEYS = {"image_id", "image_name", "previous_image_id", "bundle_id", "rolled_back", "canary", "waves", "rebuilt", "already",
               "skipped", "failed", "not_reached"}


def halted_rollout():
    """The canary rebuilt; in wave 1, 3 ended in ERROR and 2's marker tag failed: halted, wave 2 never starts."""
    settings = settings_of(wave_size=2)
    plan = plan_of(FLEET, wave_size=2)
    progress = fold_wave(None, wave_ready(plan["canary"], FLEET, settings), {"rebuilt": [ws(1)]}, 0, settings, canary=True)
    progress = fold_settling(progress, {"changed": True}, {}, settings, canary=True)
    rebuild = {"failed": True, "msg": "MSG", "rebuilt": [ws(2), ws(3)], "wait_failed": [{"workspace_id": ws(3), "state": "ERROR"}]}
    progress = fold_wave(progress, wave_ready(plan["waves"][0], FLEET, settings), rebuild, 1, settings)
    progress = fold_settling(progress, {"failed": True, "msg": "AccessDenied"}, {}, settings)
    assert progress["halted"] is True
    return plan, progress


def rows_of(report):
    return list(csv.reader(io.StringIO(report["csv"])))


def test_the_result_says_what_became_of_each_workspace_and_lists_those_never_reached_with_their_wave():
    plan, progress = halted_rollout()
    assert (plan["canary"], plan["waves"]) == ([ws(1)], [[ws(2), ws(3)], [ws(4)]])
    result = rollout_report(plan, progress)["result"]
    assert set(result) == RESULT_KEYS
    assert (result["image_id"], result["image_name"], result["previous_image_id"], result["bundle_id"]) == (IMAGE, None, OLD_IMAGE, BUNDLE)
    assert (result["rolled_back"], result["canary"], result["waves"]) == (False, [ws(1)], [[ws(2), ws(3)], [ws(4)]])
    assert ids_of(result["rebuilt"]) == [ws(1), ws(2)]
    assert ids_of(result["failed"]) == [ws(3), ws(2)]
    assert result["already"] == [entry(5, reason=f"its {MARKER} tag names {IMAGE}")]
    assert result["skipped"] == [entry(6, "REBOOTING", reason=f"REBOOTING: {BUSY}")]
    assert result["not_reached"] == [entry(4, wave=2, reason="the rollout stopped before its wave")]


def test_the_csv_has_one_row_per_workspace_by_id_its_last_word_first():
    plan, progress = halted_rollout()
    report = rollout_report(plan, progress)
    assert report["csv"].splitlines()[0] == "workspace_id,user_name,state,outcome,reason,wave,image_id"
    assert rows_of(report)[1:] == [
        [ws(1), "user-01", "AVAILABLE", "rebuilt", "", "0", IMAGE],
        [ws(2), "user-02", "AVAILABLE", "failed", "rebuilt, but its marker tag was not set: AccessDenied", "1", ""],
        [ws(3), "user-03", "STOPPED", "failed", "ended ERROR after the rebuild", "1", ""],
        [ws(4), "user-04", "AVAILABLE", "not_reached", "the rollout stopped before its wave", "2", ""],
        [ws(5), "user-05", "AVAILABLE", "already", f"its {MARKER} tag names {IMAGE}", "", IMAGE],
        [ws(6), "user-06", "REBOOTING", "skipped", f"REBOOTING: {BUSY}", "", ""],
    ]


def test_the_summary_and_the_failure_name_what_failed_and_what_was_not_reached():
    plan, progress = halted_rollout()
    report = rollout_report(plan, progress, report_path="/srv/reports/rollout.csv")
    assert report["summary"] == [
        f"Image rollout of {IMAGE} to bundle {BUNDLE} (previously {OLD_IMAGE}).",
        f"2 rebuilt (canaries: {ws(1)}), 2 failed, 1 not reached.",
        "1 already on the image, 1 skipped.",
        f"Failed: {ws(3)} (user-03): ended ERROR after the rebuild",
        f"Failed: {ws(2)} (user-02): rebuilt, but its marker tag was not set: AccessDenied",
        f"Skipped: {ws(6)} (user-06): REBOOTING: {BUSY}",
        "Report: /srv/reports/rollout.csv",
    ]
    assert report["failure"] == (
        f"The image rollout failed: 2 WorkSpace(s) failed: {ws(3)} (user-03): ended ERROR after the rebuild; {ws(2)} (user-02): "
        f"rebuilt, but its marker tag was not set: AccessDenied. Rebuilt: {ws(1)}, {ws(2)}; not reached: {ws(4)}."
    )


def test_a_rollout_that_went_well_does_not_fail():
    settings = settings_of(wave_size=2)
    plan = plan_of(FLEET, wave_size=2)
    progress = None
    for number, wave in enumerate([plan["canary"]] + plan["waves"]):
        progress = fold_wave(progress, wave_ready(wave, FLEET, settings), {"rebuilt": wave}, number, settings, canary=number == 0)
    report = rollout_report(plan, progress)
    assert (report["failure"], report["result"]["failed"], report["result"]["not_reached"]) == ("", [], [])
    assert report["summary"][1:] == [f"4 rebuilt (canaries: {ws(1)}), 0 failed, 0 not reached.", "1 already on the image, 1 skipped.",
                                     f"Skipped: {ws(6)} (user-06): REBOOTING: {BUSY}"]
    assert [row[3] for row in rows_of(report)[1:]] == ["rebuilt", "rebuilt", "rebuilt", "rebuilt", "already", "skipped"]


def test_an_error_and_a_rollback_are_in_the_result_the_summary_and_the_failure():
    plan = plan_of(FLEET, wave_size=2)
    report = rollout_report(plan, None, rolled_back=True, error="Point the bundle at the image: ThrottlingException.")
    result = report["result"]
    assert set(result) == RESULT_KEYS | {"error"}
    assert (result["rolled_back"], result["error"]) == (True, "Point the bundle at the image: ThrottlingException.")
    assert ids_of(result["not_reached"]) == [ws(1), ws(2), ws(3), ws(4)]
    assert [not_reached["wave"] for not_reached in result["not_reached"]] == [0, 1, 1, 2]
    assert report["summary"][-2:] == [f"The bundle was pointed back at {OLD_IMAGE}.",
                                      "Stopped by an error: Point the bundle at the image: ThrottlingException."]
    assert report["failure"] == (
        f"The image rollout failed: the canary failed and the bundle was pointed back at {OLD_IMAGE}; stopped by an error: Point the "
        f"bundle at the image: ThrottlingException. Rebuilt: none; not reached: {ws(1)}, {ws(2)}, {ws(3)}, {ws(4)}."
    )


def test_the_failure_names_a_rollback_alone_and_an_error_alone():
    plan = plan_of(FLEET, wave_size=2)
    assert rollout_report(plan, None, rolled_back=True)["failure"].startswith(
        f"The image rollout failed: the canary failed and the bundle was pointed back at {OLD_IMAGE}. Rebuilt: none;")
    assert rollout_report(plan, None, error="boom")["failure"].startswith("The image rollout failed: stopped by an error: boom. Rebuilt: none;")


def test_workspaces_a_wave_skipped_when_it_looked_again_are_reported_with_their_wave_and_as_reached():
    settings = settings_of(canary_count=0)
    plan = plan_of([workspace(1), workspace(2)], canary_count=0)
    ready = wave_ready(plan["waves"][0], [workspace(1), workspace(2, connected=True)], settings)
    report = rollout_report(plan, fold_wave(None, ready, {"rebuilt": [ws(1)]}, 1, settings))
    assert report["result"]["skipped"] == [entry(2, reason="a user is connected (since the plan)", wave=1)]
    assert report["result"]["not_reached"] == [] and report["failure"] == ""
    assert rows_of(report)[2] == [ws(2), "user-02", "AVAILABLE", "skipped", "a user is connected (since the plan)", "1", ""]


def test_in_check_mode_the_report_is_the_plan():
    plan = plan_of(FLEET, wave_size=2)
    report = rollout_report(plan, None, check_mode=True, report_path="rollout.csv")
    result = report["result"]
    assert (result["canary"], result["waves"], result["not_reached"], result["rebuilt"], result["failed"]) == (
        [ws(1)], [[ws(2), ws(3)], [ws(4)]], [], [], [])
    assert report["failure"] == ""
    assert rollout_report(plan, None, check_mode=True, error="the preview was cut short")["failure"] == ""
    assert report["summary"] == [
        f"Image rollout of {IMAGE} to bundle {BUNDLE} (previously {OLD_IMAGE}).",
        f"Check mode, nothing was changed: would rebuild the canaries ({ws(1)}), then 3 WorkSpaces in 2 waves.",
        "1 already on the image, 1 skipped.",
        f"Skipped: {ws(6)} (user-06): REBOOTING: {BUSY}",
        "Report: rollout.csv",
    ]
    assert rows_of(report)[1:] == [
        [ws(1), "user-01", "AVAILABLE", "to_rebuild", "", "0", IMAGE],
        [ws(2), "user-02", "AVAILABLE", "to_rebuild", "", "1", IMAGE],
        [ws(3), "user-03", "STOPPED", "to_rebuild", "", "1", IMAGE],
        [ws(4), "user-04", "AVAILABLE", "to_rebuild", "", "2", IMAGE],
        [ws(5), "user-05", "AVAILABLE", "already", f"its {MARKER} tag names {IMAGE}", "", IMAGE],
        [ws(6), "user-06", "REBOOTING", "skipped", f"REBOOTING: {BUSY}", "", ""],
    ]


def test_in_check_mode_an_image_still_to_make_is_named_by_its_name_and_a_run_without_canaries_says_so():
    plan = plan_of([workspace(1)], target=dict(TARGET, image_id=None), canary_count=0)
    plan["image_name"] = "golden-2026-12"
    report = rollout_report(plan, None, check_mode=True)
    assert report["result"]["image_id"] is None
    assert report["summary"][:2] == [
        f"Image rollout of the new image golden-2026-12 to bundle {BUNDLE} (previously {OLD_IMAGE}).",
        "Check mode, nothing was changed: would rebuild the canaries (none), then 1 WorkSpaces in 1 waves.",
    ]
    assert rows_of(report)[1] == [ws(1), "user-01", "AVAILABLE", "to_rebuild", "", "1", ""]


def test_the_image_made_by_the_run_is_the_one_reported():
    plan = plan_of([workspace(1)], target=dict(TARGET, image_id=None))
    settings = settings_of()
    progress = fold_wave(None, wave_ready([ws(1)], [workspace(1)], settings), {"rebuilt": [ws(1)]}, 0, settings, canary=True)
    report = rollout_report(plan, progress, image_id=MADE_IMAGE)
    assert report["result"]["image_id"] == MADE_IMAGE
    assert rows_of(report)[1][-1] == MADE_IMAGE
    assert report["summary"][0] == f"Image rollout of {MADE_IMAGE} to bundle {BUNDLE} (previously {OLD_IMAGE})."


# ---------------------------------------------------------------------------------------------
# Given as a survey or -e gives them, and the rules added after review
# ---------------------------------------------------------------------------------------------


def test_canaries_given_as_one_comma_separated_string_are_split_and_trimmed():
    assert settings_of(canary_workspace_ids=f"{ws(1)}, {ws(2)},")["canary_workspace_ids"] == [ws(1), ws(2)]


def test_include_connected_that_is_not_a_boolean_is_a_problem():
    assert settings_of(include_connected="sometimes")["problems"] == ["include_connected must be a boolean, got 'sometimes'"]


def test_the_tag_keys_are_trimmed():
    settings = settings_of(skip_tag=" Skip_Rollout ", marker_tag=f" {MARKER}")
    assert (settings["skip_tag"], settings["marker_tag"]) == ("Skip_Rollout", MARKER)


def test_an_image_of_the_builder_name_in_error_is_a_problem_and_a_pending_one_is_taken():
    made = settings_of(BUILDER)
    failed = bundle_target(made, [bundle()], [image(MADE_IMAGE, state="ERROR", name="golden-2026-12")])
    assert failed["problems"] == [f"image golden-2026-12 ({MADE_IMAGE}) exists and is ERROR: delete it, or give another image name"]
    pending = bundle_target(made, [bundle()], [image(MADE_IMAGE, state="PENDING", name="golden-2026-12")])
    assert (pending["image_id"], pending["problems"]) == (MADE_IMAGE, [])


def test_a_workspace_is_classified_by_its_state_when_its_tags_were_read():
    listed = [workspace(1), workspace(2)]
    plan = plan_of(listed, details=[workspace(1, "REBOOTING"), workspace(2)])
    assert reasons_of(plan["skipped"]) == {ws(1): f"REBOOTING: {BUSY}"}
    assert plan["canary"] == [ws(2)]


def test_a_canary_wave_whose_every_canary_was_skipped_since_the_plan_halts_the_rollout_with_an_error():
    settings = settings_of()
    ready = wave_ready([ws(1)], [workspace(1, connected=True)], settings)
    progress = fold_wave(None, ready, {}, 0, settings, canary=True)
    assert progress["halted"] is True
    assert progress["error"] == f"no canary was rebuilt: {ws(1)} a user is connected (since the plan)"
    report = rollout_report(plan_of([workspace(1), workspace(2)]), progress)
    assert report["result"]["error"] == progress["error"]
    assert "stopped by an error: no canary was rebuilt" in report["failure"]


def test_the_summary_says_when_the_bundle_was_already_on_the_image():
    plan = plan_of([workspace(1)], target=dict(TARGET, previous_image_id=IMAGE))
    assert rollout_report(plan, None, check_mode=True)["summary"][0] == f"Image rollout of {IMAGE} to bundle {BUNDLE} (already on it)."

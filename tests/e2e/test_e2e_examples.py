# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module's EXAMPLES, as ansible-doc shows them, run as written against the sandbox: only the placeholder IDs
are replaced with seeded ones, and the variables an example names are given. A user copies these first; one that fails
(a fixed date CloudWatch no longer keeps, an option renamed) fails here. So does examples/image_rollout.yml, the
role euc.aws.workspaces_image_rollout's example playbook, with its canary check."""

import csv
import io
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from e2e_support import ACCESS_KEY
from e2e_support import REPO_ROOT
from e2e_support import SECRET_KEY
from e2e_support import doc_examples
from e2e_support import play
from e2e_support import playbook_text

# The modules whose examples other files run, with the scenario around them: the file that does.
RUN_ELSEWHERE = {
    "workspaces_maintenance": "test_e2e_change.py",
    "workspaces_migrate": "test_e2e_change.py",
    "workspaces_restore": "test_e2e_change.py",
    "workspaces_properties": "test_e2e_properties.py",
}
RUN_HERE = (
    "workspaces_bundle",
    "workspaces_bundle_info",
    "workspaces_create",
    "workspaces_directory",
    "workspaces_directory_info",
    "workspaces_image",
    "workspaces_image_info",
    "workspaces_info",
    "workspaces_ip_group",
    "workspaces_ip_group_info",
    "workspaces_reboot",
    "workspaces_rebuild",
    "workspaces_start",
    "workspaces_stop",
    "workspaces_tags",
    "workspaces_terminate",
    "workspaces_usage",
)
# Modules still being written, whose examples no test runs yet: each must move to RUN_HERE or RUN_ELSEWHERE.
NOT_RUN_YET = set()
# The placeholder IDs the examples use.
ALICE_ID, BOB_ID, DIRECTORY_ID = "ws-abc12345d", "ws-def67890g", "d-1234567890"


# The first poll of a wait comes 2 s after the action: a transition over by then is never seen, and the wait goes on.
# AWS's take minutes; these take 3 s.
TRANSITION_SECONDS = 3


@pytest.fixture(name="slower_transitions", autouse=True)
def fixture_slower_transitions(ws):
    ws.set_transition_seconds(**dict.fromkeys(("pending", "starting", "stopping", "rebooting", "rebuilding"), TRANSITION_SECONDS))


def run_examples(ws, playbook, module, replacements, *, env=None, **variables):
    """The examples of euc.aws.MODULE as one play against the sandbox; the run, which must have succeeded."""
    tasks = doc_examples(ws, "euc.aws." + module, replacements)
    examples = play("The examples", tasks, aws={"endpoint_url": ws.endpoint_url, "region": ws.region}, vars=variables)
    run = playbook(playbook_text(examples), env=env)
    assert run.returncode == 0, run.output
    assert run.stats["failures"] == 0
    return run


def seeded(ws, users, **settings):
    directory_id = ws.seed_directory()
    return directory_id, ws.seed_workspaces(directory_id, users, **settings)


def test_the_examples_of_every_module_are_run():
    modules = {path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__"}
    assert sorted(modules - set(RUN_HERE) - set(RUN_ELSEWHERE) - NOT_RUN_YET) == []
    for module, test_file in RUN_ELSEWHERE.items():
        assert f"euc.aws.{module}" in (REPO_ROOT / "tests" / "e2e" / test_file).read_text()


def test_the_usage_examples_measure_this_month_and_last_month(ws, playbook):
    now = datetime.now(timezone.utc)
    this_month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    directory_id, (alice, bob) = seeded(ws, ["alice", "bob"])
    # 09:00 to 11:00 on the 2nd of last month: 2 hours connected, 3 billed with the 60-minute timeout.
    ws.seed_sessions(alice, last_month + timedelta(days=1, hours=9), 120)
    run = run_examples(ws, playbook, "workspaces_usage", {DIRECTORY_ID: directory_id, ALICE_ID: alice, BOB_ID: bob})

    assert [entry["workspace_id"] for entry in run.task("Usage of a directory's WorkSpaces this month so far")["usage"]] == [alice, bob]
    measured = run.task("Usage of two WorkSpaces last month (months in UTC)")
    assert (measured["start_time"], measured["end_time"]) == (last_month.isoformat(), this_month.isoformat())
    assert [(entry["workspace_id"], entry["connected_hours"], entry["billable_hours"]) for entry in measured["usage"]] == [
        (alice, 2.0, 3),
        (bob, 0, 0),
    ]


def test_the_create_examples_give_each_joiner_a_workspace(ws, playbook):
    directory_id = ws.seed_directory()
    run = run_examples(ws, playbook, "workspaces_create", {DIRECTORY_ID: directory_id}, new_starters=["carol"])
    assert [entry["user_name"] for entry in run.task("A WorkSpace for each joiner")["created"]] == ["alice", "bob"]
    (carol,) = run.task("Create and wait until they are AVAILABLE")["created"]
    assert carol["user_name"] == "carol" and ws.state_of(carol["workspace_id"]) == "AVAILABLE"


def test_the_info_examples_find_the_unused_and_terminate_alices(ws, playbook):
    directory_id, (alice, bob) = seeded(ws, ["alice", "bob"])
    ws.set_connection(bob, last_connection=datetime.now(timezone.utc) - timedelta(days=70))
    run = run_examples(ws, playbook, "workspaces_info", {DIRECTORY_ID: directory_id, ALICE_ID: alice, BOB_ID: bob})
    assert run.task("List the WorkSpaces nobody has used for 60 days or more")["msg"] == [bob]
    assert run.task("Terminate what was found")["terminated"] == [alice]
    assert ws.state_of(alice) == "TERMINATING" and ws.state_of(bob) == "AVAILABLE"


def test_the_reboot_examples_reboot_and_wait(ws, playbook):
    _directory_id, (alice, bob) = seeded(ws, ["alice", "bob"])
    run = run_examples(ws, playbook, "workspaces_reboot", {ALICE_ID: alice, BOB_ID: bob})
    requests = [request for call in ws.calls("RebootWorkspaces") for request in call["params"]["RebootWorkspaceRequests"]]
    assert {request["WorkspaceId"] for request in requests} == {alice, bob}
    assert [ws.state_of(alice), ws.state_of(bob)] == ["AVAILABLE", "AVAILABLE"]
    assert run.task("Report what happened")["msg"].startswith("rebooted ")


def test_the_rebuild_examples_preview_then_rebuild(ws, playbook):
    _directory_id, (alice,) = seeded(ws, ["alice"])
    run = run_examples(ws, playbook, "workspaces_rebuild", {ALICE_ID: alice})
    assert run.task("Preview a rebuild first (check mode calls nothing that changes AWS)")["rebuilt"] == [alice]
    assert [call["params"] for call in ws.calls("RebuildWorkspaces")] == [{"RebuildWorkspaceRequests": [{"WorkspaceId": alice}]}]
    assert ws.state_of(alice) == "AVAILABLE"


def test_the_start_examples_start_stopped_workspaces(ws, playbook):
    _directory_id, (alice, bob) = seeded(ws, ["alice", "bob"], state="STOPPED")
    run = run_examples(ws, playbook, "workspaces_start", {ALICE_ID: alice, BOB_ID: bob})
    assert run.task("Start two WorkSpaces")["started"] == [alice, bob]
    assert ws.state_of(alice) == "AVAILABLE"


def test_the_stop_examples_stop_and_preview(ws, playbook):
    _directory_id, (alice, bob, carol) = seeded(ws, ["alice", "bob", "carol"])
    run = run_examples(ws, playbook, "workspaces_stop", {ALICE_ID: alice, BOB_ID: bob}, idle_workspace_ids=[carol])
    assert run.task("Stop WorkSpaces for the weekend")["stopped"] == [alice, bob]
    assert run.task("Preview which WorkSpaces would stop (check mode calls nothing that changes AWS)")["stopped"] == [carol]
    assert [ws.state_of(alice), ws.state_of(carol)] == ["STOPPED", "AVAILABLE"]


def test_the_terminate_examples_terminate_wait_and_preview_with_a_profile(ws, playbook, tmp_path):
    _directory_id, (alice, bob, carol) = seeded(ws, ["alice", "bob", "carol"])
    ws.set_lifecycle(2, 1)
    # The last example's module_defaults replace the play's with a profile and a region: the profile, written here,
    # points at the sandbox, and the region is the sandbox's.
    config = tmp_path / "aws-config"
    config.write_text(
        f"[profile workspaces-admin]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        f"endpoint_url = {ws.endpoint_url}\n"
    )
    env = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None, "AWS_CONFIG_FILE": str(config), "AWS_PROFILE": "workspaces-admin"}
    replacements = {ALICE_ID: alice, BOB_ID: bob, "region: eu-west-1": f"region: {ws.region}"}
    run = run_examples(ws, playbook, "workspaces_terminate", replacements, env=env, leaver_workspace_ids=[carol])
    assert run.task("Terminate two WorkSpaces")["terminated"] == [alice, bob]
    assert run.task("Terminate and wait until AWS no longer returns them (the same users can then get new WorkSpaces)")["terminated"] == [carol]
    assert ws.state_of(carol) is None
    preview = run.task("Preview a termination (check mode calls nothing that changes AWS)")
    assert preview["changed"] is False


# --- the estate ------------------------------------------------------------------------------------


def test_the_ip_group_examples_create_extend_and_delete_a_group(ws, playbook):
    run = run_examples(ws, playbook, "workspaces_ip_group", {})
    assert run.task("The office's ranges, and nothing else")["changed"] is True
    assert [r["ip_rule"] for r in run.task("Add a range, keeping the others")["ip_group"]["rules"]][-1] == "192.0.2.0/25"
    assert run.task("Delete the group (once no directory uses it)")["ip_group"] is None
    run = run_examples(ws, playbook, "workspaces_ip_group_info", {})
    assert run.stats["failures"] == 0


def test_the_tags_examples_tag_a_team_and_remove_a_temporary_tag(ws, playbook):
    directory_id, (alice, bob) = seeded(ws, ["alice", "bob"])
    run = run_examples(ws, playbook, "workspaces_tags", {DIRECTORY_ID: directory_id}, team_workspace_ids=[alice, bob])
    assert [r["resource_id"] for r in run.task("Tag a team's WorkSpaces and their directory")["resources"]] == [alice, bob, directory_id]
    assert ws.tags_of(directory_id) == {"cost-centre": "4711", "team": "finance"}


def test_the_directory_examples_register_configure_and_deregister(ws, playbook):
    ws.set_transition_seconds(registering=1, deregistering=1)
    directory_id = ws.seed_unregistered_directory()
    (described,) = ws.client("ds").describe_directories(DirectoryIds=[directory_id])["DirectoryDescriptions"]
    subnets = described["VpcSettings"]["SubnetIds"]
    group_id = ws.client("workspaces").create_ip_group(GroupName="office", UserRules=[{"ipRule": "203.0.113.0/24"}])["GroupId"]
    replacements = {DIRECTORY_ID: directory_id, "subnet-0123456789abcdef0": subnets[0], "subnet-0fedcba9876543210": subnets[1],
                    "wsipg-abcd1234": group_id}
    run = run_examples(ws, playbook, "workspaces_directory", replacements)
    assert run.task("Register a directory, with its settings and the office's IP group")["directory"]["state"] == "REGISTERED"
    assert run.task("Deregister the directory (once it has no WorkSpaces)")["directory"] is None
    directory_id = ws.seed_directory()
    run = run_examples(ws, playbook, "workspaces_directory_info", {DIRECTORY_ID: directory_id})
    assert run.stats["failures"] == 0


# --- the golden image ------------------------------------------------------------------------------


def test_the_image_examples_make_copy_share_and_delete(ws, playbook):
    directory_id, (builder,) = seeded(ws, ["builder"])
    old = ws.seed_image("golden-2024-06")
    # The example's "test account" is the sandbox's own (Sandbox.account_id), with which AWS shares nothing.
    replacements = {"ws-0123456789": builder, '["123456789012"]': '["111122223333"]'}
    run = run_examples(ws, playbook, "workspaces_image", replacements)
    image_id = run.task("Make this month's golden image of the builder WorkSpace (its Image Checker passed)")["image"]["image_id"]
    assert ws.image_state_of(image_id) == "AVAILABLE" and ws.tags_of(image_id) == {"team": "euc"}
    (copy,) = ws.calls("CopyWorkspaceImage")
    assert copy["region"] == "eu-west-1" and copy["params"]["SourceImageId"] == image_id
    assert ws.image_permissions_of(image_id) == ["111122223333"]
    assert ws.image_state_of(old) is None


def test_the_image_info_examples_list_and_pick_all_but_the_newest_three(ws, playbook):
    for month in (3, 4, 5, 6):
        ws.seed_image(f"golden-2025-0{month}")
    ws.seed_image("partner-image", owner_account_id="111122223333")
    run = run_examples(ws, playbook, "workspaces_image_info", {})
    assert [image["name"] for image in run.task("The images other accounts share with this one")["images"]] == ["partner-image"]
    assert run.task("The golden images, oldest first, all but the newest three")["msg"] == ["golden-2025-03"]


def test_the_bundle_examples_point_roll_back_and_delete(ws, playbook):
    may = ws.seed_image("golden-2025-05")
    ws.seed_image("golden-2025-06")
    bundle_id = ws.seed_bundle("standard-desktop", may, description="Standard desktop")
    old = ws.seed_bundle("old-desktop", may)
    run = run_examples(ws, playbook, "workspaces_bundle", {}, rollback=True)
    assert run.task("The standard desktop, on this month's golden image")["previous_image_id"] == may
    assert run.task("Go back to the image it had, if the new one misbehaves")["bundle"]["image_id"] == may
    assert [call["params"]["BundleId"] for call in ws.calls("UpdateWorkspaceBundle")] == [bundle_id, bundle_id]
    assert ws.bundle_state_of(old) is None


def test_the_bundle_info_examples_list_and_find_the_bundles_of_an_old_image(ws, playbook):
    may = ws.seed_image("golden-2025-05")
    june = ws.seed_image("golden-2025-06")
    ws.seed_bundle("standard-desktop", june)
    ws.seed_bundle("old-desktop", may)
    run = run_examples(ws, playbook, "workspaces_bundle_info", {}, old_image_id=may)
    assert run.task("Which bundles still use an old image")["msg"] == ["old-desktop"]
    assert len(run.task("AWS's public bundles, to pick one for new WorkSpaces")["bundles"]) == 2


# --- the image rollout -----------------------------------------------------------------------------

ROLLOUT_MARKER = "euc.aws:image-id"


@pytest.fixture(name="rollout_playbook")
def fixture_rollout_playbook(ws, playbook, tmp_path):
    """examples/image_rollout.yml as written, its canary check beside it (the playbook's default), run with the
    sandbox's endpoint and region and ``variables``. A rebuild's REBUILDING is long enough for the waits to see it."""
    check_tasks = REPO_ROOT / "examples" / "image_rollout_canary_check.yml"
    (tmp_path / check_tasks.name).write_text(check_tasks.read_text())
    text = (REPO_ROOT / "examples" / "image_rollout.yml").read_text()
    ws.set_transition_seconds(rebuilding=3)

    def run(*cli, **variables):
        return playbook(text, *cli, extra_vars={"workspaces_endpoint_url": ws.endpoint_url, "aws_region": ws.region,
                                                **variables})

    yield run
    ws.set_transition_seconds(rebuilding=2)


def rollout_estate(ws, count=3):
    """A custom bundle on an old image, a new image, and ``count`` WorkSpaces on the bundle: (old, new, bundle, IDs)."""
    old_image = ws.seed_image("golden-2026-11")
    new_image = ws.seed_image("golden-2026-12")
    bundle_id = ws.seed_bundle("standard-desktop", old_image)
    directory_id = ws.seed_directory()
    workspace_ids = sorted(ws.seed_workspaces(directory_id, count=count, bundle_id=bundle_id))
    return old_image, new_image, bundle_id, workspace_ids


def bundle_image_of(ws, bundle_id):
    return ws.client("workspaces").describe_workspace_bundles(BundleIds=[bundle_id])["Bundles"][0]["ImageId"]


def rollout_outcomes(path):
    return {row["workspace_id"]: row["outcome"] for row in csv.DictReader(io.StringIO(path.read_text()))}


def test_the_image_rollout_example_previews_rolls_out_and_resumes(ws, rollout_playbook, tmp_path):
    old_image, new_image, bundle_id, workspace_ids = rollout_estate(ws)
    report = tmp_path / "rollout.csv"
    given = {"bundle": "standard-desktop", "image_id": new_image, "report_path": str(report)}

    preview = rollout_playbook("--check", **given)
    assert preview.returncode == 0, preview.output
    assert ws.calls("RebuildWorkspaces") == [] and ws.calls("UpdateWorkspaceBundle") == []
    assert rollout_outcomes(report) == dict.fromkeys(workspace_ids, "to_rebuild")
    planned = preview.task("Set workspaces_image_rollout_result")["ansible_facts"]["workspaces_image_rollout_result"]
    assert (planned["canary"], planned["waves"]) == (workspace_ids[:1], [workspace_ids[1:]])

    run = rollout_playbook(**given)
    assert run.returncode == 0, run.output
    result = run.task("Set workspaces_image_rollout_result")["ansible_facts"]["workspaces_image_rollout_result"]
    assert result["canary"] == workspace_ids[:1] and result["previous_image_id"] == old_image
    assert [entry["workspace_id"] for entry in result["rebuilt"]] == workspace_ids
    assert result["failed"] == [] and result["rolled_back"] is False
    # The example's canary check ran on the canary, and passed.
    assert run.task("Each canary is AVAILABLE")["msg"] == f"The canaries {workspace_ids[0]} are AVAILABLE."
    assert bundle_image_of(ws, bundle_id) == new_image
    assert all(ws.tags_of(workspace_id)[ROLLOUT_MARKER] == new_image for workspace_id in workspace_ids)
    assert all(ws.state_of(workspace_id) == "AVAILABLE" for workspace_id in workspace_ids)
    assert rollout_outcomes(report) == dict.fromkeys(workspace_ids, "rebuilt")

    # Run again: every WorkSpace carries the marker, so nothing is rebuilt.
    ws.reset_calls()
    again = rollout_playbook(**given)
    assert again.returncode == 0, again.output
    assert ws.calls("RebuildWorkspaces") == [] and ws.calls("UpdateWorkspaceBundle") == []
    assert rollout_outcomes(report) == dict.fromkeys(workspace_ids, "already")


def test_the_image_rollout_example_makes_the_image_of_the_builder_first(ws, rollout_playbook):
    old_image, _new_image, bundle_id, workspace_ids = rollout_estate(ws, count=1)
    (builder,) = ws.seed_workspaces(ws.seed_directory(), ["builder"])
    run = rollout_playbook(builder_workspace_id=builder, image_name="golden-2027-01")
    assert run.returncode == 0, run.output
    (made,) = ws.client("workspaces").describe_workspace_images(ImageIds=[bundle_image_of(ws, bundle_id)])["Images"]
    assert (made["Name"], made["Description"]) == ("golden-2027-01", "Golden image golden-2027-01")
    assert made["ImageId"] != old_image and ws.tags_of(workspace_ids[0])[ROLLOUT_MARKER] == made["ImageId"]
    assert ws.state_of(builder) == "AVAILABLE" and ROLLOUT_MARKER not in ws.tags_of(builder)

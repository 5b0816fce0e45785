# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The docs site of `make docs-site` as a browser shows it.

Headless Chromium (scripts/install-chromium.sh) opens the front page, the collection index, the
workspaces_terminate module page and a guide, whose link to a module page it follows; the checks read the laid-out
page through the DevTools protocol (what loaded, sizes, visibility, applied styles), not the HTML files, and each
page's screenshot is saved in tests/output/docs-site/. What the pages must show comes from the collection itself
(README.md, ansible-doc, docs/docsite/extra-docs.yml), so new plugins and guides need no change here.
"""

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image  # pillow comes with matplotlib (requirements-dev.txt)

REPO_ROOT = Path(__file__).resolve().parents[2]
SITE = REPO_ROOT / ".build" / "docs-site" / "build" / "html"
SCREENSHOTS = REPO_ROOT / "tests" / "output" / "docs-site"
ANSIBLE_DOC = Path(sys.executable).parent / "ansible-doc"
MODULE = "workspaces_terminate"
# A guide of docs/docsite/rst/ (listed in extra-docs.yml) and a module page it links to.
GUIDE, GUIDE_MODULE = "guide_helpdesk", "workspaces_reboot"
COLLECTION_PAGES = SITE / "collections" / "euc" / "aws"
# CI runs as root, where Chromium's sandbox will not start. This network refuses Chromium's background connections
# (updates, sync, QUIC probes), which it would wait for. A fresh profile (--user-data-dir) keeps earlier runs out.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1024", "--remote-debugging-pipe"]
TIMEOUT = 60

# What a page shows, read in the page: every option table (with the option names that are visible in it), the
# links that are visible, and whether antsibull-docs' own stylesheet is in effect (it defines the --antsibull-*
# custom properties).
PAGE_STATE = """(() => {
    const shown = (element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
    };
    const optionTable = (sectionId) => {
        const table = document.querySelector(`section#${sectionId} table.ansible-option-table`);
        if (!table) return null;
        const box = table.getBoundingClientRect();
        return {shown: shown(table), width: box.width, height: box.height,
                box: {x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height},
                names: [...table.querySelectorAll(".ansible-option-title")].filter(shown).map((p) => p.textContent.trim())};
    };
    return {
        url: location.href,
        title: document.title,
        viewportWidth: innerWidth,
        antsibullStyles: getComputedStyle(document.documentElement).getPropertyValue("--antsibull-table-border") !== "",
        links: [...document.querySelectorAll("a[href]")].filter(shown).map((a) => ({text: a.textContent.trim(), href: a.href})),
        parameters: optionTable("parameters"),
        returnValues: optionTable("return-values"),
    };
})()"""


class Chromium:
    """Headless Chromium driven through the DevTools protocol over --remote-debugging-pipe (no extra packages)."""

    def __init__(self, profile):
        executable = shutil.which("chromium")
        assert executable, "chromium is not installed: run scripts/install-chromium.sh (make docs-site-check does)"
        # Chromium reads commands on fd 3 and answers on fd 4; pipes numbered 10 or more stay clear of them.
        commands_read, self.commands = self._pipe_from(10)
        self.answers, answers_write = self._pipe_from(10)
        self.process = subprocess.Popen(
            ["/bin/bash", "-c", 'exec "$@" 3<&"$COMMANDS_FD" 4>&"$ANSWERS_FD"', "chromium", executable,
             *CHROMIUM_FLAGS, f"--user-data-dir={profile}"],
            env={**os.environ, "COMMANDS_FD": str(commands_read), "ANSWERS_FD": str(answers_write)},
            pass_fds=(commands_read, answers_write), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(commands_read)
        os.close(answers_write)
        self.buffer = b""
        self.events = []
        self.last_id = 0
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.call("Page.enable", session=self.session)
            self.call("Network.enable", session=self.session)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _pipe_from(lowest):
        ends = os.pipe()
        moved = tuple(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, lowest) for end in ends)
        for end in ends:
            os.close(end)
        return moved

    def _receive(self, deadline):
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "Chromium did not answer in time"
            if select.select([self.answers], [], [], remaining)[0]:
                chunk = os.read(self.answers, 1 << 20)
                assert chunk, "Chromium exited: " + self.process.stderr.read().decode(errors="replace")[-2000:]
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def _send(self, method, session=None, **params):
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")

    def call(self, method, session=None, **params):
        self._send(method, session, **params)
        deadline = time.monotonic() + TIMEOUT
        while True:
            received = self._receive(deadline)
            if received.get("id") == self.last_id:
                assert "error" not in received, f"{method}: {received['error']}"
                return received["result"]
            self.events.append(received)

    def wait_for(self, event):
        deadline = time.monotonic() + TIMEOUT
        while True:
            for index, received in enumerate(self.events):
                if received.get("method") == event:
                    return self.events.pop(index)
            self.events.append(self._receive(deadline))

    def open(self, page):
        """The page's PAGE_STATE, plus failedLoads: what it asked for (stylesheets, scripts, images, fonts) and did not get."""
        self.events.clear()
        self.call("Page.navigate", session=self.session, url=page.as_uri())
        return self._loaded()

    def follow(self, href):
        """Clicks the shown link to ``href`` (as PAGE_STATE lists it) in the page open now; the state of the page it opens."""
        self.events.clear()
        click = ("(() => { const link = [...document.querySelectorAll('a[href]')].find((a) => a.href === %s);"
                 " if (link) link.click(); return Boolean(link); })()" % json.dumps(href))
        assert self.call("Runtime.evaluate", session=self.session, expression=click, returnByValue=True)["result"]["value"], href
        return self._loaded()

    def _loaded(self):
        self.wait_for("Page.loadEventFired")
        state = self.call("Runtime.evaluate", session=self.session, expression=PAGE_STATE, returnByValue=True)["result"]["value"]
        requested = {event["params"]["requestId"]: event["params"]["request"]["url"]
                     for event in self.events if event.get("method") == "Network.requestWillBeSent"}
        state["failedLoads"] = [(requested.get(event["params"]["requestId"]), event["params"]["errorText"])
                                for event in self.events if event.get("method") == "Network.loadingFailed"]
        return state

    def screenshot(self, path, box=None):
        if box is None:
            size = self.call("Page.getLayoutMetrics", session=self.session)["cssContentSize"]
            box = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        shot = self.call("Page.captureScreenshot", session=self.session, format="png", captureBeyondViewport=True,
                         clip={**box, "scale": 1})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self):
        try:
            # Chromium may exit before it answers this one.
            self._send("Browser.close")
            self.process.wait(timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self.commands)
            os.close(self.answers)
            self.process.stderr.close()


@pytest.fixture(name="browser", scope="module")
def fixture_browser(tmp_path_factory):
    assert (SITE / "index.html").exists(), "no docs site: run make docs-site"
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def ansible_doc(*args):
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(REPO_ROOT / ".build"), "ANSIBLE_NOCOLOR": "1"}
    completed = subprocess.run([str(ANSIBLE_DOC), *args], env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(completed.stdout)


def documented_pages():
    """collections/euc/aws/NAME_TYPE.html of every plugin and role ansible-doc finds in the collection."""
    dump = ansible_doc("--metadata-dump", "--no-fail-on-errors", "euc.aws")["all"]
    return sorted(f"{name.split('.', 2)[2]}_{plugin_type}.html"
                  for plugin_type, plugins in dump.items() if plugin_type != "keyword"
                  for name in plugins if name.startswith("euc.aws."))


def assert_rendered(state, screenshot):
    assert state["failedLoads"] == []
    assert state["antsibullStyles"], f"{state['title']}: antsibull-docs' stylesheet is not in effect"
    with Image.open(screenshot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 16, f"{screenshot} is nearly blank"


def shown_link_targets(state):
    return {link["href"].split("#")[0] for link in state["links"]}


def test_front_page_shows_the_readme_sections_and_the_indexes(browser):
    state = browser.open(SITE / "index.html")
    assert_rendered(state, browser.screenshot(SCREENSHOTS / "index.png"))
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", readme, flags=re.M | re.S)  # a shell comment in a code block is no heading
    sections = [heading.replace("`", "") for heading in re.findall(r"^#{1,2} (.+)$", prose, flags=re.M)]
    shown_texts = {link["text"] for link in state["links"]}
    assert [section for section in sections if section not in shown_texts] == []
    for page in ("README.html", "CHANGELOG.html", "collections/index.html", "collections/index_module.html"):
        assert (SITE / page).as_uri() in shown_link_targets(state), page


def test_collection_index_links_every_plugin_and_role(browser):
    state = browser.open(SITE / "collections" / "euc" / "aws" / "index.html")
    assert_rendered(state, browser.screenshot(SCREENSHOTS / "collection-index.png"))
    pages = documented_pages()
    assert f"{MODULE}_module.html" in pages
    missing = [page for page in pages
               if (SITE / "collections" / "euc" / "aws" / page).as_uri() not in shown_link_targets(state)]
    assert missing == []


def assert_option_tables(state, module):
    doc = ansible_doc("--json", f"euc.aws.{module}")[f"euc.aws.{module}"]
    for table, documented in ((state["parameters"], doc["doc"]["options"]), (state["returnValues"], doc["return"])):
        assert table is not None and table["shown"], table
        # The table spans the content column, not a sliver of it.
        assert table["width"] > state["viewportWidth"] / 2 and table["height"] > 30 * len(documented), table
        assert sorted(set(documented) - set(table["names"])) == []


def test_module_page_renders_its_option_tables(browser):
    state = browser.open(COLLECTION_PAGES / f"{MODULE}_module.html")
    assert_rendered(state, browser.screenshot(SCREENSHOTS / f"{MODULE}_module.png"))
    assert_option_tables(state, MODULE)
    browser.screenshot(SCREENSHOTS / f"{MODULE}_module-parameters.png", box=state["parameters"]["box"])


def guides():
    """The guides docs/docsite/extra-docs.yml lists, by name (docs/docsite/rst/NAME.rst)."""
    extra_docs = yaml.safe_load((REPO_ROOT / "docs" / "docsite" / "extra-docs.yml").read_text(encoding="utf-8"))
    return [name for section in extra_docs["sections"] for name in section["toctree"]]


def test_front_page_links_every_guide(browser):
    state = browser.open(SITE / "index.html")
    assert GUIDE in guides()
    missing = [name for name in guides() if (COLLECTION_PAGES / "docsite" / f"{name}.html").as_uri() not in shown_link_targets(state)]
    assert missing == []


def test_a_guide_links_to_a_module_page_that_renders(browser):
    guide = browser.open(COLLECTION_PAGES / "docsite" / f"{GUIDE}.html")
    assert_rendered(guide, browser.screenshot(SCREENSHOTS / f"{GUIDE}.png"))
    module_page = (COLLECTION_PAGES / f"{GUIDE_MODULE}_module.html").as_uri()
    (link,) = {link["href"] for link in guide["links"] if link["href"].split("#")[0] == module_page}
    state = browser.follow(link)
    assert state["url"].split("#")[0] == module_page
    assert_rendered(state, browser.screenshot(SCREENSHOTS / f"{GUIDE}-to-{GUIDE_MODULE}_module.png"))
    assert_option_tables(state, GUIDE_MODULE)

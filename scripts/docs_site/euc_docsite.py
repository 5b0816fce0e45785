# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sphinx extension that lets the euc.aws docsite (scripts/docs-site.sh) build offline and without warnings.

- The Ansible docsite labels that antsibull-docs refers to from plugin pages, and the Ansible settings'
  environment variables (ANSIBLE_CACHE_PLUGIN, ...) it refers to, resolve to links to docs.ansible.com.
  intersphinx would download docs.ansible.com's inventories for that, which CI cannot reach. A label that is
  neither one of ANSIBLE_DOCSITE_PAGES nor a page of a collection documented elsewhere stays unresolved and
  fails the build, as a wrong reference to our own collection must.
- The README's links to the guides (docs/docsite/rst/NAME.rst) point to their pages, where antsibull-docs puts
  them (collections/NAMESPACE/NAME/docsite/NAME). Its links to files that are no page of the docsite (the roles'
  READMEs, the guides' folder, COPYING) become the file's path as code: on GitHub they open the file, here there is
  nothing to open.
"""

import re

from docutils import nodes

ANSIBLE_DOCSITE = "https://docs.ansible.com/projects/ansible/latest/"
ANSIBLE_CONFIG_PAGE = "reference_appendices/config.html"
ANSIBLE_DOCSITE_PAGES = {
    "ansible_configuration_settings": (ANSIBLE_CONFIG_PAGE, "Ansible Configuration Settings"),
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
}
# antsibull-docs' labels: ansible_collections.NAMESPACE.NAME.PLUGIN_TYPE for a plugin's page, with __SOMETHING
# appended for a place in it (an option, a return value).
COLLECTION_LABEL = re.compile(r"^ansible_collections\.(?P<collection>\w+\.\w+)\.(?P<page>\w+?)(?P<part>__.+)?$")
README_DOCNAME = "README"
# Where a guide of docs/docsite/rst/ is in the collection's source, and where antsibull-docs puts its page.
GUIDE_SOURCE = re.compile(r"^docs/docsite/rst/(?P<guide>[\w-]+)\.rst$")
GUIDE_PAGES = "collections/euc/aws/docsite/"
MARKDOWN_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


def documented_collections(env):
    """NAMESPACE.NAME of every collection this docsite has pages for (antsibull-docs' collections/NS/NAME/index)."""
    return {".".join(docname.split("/")[1:3]) for docname in env.found_docs
            if docname.startswith("collections/") and docname.count("/") == 3 and docname.endswith("/index")}


def ansible_docsite_url(label, env):
    if label in ANSIBLE_DOCSITE_PAGES:
        return ANSIBLE_DOCSITE + ANSIBLE_DOCSITE_PAGES[label][0]
    match = COLLECTION_LABEL.match(label)
    if not match or match["collection"] in documented_collections(env):
        return None
    page = "%scollections/%s/%s.html" % (ANSIBLE_DOCSITE, match["collection"].replace(".", "/"), match["page"])
    return page + ("#" + nodes.make_id(label) if match["part"] else "")


def resolve_on_ansible_docsite(app, env, node, contnode):
    if node.get("refdomain") != "std" or node.get("reftype") not in ("ref", "envvar"):
        return None
    label = node["reftarget"]
    if node["reftype"] == "envvar":
        # Ansible's own settings (the inventory cache's ANSIBLE_CACHE_PLUGIN, ...) are documented on its config page.
        if not label.startswith("ANSIBLE_"):
            return None
        reference = nodes.reference("", "", internal=False, refuri=f"{ANSIBLE_DOCSITE}{ANSIBLE_CONFIG_PAGE}#envvar-{label}")
        reference += contnode
        return reference
    url = ansible_docsite_url(label, env)
    if url is None:
        return None
    if not node.get("refexplicit") and label in ANSIBLE_DOCSITE_PAGES:
        contnode = nodes.inline(text=ANSIBLE_DOCSITE_PAGES[label][1])
    reference = nodes.reference("", "", internal=False, refuri=url)
    reference += contnode
    return reference


def readme_links_to_docsite_pages_only(app, docname, source):
    if docname != README_DOCNAME:
        return

    def rewrite(link):
        text, target = link["text"], link["target"]
        if "://" in target or target.startswith(("#", "mailto:")):
            return link.group(0)
        guide = GUIDE_SOURCE.match(target)
        if guide and GUIDE_PAGES + guide["guide"] in app.env.found_docs:
            return "[%s](%s%s.rst)" % (text, GUIDE_PAGES, guide["guide"])
        if target.rsplit(".", 1)[0] in app.env.found_docs:
            return link.group(0)
        return "`%s`" % target if text == target else "%s (`%s`)" % (text, target)

    source[0] = MARKDOWN_LINK.sub(rewrite, source[0])


def setup(app):
    app.connect("missing-reference", resolve_on_ansible_docsite)
    app.connect("source-read", readme_links_to_docsite_pages_only)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

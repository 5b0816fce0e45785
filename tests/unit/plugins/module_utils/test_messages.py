# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one way a message names many items: all of them up to ten, else the first ten and their count."""

import pytest

from ansible_collections.euc.aws.plugins.module_utils.messages import FIRST_NAMED
from ansible_collections.euc.aws.plugins.module_utils.messages import named

IDS = [f"ws-{n}" for n in range(1, 3003)]


@pytest.mark.parametrize("items, expected", [
    ([], ""),
    (["ws-1"], "ws-1"),
    (IDS[:10], ", ".join(IDS[:10])),
    (IDS[:11], ", ".join(IDS[:10]) + ", ... (first 10 of 11)"),
    (IDS, "ws-1, ws-2, ws-3, ws-4, ws-5, ws-6, ws-7, ws-8, ws-9, ws-10, ... (first 10 of 3002)"),
], ids=["none", "one", "ten", "eleven", "3002"])
def test_up_to_ten_items_are_all_named_and_more_are_counted(items, expected):
    assert named(items) == expected


def test_a_long_list_gives_a_short_text_whatever_its_length():
    assert FIRST_NAMED == 10
    assert len(named(IDS * 100)) == len(named(IDS[:11])) + 4  # "300200" instead of "11"


def test_items_are_rendered_and_separated_as_asked_and_any_iterable_is_taken():
    assert named(["a", "b"], repr) == "'a', 'b'"
    assert named((f"{n} (SUSPENDED)" for n in range(12)), separator="; ").endswith("9 (SUSPENDED); ... (first 10 of 12)")
    assert named(range(3), first=2) == "0, 1, ... (first 2 of 3)"

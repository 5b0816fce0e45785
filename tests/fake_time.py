# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Time that passes only when slept: for tests of waiting, retries and backoff that must take no real time."""


class FakeTime:
    """Stands in for the time module (``monotonic``, ``sleep``), or for a clock (calling it gives the time)."""

    def __init__(self, now=0.0):
        self.now = now
        self.sleeps = []

    def monotonic(self):
        return self.now

    __call__ = monotonic

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

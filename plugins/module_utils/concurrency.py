# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one bounded pool every euc.aws module and plugin runs independent AWS calls on, and its shared backoff.

Calls that take one resource each (DescribeTags), batches of IDs, and listings across directories and regions
are independent of each other, so a run is bounded by the API rather than by round trips. The pool:
- never runs more than ``max_workers`` calls at once (1: in turn, on the caller's thread, as before);
- keeps results in the order of the work given, whatever order the calls finish in;
- stops starting new work once one call has failed, lets the calls in flight finish, and says which work
  finished, which failed and which never started;
- shares one backoff: when any call is throttled, every call that starts after it waits too, so a throttle
  storm slows the whole run instead of multiplying retries.
"""

import functools
import random
import threading
import time
from collections import namedtuple
from concurrent.futures import FIRST_COMPLETED
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# How many calls run at once unless a user says otherwise: enough to hide round trips, few enough to stay well
# inside WorkSpaces' request rate.
DEFAULT_MAX_CONCURRENCY = 4

# WorkSpaces throttles with ThrottlingException ("Rate exceeded"); the others are AWS's general throttling codes.
THROTTLING_ERROR_CODES = frozenset(("ThrottlingException", "Throttling", "RequestLimitExceeded", "TooManyRequestsException"))


def max_concurrency_problem(max_concurrency):
    """What is wrong with a ``max_concurrency`` option, checked before any AWS call; None when nothing is."""
    if max_concurrency < 1:
        return f"max_concurrency must be 1 or more, got {max_concurrency}"
    return None


def is_throttling(error):
    try:
        return AWSRetry.status_code_from_exception(error) in THROTTLING_ERROR_CODES
    except (AttributeError, KeyError, TypeError):
        return False


class SharedBackoff:
    """One pause for every call of a run, lengthened (with jitter) by each throttled call, ended by a success.

    AWSRetry still decides which errors are retried and how often; this adds the shared part: each attempt
    first waits until the pause is over.
    """

    def __init__(self, base_delay=1.0, max_delay=30.0, clock=None, sleep=None):
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock or time.monotonic
        self.sleep = sleep or time.sleep
        self._lock = threading.Lock()
        self._resume_at = 0.0
        self._streak = 0
        self.throttled_calls = 0

    def wait_turn(self):
        while True:
            with self._lock:
                pause = self._resume_at - self.clock()
            if pause <= 0:
                return
            self.sleep(pause)

    def throttled(self):
        with self._lock:
            self.throttled_calls += 1
            ceiling = min(self.max_delay, self.base_delay * 2 ** self._streak)
            self._streak += 1
            self._resume_at = max(self._resume_at, self.clock() + random.uniform(ceiling / 2, ceiling))

    def succeeded(self):
        with self._lock:
            self._streak = 0

    def gate(self, func):
        """``func`` made to wait its turn and to report throttling and success to the shared backoff."""

        @functools.wraps(func)
        def gated(*args, **kwargs):
            self.wait_turn()
            try:
                result = func(*args, **kwargs)
            except Exception as error:
                if is_throttling(error):
                    self.throttled()
                raise
            self.succeeded()
            return result

        return gated


class PoolRun(namedtuple("PoolRun", ["results", "errors", "not_started"])):
    """``results`` and ``errors`` map each finished item's index to its outcome; ``not_started`` lists indexes."""

    def ordered_results(self):
        return [self.results[index] for index in sorted(self.results)]

    def first_error(self):
        return self.errors[min(self.errors)] if self.errors else None


def run_bounded(func, items, max_workers):
    """``func(item)`` for each item, at most ``max_workers`` at once; stop starting new items after a failure."""
    items = list(items)
    results = {}
    errors = {}
    if max_workers <= 1 or len(items) <= 1:
        for index, item in enumerate(items):
            try:
                results[index] = func(item)
            except Exception as error:  # pylint: disable=broad-except
                errors[index] = error
                return PoolRun(results, errors, list(range(index + 1, len(items))))
        return PoolRun(results, errors, [])

    pending = iter(enumerate(items))
    in_flight = {}
    with ThreadPoolExecutor(max_workers=max_workers) as executor:

        def start_next():
            for index, item in pending:
                in_flight[executor.submit(func, item)] = index
                return

        for _slot in range(max_workers):
            start_next()
        while in_flight:
            finished, _running = wait(list(in_flight), return_when=FIRST_COMPLETED)
            for future in finished:
                index = in_flight.pop(future)
                error = future.exception()
                if error is None:
                    results[index] = future.result()
                else:
                    errors[index] = error
            if not errors:
                for _slot in finished:
                    start_next()
    return PoolRun(results, errors, [index for index, _item in pending])


def map_bounded(func, items, max_workers):
    """The results of ``func`` over ``items`` in order, at most ``max_workers`` at once; the first error raised."""
    run = run_bounded(func, items, max_workers)
    if run.errors:
        raise run.first_error()
    return run.ordered_results()

# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The bounded pool and its shared backoff, with fake clocks where time matters."""

import random
import threading
import time

import pytest
from botocore.exceptions import ClientError

from ansible_collections.euc.aws.plugins.module_utils.concurrency import SharedBackoff
from ansible_collections.euc.aws.plugins.module_utils.concurrency import map_bounded
from ansible_collections.euc.aws.plugins.module_utils.concurrency import run_bounded

from fake_time import FakeTime


def client_error(code):
    return ClientError({"Error": {"Code": code, "Message": code}}, "DescribeWorkspaces")


class Concurrency:
    """Counts how many calls run at once. The first ``together`` calls wait for each other (for 10 s at most, then
    fail), so they are in flight at once however the threads are scheduled."""

    def __init__(self, together=1):
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.threads = set()
        self.arrived = 0
        self.together = together
        self.first_calls = threading.Barrier(together, timeout=10)

    def __call__(self, item):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.get_ident())
            self.arrived += 1
            among_the_first = self.arrived <= self.together
        if among_the_first:
            self.first_calls.wait()
        time.sleep(random.uniform(0.001, 0.01))
        with self.lock:
            self.running -= 1
        return item * 10


@pytest.mark.parametrize("workers", [2, 4, 8])
def test_results_keep_the_order_of_the_work_and_never_exceed_the_bound(workers):
    measured = Concurrency(together=workers)
    assert map_bounded(measured, range(40), workers) == [n * 10 for n in range(40)]
    assert measured.most == workers


def test_one_worker_runs_in_turn_on_the_callers_thread():
    measured = Concurrency()
    assert map_bounded(measured, range(5), 1) == [0, 10, 20, 30, 40]
    assert measured.threads == {threading.get_ident()} and measured.most == 1


@pytest.mark.parametrize("workers", [1, 3])
def test_a_failure_stops_new_work_lets_work_in_flight_finish_and_names_what_never_started(workers):
    started = []
    failing = threading.Event()
    lock = threading.Lock()

    def work(item):
        with lock:
            started.append(item)
        if item == 1:
            failing.set()
            raise RuntimeError("batch 1 failed")
        if workers > 1 and item in (0, 2):
            # Still in flight when item 1 fails: they end only after it has raised, however late its thread ran, and
            # a moment later, once the pool has taken the failure in.
            failing.wait(5)
            time.sleep(0.2)
        return item

    run = run_bounded(work, range(10), workers)
    assert list(run.errors) == [1] and str(run.first_error()) == "batch 1 failed"
    assert sorted(run.results) == ([0] if workers == 1 else [0, 2])
    assert run.not_started == list(range(len(started), 10))
    assert sorted(started) == list(range(len(started)))
    assert len(started) == (2 if workers == 1 else 3)


def test_map_bounded_raises_the_first_error():
    def work(item):
        raise ValueError(item)

    with pytest.raises(ValueError):
        map_bounded(work, [1, 2, 3], 2)


def test_nothing_to_do_starts_nothing():
    run = run_bounded(pytest.fail, [], 4)
    assert (run.results, run.errors, run.not_started) == ({}, {}, [])


def test_a_throttled_call_pauses_every_call_that_starts_after_it():
    clock = FakeTime()
    backoff = SharedBackoff(base_delay=1.0, max_delay=30.0, clock=clock, sleep=clock.sleep)
    backoff.wait_turn()
    assert clock.sleeps == []
    backoff.throttled()
    backoff.wait_turn()  # another call, not the throttled one, waits too
    assert len(clock.sleeps) == 1 and 0.5 <= clock.sleeps[0] <= 1.0
    assert backoff.throttled_calls == 1


def test_the_pause_grows_with_a_streak_of_throttles_up_to_the_cap_and_a_success_ends_the_streak():
    clock = FakeTime()
    backoff = SharedBackoff(base_delay=1.0, max_delay=8.0, clock=clock, sleep=clock.sleep)
    pauses = []
    for _throttle in range(6):
        backoff.throttled()
        before = clock.now
        backoff.wait_turn()
        pauses.append(clock.now - before)
    ceilings = [1, 2, 4, 8, 8, 8]
    assert all(ceiling / 2 <= pause <= ceiling for pause, ceiling in zip(pauses, ceilings))
    backoff.succeeded()
    backoff.throttled()
    before = clock.now
    backoff.wait_turn()
    assert 0.5 <= clock.now - before <= 1.0
    assert backoff.throttled_calls == 7


def test_gate_reports_throttling_but_not_other_errors():
    clock = FakeTime()
    backoff = SharedBackoff(clock=clock, sleep=clock.sleep)
    outcomes = [client_error("ThrottlingException"), client_error("AccessDeniedException"), "ok"]

    @backoff.gate
    def call():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with pytest.raises(ClientError):
        call()
    assert backoff.throttled_calls == 1
    paused_until = clock.now
    with pytest.raises(ClientError):
        call()
    assert backoff.throttled_calls == 1 and clock.now > paused_until
    assert call() == "ok"


def test_concurrent_calls_share_one_backoff_under_a_throttle_storm():
    """Every third call throttled: all calls still succeed, each throttle counted once, the pool backing off together."""
    backoff = SharedBackoff(base_delay=0.01, max_delay=0.05)
    lock = threading.Lock()
    calls = []

    @backoff.gate
    def flaky(item):
        with lock:
            calls.append(item)
            throttled = len(calls) % 3 == 0
        if throttled:
            raise client_error("ThrottlingException")
        return item

    def with_retries(item):
        while True:
            try:
                return flaky(item)
            except ClientError:
                continue

    assert map_bounded(with_retries, range(30), 4) == list(range(30))
    assert backoff.throttled_calls == len(calls) - 30

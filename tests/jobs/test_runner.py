"""The job runner: claims, runs, retries, isolates and recovers jobs (chuhai.jobs)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from chuhai.database import session_scope, utcnow
from chuhai.errors import Conflict
from chuhai.jobs import registry, service
from chuhai.jobs import runner as runner_module
from chuhai.jobs.models import Job, JobState
from chuhai.jobs.runner import CPU_EXCEEDED, DISK_FULL, MEMORY_EXCEEDED, TIMED_OUT, Runner
from tests.conftest import BACKEND
from tests.jobs import kinds


@pytest.fixture(autouse=True)
def _kinds():
    before = dict(registry.KINDS)
    registry.KINDS.clear()
    kinds.register_all()
    yield
    registry.KINDS.clear()
    registry.KINDS.update(before)


@pytest.fixture
def runner(settings):
    running = Runner(settings.model_copy(update={"jobs_poll_s": 0.1}), concurrency=3).start()
    yield running
    running.stop(2)


def _enqueue(db_url, kind, payload=None, **options) -> str:
    with session_scope(db_url) as session:
        return service.enqueue(session, kind, payload, **options).id


def _wait(db_url, job_id, states=(JobState.SUCCEEDED, JobState.FAILED), timeout=30.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(db_url) as session:
            job = session.get(Job, job_id)
            if job.state in states:
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job.state}")


def test_a_job_runs_once_with_its_result_and_progress(db_url, runner):
    job_id = _enqueue(db_url, "test.echo", {"n": 1})
    job = _wait(db_url, job_id)
    assert job.state == JobState.SUCCEEDED and job.result == {"echo": {"n": 1}, "attempt": 1}
    assert job.progress == {"done": 3, "total": 3} and job.finished_at is not None
    assert kinds.CALLS.count(job_id) == 1


def test_the_same_dedupe_key_gives_the_same_job(db_url, runner):
    first = _enqueue(db_url, "test.echo", {"n": 1}, dedupe_key="once")
    _wait(db_url, first)
    assert _enqueue(db_url, "test.echo", {"n": 2}, dedupe_key="once") == first
    assert kinds.CALLS.count(first) == 1


def test_an_isolated_job_runs_in_a_child_and_reports_back(db_url, runner):
    job = _wait(db_url, _enqueue(db_url, "test.echo_isolated", {"n": 2}))
    assert job.state == JobState.SUCCEEDED and job.result == {"echo": {"n": 2}, "attempt": 1}
    assert job.id not in kinds.CALLS  # it ran in another process


def test_an_isolated_child_starts_warm(db_url, runner):
    # Configuring every domain's mappers and loading the driver took each child (each small import) ~0.15 s.
    job = _wait(db_url, _enqueue(db_url, "test.warmth"))
    assert job.result == {"mappers_configured": True, "driver_loaded": True}


def test_an_input_error_fails_at_once_with_its_message(db_url, runner):
    job = _wait(db_url, _enqueue(db_url, "test.refuse"))
    assert job.state == JobState.FAILED and job.attempts == 1
    assert job.error_message == "Unknown import kind %(kind)s." and job.error_params == {"kind": "x"}


def test_a_transient_failure_is_retried_until_it_succeeds(db_url, runner):
    job = _wait(db_url, _enqueue(db_url, "test.flaky"))
    assert job.state == JobState.SUCCEEDED and job.attempts == 2 and job.result == {"attempt": 2}


def test_retries_back_off(db_url, session):
    job_id = _enqueue(db_url, "test.echo", max_attempts=3)
    with session_scope(db_url) as scope:
        job = service.claim(scope, ["test.echo"])
        assert job.id == job_id
        assert service.fail(scope, job, "boom", retry=True, backoff_s=60) == JobState.QUEUED
    with session_scope(db_url) as scope:
        assert service.claim(scope, ["test.echo"]) is None  # not before a minute
        queued = scope.get(Job, job_id)
        assert queued.state == JobState.QUEUED and queued.error_message == "boom"
        assert (queued.run_after - queued.started_at).total_seconds() >= 59


@pytest.mark.parametrize(("kind", "message", "params"), [
    ("test.burn", CPU_EXCEEDED, {"seconds": 1}),
    ("test.hog", MEMORY_EXCEEDED, {"megabytes": 600}),
    ("test.scribble", DISK_FULL, {"megabytes": 2}),
    ("test.sleep", TIMED_OUT, {"seconds": 1}),
    ("test.server_disk_full", DISK_FULL, {"megabytes": 16384}),
])
def test_a_child_past_its_limit_fails_with_a_clear_message(db_url, runner, kind, message, params):
    job = _wait(db_url, _enqueue(db_url, kind))
    assert job.state == JobState.FAILED
    assert (job.error_message, job.error_params) == (message, params)
    assert not runner._children  # the child is gone


def test_concurrent_claims_never_take_the_same_job(db_url):
    ids = {_enqueue(db_url, "test.echo") for _ in range(12)}
    taken: list[str] = []

    def claim_all():
        while True:
            with session_scope(db_url) as scope:
                job = service.claim(scope, ["test.echo"])
            if job is None:
                return
            taken.append(job.id)

    threads = [threading.Thread(target=claim_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(taken) == sorted(ids)


def test_a_dead_process_s_job_reads_interrupted_and_can_run_again(db_url, settings):
    job_id = _enqueue(db_url, "test.echo")
    with session_scope(db_url) as scope:
        service.claim(scope, ["test.echo"], worker=f"{service.worker_name().split(':')[0]}:999999:dead")
    restarted = Runner(settings.model_copy(update={"jobs_poll_s": 0.1}))
    assert restarted.recover() == 1
    with session_scope(db_url) as scope:
        job = scope.get(Job, job_id)
        assert job.state == JobState.INTERRUPTED and job.error_message == service.INTERRUPTED
        with pytest.raises(Conflict):
            service.cancel(scope, job_id)
        service.rerun(scope, job_id)
    restarted.start()
    try:
        job = _wait(db_url, job_id)
    finally:
        restarted.stop(2)
    assert job.state == JobState.SUCCEEDED and job.attempts == 1 and kinds.CALLS.count(job_id) == 1
    with session_scope(db_url) as scope, pytest.raises(Conflict):
        service.rerun(scope, job_id)


def test_a_live_process_s_job_is_left_alone(db_url, settings):
    job_id = _enqueue(db_url, "test.echo")
    with session_scope(db_url) as scope:
        service.claim(scope, ["test.echo"], worker=f"{service.worker_name().rsplit(':', 2)[0]}:{os.getppid()}:x")
    assert Runner(settings).recover() == 0
    with session_scope(db_url) as scope:
        assert scope.get(Job, job_id).state == JobState.RUNNING


def test_a_periodic_kind_runs_once_per_period_whatever_the_number_of_runners(db_url, settings):
    registry.register(registry.Kind("test.ping", kinds.ping, every_s=1))
    fast = settings.model_copy(update={"jobs_poll_s": 0.05})
    runners = [Runner(fast).start() for _ in range(3)]
    time.sleep(2.5)
    for running in runners:
        running.stop(2)
    with session_scope(db_url) as scope:
        keys = [job.dedupe_key for job in service.recent_jobs(scope, kinds=["test.ping"])]
    assert 2 <= len(keys) <= 4 and len(set(keys)) == len(keys)


def test_stopping_kills_a_running_child_and_its_job_reads_interrupted(db_url, settings):
    running = Runner(settings.model_copy(update={"jobs_poll_s": 0.05})).start()
    job_id = _enqueue(db_url, "test.sleep_long")
    _wait(db_url, job_id, states=(JobState.RUNNING,))
    deadline = time.monotonic() + 10
    while not running._children and time.monotonic() < deadline:
        time.sleep(0.05)
    child = next(iter(running._children.values()))
    running.stop(0.2)
    assert not child.is_alive()
    job = _wait(db_url, job_id, states=(JobState.INTERRUPTED, JobState.FAILED))
    assert job.state == JobState.INTERRUPTED and job.error_message == service.INTERRUPTED


def test_progress_and_heartbeats_are_stored_while_a_job_runs_where_another_connection_may_write(db_url, settings):
    running = Runner(settings.model_copy(update={"jobs_poll_s": 0.05, "jobs_heartbeat_s": 0.2})).start()
    try:
        job_id = _enqueue(db_url, "test.slow_progress")
        _wait(db_url, job_id, states=(JobState.RUNNING,))
        time.sleep(1.5)
        with session_scope(db_url) as scope:
            during = scope.get(Job, job_id)
            assert during.state == JobState.RUNNING
            if BACKEND == "postgresql":
                assert during.progress and during.progress["done"] > 1
                assert (utcnow() - during.heartbeat_at).total_seconds() < 1.5
            else:  # SQLite's one writer is often the job itself: this process's memory has it
                assert during.progress is None and runner_module.live_progress(job_id)["done"] > 1
    finally:
        _wait(db_url, job_id)
        running.stop(2)
    with session_scope(db_url) as scope:
        assert scope.get(Job, job_id).progress == {"done": 30}


def test_old_jobs_are_pruned_and_periodic_successes_sooner(db_url):
    from datetime import timedelta

    with session_scope(db_url) as scope:
        old = {}
        cases = (("kept", None, JobState.SUCCEEDED, 2), ("tick", "every:x:1", JobState.SUCCEEDED, 2),
                 ("failed-tick", "every:x:2", JobState.FAILED, 2), ("ancient", None, JobState.FAILED, 40),
                 ("fresh-tick", "every:x:3", JobState.SUCCEEDED, 0))
        for name, key, state, days in cases:
            job = service.enqueue(scope, "test.echo", dedupe_key=key)
            job.state, job.finished_at = state, utcnow() - timedelta(days=days, minutes=1)
            old[name] = job.id
        scope.flush()
        gone = service.prune(scope, timedelta(days=30))
    assert sorted(gone) == sorted([old["tick"], old["ancient"]])

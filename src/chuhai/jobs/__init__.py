"""The one background job runner of the platform: every piece of work that must not run in a request.

A platform domain (below accounts): it knows no business domain; the domains register their kinds.

Register a kind — in `chuhai/<domain>/tasks.py`, which the app and `chuhai jobs work` import at start
(`chuhai.app.load_job_kinds`, any domain package with a `tasks` module)::

    from chuhai.jobs.registry import JobContext, Kind, RetryLater, register

    def deliver(ctx: JobContext) -> dict | None:         # a module-level function
        ...                                               # ctx.payload, ctx.database_url, ctx.owner_id
        ctx.progress({"done": 10, "total": 100})          # as often as you like
        raise RetryLater("SMTP server unreachable.")      # transient: again after a back-off
        return {"sent": 3}                                # the job's result (JSON)

    register(Kind("mail.deliver", deliver, timeout_s=120, max_attempts=5, backoff_s=60))
    register(Kind("mail.outbox", flush_outbox, every_s=60))               # periodic
    register(Kind("imports.file", run_import, isolated=True, cpu_s=600))  # a child process with limits

The handler opens its own sessions (`chuhai.database.session_scope(ctx.database_url)`), commits its
work in one transaction where it can (a job killed mid-way then leaves nothing), and is idempotent:
an interrupted or failed job may be run again. Raising `chuhai.errors.ChuhaiError` fails the job with
that message (shown translated; not retried); any other exception retries while `max_attempts` allow
(back-off doubling from `backoff_s`), then fails with a generic message (details in the log).

Enqueue — from a service, flow or route, in the caller's transaction (the job exists if it commits)::

    from chuhai.jobs import service as jobs
    job = jobs.enqueue(session, "mail.deliver", {"message_id": 7}, owner_id=user_id,
                       dedupe_key=f"mail:{message_id}")   # optional: one job per key, ever

Read it back with `jobs.get_job(session, id, owner_id=...)` (state: `chuhai.jobs.models.JobState`,
`progress`, `result`, `error_message` + `error_params` to translate at the edge), `jobs.rerun`,
`jobs.cancel`; `chuhai.jobs.runner.live_progress(id)` has the freshest progress of a job running in
this process.

Periodic kinds (`every_s`): each runner enqueues the kind with an empty payload when its period
starts, under the key "every:<kind>:<period number>", so with several processes it runs once per
period. Keep them short and idempotent; a period missed while no runner ran is not caught up.

Who runs the jobs: by default the web process (`jobs_embedded`, `jobs_concurrency` threads, started and
stopped by the app's lifespan); in a deployment a separate `chuhai jobs work` process (set
CHUHAI_JOBS_EMBEDDED=0 for the web workers). Claims are atomic (PostgreSQL `FOR UPDATE SKIP LOCKED`,
SQLite a guarded UPDATE), so any number of runners share the table. An isolated kind runs in a child
process (multiprocessing forkserver) under `resource.setrlimit` limits: CPU seconds, address space and
file size (`jobs_child_cpu_s`, `jobs_child_memory_mb`, `jobs_child_file_mb`, or the kind's own); a child
past a limit, or past `timeout_s`, is stopped and its job fails with a message saying which. The fork server
loads the isolated kinds' modules and does the first-use work every child would repeat (`jobs.forkserver`:
the mappers configured, the drivers and translation catalogs loaded), so a child starts in milliseconds.

"interrupted": a job whose runner died (killed, restarted) before it finished. A starting runner marks
the running jobs of processes that no longer exist on its host, and on PostgreSQL any without a
heartbeat for `jobs_stale_after_s`. Nothing of it was committed; `chuhai jobs rerun ID` (or the
domain's page) queues it again.
"""

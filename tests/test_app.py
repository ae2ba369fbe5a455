"""The application factory's process-wide behaviour (chuhai.app)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_a_serving_process_keeps_its_warmed_data_out_of_full_collections(db_url, tmp_path):
    # In a process of its own: freezing would otherwise reach the test session's objects.
    script = textwrap.dedent("""
        import gc, sys, threading
        from fastapi.testclient import TestClient
        from chuhai.app import create_app
        from chuhai.config import Settings

        settings = Settings(database_url=sys.argv[1], secret_key="t", data_dir=sys.argv[2], warm_caches=True,
                            jobs_embedded=False)
        before = gc.get_freeze_count()
        with TestClient(create_app(settings)):
            for thread in threading.enumerate():
                if thread.name == "warm-caches":
                    thread.join(240)
            print(before, gc.get_freeze_count())
    """)
    done = subprocess.run([sys.executable, "-c", script, db_url, str(tmp_path / "var")], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = map(int, done.stdout.split()[-2:])
    assert before == 0 and after > 10_000  # the app's modules, templates and caches: out of the generations

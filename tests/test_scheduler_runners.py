"""LocalRunner on real subprocesses: exit status, stderr tail, wall-clock limit, shutdown grace."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil

from scheduler.runners import LocalRunner, StopClock


def python_command(code: str):
    return lambda source, run_id: [sys.executable, "-c", code, source, str(run_id)]


def run(code: str, time_limit: float = 10.0, clock: StopClock | None = None, term_wait: float = 2.0):
    pids: list[int | None] = []
    runner = LocalRunner(python_command(code), dict(os.environ), time_limit, clock or StopClock(), term_wait)
    outcome = runner.run("fixture", 7, pids.append)
    return outcome, pids


def test_a_clean_exit_is_ok_and_the_command_gets_source_and_run_id() -> None:
    outcome, pids = run("import sys; print('to stdout'); sys.stderr.write(' '.join(sys.argv[1:]))")
    assert outcome.status == "ok" and outcome.exit_code == 0
    assert outcome.stderr_tail == "fixture 7"
    assert len(pids) == 1 and isinstance(pids[0], int)


def test_a_crash_is_failed_with_the_tail_of_its_stderr() -> None:
    code = "import sys\nfor i in range(500): print('noise', i, file=sys.stderr)\nraise SystemExit('it broke')"
    outcome, _ = run(code)
    assert outcome.status == "failed" and outcome.exit_code == 1
    lines = outcome.stderr_tail.splitlines()
    assert lines[-1] == "it broke" and len(lines) <= 40 and "noise 499" in outcome.stderr_tail


def test_the_time_limit_ends_the_whole_process_group(tmp_path: Path) -> None:
    marker = tmp_path / "grandchild.pid"
    # The crawl starts a grandchild (as a Scrapy crawl might) and both ignore nothing: they just hang.
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(marker)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    outcome, pids = run(code, time_limit=1.5)
    elapsed = time.monotonic() - started
    assert outcome.status == "timeout"
    assert 1.5 <= elapsed < 5, elapsed
    grandchild = int(marker.read_text())
    deadline = time.monotonic() + 3
    while psutil.pid_exists(grandchild) and psutil.Process(grandchild).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the grandchild survived the time limit"
        time.sleep(0.05)
    assert not psutil.pid_exists(pids[0] or -1) or psutil.Process(pids[0]).status() == psutil.STATUS_ZOMBIE


def test_a_process_that_ignores_sigterm_is_killed_after_the_wait() -> None:
    code = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(60)\n"
    started = time.monotonic()
    outcome, _ = run(code, time_limit=0.5, term_wait=1.0)
    assert outcome.status == "timeout" and outcome.exit_code == -9
    assert time.monotonic() - started < 4


def test_shutdown_lets_a_crawl_finish_within_the_grace() -> None:
    clock = StopClock()
    clock.stop(grace=5.0)
    outcome, _ = run("import time; time.sleep(0.5)", clock=clock)
    assert outcome.status == "ok"


def test_shutdown_ends_a_crawl_that_outlives_the_grace() -> None:
    clock = StopClock()
    clock.stop(grace=0.5)
    started = time.monotonic()
    outcome, _ = run("import time; time.sleep(60)", clock=clock)
    assert outcome.status == "killed"
    assert time.monotonic() - started < 3

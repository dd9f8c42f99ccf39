"""Crawl runners: where one crawl of one source actually runs.

Every crawl runs in a process of its own, as Scrapyd does: a stopped Twisted reactor cannot be
restarted, and a crash, a leak or a hang in a crawl must never take the daemon down. Two runners share
one interface (`run(source, run_id, on_start) -> CrawlOutcome`):

- `LocalRunner` starts `scrapy crawl` as a subprocess in its own process group, enforces the wall-clock
  limit (SIGTERM to the whole group, then SIGKILL), and keeps the tail of its stderr.
- `ScrapydRunner` hands the same crawl to a Scrapyd node (`schedule.json`), polls `listjobs.json` until
  it finishes, and cancels it at the limit.

Both honour a `StopClock`: when the daemon shuts down, running crawls get until the clock's deadline
to finish, then they are ended and reported as "killed".
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from scheduler.policy import tail

log = logging.getLogger(__name__)

STATUS_OK, STATUS_FAILED, STATUS_TIMEOUT, STATUS_KILLED = "ok", "failed", "timeout", "killed"
TERM_WAIT = 5.0  # seconds between SIGTERM and SIGKILL
STDERR_TAIL_BYTES = 64 * 1024
CHECK_INTERVAL = 0.25  # how often a waiting runner checks its time limit and the shutdown clock

CommandBuilder = Callable[[str, int], Sequence[str]]  # (source name, run id) -> argv


@dataclass(frozen=True, slots=True)
class CrawlOutcome:
    """How a crawl process ended. The counts are in the CrawlRun row the spider updated."""

    status: str  # ok|failed|timeout|killed
    exit_code: int | None
    stderr_tail: str
    duration: float


class StopClock:
    """Shared by the daemon and its runners: once stopping, crawls have until `deadline`."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.deadline: float | None = None  # time.monotonic() value

    def stop(self, grace: float) -> None:
        self.deadline = time.monotonic() + grace
        self._event.set()

    @property
    def stopping(self) -> bool:
        return self._event.is_set()

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def wait(self, seconds: float) -> None:
        """Sleep up to `seconds`, waking early when a stop is requested."""
        self._event.wait(seconds)


class Runner(Protocol):
    def run(self, source: str, run_id: int, on_start: Callable[[int | None], None]) -> CrawlOutcome:
        """Run one crawl to its end. `on_start(pid)` is called once the crawl has started."""
        ...


class LocalRunner:
    """Runs each crawl as a local subprocess with a wall-clock limit."""

    def __init__(
        self,
        command: CommandBuilder,
        env: dict[str, str],
        time_limit: float,
        clock: StopClock,
        term_wait: float = TERM_WAIT,
    ) -> None:
        self.command, self.env, self.time_limit = command, env, time_limit
        self.clock, self.term_wait = clock, term_wait

    def run(self, source: str, run_id: int, on_start: Callable[[int | None], None]) -> CrawlOutcome:
        argv = list(self.command(source, run_id))
        started = time.monotonic()
        # stderr goes to a file, not a pipe: a chatty crawl must never block on a full pipe.
        with tempfile.TemporaryFile() as stderr:
            process = subprocess.Popen(
                argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=stderr, start_new_session=True,  # its own process group, ended as one
            )
            on_start(process.pid)
            log.info("crawl %s (run %d) started, pid %d", source, run_id, process.pid)
            status = self._wait(process, started)
            exit_code = process.returncode
            text = _read_tail(stderr)
        duration = time.monotonic() - started
        if status == STATUS_OK and exit_code != 0:
            status = STATUS_FAILED
        return CrawlOutcome(status=status, exit_code=exit_code, stderr_tail=text, duration=duration)

    def _wait(self, process: subprocess.Popen[bytes], started: float) -> str:
        limit_at = started + self.time_limit
        exited = _ExitWaiter(process)
        try:
            return self._wait_with(process, exited, limit_at)
        finally:
            exited.close()

    def _wait_with(self, process: subprocess.Popen[bytes], exited: _ExitWaiter, limit_at: float) -> str:
        while True:
            if exited(min(CHECK_INTERVAL, max(limit_at - time.monotonic(), 0.0))):
                process.wait()
                return STATUS_OK
            if time.monotonic() >= limit_at:
                log.warning("crawl pid %d hit its time limit of %.0fs; ending it", process.pid, self.time_limit)
                end_process_group(process.pid, self.term_wait, process)
                return STATUS_TIMEOUT
            if self.clock.expired():
                log.warning("crawl pid %d still running at the end of the shutdown grace; ending it", process.pid)
                end_process_group(process.pid, self.term_wait, process)
                return STATUS_KILLED


class _ExitWaiter:
    """Blocks up to N seconds for a process to exit, and says whether it has.

    On Linux a pidfd makes this a plain blocking select: the waiting thread costs no CPU while the
    crawl runs (Popen.wait(timeout) polls every 50 ms, which adds up over thousands of crawls).
    """

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.pidfd: int | None = None
        with contextlib.suppress(AttributeError, OSError):
            self.pidfd = os.pidfd_open(process.pid)

    def __call__(self, seconds: float) -> bool:
        if self.pidfd is None:
            try:
                self.process.wait(timeout=seconds)
                return True
            except subprocess.TimeoutExpired:
                return False
        ready, _, _ = select.select([self.pidfd], [], [], seconds)
        return bool(ready)

    def close(self) -> None:
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


def end_process_group(pid: int, term_wait: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """SIGTERM the process group led by `pid`; SIGKILL it if it has not ended `term_wait` later."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            break
        if _wait_gone(pid, term_wait if sig == signal.SIGTERM else 5.0, process):
            break
    # The leader is gone; make sure no straggler of its group survives.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _wait_gone(pid: int, seconds: float, process: subprocess.Popen[bytes] | None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None:
            if process.poll() is not None:
                return True
        elif not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _read_tail(handle: IO[bytes]) -> str:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - STDERR_TAIL_BYTES))
    return tail(handle.read().decode("utf-8", errors="replace"))


class ScrapydRunner:
    """Hands each crawl to a Scrapyd node and follows it there.

    The nodes must run the `newsmon` project (deployed, or named in scrapyd.conf's [settings]) and
    see the same config file and database as the daemon. Nodes are used in turn; a node that cannot
    be reached is skipped for that crawl.
    """

    def __init__(
        self,
        nodes: Sequence[str],
        config_path: str | None,
        time_limit: float,
        clock: StopClock,
        project: str = "newsmon",
        spider: str = "source",
        poll_every: float = 1.0,
        request_timeout: float = 10.0,
    ) -> None:
        if not nodes:
            raise ValueError("the scrapyd runner needs [crawl] nodes, e.g. ['http://127.0.0.1:6800']")
        self.nodes = [node.rstrip("/") for node in nodes]
        self.config_path, self.time_limit, self.clock = config_path, time_limit, clock
        self.project, self.spider = project, spider
        self.poll_every, self.request_timeout = poll_every, request_timeout
        self._next = 0
        self._lock = threading.Lock()

    def run(self, source: str, run_id: int, on_start: Callable[[int | None], None]) -> CrawlOutcome:
        started = time.monotonic()
        job = f"newsmon-{source}-{run_id}-{uuid.uuid4().hex[:8]}"
        node, error = self._schedule(source, run_id, job)
        if node is None:
            return CrawlOutcome(STATUS_FAILED, None, error, time.monotonic() - started)
        on_start(None)
        log.info("crawl %s (run %d) scheduled on %s as job %s", source, run_id, node, job)
        status = self._follow(node, job, started)
        return CrawlOutcome(
            status=status,
            exit_code=None,
            stderr_tail=self._log_tail(node, job),
            duration=time.monotonic() - started,
        )

    def _schedule(self, source: str, run_id: int, job: str) -> tuple[str | None, str]:
        fields: list[tuple[str, str]] = [
            ("project", self.project), ("spider", self.spider), ("jobid", job),
            ("source", source), ("run_id", str(run_id)),
        ]
        if self.config_path:
            fields.append(("setting", f"NEWSMON_CONFIG={self.config_path}"))
        errors = []
        for node in self._node_order():
            try:
                answer = self._request(f"{node}/schedule.json", fields)
            except OSError as exc:
                errors.append(f"{node}: {exc}")
                continue
            if answer.get("status") == "ok":
                return node, ""
            errors.append(f"{node}: {answer.get('message', answer)}")
        return None, "no Scrapyd node took the crawl: " + "; ".join(errors)

    def _node_order(self) -> list[str]:
        with self._lock:
            start = self._next
            self._next = (self._next + 1) % len(self.nodes)
        return self.nodes[start:] + self.nodes[:start]

    def _follow(self, node: str, job: str, started: float) -> str:
        failures = 0
        while True:
            try:
                state = self._job_state(node, job)
                failures = 0
            except OSError as exc:
                failures += 1
                log.warning("scrapyd %s: cannot read job %s: %s", node, job, exc)
                state = "unknown"
                if failures >= 5:
                    return STATUS_FAILED
            if state == "finished":
                return STATUS_OK
            if time.monotonic() - started >= self.time_limit:
                self._cancel(node, job)
                return STATUS_TIMEOUT
            if self.clock.expired():
                self._cancel(node, job)
                return STATUS_KILLED
            if self.clock.stopping:
                time.sleep(self.poll_every)  # the clock's event is set: wait() would not sleep
            else:
                self.clock.wait(self.poll_every)

    def _job_state(self, node: str, job: str) -> str:
        query = urllib.parse.urlencode({"project": self.project})
        answer = self._request(f"{node}/listjobs.json?{query}")
        for state in ("pending", "running", "finished"):
            if any(entry.get("id") == job for entry in answer.get(state, [])):
                return state
        return "unknown"

    def _cancel(self, node: str, job: str) -> None:
        try:
            # Scrapyd's cancel sends the signal given (TERM by default); twice makes Scrapy stop at once.
            for _ in range(2):
                self._request(f"{node}/cancel.json", [("project", self.project), ("job", job)])
        except OSError as exc:
            log.warning("scrapyd %s: cannot cancel job %s: %s", node, job, exc)

    def _log_tail(self, node: str, job: str) -> str:
        url = f"{node}/logs/{self.project}/{self.spider}/{job}.log"
        try:
            with urllib.request.urlopen(url, timeout=self.request_timeout) as response:
                return tail(response.read().decode("utf-8", errors="replace"))
        except (OSError, urllib.error.HTTPError):
            return ""

    def _request(self, url: str, form: list[tuple[str, str]] | None = None) -> dict[str, Any]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        with urllib.request.urlopen(url, data=data, timeout=self.request_timeout) as response:
            answer = json.load(response)
        if not isinstance(answer, dict):
            raise OSError(f"unexpected answer from {url}: {answer!r}")
        return answer

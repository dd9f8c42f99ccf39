"""The pure scheduling policy: health after a run, failure backoff, adaptive polling within bounds."""

from __future__ import annotations

from scheduler.policy import (
    Bounds,
    RunCounts,
    SourceState,
    adapt_interval,
    assess_run,
    backoff_interval,
    error_line,
    tail,
)

BOUNDS = Bounds.for_source(base=600, min_every=300, max_every=3600)


def test_bounds_widen_to_an_explicit_schedule() -> None:
    assert Bounds.for_source(2, 300, 3600) == Bounds(base=2, floor=2, ceiling=3600)
    assert Bounds.for_source(86400, 300, 3600) == Bounds(base=86400, floor=300, ceiling=86400)


def test_new_articles_shorten_the_interval_down_to_the_floor() -> None:
    state = SourceState()
    intervals = []
    for _ in range(4):
        verdict = assess_run(state, RunCounts("ok", pages_fetched=3, article_requests=2, new_articles=2), BOUNDS)
        state = SourceState(verdict.health, verdict.consecutive_failures, verdict.empty_runs, verdict.interval)
        intervals.append(verdict.interval)
    assert intervals == [300, 300, 300, 300]
    assert state.health == "ok" and state.empty_runs == 0


def test_quiet_runs_lengthen_the_interval_up_to_the_ceiling() -> None:
    state = SourceState(interval=600)
    intervals = []
    for _ in range(6):
        verdict = assess_run(state, RunCounts("ok", pages_fetched=1), BOUNDS)
        state = SourceState(verdict.health, verdict.consecutive_failures, verdict.empty_runs, verdict.interval)
        intervals.append(verdict.interval)
    assert intervals == [900, 1350, 2025, 3037.5, 3600, 3600]
    assert state.empty_runs == 6 and state.health == "ok"  # quiet is healthy: the feed answered
    # ...and one busy run brings it back down.
    assert adapt_interval(3600, new_articles=1, bounds=BOUNDS) == 1800


def test_failures_are_counted_and_back_off_but_stay_bounded() -> None:
    state = SourceState(interval=300)
    seen = []
    for _ in range(6):
        verdict = assess_run(state, RunCounts("failed", error="boom"), BOUNDS)
        state = SourceState(verdict.health, verdict.consecutive_failures, verdict.empty_runs, verdict.interval)
        seen.append((verdict.consecutive_failures, verdict.interval, verdict.succeeded))
    assert seen == [(1, 1200, False), (2, 2400, False), (3, 3600, False), (4, 3600, False),
                    (5, 3600, False), (6, 3600, False)]
    assert state.health == "failing"
    assert backoff_interval(10_000, BOUNDS) == 3600
    # Recovery resets the count and restarts adaptive polling from the base interval.
    verdict = assess_run(state, RunCounts("ok", pages_fetched=2, new_articles=1), BOUNDS)
    assert (verdict.health, verdict.consecutive_failures, verdict.interval) == ("ok", 0, 300)


def test_timeouts_and_errors_without_a_single_page_count_as_failures() -> None:
    assert assess_run(SourceState(), RunCounts("timeout"), BOUNDS).health == "failing"
    verdict = assess_run(SourceState(), RunCounts("ok", pages_fetched=0, errors=3), BOUNDS)
    assert verdict.health == "failing" and verdict.last_error == "crawl ended with status ok"


def test_pages_without_any_extractable_article_mean_the_layout_changed() -> None:
    counts = RunCounts("ok", pages_fetched=6, article_requests=5, skipped=5)
    verdict = assess_run(SourceState(health="ok", interval=300), counts, BOUNDS)
    assert verdict.health == "no_articles" and not verdict.succeeded
    assert "layout" in (verdict.last_error or "")
    assert verdict.interval == 600  # polled at its base pace, not slowed as if merely quiet
    # Without article_requests counted, skipped pages alone tell the same story.
    assert assess_run(SourceState(), RunCounts("ok", pages_fetched=2, skipped=2), BOUNDS).health == "no_articles"
    # Known duplicates are extracted articles: not a broken layout.
    dup = RunCounts("ok", pages_fetched=3, article_requests=2, duplicates=2)
    assert assess_run(SourceState(), dup, BOUNDS).health == "ok"


def test_error_line_prefers_the_last_error_over_the_closing_chatter() -> None:
    log = (
        "2026-11-23 INFO: Spider opened\n"
        "2026-11-23 ERROR: Error downloading <GET http://127.0.0.1:1/feed.xml>: Connection refused\n"
        "2026-11-23 INFO: Spider closed (finished)\n"
    )
    assert error_line(log) == (
        "2026-11-23 ERROR: Error downloading <GET http://127.0.0.1:1/feed.xml>: Connection refused"
    )
    assert error_line("just one line\n\n") == "just one line"
    assert error_line("") is None
    assert len(error_line("ERROR " + "x" * 2000) or "") == 500


def test_tail_keeps_the_end_within_bounds() -> None:
    text = "\n".join(f"line {i}" for i in range(1000))
    kept = tail(text, max_lines=5)
    assert kept.splitlines() == [f"line {i}" for i in range(995, 1000)]
    assert len(tail("y" * 10_000, max_chars=100)) == 100

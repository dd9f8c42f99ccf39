"""Pure parts of alerts: subjects, header safety, addresses, templates, backoff and digest periods."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime

import pytest

from alerts.compose import (
    AddressError,
    EarlierValue,
    FigureView,
    FlagView,
    alert_subject,
    build_email,
    clean_header,
    figure_value,
    group_stories,
    message_id,
    outlet_name,
    parse_address,
    render_alert,
    safe_url,
    split_sentence,
    watch_title,
)
from alerts.outbox import backoff_delay, digest_boundary, lease_seconds


def figure(measure: str = "killed", value: str = "2,000", was: str | None = "600", **overrides: object) -> FigureView:
    fields: dict[str, object] = {
        "measure": measure, "value": value, "subject": "soldiers", "says": "Kyiv", "before": "said ",
        "number": value, "after": " died.", "earlier": (EarlierValue(was, "2025-01-13", "https://x.example/1"),)
        if was else (), "earlier_total": 1 if was else 0, "was": was,
    }
    fields.update(overrides)
    return FigureView(**fields)  # type: ignore[arg-type]


def flag(*figures: FigureView, title: str = "Title", url: str = "https://k.example/a", story: int = 1,
         flag_id: int = 7) -> FlagView:
    return FlagView(
        flag_id=flag_id, watch_name="north-korean-troops", watch_title="North Korean troops", title=title, url=url,
        outlet="The Kyiv Independent", published="2025-02-01 09:30 UTC", review_url=f"https://r.example/flags/{flag_id}",
        story_id=story, figures=figures,
    )


def test_watch_title_keeps_the_capitals_its_terms_use() -> None:
    assert watch_title("north-korean-troops", ["North Korea", "North Korean", "Kursk"]) == "North Korean troops"
    assert watch_title("north-korean-troops") == "North korean troops"
    assert watch_title("gaza_aid-trucks", ["Gaza"]) == "Gaza aid trucks"


def test_outlet_names() -> None:
    assert outlet_name("kyivindependent") == "The Kyiv Independent"
    assert outlet_name("fixture-times") == "Fixture Times"


def test_subject_names_each_moved_figure_and_its_previous_value() -> None:
    assert alert_subject(flag(figure())) == (
        "[newsmon] North Korean troops: killed 2,000 (was 600) — The Kyiv Independent"
    )
    three = flag(figure(), figure("wounded", "3,000", None), figure("deployed", "12,000", "11,000"))
    assert alert_subject(three) == (
        "[newsmon] North Korean troops: killed 2,000 (was 600); wounded 3,000 (new); +1 more — The Kyiv Independent"
    )


def test_figure_value_keeps_hedges_and_ranges() -> None:
    assert figure_value({"value": 2000, "hedge": "more than"}) == "more than 2,000"
    assert figure_value({"value": 350, "low": 300, "high": 400}) == "300–400"
    assert figure_value({"value": 1.5}) == "1.5"


def test_sentence_split_trusts_offsets_only_when_they_match() -> None:
    sentence = "Officials said 1,200 people died."
    assert split_sentence({"sentence": sentence, "text": "1,200", "start": 15, "end": 20}) == (
        "Officials said ", "1,200", " people died."
    )
    assert split_sentence({"sentence": sentence, "text": "1,200", "start": 400, "end": 405}) == (
        "Officials said ", "1,200", " people died."
    )
    assert split_sentence({"sentence": sentence, "text": "9", "start": 0, "end": 1}) == (sentence, "", "")


@pytest.mark.parametrize("evil", ["a\r\nBcc: x@evil.example", "a\nBcc: x", "a\rBcc: x", "a\u2028Bcc: x", "a\x00\x0bb"])
def test_clean_header_leaves_one_line(evil: str) -> None:
    cleaned = clean_header(evil)
    assert "\n" not in cleaned and "\r" not in cleaned and "\u2028" not in cleaned and "\x00" not in cleaned
    assert cleaned.startswith("a")


def test_clean_header_drops_bidi_overrides_and_caps_length() -> None:
    assert clean_header("abc\u202edef") == "abc def"
    assert len(clean_header("x" * 1000)) == 200 and clean_header("x" * 1000).endswith("…")


def test_addresses() -> None:
    address = parse_address("Zoë <zoe@exämple.org>")
    assert (address.display_name, address.addr_spec) == ("Zoë", "zoe@xn--exmple-cua.org")
    for bad in ["not an address", "a@example.org, b@example.org", "", "a@example.org\r\nBcc: b@evil.example"]:
        with pytest.raises(AddressError):
            parse_address(bad)


def test_untrusted_text_is_escaped_and_only_http_links_survive() -> None:
    hostile = figure(before="<img src=x onerror=alert(1)> said ", number="<b>2,000</b>")
    view = flag(hostile, title="<script>alert('t')</script>", url="")
    rendered = render_alert(view, "https://r.example")
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert "<img" not in rendered.html and "&lt;img src=x onerror=alert(1)&gt;" in rendered.html
    assert "&lt;b&gt;2,000&lt;/b&gt;" in rendered.html
    assert safe_url("javascript:alert(1)") is None and safe_url(" https://a.example/x ") == "https://a.example/x"


def test_message_headers_are_one_line_each_and_message_ids_are_stable() -> None:
    view = flag(figure())
    rendered = render_alert(view, "https://r.example")
    rendered = type(rendered)(
        subject="x\r\nBcc: victim@evil.example", text=rendered.text, html=rendered.html, headers=rendered.headers
    )
    when = datetime(2025, 2, 1, 9, 30)
    msgid = message_id("alert", "7", when, "newsmon.test")
    assert msgid == message_id("alert", "7", when, "newsmon.test") != message_id("alert", "8", when, "newsmon.test")
    message = build_email(rendered, parse_address("n@newsmon.test"), parse_address("a@example.org"), msgid, when,
                          "north-korean-troops")
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["Subject"] == "x Bcc: victim@evil.example"
    assert parsed["Message-ID"] == msgid and parsed["X-Newsmon-Flag"] == "7"
    assert parsed["List-Id"] == "newsmon north-korean-troops <north-korean-troops.newsmon>"


def test_stories_group_flags_latest_story_first() -> None:
    views = [flag(figure(), story=1, flag_id=1), flag(figure(), story=2, flag_id=2), flag(figure(), story=1, flag_id=3)]
    stories = group_stories(views)
    assert [(story.story_id, [v.flag_id for v in story.flags]) for story in stories] == [(1, [1, 3]), (2, [2])]


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_delay(attempt, 60) for attempt in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff_delay(200, 60) == 86_400
    assert lease_seconds(30, 10) == 2 * 30 * 46


def test_digest_periods_align_to_the_epoch() -> None:
    assert digest_boundary(datetime(2025, 2, 1, 9, 30), 86_400) == datetime(2025, 2, 1)
    assert digest_boundary(datetime(2025, 2, 1, 9, 30), 6 * 3600) == datetime(2025, 2, 1, 6)

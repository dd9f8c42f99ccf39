"""Extraction of our fixture pages: clean text, metadata, skips with reasons, charsets, dedupe keys."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extraction import (
    ExtractedArticle,
    Skipped,
    decode_html,
    detect_language,
    extract_article,
)
from crawler.hashing import content_hash, normalise_text, simhash, simhash_similarity
from tests.helpers import FIXTURES

PAGES = FIXTURES / "articles"
CHROME = (
    "Sign up now", "Related article", "Read more", "READ MORE", "Also read", "newsletter", "inbox",
    "Support us", "All rights reserved", "Share", "Privacy policy",
)


def extract(name: str, header_charset: str | None = "utf-8") -> ExtractedArticle | Skipped:
    return extract_article((PAGES / name).read_bytes(), f"http://127.0.0.1:8000/articles/{name}", header_charset)


def article(name: str) -> ExtractedArticle:
    result = extract(name)
    assert isinstance(result, ExtractedArticle), result
    return result


@pytest.mark.parametrize(
    "name",
    ["kursk-casualties.html", "grain-exports.html", "wire-grain-exports.html", "kelantan-floods.html",
     "amp-wildfire.html"],
)
def test_page_chrome_is_gone(name: str) -> None:
    text = article(name).text
    for chrome in CHROME:
        assert chrome not in text, f"{chrome!r} left in the text of {name}"
    # Teasers of other stories carry their own numbers; none may leak into this story.
    for teaser_number in ("87 Ukrainian Drones", "4,000 Prisoners", "Kharkiv injures 31", "300mm",
                          "5,000 still in relief", "10.7%", "2 Million California", "48C"):
        assert teaser_number not in text
    assert len(text.splitlines()) >= 6


def test_story_text_and_metadata() -> None:
    result = article("kursk-casualties.html")
    assert result.title == "About 1,100 North Korean Soldiers Killed or Wounded in Kursk, Seoul Lawmaker Says"
    assert result.author == "Anna Volkova"
    assert result.published == datetime(2025, 1, 14, 6, 30)  # +03:00 turned into UTC
    assert result.language == "en"
    lines = result.text.splitlines()
    assert lines[0].startswith("South Korea's intelligence service believes about 1,100 North Korean soldiers")
    assert lines[-1].startswith("Analysts in Seoul said the casualty estimate")
    # The author bio closes the page but is not the story.
    assert "correspondent for The Fixture Times" not in result.text
    assert "some 11,000 troops" in result.text


def test_json_ld_only_metadata() -> None:
    result = article("kelantan-floods.html")
    assert result.author == "Hazlin Rahman"
    assert result.published == datetime(2025, 1, 13, 6, 20)
    assert result.title == "More than 12,000 evacuated as floods hit Kelantan"
    assert not result.text.startswith("More than 12,000 evacuated as floods hit Kelantan\n")  # headline not body


def test_syndicated_copy_has_the_same_content_hash() -> None:
    original, copy = article("grain-exports.html"), article("wire-grain-exports.html")
    assert original.title != copy.title
    assert content_hash(original.text) == content_hash(copy.text)


def test_canonical_link_is_reported() -> None:
    assert article("amp-wildfire.html").canonical_url == "/news/2025/01/15/wildfire-los-angeles-5000-acres.html"


def test_windows_1251_page_with_a_lying_header() -> None:
    result = extract("sanctions-cp1251.html", header_charset="utf-8")
    assert isinstance(result, ExtractedArticle)
    assert result.title == "ЕС утвердил новый пакет санкций против России"
    assert result.author == "Иван Петров"
    assert result.language == "ru"
    assert "ещё 74 судна так называемого теневого флота" in result.text
    assert "\ufffd" not in result.text
    assert "Подпишитесь" not in result.text  # the newsletter box


def test_windows_1251_without_any_declaration_is_detected() -> None:
    text = "Министерство иностранных дел России пообещало ответные шаги. " * 20
    body = f"<html><body><p>{text}</p></body></html>".encode("cp1251")
    assert decode_html(body, "utf-8") == f"<html><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("world-index.html", "not an article: index page"),
        ("video-launch.html", "not an article: video page with no text"),
        ("paywall-election.html", "paywall stub"),
    ],
)
def test_pages_that_are_not_articles_are_skipped_with_a_reason(name: str, reason: str) -> None:
    result = extract(name)
    assert isinstance(result, Skipped)
    assert result.kind == "skipped"
    assert result.reason.startswith(reason)


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"", "empty body"), (b"  \n ", "empty body"), (bytes(range(256)) * 8, "binary content")],
)
def test_broken_bodies_are_errors(body: bytes, reason: str) -> None:
    result = extract_article(body, "http://127.0.0.1/x")
    assert result == Skipped(reason, "error")


def test_too_little_text() -> None:
    result = extract_article(b"<html><body><h1>Hello</h1><p>Just a line.</p></body></html>")
    assert isinstance(result, Skipped) and result.reason.startswith("not an article: too little text")


def test_hash_normalises_unicode_forms_and_whitespace() -> None:
    assert normalise_text("  Ten\u00a0thousand\n\n  troops\t") == "Ten thousand troops"
    assert content_hash("ﬁve  hundred\nsoldiers") == content_hash("five hundred soldiers")
    assert content_hash("five hundred soldiers") != content_hash("five hundred soldier")
    assert len(content_hash("x")) == 64


def test_simhash_finds_near_duplicates() -> None:
    base = article("grain-exports.html").text
    edited = base.replace("180 ships", "181 ships")
    other = article("kursk-casualties.html").text
    near, far = simhash(base), simhash(edited)
    assert near is not None and far is not None and -(2**63) <= near < 2**63
    assert simhash_similarity(near, far) > 0.9
    assert simhash_similarity(near, simhash(other) or 0) < 0.8
    assert simhash("") is None


def test_simhash_is_trafilaturas_value_bit_for_bit() -> None:
    """Fingerprints stored before the faster implementation must stay comparable."""
    from trafilatura.deduplication import Simhash

    texts = [
        article("grain-exports.html").text,
        article("kursk-casualties.html").text,
        "one two",
        "Ünïcödé wörds ärë hérè, and 12 more there",
        "tick " * 70_000,  # more tokens than 2**16: the per-bit counters must not overflow
        "even even odd odd",  # ties: a bit set by exactly half the tokens is set
    ]
    for text in texts:
        expected = Simhash(normalise_text(text)).hash
        assert simhash(text) == (expected - 2**64 if expected >= 2**63 else expected), text[:40]


def test_language_detector() -> None:
    assert detect_language("The ministry said that the ships left the port on Monday and were sent to the east.") == "en"
    assert detect_language("В Кремле заявили, что новые меры незаконны и что это было не так.") == "ru"


def test_a_page_that_breaks_the_per_page_work_is_an_error_not_a_lost_item(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workers' extract_page never raises: a failure anywhere in it (here the figures)
    comes back as an error the store pipeline records, and the URL is retried later."""
    import figures.articles
    from crawler.extraction import Skipped
    from crawler.prepare import PreparedArticle, extract_page

    html = (FIXTURES / "articles" / "kursk-casualties.html").read_bytes()
    url = "http://127.0.0.1/news/kursk-casualties"
    prepared = extract_page(html, url, "utf-8", "text/html")
    assert isinstance(prepared, PreparedArticle) and prepared.figures

    def broken(*args: object) -> list[object]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(figures.articles, "figures_of", broken)
    failed = extract_page(html, url, "utf-8", "text/html")
    assert failed == Skipped("could not extract: RecursionError: maximum recursion depth exceeded", "error")

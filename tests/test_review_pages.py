"""The review page in-process: every page, its JSON twin, the actions, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from newsmon.config import Settings, load_settings
from review.app import create_app
from review.queries import QueueFilter, queue_page
from review.security import local_user
from storage.db import connect, session_scope, upgrade
from storage.models import Article, Flag
from tests.helpers import write_config
from tests.review_data import HOSTILE_TITLE, HOSTILE_URL, WATCH, Dataset, ReviewClient, build

Site = tuple[ReviewClient, Dataset, Settings]
SOURCES = ("yonhap", "kyivindependent", "moscowtimes", "hostile")


def review_settings(directory: Path, database_url: str, **review: str) -> Settings:
    config = write_config(
        directory,
        sources=[{"name": name, "feeds": ["http://127.0.0.1:9/feed.xml"]} for name in SOURCES],
        watches=[{"name": WATCH, "all": [["North Korea", "North Korean"]]}],
        database_url=database_url,
        review=review or {"bind": "127.0.0.1:8080"},
    )
    return load_settings(config)


@pytest.fixture
def site(tmp_path: Path, database_url: str) -> Iterator[tuple[ReviewClient, Dataset, Settings]]:
    upgrade(database_url)
    engine = connect(database_url)
    data = build(engine)
    settings = review_settings(tmp_path, database_url)
    client = ReviewClient(create_app(settings, engine))
    yield client, data, settings
    client.close()
    engine.dispose()


def soup(response: httpx.Response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def row_ids(page: BeautifulSoup) -> list[int]:
    return [int(row["data-id"]) for row in page.select("#queue tr.row")]


def test_queue_open_first_newest_first_with_counts_and_filters(site: Site) -> None:
    client, data, _ = site
    flags = data.flags
    page = soup(client.get("/"))
    assert row_ids(page) == [flags["open_1000"], flags["hostile"], flags["open_600"]]
    counts = {tab.get_text(" ", strip=True) for tab in page.select(".tabs a")}
    assert counts == {"Open 3", "Confirmed 1", "Dismissed 1", "All 5"}

    everything = soup(client.get("/flags?status=all"))
    ids = row_ids(everything)
    assert ids[:3] == [flags["open_1000"], flags["hostile"], flags["open_600"]]  # open first
    assert ids[3:] == [flags["dismissed"], flags["confirmed"]]  # then newest first

    assert row_ids(soup(client.get("/flags?status=confirmed"))) == [flags["confirmed"]]
    assert row_ids(soup(client.get("/flags?source=yonhap"))) == [flags["open_600"]]
    assert row_ids(soup(client.get(f"/flags?status=all&watch={WATCH}&source=kyivindependent"))) == [
        flags["dismissed"], flags["confirmed"]]
    assert row_ids(soup(client.get("/flags?watch=no-such-watch"))) == []
    assert client.get("/flags?status=bogus").status_code == 400

    listing = client.get("/flags.json?status=all")
    assert listing.status_code == 200
    body = listing.json()
    assert body["counts"] == {"open": 3, "confirmed": 1, "dismissed": 1, "all": 5}
    first = body["flags"][0]
    assert set(first) >= {"id", "status", "watch", "article", "new_figures"}
    assert set(first["article"]) >= {"url", "title", "source", "published"}
    assert first["new_figures"][0]["previous"][-1]["value"] == 600
    link = client.get("/flags").headers["link"]
    assert '</flags.json>; rel="alternate"; type="application/json"' in link


def test_queue_pagination(site: Site) -> None:
    client, data, _ = site
    engine = client.app.state.engine
    with session_scope(engine) as session:
        first = queue_page(session, QueueFilter(status="all", page=1), per_page=2)
        second = queue_page(session, QueueFilter(status="all", page=2), per_page=2)
        beyond = queue_page(session, QueueFilter(status="all", page=99), per_page=2)
    assert first.pages == 3 and first.total == 5
    assert [flag.id for flag in first.flags] == [data.flags["open_1000"], data.flags["hostile"]]
    assert [flag.id for flag in second.flags] == [data.flags["open_600"], data.flags["dismissed"]]
    assert beyond.filter.page == 3 and [flag.id for flag in beyond.flags] == [data.flags["confirmed"]]


def test_flag_page_shows_the_evidence(site: Site) -> None:
    client, data, _ = site
    flag_id = data.flags["open_600"]
    page = soup(client.get(f"/flags/{flag_id}"))
    assert page.select_one("h1.headline").get_text() == "Seoul: 600 North Korean soldiers killed fighting for Russia"
    meta = page.select_one(".meta").get_text(" ", strip=True)
    assert "yonhap" in meta and "2025-11-16 12:00 UTC" in meta
    assert page.select_one(".meta a.out")["href"] == "https://yonhap.example/news/a3"
    card = page.select_one(".figure-card")
    assert "600 killed (North Korean soldiers)" in card.get_text()
    assert card.select_one("blockquote mark.new").get_text() == "600 North Korean soldiers"
    previous = card.select_one(".previous")
    assert "300" in previous.get_text()
    hrefs = [a["href"] for a in previous.select("a")]
    assert f"/articles/{data.articles['a2']}" in hrefs and "https://kyivindependent.example/news/a2" in hrefs
    marks = page.select(".article-text mark")
    assert [(mark.get_text(), "new" in mark["class"]) for mark in marks] == [("600 North Korean soldiers", True)]
    copies = page.select(".copies li")
    assert len(copies) == 2
    assert "600 North Korean troops killed, Seoul says" in copies[0].get_text()
    assert "https://yonhap.example/amp/a3" in copies[1].get_text()
    assert {form["action"] if form.has_attr("action") else None for form in page.select("form#decision-form")}
    assert {button["formaction"] for button in page.select("#decision-form button")} == {
        f"/flags/{flag_id}/confirm", f"/flags/{flag_id}/dismiss"}

    # The other figures of an article are highlighted too, the new ones marked apart.
    confirmed = soup(client.get(f"/flags/{data.flags['confirmed']}"))
    marks = [(mark.get_text(), "new" in mark["class"]) for mark in confirmed.select(".article-text mark")]
    assert marks == [("About 10,000 North Korean soldiers", True), ("Around 300 North Korean soldiers", True),
                     ("2,700 wounded", False)]
    assert "alice" in confirmed.select_one("aside.decision").get_text()

    twin = client.get(f"/flags/{flag_id}.json")
    assert twin.headers["link"] == f'</flags/{flag_id}>; rel="alternate"; type="text/html"'
    body = twin.json()
    assert body["id"] == flag_id and body["status"] == "open" and body["watch"] == WATCH
    assert body["article"]["url"] == "https://yonhap.example/news/a3"
    assert body["new_figures"][0]["value"] == 600
    assert body["new_figures"][0]["previous"] == [
        {"value": 300, "url": "https://kyivindependent.example/news/a2", "published": "2025-11-12T12:00:00Z"}]
    assert [copy["alias"] for copy in body["copies"]] == [False, True]
    assert client.get("/flags/999999").status_code == 404
    assert client.get("/flags/999999.json").json() == {"error": "no flag 999999"}
    assert client.get(f"/flags/{flag_id}.xml").status_code == 404


def test_decisions_record_who_when_and_note(site: Site) -> None:
    client, data, _ = site
    flag_id = data.flags["open_600"]
    token = client.csrf()
    response = client.post(f"/flags/{flag_id}/confirm",
                           data={"csrf_token": token, "note": "Matches NIS briefing", "next": "/flags"})
    assert response.status_code == 303 and response.headers["location"] == "/flags"
    assert flag_id not in row_ids(soup(client.get("/flags")))
    flag = client.get(f"/flags/{flag_id}.json").json()
    assert flag["status"] == "confirmed"
    assert flag["decided_by"] == local_user()
    assert flag["decided_at"] and flag["note"] == "Matches NIS briefing"

    # An off-site `next` is ignored: the redirect stays on this site.
    response = client.post(f"/flags/{flag_id}/reopen", data={"csrf_token": token, "next": "//evil.example/"})
    assert response.headers["location"] == f"/flags/{flag_id}"
    assert client.get(f"/flags/{flag_id}.json").json()["status"] == "open"
    assert client.get(f"/flags/{flag_id}.json").json()["note"] == "Matches NIS briefing"  # blank keeps it

    response = client.post(f"/flags/{flag_id}/dismiss", data={"csrf_token": token, "note": "duplicate"},
                           headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed" and response.json()["note"] == "duplicate"
    assert client.post(f"/flags/{flag_id}/explode", data={"csrf_token": token}).status_code == 404
    assert client.post("/flags/999999/confirm", data={"csrf_token": token}).status_code == 404

    # From the queue: the row's own forms carry the token and return to the queue.
    page = soup(client.get("/flags"))
    form = page.select_one(f'tr[data-id="{data.flags["open_1000"]}"] form.decide.confirm')
    fields = {field["name"]: field["value"] for field in form.select("input")}
    assert client.post(form["action"], data=fields).status_code == 303
    assert client.get(f"/flags/{data.flags['open_1000']}.json").json()["status"] == "confirmed"


def test_post_without_valid_csrf_token_is_refused(site: Site) -> None:
    client, data, _ = site
    flag_id = data.flags["open_600"]
    client.csrf()  # a session exists, so only the token is missing
    assert client.post(f"/flags/{flag_id}/confirm", data={}).status_code == 403
    assert client.post(f"/flags/{flag_id}/confirm", data={"csrf_token": "forged"}).status_code == 403
    # A valid token of another browser's session is no good either.
    other = ReviewClient(client.app)
    try:
        foreign = other.csrf()
    finally:
        other.close()
    assert client.post(f"/flags/{flag_id}/confirm", data={"csrf_token": foreign}).status_code == 403
    with session_scope(client.app.state.engine) as session:
        assert session.get(Flag, flag_id).status == "open"
    # The header works for scripts that keep the session cookie.
    token = client.csrf()
    assert client.post(f"/flags/{flag_id}/confirm", headers={"x-csrf-token": token}).status_code == 303


def test_hostile_article_renders_inert(site: Site) -> None:
    client, data, _ = site
    pages = [f"/flags/{data.flags['hostile']}", f"/articles/{data.articles['hostile']}", "/flags",
             "/search?q=officials", f"/watches/{WATCH}"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html, path
        page = BeautifulSoup(html, "html.parser")
        assert [script.get("src") for script in page.find_all("script")] == ["/static/review.js"], path
        assert page.find_all("img") == [], path
        for element in page.find_all(href=True):
            assert not element["href"].strip().lower().startswith("javascript:"), (path, element)
        for element in page.find_all(True):
            assert not [name for name in element.attrs if name.lower().startswith("on")], (path, element)
            assert "style" not in element.attrs, (path, element)
    page = soup(client.get(f"/flags/{data.flags['hostile']}"))
    assert page.select_one("h1.headline").get_text() == HOSTILE_TITLE  # shown as text
    assert page.select_one("h1.headline mark.fig").get_text() == "4,000 wounded"  # in the title
    assert HOSTILE_URL in page.select_one(".meta").get_text()  # named, never linked
    twin = client.get(f"/flags/{data.flags['hostile']}.json").json()
    assert twin["article"]["title"] == HOSTILE_TITLE  # JSON carries the data as it is


def test_security_headers_on_every_page(site: Site) -> None:
    client, data, _ = site
    for path in ("/", "/flags.json", f"/flags/{data.flags['open_600']}", f"/watches/{WATCH}", "/sources",
                 "/search?q=x", "/watches", "/static/review.css", "/nowhere"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                          "frame-ancestors 'none'"):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy
        assert headers["x-content-type-options"] == "nosniff"
    # DNS rebinding: a page under a foreign name that resolves to 127.0.0.1 is refused.
    assert client.get("/", headers={"host": "evil.example"}).status_code == 421
    assert client.get("/", headers={"host": "localhost:8080"}).status_code == 200


def test_watch_page_charts_and_exports(site: Site) -> None:
    client, data, _ = site
    response = client.get(f"/watches/{WATCH}")
    page = soup(response)
    assert '</watches/north-korean-troops.csv>; rel="alternate"; type="text/csv"' in response.headers["link"]
    charts = page.select("section.chart-card")
    assert [chart["id"] for chart in charts] == ["chart-killed", "chart-deployed", "chart-wounded"]
    killed = page.select_one("#chart-killed svg")
    assert killed.find("script") is None and killed.find("style") is None
    series = {}
    for group in killed.select("g.plot.overlay g.series"):
        color = next(name for name in group["class"] if name.startswith("color-"))
        series[color] = sorted(link["xlink:href"] for link in group.select("a"))
    assert series["color-0"] == sorted([f"/flags/{data.flags['confirmed']}"])  # confirmed
    assert series["color-1"] == sorted([f"/flags/{data.flags['open_600']}", f"/flags/{data.flags['open_1000']}"])
    assert series["color-2"] == [f"/flags/{data.flags['dismissed']}"]  # dismissed
    titles = [title.get_text() for title in killed.select("a title")]
    assert any(title.startswith("600 killed — 2025-11-16, yonhap (open)") for title in titles)
    deployed = page.select_one("#chart-deployed svg")
    baseline = [link["xlink:href"] for group in deployed.select("g.plot.overlay g.series.color-3")
                for link in group.select("a")]
    assert baseline == [f"/articles/{data.articles['a1']}"]  # seen before any flag
    latest = page.select("table.latest tbody tr")
    assert len(latest) == 7 and "12,000 deployed" in latest[0].get_text()

    only = soup(client.get(f"/watches/{WATCH}?measure=wounded"))
    assert [chart["id"] for chart in only.select("section.chart-card")] == ["chart-wounded"]

    exported = client.get(f"/watches/{WATCH}.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 9
    killed_rows = [(row["value"], row["status"]) for row in rows if row["measure"] == "killed"]
    assert killed_rows == [("300.0", "confirmed"), ("5.0", "dismissed"), ("600.0", "open"), ("1000.0", "open")]
    hostile_row = next(row for row in rows if row["source"] == "hostile")
    assert hostile_row["title"].startswith("<script>")  # data as it is; not a formula, not HTML

    twin = client.get(f"/watches/{WATCH}.json").json()
    assert twin["measures"] == {"killed": 4, "deployed": 3, "wounded": 2}
    assert len(twin["series"]) == 9 and twin["series"][0]["when"].endswith("Z")

    feed = client.get(f"/watches/{WATCH}.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 5
    titles = [entry.findtext(f"{atom}title") for entry in entries]
    assert any(HOSTILE_TITLE in title for title in titles)  # text, escaped by the XML writer
    related = [link.get("href") for entry in entries for link in entry.findall(f"{atom}link")]
    assert not [href for href in related if href.startswith("javascript:")]
    assert client.get("/watches/no-such-watch").status_code == 404
    assert client.get("/watches/no-such-watch.csv").status_code == 404

    index = soup(client.get("/watches"))
    assert "north-korean-troops" in index.select_one("table").get_text()
    assert client.get("/watches.json").json()["watches"][0] == {
        "name": WATCH, "configured": True, "open": 3, "confirmed": 1, "dismissed": 1}


def test_sources_page_shows_health_and_errors(site: Site) -> None:
    client, _, _ = site
    page = soup(client.get("/sources"))
    text = page.get_text(" ", strip=True)
    assert "moscowtimes" in text and "failing" in text and "3 failures in a row" in text
    assert "HTTP 503 from https://www.themoscowtimes.com/rss/news" in text
    assert "HTTP 503 Service Unavailable" in text
    sources = {item["name"]: item for item in client.get("/sources.json").json()["sources"]}
    assert set(sources) == set(SOURCES)
    assert sources["moscowtimes"]["health"] == "failing"
    assert sources["moscowtimes"]["recent_errors"][0]["reason"] == "HTTP 503 Service Unavailable"
    assert sources["yonhap"]["last_crawl"]["new_articles"] == 3
    assert sources["yonhap"]["articles"] == 2
    assert sources["yonhap"]["last_success"] == "2025-11-20T11:55:00Z"


def test_search_finds_articles_and_stays_in_sync(site: Site) -> None:
    client, data, _ = site
    found = client.get("/search.json?q=Kursk killed").json()
    ids = {hit["id"] for hit in found["results"]}
    assert ids == {data.articles["a2"], data.articles["a3"], data.articles["a3copy"]}
    assert found["total"] == 3
    page = soup(client.get("/search?q=Kursk"))
    assert page.select("mark.hit") and all(mark.get_text().lower() == "kursk" for mark in page.select("mark.hit"))
    assert client.get('/search.json?q="unbalanced (quote* OR').status_code == 200  # user text, never syntax
    assert client.get("/search.json?q=").json()["total"] == 0

    # Articles stored after the app started are found; edited ones are found by their new words.
    with session_scope(client.app.state.engine) as session:
        source_id = session.scalars(select(Article.source_id).where(Article.id == data.articles["a1"])).one()
        session.add(Article(url="https://yonhap.example/news/new", source_id=source_id, title="Pyongyang parade",
                            text="Thousands marched in Pyongyang.", content_hash="f" * 64))
        session.get(Article, data.articles["a1"]).text = "Rewritten: nothing about deployments here."
    assert client.get("/search.json?q=parade").json()["total"] == 1
    assert client.get("/search.json?q=deployment").json()["total"] == 0
    assert client.get("/search.json?q=Rewritten").json()["results"][0]["id"] == data.articles["a1"]


def test_article_page_and_its_twin(site: Site) -> None:
    client, data, _ = site
    page = soup(client.get(f"/articles/{data.articles['a2']}"))
    assert [mark.get_text() for mark in page.select(".article-text mark")] == [
        "About 10,000 North Korean soldiers", "Around 300 North Korean soldiers", "2,700 wounded"]
    twin = client.get(f"/articles/{data.articles['a2']}.json").json()
    assert twin["flags"] == [{"id": data.flags["confirmed"], "watch": WATCH, "status": "confirmed"}]
    assert client.get("/articles/999999").status_code == 404

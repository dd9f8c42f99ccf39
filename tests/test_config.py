"""The config: packaged defaults overlaid by the user's file, every mistake named with its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.addon import NewsmonConfig, newsmon_settings, scrapy_settings
from newsmon.config import ConfigError, load_settings, parse_duration


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text))
    return caught.value


def test_packaged_defaults_load() -> None:
    settings = load_settings(None)
    assert settings.path is None
    assert {"moscowtimes", "straitstimes", "epochtimes", "wion", "kyivindependent"} <= {
        source.name for source in settings.sources
    }
    assert settings.crawl.obey_robots is True
    assert "newsmon" in settings.crawl.user_agent and settings.crawl.contact in settings.crawl.user_agent


def test_user_file_overrides_key_by_key_and_replaces_sources(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, """
[storage]
url = "sqlite:///data/news.db"

[crawl]
every = "10m"
contact = "https://example.org/about-our-bot"

[[sources]]
name = "local"
feeds = ["http://127.0.0.1:8000/feed.xml"]
allow = ["/articles/"]
"""))
    assert settings.crawl.every == 600
    assert settings.crawl.download_timeout == 30  # untouched default
    assert settings.crawl.user_agent == "newsmon/0.1 (+https://example.org/about-our-bot)"
    assert [source.name for source in settings.sources] == ["local"]
    assert settings.source("local").allow == ("/articles/",)
    assert settings.source_every(settings.source("local")) == 600
    # A relative SQLite path would be relative to the config file, not to the working directory.
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'news.db'}"


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("[crawl]\nspeed = 3\n", "crawl.speed", "unknown key"),
        ("[crawler]\nevery = '1m'\n", "crawler", "unknown section"),
        ("[crawl]\nevery = '30'\n", "crawl.every", "bad duration"),
        ("[crawl]\nevery = 30\n", "crawl.every", "expected str"),
        ("[crawl]\nevery = '0s'\n", "crawl.every", "longer than zero"),
        ("[crawl]\nretries = -1\n", "crawl.retries", "at least 0"),
        ("[crawl]\nobey_robots = 'yes'\n", "crawl.obey_robots", "expected bool"),
        ("[[sources]]\nname = 'empty'\n", "sources.empty", "at least one of feeds, sitemaps, pages"),
        ("[[sources]]\nname = 'x'\nfeeds = ['ftp://example.org/feed']\n", "sources.x.feeds", "not an http(s) URL"),
        ("[[sources]]\nname = 'x'\npages = ['https://e.org/']\ndeny = ['(']\n", "sources.x.deny",
         "bad regular expression"),
        ("[[sources]]\nname = 'x'\nfeeds = ['https://e.org/f']\ncolour = 1\n", "sources.x.colour", "unknown key"),
        ("[[sources]]\nname = 'Bad Name'\nfeeds = ['https://e.org/f']\n", "sources.Bad Name.name", "lowercase"),
        ("[[sources]]\nname = 'x'\nfeeds = ['https://e.org/f']\n[[sources]]\nname = 'x'\nfeeds = ['https://e.org/g']\n",
         "sources.x.name", "a second source"),
        ("[[sources]]\nname = 'x'\nfeeds = ['https://e.org/f']\ncron = '61 * * * *'\n", "sources.x.cron",
         "bad crontab"),
        ("[storage]\nurl = 'mysql://localhost/db'\n", "storage.url", "sqlite"),
        ("[review]\nbind = 'localhost'\n", "review.bind", "HOST:PORT"),
        ("[review]\nbind = '127.0.0.1:70000'\n", "review.bind", "0-65535"),
    ],
)
def test_mistakes_name_the_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    error = error_of(tmp_path, text)
    assert error.key == key, str(error)
    assert message in error.message, str(error)
    assert str(tmp_path / "newsmon.toml") in str(error)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_settings(tmp_path / "absent.toml")
    assert "not valid TOML" in error_of(tmp_path, "[crawl\nevery = 1").message


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("30m", 1800), ("1h30m", 5400), ("2d", 172800),
                                               ("1.5h", 5400)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "30", "m", "5 minutes", "1h 30x", True, 5])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_scrapy_settings_come_from_the_config(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, """
[crawl]
contact = "mailto:desk@example.org"
obey_robots = false
concurrency_per_domain = 3
download_delay = "2s"
download_timeout = "12s"
max_page_size = 2048
retries = 4
max_articles_per_run = 40
"""))
    knobs = scrapy_settings(settings.crawl)
    assert knobs["USER_AGENT"] == "newsmon/0.1 (+mailto:desk@example.org)"
    assert knobs["ROBOTSTXT_OBEY"] is False
    assert knobs["CONCURRENT_REQUESTS_PER_DOMAIN"] == 3
    assert knobs["DOWNLOAD_DELAY"] == 2
    assert knobs["DOWNLOAD_TIMEOUT"] == 12
    assert knobs["DOWNLOAD_MAXSIZE"] == 2048
    assert knobs["RETRY_TIMES"] == 4 and knobs["RETRY_ENABLED"] is True
    assert knobs["NEWSMON_MAX_ARTICLES"] == 40


def test_a_crawl_reads_its_config_file_once(tmp_path: Path) -> None:
    from scrapy.settings import Settings as ScrapySettings

    path = write(tmp_path, '[crawl]\ncontact = "mailto:once@example.org"\n')
    scrapy = ScrapySettings({"NEWSMON_CONFIG": str(path)})
    first = newsmon_settings(scrapy)  # the spider asks first, before the add-on runs
    path.unlink()  # any later read of the file would now fail
    NewsmonConfig().update_settings(scrapy)
    assert scrapy["USER_AGENT"] == "newsmon/0.1 (+mailto:once@example.org)"
    scrapy.freeze()  # as the pipelines see them
    assert newsmon_settings(scrapy) is first
    assert newsmon_settings(scrapy.frozencopy()) == first  # a deep copy, still no read


def test_config_text_reads_back_as_written(tmp_path: Path) -> None:
    """config_text (what `newsmon demo` and the tests write) gives a file load_settings reads
    back value for value, quotes and backslashes in strings included."""
    from newsmon.config import config_text

    path = tmp_path / "newsmon.toml"
    path.write_text(
        config_text(
            {"crawl": {"every": "5m", "autothrottle": False, "concurrency_per_domain": 3},
             "review": {"bind": "127.0.0.1:0"}},
            sources=[{"name": "wire", "feeds": ['https://e.org/f?q="x"\\y'], "deny": ["/video/"]}],
            watches=[{"name": "quake", "all": [["earthquake", "quake"], ["Karsen"]]}],
        ),
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.crawl.every == 300 and settings.crawl.autothrottle is False
    assert settings.crawl.concurrency_per_domain == 3 and settings.review.bind == "127.0.0.1:0"
    [source] = settings.sources
    assert source.name == "wire" and source.feeds == ('https://e.org/f?q="x"\\y',) and source.deny == ("/video/",)
    [watch] = settings.watches
    assert watch.name == "quake" and watch.all == (("earthquake", "quake"), ("Karsen",))

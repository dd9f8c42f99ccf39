"""The configuration: packaged defaults plus the user's TOML file, parsed once into typed settings.

`load_settings()` is the only way in. It reads `newsmon/default.toml`, overlays the user's file key by
key (its `[[sources]]` and `[[watches]]` lists replace the defaults' lists whole), checks every key and
value, and returns a frozen `Settings`. Anything wrong raises `ConfigError` naming the file and the key,
before anything runs. Secrets are never read here: the config only names the environment variables
that hold them.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_ENV = "NEWSMON_CONFIG"
DATA_DIR_ENV = "NEWSMON_DATA_DIR"
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(ValueError):
    """A configuration problem, naming the file and the key."""

    def __init__(self, path: str | os.PathLike[str], key: str, message: str) -> None:
        self.path = str(path)
        self.key = key
        self.message = message
        super().__init__(f"{self.path}: {key}: {message}")


def parse_duration(value: object) -> float:
    """'90s', '30m', '1h30m', '2d' -> seconds. A bare number is not accepted: units are required."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"expected a duration such as '30m' (units s, m, h, d), got {value!r}")
    text = value.strip().lower().replace(" ", "")
    if not text:
        raise ValueError("empty duration")
    total, pos = 0.0, 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    if pos != len(text):
        raise ValueError(
            f"bad duration {value!r}: use a number and a unit s, m, h or d, e.g. '30m'"
        )
    return total


@dataclass(frozen=True, slots=True)
class StorageSettings:
    data_dir: Path
    url: str
    retention: float | None  # seconds; None keeps everything


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    every: float
    min_every: float
    max_every: float
    jitter: float
    max_parallel: int
    time_limit: float
    grace: float
    revisit: float
    runner: str
    nodes: tuple[str, ...]
    user_agent: str
    contact: str
    obey_robots: bool
    concurrency_per_domain: int
    download_delay: float
    autothrottle: bool
    download_timeout: float
    max_page_size: int
    retries: int
    max_articles_per_run: int


@dataclass(frozen=True, slots=True)
class SourceSettings:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()  # regexes an article URL from a section page must match (any)
    deny: tuple[str, ...] = ()  # regexes that exclude an article URL
    every: float | None = None  # seconds; None: [crawl] every
    cron: str | None = None  # a crontab expression, instead of every
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class WatchSettings:
    name: str
    all: tuple[tuple[str, ...], ...] = ()
    none: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    apprise: tuple[str, ...] = ()
    mode: str | None = None  # None: [alerts] mode


@dataclass(frozen=True, slots=True)
class AlertSettings:
    mode: str
    digest_every: float
    baseline: bool
    recipients: tuple[str, ...]
    every: float
    max_attempts: int
    retry_after: float


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    ssl: bool
    username: str
    password_env: str
    sender: str
    timeout: float

    def password(self) -> str | None:
        """The SMTP password, read from the environment variable the config names."""
        return os.environ.get(self.password_env) if self.password_env else None


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    bind: str
    base_url: str
    password_env: str
    secret_env: str

    @property
    def host(self) -> str:
        return self.bind.rsplit(":", 1)[0].strip("[]")

    @property
    def port(self) -> int:
        return int(self.bind.rsplit(":", 1)[1])

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.bind}").rstrip("/")


@dataclass(frozen=True, slots=True)
class LoggingSettings:
    level: str
    format: str


@dataclass(frozen=True, slots=True)
class Settings:
    path: Path | None  # the user's file, None when only the packaged defaults are in force
    storage: StorageSettings
    crawl: CrawlSettings
    alerts: AlertSettings
    smtp: SmtpSettings
    review: ReviewSettings
    logging: LoggingSettings
    sources: tuple[SourceSettings, ...] = field(default=())
    watches: tuple[WatchSettings, ...] = field(default=())

    def source(self, name: str) -> SourceSettings:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(f"no source named {name!r} in the config")

    def watch(self, name: str) -> WatchSettings:
        for watch in self.watches:
            if watch.name == name:
                return watch
        raise KeyError(f"no watch named {name!r} in the config")

    def source_every(self, source: SourceSettings) -> float:
        return source.every if source.every is not None else self.crawl.every

    @property
    def database_url(self) -> str:
        return self.storage.url


def default_config_text() -> str:
    return resources.files("newsmon").joinpath("default.toml").read_text(encoding="utf-8")


def config_text(
    sections: dict[str, dict[str, Any]],
    sources: Sequence[dict[str, Any]] = (),
    watches: Sequence[dict[str, Any]] = (),
) -> str:
    """A newsmon.toml holding `sections` ({"crawl": {"every": "5m"}}), then the sources and
    watches as [[sources]] and [[watches]] tables; what `newsmon demo` and the tests write."""
    lines: list[str] = []
    for name, values in sections.items():
        lines += [f"[{name}]", *(f"{key} = {_toml_value(value)}" for key, value in values.items()), ""]
    for table, items in (("sources", sources), ("watches", watches)):
        for item in items:
            lines += [f"[[{table}]]", *(f"{key} = {_toml_value(value)}" for key, value in item.items()), ""]
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Defaults, overlaid by the file at `path` (else $NEWSMON_CONFIG, else none)."""
    if path is None and os.environ.get(CONFIG_ENV):
        path = os.environ[CONFIG_ENV]
    defaults = tomllib.loads(default_config_text())
    user: dict[str, Any] = {}
    where: str = "newsmon/default.toml"
    if path is not None:
        where = str(path)
        try:
            with open(path, "rb") as handle:
                user = tomllib.load(handle)
        except FileNotFoundError:
            raise ConfigError(where, "-", "no such file") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(where, "-", f"not valid TOML: {exc}") from None
    merged = _overlay(defaults, user, where)
    return _build(merged, Path(path) if path is not None else None, where)


def _overlay(defaults: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    merged = {
        key: (dict(value) if isinstance(value, dict) else value) for key, value in defaults.items()
    }
    for key, value in user.items():
        if key not in defaults:
            raise ConfigError(where, key, f"unknown section (known: {', '.join(sorted(defaults))})")
        if isinstance(defaults[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(where, key, "expected a table, e.g. [" + key + "]")
            for sub, subvalue in value.items():
                if sub not in defaults[key]:
                    known = ", ".join(sorted(defaults[key]))
                    raise ConfigError(where, f"{key}.{sub}", f"unknown key (known: {known})")
                merged[key][sub] = subvalue
        else:
            merged[key] = value  # lists of tables replace the defaults whole
    return merged


class _Table:
    """Typed reads from one TOML table, with errors that name the file and the key."""

    def __init__(self, data: dict[str, Any], where: str, prefix: str, known: set[str]) -> None:
        self.data, self.where, self.prefix = data, where, prefix
        for key in data:
            if key not in known:
                raise ConfigError(
                    where, f"{prefix}{key}", f"unknown key (known: {', '.join(sorted(known))})"
                )

    def _error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.where, f"{self.prefix}{key}", message)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self._error(key, "missing")
            return default
        value = self.data[key]
        if (
            isinstance(value, bool)
            and kind is not bool
            and bool not in (kind if isinstance(kind, tuple) else (kind,))
        ):
            raise self._error(key, f"expected {getattr(kind, '__name__', kind)}, got {value!r}")
        if not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self._error(key, f"expected {name}, got {value!r}")
        return value

    def duration(self, key: str, default: Any = ..., allow_empty: bool = False) -> float | None:
        value = self.get(key, str, default)
        if value is None or (allow_empty and value == ""):
            return None
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise self._error(key, str(exc)) from None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, list, [])
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self._error(key, "expected a list of non-empty strings")
        return tuple(item.strip() for item in value)

    def count(self, key: str, minimum: int = 0) -> int:
        value = self.get(key, int)
        if value < minimum:
            raise self._error(key, f"must be at least {minimum}")
        return int(value)

    def choice(self, key: str, choices: tuple[str, ...], default: Any = ...) -> Any:
        value = self.get(key, str, default)
        if value is not None and value not in choices:
            raise self._error(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value


def _build(data: dict[str, Any], path: Path | None, where: str) -> Settings:
    storage = _Table(data["storage"], where, "storage.", {"data_dir", "url", "retention"})
    data_dir_text = storage.get("data_dir", str) or os.environ.get(DATA_DIR_ENV, "")
    data_dir = (
        Path(data_dir_text).expanduser()
        if data_dir_text
        else Path(platformdirs.user_data_dir("newsmon"))
    )
    if path is not None and not data_dir.is_absolute():
        data_dir = (path.parent / data_dir).resolve()
    url = storage.get("url", str) or f"sqlite:///{data_dir / 'newsmon.db'}"
    if (
        url.startswith("sqlite:///")
        and not url.startswith("sqlite:////")
        and url != "sqlite:///:memory:"
    ):
        # A relative SQLite path is relative to the config file that names it, not to the cwd.
        base = path.parent if path is not None else Path.cwd()
        url = f"sqlite:///{(base / url.removeprefix('sqlite:///')).resolve()}"
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        raise ConfigError(
            where, "storage.url", f"expected a sqlite:/// or postgresql+psycopg:// URL, got {url!r}"
        )

    crawl = _Table(data["crawl"], where, "crawl.", set(data["crawl"]))
    max_parallel = crawl.count("max_parallel")
    crawl_settings = CrawlSettings(
        every=_positive(crawl, "every"),
        min_every=_positive(crawl, "min_every"),
        max_every=_positive(crawl, "max_every"),
        jitter=crawl.duration("jitter") or 0.0,
        max_parallel=max_parallel or (os.cpu_count() or 1),
        time_limit=_positive(crawl, "time_limit"),
        grace=crawl.duration("grace") or 0.0,
        revisit=crawl.duration("revisit") or 0.0,
        runner=crawl.choice("runner", ("local", "scrapyd")),
        nodes=crawl.strings("nodes"),
        user_agent=crawl.get("user_agent", str).replace("{contact}", crawl.get("contact", str)),
        contact=crawl.get("contact", str),
        obey_robots=crawl.get("obey_robots", bool),
        concurrency_per_domain=crawl.count("concurrency_per_domain", 1),
        download_delay=crawl.duration("download_delay") or 0.0,
        autothrottle=crawl.get("autothrottle", bool),
        download_timeout=_positive(crawl, "download_timeout"),
        max_page_size=crawl.count("max_page_size", 1024),
        retries=crawl.count("retries"),
        max_articles_per_run=crawl.count("max_articles_per_run", 1),
    )
    if crawl_settings.min_every > crawl_settings.max_every:
        raise ConfigError(where, "crawl.min_every", "must not be longer than crawl.max_every")
    if crawl_settings.runner == "scrapyd" and not crawl_settings.nodes:
        raise ConfigError(where, "crawl.nodes", "runner 'scrapyd' needs at least one node URL")

    alerts = _Table(data["alerts"], where, "alerts.", set(data["alerts"]))
    alert_settings = AlertSettings(
        mode=alerts.choice("mode", ("immediate", "digest")),
        digest_every=_positive(alerts, "digest_every"),
        baseline=alerts.get("baseline", bool),
        recipients=alerts.strings("recipients"),
        every=_positive(alerts, "every"),
        max_attempts=alerts.count("max_attempts", 1),
        retry_after=_positive(alerts, "retry_after"),
    )

    smtp = _Table(data["smtp"], where, "smtp.", set(data["smtp"]))
    smtp_settings = SmtpSettings(
        host=smtp.get("host", str),
        port=smtp.count("port", 1),
        starttls=smtp.get("starttls", bool),
        ssl=smtp.get("ssl", bool),
        username=smtp.get("username", str),
        password_env=smtp.get("password_env", str),
        sender=smtp.get("sender", str),
        timeout=_positive(smtp, "timeout"),
    )
    if smtp_settings.ssl and smtp_settings.starttls:
        raise ConfigError(where, "smtp.starttls", "choose either ssl or starttls, not both")

    review = _Table(data["review"], where, "review.", set(data["review"]))
    bind = check_bind(review.get("bind", str), where)
    review_settings = ReviewSettings(
        bind=bind,
        base_url=review.get("base_url", str),
        password_env=review.get("password_env", str),
        secret_env=review.get("secret_env", str),
    )

    logging_table = _Table(data["logging"], where, "logging.", set(data["logging"]))
    logging_settings = LoggingSettings(
        level=logging_table.choice("level", ("DEBUG", "INFO", "WARNING", "ERROR")),
        format=logging_table.choice("format", ("plain", "json")),
    )

    sources = _sources(data.get("sources", []), where)
    watches = _watches(data.get("watches", []), where)
    return Settings(
        path=path,
        storage=StorageSettings(
            data_dir=data_dir, url=url, retention=storage.duration("retention", allow_empty=True)
        ),
        crawl=crawl_settings,
        alerts=alert_settings,
        smtp=smtp_settings,
        review=review_settings,
        logging=logging_settings,
        sources=sources,
        watches=watches,
    )


def check_bind(bind: str, where: str) -> str:
    """`bind` if it is HOST:PORT with a port of 0-65535 (0: any free port), else a ConfigError
    naming `where` (the config file, or the command-line option that gave it)."""
    found = re.fullmatch(r"(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})", bind)
    if not found:
        raise ConfigError(where, "review.bind", f"expected HOST:PORT, got {bind!r}")
    if int(found.group(2)) > 65535:
        raise ConfigError(where, "review.bind", f"port must be 0-65535, got {found.group(2)}")
    return bind


def _positive(table: _Table, key: str) -> float:
    value = table.duration(key)
    if not value or value <= 0:
        raise table._error(key, "must be longer than zero")
    return value


_SOURCE_KEYS = {"name", "feeds", "sitemaps", "pages", "allow", "deny", "every", "cron", "enabled"}
_WATCH_KEYS = {"name", "all", "none", "email", "apprise", "mode"}


def _named_tables(
    items: Any, where: str, section: str, keys: set[str]
) -> Iterator[tuple[_Table, str]]:
    """Each table of a `[[section]]` list with its name, checked and unique."""
    if not isinstance(items, list):
        raise ConfigError(where, section, f"expected [[{section}]] tables")
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ConfigError(where, f"{section}[{index}]", "expected a table")
        name = item.get("name", "")
        named = isinstance(name, str) and name
        table = _Table(item, where, f"{section}.{name}." if named else f"{section}[{index}].", keys)
        name = table.get("name", str)
        if not SOURCE_NAME.match(name):
            raise table._error("name", "use lowercase letters, digits, '-' and '_' (at most 63)")
        if name in seen:
            raise table._error("name", f"a second {section[:-1]} named {name!r}")
        seen.add(name)
        yield table, name


def _sources(items: Any, where: str) -> tuple[SourceSettings, ...]:
    sources = []
    for table, name in _named_tables(items, where, "sources", _SOURCE_KEYS):
        feeds, sitemaps, pages = (
            table.strings("feeds"),
            table.strings("sitemaps"),
            table.strings("pages"),
        )
        for key, urls in (("feeds", feeds), ("sitemaps", sitemaps), ("pages", pages)):
            for url in urls:
                if not url.startswith(("http://", "https://")):
                    raise table._error(key, f"not an http(s) URL: {url!r}")
        if not (feeds or sitemaps or pages):
            raise ConfigError(
                where, f"sources.{name}", "a source needs at least one of feeds, sitemaps, pages"
            )
        allow, deny = table.strings("allow"), table.strings("deny")
        for key, patterns in (("allow", allow), ("deny", deny)):
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise table._error(key, f"bad regular expression {pattern!r}: {exc}") from None
        cron = table.get("cron", str, None)
        if cron is not None:
            _check_cron(table, cron)
        every = table.duration("every", None)
        if every is not None and every <= 0:
            raise table._error("every", "must be longer than zero")
        sources.append(
            SourceSettings(
                name=name,
                feeds=feeds,
                sitemaps=sitemaps,
                pages=pages,
                allow=allow,
                deny=deny,
                every=every,
                cron=cron,
                enabled=table.get("enabled", bool, True),
            )
        )
    return tuple(sources)


def _check_cron(table: _Table, cron: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(cron)
    except ValueError as exc:
        raise table._error("cron", f"bad crontab expression {cron!r}: {exc}") from None


def _watches(items: Any, where: str) -> tuple[WatchSettings, ...]:
    watches = []
    for table, name in _named_tables(items, where, "watches", _WATCH_KEYS):
        groups = table.get("all", list, [])
        if not groups:
            raise table._error("all", 'a watch needs at least one group of terms, e.g. [["Kursk"]]')
        parsed: list[tuple[str, ...]] = []
        for group in groups:
            if isinstance(group, str):
                group = [group]
            if (
                not isinstance(group, list)
                or not group
                or not all(isinstance(t, str) and t.strip() for t in group)
            ):
                raise table._error(
                    "all", "expected a list of groups, each a non-empty list of terms"
                )
            parsed.append(tuple(term.strip() for term in group))
        watches.append(
            WatchSettings(
                name=name,
                all=tuple(parsed),
                none=table.strings("none"),
                email=table.strings("email"),
                apprise=table.strings("apprise"),
                mode=table.choice("mode", ("immediate", "digest"), None),
            )
        )
    return tuple(watches)

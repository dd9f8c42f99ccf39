"""Alert emails from flags: what they say (view models), how they read (Jinja2) and their headers.

Pure logic: ORM rows in, `EmailMessage` out, no I/O. An email must say at a glance which figure
moved, from what, according to whom, and link to the evidence, so the view models carry exactly
that: each new figure with its sentence split around the number (to highlight it), the earlier
values with their dates and links, the attribution, the outlet, the publication time, and links to
the article and to its review page.

Article text and titles are untrusted. The HTML templates are autoescaped, links are limited to
http(s), and every header value goes through `clean_header`, which turns line breaks and other
control or bidi characters into spaces, so a title carrying "\\r\\nBcc: x" stays inside the
Subject. Non-ASCII display names and subjects are RFC 2047-encoded by the `email` package;
non-ASCII domains are IDNA-encoded.
"""

from __future__ import annotations

import email.policy
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import InvalidHeaderDefect
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

if TYPE_CHECKING:
    from storage.models import Flag

SUBJECT_PREFIX = "[newsmon]"
SUBJECT_MAX = 200  # characters; longer subjects are cut with an ellipsis
SUBJECT_FIGURES = 2  # figures named in a subject before "+N more"
EARLIER_SHOWN = 5  # earlier values listed per figure (the most recent ones)
DIGEST_DETAILED_FLAGS = 200  # a digest shows this many flags in full, the rest one line each

# Display names of the bundled outlets; other sources get their config name, prettified.
KNOWN_OUTLETS = {
    "kyivindependent": "The Kyiv Independent",
    "moscowtimes": "The Moscow Times",
    "straitstimes": "The Straits Times",
    "epochtimes": "The Epoch Times",
    "wion": "WION",
    "yonhap": "Yonhap",
}

# Headers are not folded (lines up to RFC 5322's hard limit of 998 are fine, and subjects are capped
# far below): the standard library's folding of encoded words leaves stray spaces in the subject.
MESSAGE_POLICY = email.policy.SMTP.clone(max_line_length=998)

# Characters that must never reach a header: line and paragraph breaks, other controls, and the
# bidi overrides that can make a subject read differently from what it says.
_HEADER_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


class AddressError(ValueError):
    """An email address that cannot be used (permanent: retrying will not help)."""


@dataclass(frozen=True, slots=True)
class EarlierValue:
    value: str
    published: str | None  # "2025-01-13" or None when unknown
    url: str | None


@dataclass(frozen=True, slots=True)
class FigureView:
    measure: str
    value: str  # as shown: "more than 2,000", "2,000–3,000"
    subject: str | None  # what is counted: "North Korean soldiers"
    says: str | None  # who says so, as the article attributes it
    before: str  # the sentence up to the number...
    number: str  # ...the number as written (highlighted)...
    after: str  # ...and the rest
    earlier: tuple[EarlierValue, ...]  # most recent first, at most EARLIER_SHOWN
    earlier_total: int
    was: str | None  # the most recent earlier value, for the subject line

    @property
    def summary(self) -> str:
        return f"{self.measure} {self.value} ({'was ' + self.was if self.was else 'first report'})"


@dataclass(frozen=True, slots=True)
class FlagView:
    flag_id: int
    watch_name: str
    watch_title: str
    title: str
    url: str
    outlet: str
    published: str | None  # "2025-01-13 14:05 UTC"
    review_url: str
    story_id: int
    figures: tuple[FigureView, ...]

    @property
    def summary(self) -> str:
        return "; ".join(figure.summary for figure in self.figures)


@dataclass(frozen=True, slots=True)
class StoryView:
    story_id: int
    title: str
    flags: tuple[FlagView, ...]


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def clean_header(value: str, limit: int = SUBJECT_MAX) -> str:
    """A header-safe one-liner: breaks and control characters become spaces, length is capped."""
    text = unicodedata.normalize("NFC", value)
    text = _SPACES.sub(" ", _HEADER_BREAKING.sub(" ", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def one_line(value: str | None) -> str:
    """Untrusted text for one line of a body: no breaks, no controls."""
    return clean_header(value or "", limit=10_000)


def watch_title(name: str, terms: Iterable[str] = ()) -> str:
    """'north-korean-troops' -> 'North Korean troops'.

    Dashes become spaces and the first letter is capitalised; a word that the watch's own terms
    spell with capitals ("North Korean" in its `all` groups) keeps that spelling.
    """
    spelled: dict[str, str] = {}
    for term in terms:
        for word in re.findall(r"[\w']+", term):
            if word != word.lower():
                spelled.setdefault(word.lower(), word)
    words = [spelled.get(word.lower(), word) for word in re.split(r"[-_]+", name) if word]
    text = " ".join(words) or name
    return text[:1].upper() + text[1:]


def outlet_name(source_name: str) -> str:
    known = KNOWN_OUTLETS.get(source_name)
    if known:
        return known
    return " ".join(part.capitalize() for part in re.split(r"[-_]+", source_name) if part)


def format_number(value: Any) -> str:
    """2000 -> '2,000'; 1.5 -> '1.5'; None -> '?'."""
    if value is None or isinstance(value, bool):
        return "?"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return one_line(str(value))
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def figure_value(figure: dict[str, Any]) -> str:
    """The figure as a reader should see it: hedge and range kept, digits grouped."""
    low, high = figure.get("low"), figure.get("high")
    if low is not None and high is not None and low != high:
        shown = f"{format_number(low)}–{format_number(high)}"
    else:
        shown = format_number(figure.get("value"))
    hedge = one_line(figure.get("hedge"))
    return f"{hedge} {shown}" if hedge else shown


def split_sentence(figure: dict[str, Any]) -> tuple[str, str, str]:
    """(before, number, after) of the figure's sentence, so the number can be highlighted."""
    sentence = one_line(figure.get("sentence"))
    surface = one_line(figure.get("text"))
    start, end = figure.get("start"), figure.get("end")
    if (
        isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(sentence)
        and sentence[start:end] == surface
    ):
        return sentence[:start], sentence[start:end], sentence[end:]
    if surface:
        at = sentence.find(surface)
        if at >= 0:
            return sentence[:at], surface, sentence[at + len(surface):]
    return sentence, "", ""


def iso_date(value: str | None, with_time: bool = False) -> str | None:
    """An ISO timestamp from the database as a short UTC date (and time)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return one_line(str(value))[:32]
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M UTC") if with_time else moment.strftime("%Y-%m-%d")


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach an email; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    url = url.strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def figure_view(figure: dict[str, Any], measure: str, previous: Sequence[dict[str, Any]]) -> FigureView:
    earlier_all = [
        EarlierValue(
            value=format_number(item.get("value")),
            published=iso_date(item.get("published")),
            url=safe_url(item.get("url")),
        )
        for item in reversed(list(previous or []))  # stored oldest first; the latest matters most
    ]
    before, number, after = split_sentence(figure)
    subject = one_line(figure.get("subject")) or one_line(figure.get("noun")) or None
    return FigureView(
        measure=one_line(measure or figure.get("measure")),
        value=figure_value(figure),
        subject=subject,
        says=one_line(figure.get("source")) or None,
        before=before,
        number=number,
        after=after,
        earlier=tuple(earlier_all[:EARLIER_SHOWN]),
        earlier_total=len(earlier_all),
        was=earlier_all[0].value if earlier_all else None,
    )


def flag_view(flag: Flag, public_url: str, terms: Iterable[str] = ()) -> FlagView:
    """What an email shows of one flag. Reads the flag's article, source and new figures.

    `terms` are the watch's search terms, used only to spell its display name.
    """
    article = flag.article
    published = article.published_at or article.fetched_at
    return FlagView(
        flag_id=flag.id,
        watch_name=flag.watch.name,
        watch_title=watch_title(flag.watch.name, terms),
        title=one_line(article.title) or article.url,
        url=safe_url(article.url) or "",
        outlet=outlet_name(article.source.name),
        published=iso_date(published.isoformat(), with_time=True) if published else None,
        review_url=f"{public_url.rstrip('/')}/flags/{flag.id}",
        story_id=article.cluster_id or article.id,
        figures=tuple(
            figure_view(item.figure or {}, item.measure, item.previous or [])
            for item in flag.new_figures
        ),
    )


def group_stories(flags: Iterable[FlagView]) -> list[StoryView]:
    """Flags grouped by story (cluster), stories with the most recent flag first."""
    stories: dict[int, list[FlagView]] = {}
    for view in flags:
        stories.setdefault(view.story_id, []).append(view)
    ordered = sorted(stories.items(), key=lambda item: max(v.flag_id for v in item[1]), reverse=True)
    return [
        StoryView(story_id=story_id, title=members[0].title, flags=tuple(sorted(members, key=lambda v: v.flag_id)))
        for story_id, members in ordered
    ]


def alert_subject(view: FlagView) -> str:
    """'[newsmon] North Korean troops: killed 2,000 (was 600) — The Kyiv Independent'."""
    parts = [
        f"{figure.measure} {figure.value}" + (f" (was {figure.was})" if figure.was else " (new)")
        for figure in view.figures[:SUBJECT_FIGURES]
    ]
    if len(view.figures) > SUBJECT_FIGURES:
        parts.append(f"+{len(view.figures) - SUBJECT_FIGURES} more")
    moved = "; ".join(parts) or one_line(view.title)
    return clean_header(f"{SUBJECT_PREFIX} {view.watch_title}: {moved} — {view.outlet}")


def digest_subject(title: str, flags: Sequence[FlagView], stories: int, day: str) -> str:
    figures = sum(len(view.figures) for view in flags)
    noun = "figure" if figures == 1 else "figures"
    story_noun = "story" if stories == 1 else "stories"
    return clean_header(f"{SUBJECT_PREFIX} {title}: {figures} new {noun} in {stories} {story_noun} — digest {day}")


@cache
def environment() -> Environment:
    """Jinja2 with autoescaping for .html (article text is untrusted) and none for .txt."""
    folder = resources.files("alerts").joinpath("templates")
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = format_number
    return env


def render_alert(view: FlagView, public_url: str) -> Rendered:
    context = {"flag": view, "public_url": public_url}
    env = environment()
    return Rendered(
        subject=alert_subject(view),
        text=env.get_template("alert.txt").render(context),
        html=env.get_template("alert.html").render(context),
        headers={"X-Newsmon-Watch": view.watch_name, "X-Newsmon-Flag": str(view.flag_id)},
    )


def render_digest(
    watch_name: str, title: str, flags: Sequence[FlagView], public_url: str, now: datetime
) -> Rendered:
    stories = group_stories(flags)
    detailed, brief, shown = [], [], 0
    for story in stories:
        if shown < DIGEST_DETAILED_FLAGS:
            detailed.append(story)
            shown += len(story.flags)
        else:
            brief.append(story)
    context: dict[str, Any] = {
        "watch_title": title,
        "watch_name": watch_name,
        "stories": detailed,
        "brief": brief,
        "flag_count": len(flags),
        "figure_count": sum(len(view.figures) for view in flags),
        "queue_url": f"{public_url.rstrip('/')}/flags?watch={watch_name}",
        "public_url": public_url,
        "day": now.strftime("%Y-%m-%d"),
    }
    env = environment()
    return Rendered(
        subject=digest_subject(title, flags, len(stories), context["day"]),
        text=env.get_template("digest.txt").render(context),
        html=env.get_template("digest.html").render(context),
        headers={"X-Newsmon-Watch": watch_name, "X-Newsmon-Flags": str(len(flags))},
    )


def parse_address(text: str) -> Address:
    """'Zoë <zoe@exämple.org>' -> an Address with an IDNA domain; AddressError when unusable."""
    from email.headerregistry import HeaderRegistry

    cleaned = clean_header(text, limit=998)
    if not cleaned or "@" not in cleaned:
        raise AddressError(f"not an email address: {cleaned!r}")
    try:
        header = HeaderRegistry()("To", cleaned)
        addresses = header.addresses  # type: ignore[attr-defined]
    except (ValueError, IndexError) as exc:
        raise AddressError(f"not an email address: {cleaned!r} ({exc})") from None
    if any(isinstance(defect, InvalidHeaderDefect) for defect in header.defects):  # type: ignore[attr-defined]
        raise AddressError(f"not a valid email address: {cleaned!r}")
    if len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise AddressError(f"expected one email address, got {cleaned!r}")
    address = addresses[0]
    try:
        domain = address.domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise AddressError(f"bad domain in {cleaned!r}") from None
    return Address(display_name=address.display_name, username=address.username, domain=domain)


def message_id(kind: str, key: str, created: datetime, sender_domain: str) -> str:
    """A Message-ID fixed by the outbox row (or digest batch): a resend carries the same one."""
    token = hashlib.sha256(f"{kind}|{key}|{created.isoformat()}".encode()).hexdigest()[:16]
    return f"<newsmon.{kind}.{key}.{token}@{sender_domain}>"


def story_reference(story_id: int, sender_domain: str) -> str:
    """A synthetic thread root, so that mail clients thread the alerts of one story."""
    return f"<newsmon.story.{story_id}@{sender_domain}>"


def build_email(
    rendered: Rendered,
    sender: Address,
    recipient: Address,
    msgid: str,
    now: datetime,
    watch_name: str,
    references: str | None = None,
) -> EmailMessage:
    """One message to one recipient (recipients never see each other)."""
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["Subject"] = clean_header(rendered.subject)
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(now.replace(tzinfo=UTC))
    message["Message-ID"] = msgid
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message["List-Id"] = f"newsmon {clean_header(watch_name, 60)} <{clean_header(watch_name, 60)}.newsmon>"
    if references:
        message["References"] = references
        message["In-Reply-To"] = references
    for name, value in rendered.headers.items():
        message[name] = clean_header(value)
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message

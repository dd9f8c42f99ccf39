"""Scoring new figures against a hand-written gold list, timeline by timeline.

The ledger logic is the one of ``storage/ingest.py``: within one timeline (one watch), a
figure is new when its novelty key ``(measure, value_key)`` has not been seen in an earlier
article.  Precision and recall are micro-averaged over the new figures of every article.

    timelines = load_eval_set(Path("tests/fixtures/figures_eval"))
    total = score(timelines)
    total.precision, total.recall

Everything but :func:`load_eval_set` is pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from figures import extract_figures, novelty_key, value_key

__all__ = ["ArticleScore", "Total", "load_eval_set", "score", "score_timeline"]

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class EvalArticle:
    id: str
    title: str
    text: str
    gold_new: frozenset[Key]
    published: date | None = None


@dataclass(frozen=True, slots=True)
class ArticleScore:
    id: str
    found_new: frozenset[Key]
    gold_new: frozenset[Key]

    @property
    def hits(self) -> frozenset[Key]:
        return self.found_new & self.gold_new

    @property
    def misses(self) -> frozenset[Key]:
        return self.gold_new - self.found_new

    @property
    def false_positives(self) -> frozenset[Key]:
        return self.found_new - self.gold_new


@dataclass(slots=True)
class Total:
    articles: list[ArticleScore] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return sum(len(a.hits) for a in self.articles)

    @property
    def found(self) -> int:
        return sum(len(a.found_new) for a in self.articles)

    @property
    def gold(self) -> int:
        return sum(len(a.gold_new) for a in self.articles)

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0


def gold_key(measure: str, value: float | str) -> Key:
    """The novelty key of a gold entry: ``["killed", 300]`` or ``["killed", "300-400"]``."""
    if isinstance(value, str):
        return measure, value
    return measure, value_key(value)


def parse_timeline(data: dict[str, Any]) -> list[EvalArticle]:
    """The articles of one timeline document (see tests/fixtures/figures_eval/README.md)."""
    out = []
    for item in data["articles"]:
        text = "\n\n".join(item["paragraphs"])
        gold = frozenset(gold_key(m, v) for m, v in item["new"])
        pub = item.get("published")
        published = date.fromisoformat(pub[:10]) if pub else None
        out.append(EvalArticle(item["id"], item.get("title") or "", text, gold, published))
    return out


def score_timeline(articles: Iterable[EvalArticle]) -> list[ArticleScore]:
    """Each article's new figures (against the timeline's ledger so far) next to its gold."""
    seen: set[Key] = set()
    out = []
    for art in articles:
        found = extract_figures(art.text, art.title or None, published=art.published)
        keys = {k for f in found if (k := novelty_key(f))}
        new = frozenset(keys - seen)
        seen |= keys
        out.append(ArticleScore(art.id, new, art.gold_new))
    return out


def score(timelines: Iterable[list[EvalArticle]]) -> Total:
    total = Total()
    for articles in timelines:
        total.articles.extend(score_timeline(articles))
    return total


def load_eval_set(folder: Path) -> list[list[EvalArticle]]:
    """Every ``*.json`` timeline of ``folder``, in file-name order."""
    return [
        parse_timeline(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("*.json"))
    ]

"""Benchmark of figures extraction (run by hand).

    python bench/bench_figures.py                       # throughput on synthetic articles
    python bench/bench_figures.py /work/shared/eval/extraction   # + every figure found in
                                                        # the 181 bodies of the extraction set
    python bench/bench_figures.py --eval                # precision/recall of new figures on
                                                        # tests/fixtures/figures_eval, per article
    python bench/bench_figures.py --real [path]         # per-figure precision/recall on real
                                                        # article bodies of the extraction set
                                                        # against bench/figures_real_gold.json
    python bench/bench_figures.py --against HEAD~3 [path]   # CPU time of this tree against
                                                        # figures/ at a git revision, alternated
                                                        # in one process (median ratio)

(a) Throughput, on one core, median of several runs in articles per CPU-second: ~5,000-
    character synthetic articles assembled from figure-bearing sentences and filler (dates,
    years, ages, durations, money asides, quotes; 56 numbers and ~20 figure mentions each,
    far denser than real news); with a path, also real 5,000-character articles joined from
    the extraction set's bodies (~30 numbers each).
(b) Precision check: with a path (the eval folder or its ground-truth.json.gz), runs over the
    hand-annotated article bodies, which are mostly not about casualties, and prints each
    figure with its sentence so that every one can be explained.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import extract_figures, novelty_key
from figures.numbers import scan_numbers

FIGURE_SENTENCES = [
    "Around 300 soldiers have been killed and 2,700 wounded in the offensive, officials said.",
    "The regime sent more than 10,000 troops to the front, according to the ministry.",
    "The death toll from the earthquake rose to 2,100 on Tuesday, rescuers said.",
    "At least 1,500 people were killed and more than 3,000 injured when the quake struck.",
    "The fire has burned 12,000 acres and was 40% contained by Sunday morning.",
    "About 30,000 residents were evacuated as the flames spread toward the valley.",
    "The blaze has destroyed 1,200 structures and threatened nearly 4,000 more.",
    "The personal data of 2.3 million customers was exposed in the breach.",
    "The hospital chain paid a $22 million ransom to the gang, two people said.",
    "Police arrested 45 people after the march turned violent.",
    "Casualties among the brigade are estimated at around 4,700, including 600 deaths.",
    "Some 2,000 wounded soldiers have been sent back home by train.",
    "Pyongyang plans to send an additional 6,000 troops as part of a third wave.",
    "Thousands more were wounded, and hundreds remain missing, the agency said.",
]
FILLER_SENTENCES = [
    "On March 3, 2025, the minister visited the region for the 80th anniversary.",
    "A 25-year-old man told reporters he had waited six months for news.",
    "The three-day truce was followed by a 30-day cease-fire in two phases.",
    "Shares in the company fell 5% to $22.50, valuing it at $3 billion.",
    "The two countries signed a sweeping deal in 2024, one of several this year.",
    '"We will rebuild," the mayor said at 10:30 a.m. in front of the town hall.',
    "The service costs $9.99 a month, and 5 things about it are worth knowing.",
    "Residents can call the hotline or visit the website for more information.",
    "Analysts said the long-running dispute had little effect on local markets.",
    "The committee will meet again next week to review the latest proposals.",
    "Officials declined to comment on the report, citing an ongoing investigation.",
    "Since the 2022 invasion, the city has changed beyond recognition, she said.",
]
PROSE_SENTENCES = [
    "Rescue crews worked through the night, moving slabs of concrete by hand.",
    "Neighbours gathered outside the school, waiting for word from the authorities.",
    "The government said it would send more help as soon as the roads reopened.",
    "Witnesses described a loud bang followed by a column of black smoke.",
    "Opposition leaders called for an inquiry into how the warnings were handled.",
    "Aid groups warned that supplies of clean water were running low in the camps.",
    "The spokesman did not say when the figures would next be updated.",
    "Markets in the capital stayed shut, and the streets were largely empty.",
    "Diplomats said talks on a broader settlement had stalled again this week.",
    "Local officials said they were still trying to reach several remote villages.",
]


def synth_articles(n: int, size: int = 5000, seed: int = 7) -> list[str]:
    """``n`` articles of about ``size`` characters.

    One sentence in five carries figures, one in three is number-laden filler (dates, ages,
    durations, prices) and the rest is prose: about 40 number expressions per 5,000
    characters, a little denser than the real articles of the extraction set (about 30).
    """
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        length = 0
        while length < size:
            r = rng.random()
            pool = (
                FIGURE_SENTENCES if r < 0.2 else FILLER_SENTENCES if r < 0.53 else PROSE_SENTENCES
            )
            s = rng.choice(pool)
            parts.append(s)
            length += len(s) + 1
            if rng.random() < 0.25:
                parts.append("\n\n")
        out.append(" ".join(parts))
    return out


def real_articles(path: Path, size: int = 5000) -> list[str]:
    """The extraction set's real article bodies, joined paragraph by paragraph into articles
    of about ``size`` characters (cut at a paragraph end), so that every one is 5,000 long."""
    gt = path / "ground-truth.json.gz" if path.is_dir() else path
    with gzip.open(gt, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    paragraphs = [
        p.strip()
        for _, item in sorted(data.items())
        for p in (item.get("articleBody") or "").split("\n")
        if p.strip()
    ]
    out: list[str] = []
    parts: list[str] = []
    length = 0
    for p in paragraphs:
        parts.append(p)
        length += len(p) + 2
        if length >= size:
            out.append("\n\n".join(parts)[:size])
            parts, length = [], 0
    return out


def calibrate() -> float:
    """Seconds this machine takes for 10 million additions in a Python loop (a yardstick
    to compare runs across machines: a typical unloaded 2020s core takes about 0.3-0.5 s)."""
    t0 = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - t0


def bench_throughput(runs: int, count: int, articles: list[str] | None = None) -> None:
    label = "synthetic" if articles is None else "real (extraction set bodies)"
    articles = synth_articles(count) if articles is None else articles
    count = len(articles)
    print(f"{label}:")
    chars = sum(len(a) for a in articles)
    for a in articles[:20]:  # warm caches
        extract_figures(a)
    rates = []
    cpu_rates = []
    figures = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        figures = sum(len(extract_figures(a)) for a in articles)
        cpu = time.process_time() - c0
        dt = time.perf_counter() - t0
        rates.append(count / dt)
        cpu_rates.append(count / cpu)
    numbers = sum(len(scan_numbers(a.lower(), a)) for a in articles)
    print(
        f"throughput: {count} articles x {runs} runs, mean {chars / count:.0f} chars, "
        f"{numbers / count:.1f} numbers and {figures / count:.1f} figures per article"
    )
    print(f"  runs, wall (articles/s): {', '.join(f'{r:.0f}' for r in rates)}")
    print(f"  runs, CPU  (articles/s): {', '.join(f'{r:.0f}' for r in cpu_rates)}")
    print(
        f"  median: {statistics.median(rates):.0f} articles/s wall, "
        f"{statistics.median(cpu_rates):.0f} articles/s of CPU time, one core"
    )
    print(f"  yardstick: 1e7 Python additions took {calibrate():.2f} s of CPU here")


def bench_eval(path: Path) -> None:
    gt = path / "ground-truth.json.gz" if path.is_dir() else path
    with gzip.open(gt, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    total = keyed = 0
    by_measure: dict[str, int] = {}
    for page_id, item in sorted(data.items()):
        body = item.get("articleBody") or ""
        for f in extract_figures(body):
            total += 1
            key = novelty_key(f)
            keyed += key is not None
            by_measure[f.measure] = by_measure.get(f.measure, 0) + 1
            print(f"{page_id[:10]}  {key or (f.measure, 'vague')}  {f.text!r}")
            print(f"            {f.sentence[:240]}")
    print(f"\n{len(data)} bodies: {total} figures ({keyed} with a novelty key)")
    print("  by measure: " + ", ".join(f"{m} {c}" for m, c in sorted(by_measure.items())))


def bench_new_figures(folder: Path) -> None:
    """Precision and recall of NEW figures on the timelines of ``folder``, with each article's
    misses and false positives (and the sentence a false positive came from)."""
    from figures.evaluate import load_eval_set, score

    timelines = load_eval_set(folder)
    total = score(timelines)
    by_id = {a.id: a for t in timelines for a in t}
    print(f"new figures on {folder} ({len(total.articles)} articles):")
    for a in total.articles:
        mark = "ok " if not (a.misses or a.false_positives) else "ERR"
        print(f"  {mark} {a.id:10s} gold {len(a.gold_new):2d}  found {len(a.found_new):2d}"
              f"  hits {len(a.hits):2d}")
        for key in sorted(a.misses):
            print(f"        missed {key}")
        if a.false_positives:
            art = by_id[a.id]
            sentences = {
                novelty_key(f): f.sentence for f in extract_figures(art.text, art.title or None)
            }
            for key in sorted(a.false_positives):
                print(f"        false  {key}: {sentences.get(key, '')[:160]}")
    print(
        f"  micro precision {total.precision:.3f} ({total.hits}/{total.found}), "
        f"recall {total.recall:.3f} ({total.hits}/{total.gold})"
    )


def _published(url: str) -> date:
    """An article's date as a crawler would know it: the date in its URL ("/2019/11/19/",
    "2019-11-19"), else the month the extraction set's pages were fetched (November 2019)."""
    m = re.search(r"(20[012]\d)[/-]([01]\d)[/-]([0-3]\d)", url) or re.search(
        r"(20[012]\d)/([01]\d)/()", url
    )
    if m is None:
        return date(2019, 11, 19)
    return date(int(m[1]), int(m[2]), int(m[3] or 1))


REAL_GOLD = Path(__file__).resolve().parent / "figures_real_gold.json"
DEFAULT_EXTRACTION = Path("/work/shared/eval/extraction")


def bench_real(path: Path, gold_path: Path = REAL_GOLD) -> None:
    """Per-figure precision and recall of ``extract_figures`` on real article bodies.

    Every figure of an article counts (no ledger, no novelty): a found key is a hit when the
    gold lists it, is ignored when the gold marks it optional, and is a false positive
    otherwise; vague figures (no key) are not scored.  The gold holds ids and annotations
    only; the texts come from the extraction set's ground-truth.json.gz.
    """
    gt = path / "ground-truth.json.gz" if path.is_dir() else path
    with gzip.open(gt, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    from figures.evaluate import gold_key

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    # per round (an article without "round" is round 1): [hits, found, expected]
    tally: dict[int, list[int]] = {}
    print(f"real prose: {len(gold['articles'])} article bodies of {gt}")
    for art in gold["articles"]:
        body = data[art["id"]]["articleBody"]
        published = _published(data[art["id"]].get("url") or "")
        want = {gold_key(m, v) for m, v in art["figures"]}
        optional = {gold_key(m, v) for m, v in art.get("optional", [])}
        sentence: dict[tuple[str, str], str] = {}
        for f in extract_figures(body, published=published):
            key = novelty_key(f)
            if key is not None:
                sentence.setdefault(key, f.sentence)
        keys = set(sentence)
        scored = keys - (optional - want)
        good = scored & want
        t = tally.setdefault(int(art.get("round", 1)), [0, 0, 0])
        t[0] += len(good)
        t[1] += len(scored)
        t[2] += len(want)
        misses = want - keys
        false = scored - want
        mark = "ok " if not (misses or false) else "ERR"
        print(f"  {mark} {art['id'][:8]}  gold {len(want):2d}  found {len(scored):2d}"
              f"  hits {len(good):2d}  {art.get('about', '')[:60]}")
        for key in sorted(misses):
            print(f"        missed {key}")
        for key in sorted(false):
            print(f"        false  {key}: {' '.join(sentence[key].split())[:160]}")
    rows = [(f"round {r}", t) for r, t in sorted(tally.items())]
    rows.append(("total", [sum(t[i] for t in tally.values()) for i in range(3)]))
    for label, (hits, found, expected) in rows:
        p = hits / found if found else 1.0
        r = hits / expected if expected else 1.0
        print(f"  {label:8s} micro precision {p:.3f} ({hits}/{found}), "
              f"recall {r:.3f} ({hits}/{expected})")


def load_revision(rev: str) -> Callable[..., list]:
    """``extract_figures`` of ``figures/`` at git revision ``rev``, imported as a package of its
    own (``figures_at_<rev>``) from a temporary copy, so both versions run in one process."""
    import importlib
    import re
    import subprocess
    import tarfile
    import tempfile

    root = Path(__file__).resolve().parents[1]
    tmp = Path(tempfile.mkdtemp(prefix="bench_figures_"))
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "figures"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
    name = "figures_at_" + re.sub(r"\W", "_", rev)
    (tmp / "figures").rename(tmp / name)
    for py in (tmp / name).glob("*.py"):
        code = py.read_text(encoding="utf-8")
        py.write_text(re.sub(r"\b(from|import) figures\b", rf"\1 {name}", code), encoding="utf-8")
    sys.path.insert(0, str(tmp))
    return importlib.import_module(name).extract_figures


def bench_against(rev: str, runs: int, sets: dict[str, list[str]]) -> None:
    """CPU time of this tree's extractor against ``rev``'s, alternating which runs first."""
    other = load_revision(rev)
    for label, articles in sets.items():
        here_rates: list[float] = []
        there_rates: list[float] = []
        ratios = []
        for r in range(runs):
            pair = [(extract_figures, here_rates), (other, there_rates)]
            for fn, rates in pair if r % 2 == 0 else reversed(pair):
                c0 = time.process_time()
                for a in articles:
                    fn(a)
                rates.append(len(articles) / (time.process_time() - c0))
            ratios.append(here_rates[-1] / there_rates[-1])
        print(
            f"{label} ({len(articles)} articles, {runs} runs): median CPU articles/s "
            f"{rev} {statistics.median(there_rates):.0f}, this tree "
            f"{statistics.median(here_rates):.0f}; ratio this/{rev} median "
            f"{statistics.median(ratios):.3f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, help="eval/extraction folder or its json.gz")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument(
        "--eval",
        nargs="?",
        const=Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "figures_eval",
        type=Path,
        help="only score new figures on an evaluation folder (default: tests/fixtures/figures_eval)",
    )
    ap.add_argument(
        "--real",
        action="store_true",
        help="score bench/figures_real_gold.json on the extraction set (path, default "
        f"{DEFAULT_EXTRACTION})",
    )
    ap.add_argument("--against", metavar="REV", help="compare CPU time with figures/ at REV")
    args = ap.parse_args()
    if args.against:
        sets = {"synthetic": synth_articles(min(args.articles, 300))}
        if args.path is not None:
            sets["real"] = real_articles(args.path)[:300]
        bench_against(args.against, max(args.runs, 9), sets)
        return
    if args.real:
        bench_real(args.path or DEFAULT_EXTRACTION)
        return
    if args.eval is not None:
        bench_new_figures(args.eval)
        return
    bench_throughput(args.runs, args.articles)
    if args.path is not None:
        print()
        bench_throughput(args.runs, 0, real_articles(args.path))
        print()
        bench_eval(args.path)


if __name__ == "__main__":
    main()

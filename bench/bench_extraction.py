"""Extraction accuracy and speed of crawler.extraction on the shared benchmark (../shared/eval/extraction).

    .venv/bin/python bench/bench_extraction.py [--data DIR] [--limit N]

Runs the benchmark's own scorer (score.py --module) on newsmon's extraction function and on
trafilatura's best plain setting, and prints F1, precision, recall and ms/page for both. The
target is F1 >= 0.960 (trafilatura's best setting measured 0.964; the best published system 0.970).
Exits 1 when newsmon's F1 is below the target.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "extraction"
TARGET_F1 = 0.960
SYSTEMS = {
    "newsmon crawler.extraction:extract_text": "crawler.extraction:extract_text",
    "trafilatura favor_precision, no comments": "bench.bench_extraction:trafilatura_best",
}


def trafilatura_best(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True, include_comments=False)


def score(data: Path, module: str, limit: int | None) -> dict[str, float]:
    command = [sys.executable, str(data / "score.py"), "--module", module, "--data", str(data), "--json",
               "--bootstrap", "200"]
    if limit:
        command += ["--limit", str(limit)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    last = [line for line in result.stdout.splitlines() if line.startswith("{")][-1]
    return json.loads(last)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not (args.data / "score.py").exists():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    results = {name: score(args.data, module, args.limit) for name, module in SYSTEMS.items()}
    print(f"{'system':45} {'F1':>6} {'P':>6} {'R':>6} {'ms/page (median)':>17}")
    for name, summary in results.items():
        print(f"{name:45} {summary['f1']:6.3f} {summary['precision']:6.3f} {summary['recall']:6.3f} "
              f"{summary.get('ms_per_page_median', float('nan')):17.1f}")
    ours = results["newsmon crawler.extraction:extract_text"]
    print(f"target F1 >= {TARGET_F1}: {'met' if ours['f1'] >= TARGET_F1 else 'NOT met'}")
    return 0 if ours["f1"] >= TARGET_F1 else 1


if __name__ == "__main__":
    sys.exit(main())

"""How often the page-metadata fetcher finds an article's publication date (not a test).

    python bench/fetcher_dates.py PATH [--set all|default|mediacloud] [--misses N]

PATH is a copy of the htmldate repository (github.com/adbar/htmldate): either a checkout or
its bare git directory (read with `git cat-file`, nothing is written anywhere). Its tests/
folder holds real saved pages (tests/cache, tests/eval, tests/test_set) and the mappings
from each page's URL to its file and its known publication date (tests/eval_default.json,
tests/eval_mediacloud_2020.json). Nothing of it is copied into this repository.

For every page with a known date (a few mapped pages have none: they are left out) it runs
`extract_metadata(body, url)` twice and compares the calendar day of `published` with the
expected one. It prints, for all pages and per mapping:

- before: structured metadata only (JSON-LD, OpenGraph, meta tags, marked <time>
  elements): the extractor with server.fetcher.published.READING_SOURCES emptied;
- after: the extractor as it is (adds the URL path and htmldate).

"found" is the share of pages with a date, "correct" the share whose date is the expected
day. `--code DIR` measures the Masthead checkout in DIR instead of this one (e.g. main);
where it has no server.fetcher.published, before and after are the same run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent

MAPPINGS = {
    "default": "tests/eval_default.json",
    "mediacloud": "tests/eval_mediacloud_2020.json",
}
PAGE_FOLDERS = ("tests/test_set", "tests/cache", "tests/eval")
Extract = Callable[[bytes, str], dict[str, Any]]
DAY = re.compile(r"\d{4}-\d\d-\d\d")


class Files(Protocol):
    def read(self, path: str) -> bytes | None: ...


class FolderFiles:
    """Files of a checkout."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, path: str) -> bytes | None:
        target = self.root / path
        return target.read_bytes() if target.is_file() else None


class GitFiles:
    """Files of HEAD in a (bare) git directory, through one `git cat-file --batch`."""

    def __init__(self, git_dir: Path) -> None:
        self.process = subprocess.Popen(
            ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def read(self, path: str) -> bytes | None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"HEAD:{path}\n".encode())
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode().split()
        if len(header) != 3 or header[1] != "blob":
            return None
        data = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)  # the newline after the object
        return data

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(10)


def open_files(path: Path) -> FolderFiles | GitFiles:
    if (path / "tests").is_dir():
        return FolderFiles(path)
    if (path / "HEAD").is_file() and (path / "objects").is_dir():
        return GitFiles(path)
    raise SystemExit(f"{path} is neither an htmldate checkout nor its git directory")


@dataclass(frozen=True)
class Page:
    mapping: str
    url: str
    file: str
    expected: str


def pages(files: Files, wanted: str) -> Iterator[Page]:
    for name, path in MAPPINGS.items():
        if wanted not in ("all", name):
            continue
        raw = files.read(path)
        if raw is None:
            raise SystemExit(f"no {path} in that copy of htmldate")
        for url, entry in json.loads(raw).items():
            yield Page(name, url, entry["file"], str(entry["date"]))


def read_page(files: Files, page: Page) -> bytes | None:
    for folder in PAGE_FOLDERS:
        body = files.read(f"{folder}/{page.file}")
        if body is not None:
            return body
    return None


@dataclass
class Tally:
    pages: int = 0
    found: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)

    def add(self, stage: str, published: str | None, expected: str) -> None:
        if published:
            self.found[stage] += 1
            if published[:10] == expected:
                self.correct[stage] += 1

    def line(self, stage: str) -> str:
        n = max(self.pages, 1)
        found, correct = self.found[stage], self.correct[stage]
        precision = correct / found if found else 0.0
        return (
            f"{stage:<7} found {found:4d} ({found / n:6.1%})   correct {correct:4d} "
            f"({correct / n:6.1%})   correct of found {precision:6.1%}"
        )


@dataclass
class Run:
    tallies: dict[str, Tally] = field(default_factory=dict)
    sources: Counter[str] = field(default_factory=Counter)
    wrong_by_source: Counter[str] = field(default_factory=Counter)
    missing_files: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Extractors:
    after: Extract
    before: Extract


def load_extractors(code: Path) -> Extractors:
    """extract_metadata of the Masthead checkout in `code` (not the installed one), as it
    is and with structured metadata only."""
    sys.path.insert(0, str(code.resolve()))
    module = importlib.import_module("server.fetcher.extract")
    if not Path(module.__file__ or "").resolve().is_relative_to(code.resolve()):
        raise SystemExit(f"server.fetcher was imported from {module.__file__}, not {code}")
    extract: Extract = module.extract_metadata
    try:
        published = importlib.import_module("server.fetcher.published")
    except ImportError:
        return Extractors(extract, extract)

    def structured_only(body: bytes, url: str) -> dict[str, Any]:
        saved = published.READING_SOURCES
        published.READING_SOURCES = ()
        try:
            return extract(body, url)
        finally:
            published.READING_SOURCES = saved

    return Extractors(extract, structured_only)


def measure(extract: Extractors, files: Files, page: Page, run: Run) -> None:
    if not DAY.fullmatch(page.expected):
        run.undated.append(page.file)
        return
    body = read_page(files, page)
    if body is None:
        run.missing_files.append(page.file)
        return
    meta = extract.after(body, page.url)
    published = meta.get("published")
    source = meta.get("published_source", "unsaid" if published else None)
    before = extract.before(body, page.url).get("published")
    for key in ("all", page.mapping):
        tally = run.tallies.setdefault(key, Tally())
        tally.pages += 1
        tally.add("before", before, page.expected)
        tally.add("after", published, page.expected)
    run.sources[source or "none"] += 1
    if not published or published[:10] != page.expected:
        run.wrong_by_source[source or "none"] += 1
        run.misses.append(f"{page.expected}  {published}  {source}  {page.file}  {page.url}")


def report(run: Run, misses: int) -> None:
    for key, tally in run.tallies.items():
        print(f"\n{key}: {tally.pages} pages")
        print("  " + tally.line("before"))
        print("  " + tally.line("after"))
    print(
        "\nsource of the date (after): "
        + ", ".join(f"{k} {v}" for k, v in run.sources.most_common())
    )
    print(
        "missed or wrong, by source: "
        + ", ".join(f"{k} {v}" for k, v in run.wrong_by_source.most_common())
    )
    if run.undated:
        print(f"pages left out, their date unknown: {len(run.undated)}")
    if run.missing_files:
        print(f"files absent from the copy: {len(run.missing_files)}")
    done = sum(run.sources.values())
    per_page = 1000 * run.seconds / max(done, 1)
    print(f"time: {run.seconds:.1f} s ({per_page:.0f} ms a page, both runs)")
    for line in run.misses[:misses]:
        print("  miss: " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("htmldate", type=Path, help="htmldate checkout or git directory")
    parser.add_argument("--set", default="all", choices=["all", *MAPPINGS])
    parser.add_argument("--misses", type=int, default=0, help="print that many misses")
    parser.add_argument("--code", type=Path, default=ROOT, help="Masthead checkout to measure")
    args = parser.parse_args(argv)
    extract = load_extractors(args.code)
    files = open_files(args.htmldate)
    run = Run()
    started = time.perf_counter()
    try:
        for page in pages(files, args.set):
            measure(extract, files, page, run)
    finally:
        if isinstance(files, GitFiles):
            files.close()
    run.seconds = time.perf_counter() - started
    report(run, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())

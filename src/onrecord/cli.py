"""The ``onrecord`` command: parse arguments, call one library function, report the outcome.

No CLI object reaches the library; library errors (``OnRecordError``) become one clear line on
stderr and exit code 2. Every command's help ends with an example.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from onrecord import __version__
from onrecord.errors import OnRecordError
from onrecord.settings import BY_NAME, Config, resolve
from onrecord.spark import add_job_arguments

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _setting_option(parser: argparse.ArgumentParser, name: str) -> None:
    setting = BY_NAME[name]
    default = f" (default: {setting.default})" if setting.default != "" else ""
    parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None, metavar=name.upper(),
                        help=f"{setting.help}{default}; env {setting.env}")


def _command(sub: Any, name: str, help_: str, example: str, settings: Sequence[str] = ("db",)
             ) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_, description=help_, epilog=f"example:\n  {example}",
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    for setting in settings:
        _setting_option(parser, setting)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2020-08-24") from exc


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for every verb."""
    parser = argparse.ArgumentParser(
        prog="onrecord", description="Who said what, when, and who reported it: news articles in, "
        "attributed statements out.", epilog="example:\n  onrecord ingest examples/corpus && onrecord serve",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"onrecord {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(sub, "ingest", "read articles from files, folders and URLs into the store",
                 "onrecord ingest articles/ feed.jsonl https://example.org/story.html --workers 2",
                 ("db", "workers", "max_size_mb", "fetch_timeout", "doc_timeout", "spacy_pipeline", "extraction",
                  "outlets", "aliases", "codebook"))
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--strict", action="store_true", help="exit 1 when any input was rejected")

    p = _command(sub, "export", "write documents, statements, entities or stories to a file",
                 "onrecord export statements --format csv -o statements.csv")
    p.add_argument("kind", choices=("documents", "statements", "entities", "stories"))
    p.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "parquet"))
    p.add_argument("-o", "--output", default=None, help="file to write; - or nothing for stdout")

    p = _command(sub, "search", "full-text search over statements",
                 'onrecord search "legal framework" --speaker "Dmitry Peskov" --since 2020-08-01')
    p.add_argument("query")
    p.add_argument("--speaker")
    p.add_argument("--since", type=_date)
    p.add_argument("--until", type=_date)
    p.add_argument("--limit", type=int, default=20)

    p = _command(sub, "timeline", "a speaker's statements by date, repeated positions folded",
                 'onrecord timeline --speaker "Dmitry Peskov" --tag foreign-interference')
    p.add_argument("--speaker", required=True)
    p.add_argument("--tag")
    p.add_argument("--story")

    p = _command(sub, "compare", "which outlet carried which statement of a story",
                 "onrecord compare --story 3f2a9c1e")
    p.add_argument("--story", required=True)
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text table (default) or the whole comparison as JSON")

    p = _command(sub, "tag", "tag statements by issue from a codebook (incremental)",
                 "onrecord tag --codebook codebook.yaml")
    p.add_argument("--codebook", required=True)
    p.add_argument("--suggest", type=int, default=5, metavar="N",
                   help="show N groups of untagged statements to name new tags from (default: 5)")

    p = _command(sub, "relink", "re-run entity linking and the corpus stages, e.g. after editing aliases",
                 "onrecord relink --aliases aliases.yaml", ("db", "aliases", "codebook"))

    p = _command(sub, "spark", "run ingest's per-document stages on Spark over large archives; "
                 "load the result with ingest",
                 "onrecord spark hdfs:///crawl/2020-08/ --out run1 --master yarn && onrecord ingest run1",
                 ("max_size_mb", "doc_timeout", "spacy_pipeline", "extraction", "outlets"))
    add_job_arguments(p, default_master="local[*]")

    p = _command(sub, "summary", "print what the store holds", "onrecord summary")

    p = _command(sub, "serve", "browse the store in a web UI with a JSON API",
                 "onrecord serve --port 8000")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None, help="required for a non-loopback host; env ONRECORD_TOKEN")
    p.add_argument("--workers", type=int, default=2, help="server processes (default: 2, one per core here)")
    return parser


def _config(args: argparse.Namespace) -> Config:
    return resolve({name: getattr(args, name) for name in BY_NAME if hasattr(args, name)})


def _open_store(config: Config) -> Any:
    from onrecord.store import Store

    return Store.open(config.db)


def _progress_factory() -> Callable[[int], Callable[[int], None]] | None:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    def start(total: int) -> Callable[[int], None]:
        return tqdm(total=total, unit="doc", desc="analysing", file=sys.stderr).update

    return start


def run_ingest(args: argparse.Namespace) -> int:
    from onrecord.pipeline import ingest

    config = _config(args)
    summary = ingest(args.inputs, _open_store(config), config, _progress_factory())
    for rejected in summary.rejected:
        print(f"rejected: {rejected.source}: {rejected.reason} (stage: {rejected.stage})", file=sys.stderr)
    print(f"ingested {summary.read} documents: {summary.new} new, {summary.unchanged} unchanged, "
          f"{summary.replaced} replaced, {summary.duplicate} duplicate texts; "
          f"{len(summary.rejected)} rejected")
    if summary.read == 0 and summary.rejected:
        return EXIT_FAILED
    return EXIT_FAILED if args.strict and summary.rejected else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from onrecord.export import export

    count = export(_open_store(_config(args)), args.kind, args.format, args.output)
    if args.output not in (None, "-"):
        print(f"wrote {count} {args.kind} to {args.output}", file=sys.stderr)
    return EXIT_OK


def run_search(args: argparse.Namespace) -> int:
    from onrecord.store.queries import StatementFilter, statements_page
    from onrecord.store.search import MARK_END, MARK_START

    flt = StatementFilter(query=args.query, speaker=args.speaker, since=args.since, until=args.until)
    page = statements_page(_open_store(_config(args)), flt, limit=args.limit)
    for row in page.rows:
        snippet = row["snippet"].replace(MARK_START, "[").replace(MARK_END, "]")
        print(f"{row['said_on'] or '----------'}  {row['outlet'] or '?'}  {row['speaker'] or '(unknown)'}: "
              f"{snippet}")
    if not page.rows:
        print("no statement matches", file=sys.stderr)
    return EXIT_OK


def run_timeline(args: argparse.Namespace) -> int:
    from onrecord.timeline import render_timeline, speaker_timeline

    store = _open_store(_config(args))
    print(render_timeline(speaker_timeline(store, args.speaker, tag=args.tag, story_id=args.story)))
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    from onrecord.coverage import compare_story, render_comparison

    comparison = compare_story(_open_store(_config(args)), args.story)
    if args.format == "json":
        print(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(render_comparison(comparison))
    return EXIT_OK


def run_tag(args: argparse.Namespace) -> int:
    from onrecord.tags import load_codebook, suggest_groups, tag_statements

    store = _open_store(_config(args))
    summary = tag_statements(store, load_codebook(args.codebook))
    print(f"tagged {summary.tagged} of {summary.statements} statements ({summary.embedded} newly embedded, "
          f"{summary.changed} changed); recomputed tags: {', '.join(summary.recomputed_tags) or 'none'}; "
          f"removed tags: {', '.join(summary.removed_tags) or 'none'}")
    groups = suggest_groups(store)[: args.suggest]
    if groups:
        print("\nuntagged statements that say similar things (candidates for new tags):")
    for group in groups:
        print(f"  [{', '.join(group.label_terms)}] {len(group.statement_ids)} statements, e.g. "
              f"{group.examples[0][:100]!r}")
    return EXIT_OK


def run_relink(args: argparse.Namespace) -> int:
    from onrecord.pipeline import update_corpus

    config = _config(args)
    store = _open_store(config)
    update_corpus(store, config)
    print(f"linked {store.counts()['entities']} entities")
    return EXIT_OK


def run_spark(args: argparse.Namespace) -> int:
    from onrecord.spark.job import run_job, start_spark

    summary = run_job(start_spark(args.master), args.inputs, args.out, _config(args))
    print(f"wrote {summary.documents} documents, {summary.statements} statements and {summary.rejected} "
          f"rejected inputs to {summary.out}; load them with: onrecord ingest {summary.out}")
    return EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    from onrecord.summary import render_summary

    print(render_summary(_open_store(_config(args))))
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from onrecord.server import serve

    serve(_config(args).db, host=args.host, port=args.port, token=args.token, workers=args.workers)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": run_ingest, "export": run_export, "search": run_search, "timeline": run_timeline,
    "compare": run_compare, "tag": run_tag, "relink": run_relink, "spark": run_spark,
    "summary": run_summary, "serve": run_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except OnRecordError as exc:
        print(f"onrecord {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (`onrecord export ... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"onrecord {args.command}: interrupted; what was stored so far is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

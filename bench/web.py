"""Latency of the web pages and JSON API on a generated store of 100,000 statements.

Builds the store with bulk inserts (SQLAlchemy Core) in a temporary folder, starts a real uvicorn
server on 127.0.0.1 in a child process, and sends a bounded number of requests per endpoint from
16 concurrent clients (threads, each with one keep-alive ``http.client`` connection: a lean client,
so it leaves the cores to the server). Every endpoint is aimed at many different ids, queries and
filters, picked at random, so the server's response cache (kept until the store changes) mostly
misses; the share of hits is printed. Prints p50/p95 per endpoint and, as the baseline of the same
run, a static file, whose latency is what the server and the clients cost by themselves; then the
CPU the clients, the server and every other process used, as shares of the machine (another busy
process on the machine takes cores from the server and shows up there).

    .venv/bin/python bench/web.py [--statements 100000] [--requests 160] [--clients 16] [--workers 2]
                                  [--no-cache] [--only NAME]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, text

from onrecord.store import Store, schema

TARGET_P95_MS = 150.0
OUTLETS = ["Harbour Gazette", "Valley Wire", "North Ledger", "Evening Courier", "Riverside Post",
           "Capital Dispatch", "Coastal Times", "Metro Record", "Plains Daily", "Summit News",
           "Lakeside Observer", "Border Chronicle"]
FIRST = ["Mara", "Ostin", "Lena", "Tomas", "Ilse", "Pavel", "Greta", "Anders", "Noor", "Emil", "Sanna",
         "Jonas"]
LAST = ["Quell", "Varga", "Holm", "Brask", "Oduya", "Lindqvist", "Marek", "Sorel", "Tamm", "Ivers", "Kade"]
ROLES = ["mayor", "minister", "spokeswoman", "union leader", "engineer", "prosecutor", "council member"]
# Topic nouns are the text queries: each is in about 1 statement of 40 (2,500 of 100,000), a demanding
# but realistic selectivity for a news search (a rarer word is faster, a stop word is not indexed apart).
NOUNS = ["bridge", "budget", "harbour", "tariff", "strike", "election", "reservoir", "railway", "inquiry",
         "ferry", "hospital", "pension", "airport", "refinery", "pipeline", "treaty", "ceasefire", "census",
         "curfew", "dam", "embargo", "festival", "garrison", "highway", "icebreaker", "judiciary", "kiln",
         "lighthouse", "mine", "observatory", "parliament", "quarry", "referendum", "shipyard", "tunnel",
         "university", "vaccine", "warehouse", "zoning", "canal"]
ADJECTIVES = ["new", "old", "northern", "disputed", "planned", "regional", "national", "temporary", "main",
              "second", "proposed", "damaged", "municipal", "private", "joint", "federal", "coastal",
              "eastern"]
VERBS = ["would reopen", "had been delayed", "was under review", "could not be approved", "remained safe",
         "would cost more than planned", "was never discussed", "needed another vote", "would be finished"]
TIMES = ["by the end of the month", "before winter", "next year", "within six weeks", "this spring",
         "after the summer recess", "as soon as possible", "once the audit is done"]
CUES = ["said", "told reporters", "stressed", "added", "insisted", "warned"]
KINDS = ["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Corpus:
    """Ids to aim requests at."""

    documents: list[str]
    stories: list[str]
    speakers: list[str]
    words: list[str]


def _sentence(rng: random.Random) -> str:
    return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(TIMES)}"


def _document(rng: random.Random, doc_index: int, per_doc: int, speakers: list[tuple[str, str]],
              day: str) -> tuple[str, list[dict]]:
    """Write an article whose statements have true offsets into its text."""
    parts, statements, cursor = [], [], 0
    for seq in range(per_doc):
        entity_id, name = rng.choice(speakers)
        kind = rng.choice(KINDS)
        said = _sentence(rng)
        lead = f"{name} {rng.choice(CUES)} that " if kind != "direct" else f'{name} {rng.choice(CUES)}: "'
        tail = ". " if kind != "direct" else '." '
        start = cursor + len(lead)
        statements.append({
            "id": f"s{doc_index:06d}{seq:03d}", "document_id": f"d{doc_index:06d}", "seq": seq, "kind": kind,
            "text": said, "start": start, "end": start + len(said), "cue": "said", "speaker": name,
            "speaker_id": entity_id, "speaker_type": "PERSON", "speaker_mention": name,
            "speaker_role": None, "speaker_start": cursor, "speaker_end": cursor + len(name),
            "venue": None, "said_on": day, "said_on_until": None, "said_on_basis": "on Monday",
            "content_dates": "[]", "tags": json.dumps([rng.choice(["budget", "transport", "safety"])]),
            "original_id": None,
        })
        piece = lead + said + tail + ("\n\n" if seq % 3 == 2 else "")
        parts.append(piece)
        cursor += len(piece)
    return "".join(parts), statements


def build_store(path: Path, total: int, per_doc: int = 10, seed: int = 7) -> Corpus:
    """Generate ``total`` statements in ``total / per_doc`` articles, with entities, stories and FTS."""
    rng = random.Random(seed)
    store = Store.open(str(path))
    names = sorted({f"{f} {last}" for f in FIRST for last in LAST})
    speakers = [(f"e{i:04d}", name) for i, name in enumerate(names)]
    n_docs = total // per_doc
    documents, statements = [], []
    for i in range(n_docs):
        day = f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        body, rows = _document(rng, i, per_doc, speakers, day)
        documents.append({"id": f"d{i:06d}", "source": f"gen/{i}.txt", "url": f"https://news.example/{i}",
                          "outlet": OUTLETS[i % len(OUTLETS)], "title": f"On {_sentence(rng)}",
                          "published": day,
                          "published_basis": "date-line", "language": "en", "text": body,
                          "story_id": f"t{i // 10:05d}", "ingested_at": "2026-01-01T00:00:00+00:00"})
        statements += rows
    with store.transaction() as conn:
        conn.execute(insert(schema.documents), documents)
        conn.execute(insert(schema.sources), [{"source": d["source"], "document_id": d["id"],
                                               "ingested_at": d["ingested_at"]} for d in documents])
        conn.execute(insert(schema.statements), statements)
        conn.execute(insert(schema.entities), [
            {"id": eid, "name": name, "type": "PERSON", "aliases": json.dumps([name, name.split()[1]]),
             "roles": json.dumps([rng.choice(ROLES)]), "statement_count": total // len(speakers)}
            for eid, name in speakers])
        conn.execute(insert(schema.stories), [
            {"id": f"t{k:05d}", "label": f"Story {k}: {_sentence(rng)}",
             "first_date": documents[k * 10]["published"],
             "last_date": documents[min(k * 10 + 9, n_docs - 1)]["published"]}
            for k in range((n_docs + 9) // 10)])
        conn.execute(text("INSERT INTO documents_fts(document_id, title, text) VALUES (:id, :title, :text)"),
                     [{"id": d["id"], "title": d["title"], "text": d["text"]} for d in documents])
        conn.execute(text("INSERT INTO statements_fts(statement_id, document_id, text, speaker) "
                          "VALUES (:id, :document_id, :text, :speaker)"), statements)
    store.close()
    return Corpus([d["id"] for d in documents], sorted({d["story_id"] for d in documents}),
                  [eid for eid, _ in speakers], NOUNS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(conn: http.client.HTTPConnection, url: str) -> tuple[int, bytes, bool]:
    """GET a URL; return the status, the body and whether the server answered from its cache."""
    conn.request("GET", url)
    response = conn.getresponse()
    return response.status, response.read(), response.getheader("x-onrecord-cache") == "hit"


def start_server(db: Path, port: int, workers: int, cache: bool) -> subprocess.Popen[bytes]:
    """Run `serve` in a child process so the clients do not share its interpreter lock."""
    code = (f"from onrecord.server import serve; "
            f"serve({str(db)!r}, '127.0.0.1', {port}, workers={workers}, cache={cache})")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(http.client.HTTPConnection("127.0.0.1", port, timeout=1), "/static/app.css")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start: {process.stderr.read().decode() if process.stderr else ''}")


def process_tree_cpu(pid: int) -> float:
    """Return the CPU seconds (user + system) used so far by a process and all its descendants (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue  # the process ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        pending += [int(child) for child in children]
    return total


def endpoints(corpus: Corpus, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Name each endpoint and how to pick one URL of it (ids, queries and filters vary between requests).

    Lists without an id vary their page size or filters, so that no endpoint is a single URL
    (the server may cache responses until the store changes; the bench must not only time hits).
    """
    doc, story, who = (lambda: rng.choice(corpus.documents)), (lambda: rng.choice(corpus.stories)), \
        (lambda: rng.choice(corpus.speakers))
    word, outlet = (lambda: rng.choice(corpus.words)), (lambda: rng.choice(OUTLETS).replace(" ", "+"))
    kind, size = (lambda: rng.choice(KINDS)), (lambda: rng.randint(10, 200))
    since = lambda: f"20{rng.randint(20, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"  # noqa: E731
    return {
        "static /static/app.css (baseline)": lambda: "/static/app.css",
        "page overview /": lambda: "/",
        "page statements /search?kind=": lambda: f"/search?kind={kind()}&outlet={outlet()}&since={since()}",
        "page search /search?q=": lambda: f"/search?q={word()}+OR+{word()}",
        "page search filtered /search?q=&outlet=&kind=":
            lambda: f"/search?q={word()}&outlet={outlet()}&kind={kind()}",
        "page story /stories/ID": lambda: f"/stories/{story()}",
        "page speaker /speakers/ID": lambda: f"/speakers/{who()}",
        "page document /documents/ID": lambda: f"/documents/{doc()}",
        "page articles /documents?outlet=": lambda: f"/documents?outlet={outlet()}&story={story()}",
        "api statements /api/statements?limit=": lambda: f"/api/statements?limit={size()}",
        "api text query /api/statements?q=": lambda: f"/api/statements?q={word()}&limit={size()}",
        "api speaker filter /api/statements?speaker=": lambda: f"/api/statements?speaker={who()}",
        "api outlet+kind /api/statements?outlet=&kind=":
            lambda: f"/api/statements?outlet={outlet()}&kind={kind()}&limit={size()}",
        "api document /api/documents/ID": lambda: f"/api/documents/{doc()}",
        "api coverage /api/stories/ID/coverage": lambda: f"/api/stories/{story()}/coverage",
        "api timeline /api/timeline?speaker=": lambda: f"/api/timeline?speaker={who()}&limit=100",
    }


@dataclass
class Sample:
    """Latencies of a batch of requests in milliseconds, and how many were cache hits."""

    latencies: list[float]
    hits: int = 0


def measure(port: int, urls: list[str], clients: int) -> Sample:
    """Send the URLs from ``clients`` threads; return each request's latency and the cache hits."""
    sample = Sample([])
    lock = threading.Lock()
    queue = list(urls)
    failures: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while not failures:
                with lock:
                    if not queue:
                        return
                    url = queue.pop()
                began = time.perf_counter()
                status, body, hit = _get(conn, url)
                elapsed = (time.perf_counter() - began) * 1000
                if status != 200:
                    failures.append(f"{url} answered {status}: {body[:200]!r}")
                with lock:
                    sample.latencies.append(elapsed)
                    sample.hits += hit
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(failures[0])
    return sample


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of the values."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds of the clients, the server and the whole machine while the timed requests ran, and the wall time."""

    client: float
    server: float
    machine: float
    wall: float


def machine_cpu() -> float:
    """Return the CPU seconds every process of the machine has used so far (Linux /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=160, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--only", default="", help="time only the endpoints whose name contains this")
    parser.add_argument("--no-cache", action="store_true", help="serve without the response cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        began = time.perf_counter()
        corpus = build_store(db, args.statements)
        print(f"store statements: {args.statements}")
        print(f"store documents: {len(corpus.documents)}")
        print(f"store build seconds: {time.perf_counter() - began:.1f}")
        port = _free_port()
        server = start_server(db, port, args.workers, not args.no_cache)
        try:
            results, cpu = run_all(port, server.pid, corpus, args)
        finally:
            server.terminate()
            server.wait(timeout=10)
    report(results, cpu, args.clients, args.workers)


Timings = dict[str, tuple[Sample, Sample]]  # endpoint -> (alone, under concurrency)


def run_all(port: int, server_pid: int, corpus: Corpus, args: argparse.Namespace) -> tuple[Timings, CpuUse]:
    """Per endpoint: warm it, time it alone (one client), then under ``args.clients`` concurrent clients."""
    rng = random.Random(11)
    results: Timings = {}
    client_cpu = server_cpu = busy = wall = 0.0
    for name, pick in endpoints(corpus, rng).items():
        if args.only and args.only not in name and "baseline" not in name:
            continue
        measure(port, [pick() for _ in range(args.clients)], args.clients)
        alone = measure(port, [pick() for _ in range(max(args.requests // 4, 8))], 1)
        urls = [pick() for _ in range(args.requests)]
        mine, theirs, everyone = sum(os.times()[:2]), process_tree_cpu(server_pid), machine_cpu()
        began = time.perf_counter()
        results[name] = (alone, measure(port, urls, args.clients))
        wall += time.perf_counter() - began
        client_cpu += sum(os.times()[:2]) - mine
        server_cpu += process_tree_cpu(server_pid) - theirs
        busy += machine_cpu() - everyone
    return results, CpuUse(client_cpu, server_cpu, busy, wall)


def report(results: Timings, cpu: CpuUse, clients: int, workers: int) -> None:
    """Print p50/p95 per endpoint beside the static-file baseline, the CPU shares, then a summary line."""
    baseline_name = next(iter(results))
    base = results[baseline_name][1].latencies
    base_p50, base_p95 = percentile(base, 50), percentile(base, 95)
    worst_name, worst = baseline_name, 0.0
    hits = requests = 0
    for name, (alone, sample) in results.items():
        values = sample.latencies
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"{name} alone p50 ms: {percentile(alone.latencies, 50):.1f}")
        print(f"{name} p50 ms: {p50:.1f}")
        print(f"{name} p95 ms: {p95:.1f} ({p95 / base_p95:.1f}x baseline)")
        if name == baseline_name:
            continue
        print(f"{name} cache hits: {sample.hits / len(values):.0%} of {len(values)}")
        hits, requests = hits + sample.hits, requests + len(values)
        if p95 > worst:
            worst_name, worst = name, p95
    print(f"cache hits: {hits / requests:.0%} of {requests} timed requests (baseline aside)")
    machine = cpu.wall * (os.cpu_count() or 1)
    print(f"client cpu share of the machine: {cpu.client / machine:.0%}")
    print(f"server cpu share of the machine: {cpu.server / machine:.0%}")
    print(f"other processes' cpu share of the machine: {max(cpu.machine - cpu.client - cpu.server, 0) / machine:.0%}")
    verdict = "meets" if worst < TARGET_P95_MS else "misses"
    print(f"summary: {len(results) - 1} endpoints, {clients} clients, {workers} server worker(s); "
          f"worst p95 {worst:.0f} ms ({worst_name}) {verdict} the {TARGET_P95_MS:.0f} ms target; "
          f"static baseline p50 {base_p50:.1f} ms, p95 {base_p95:.1f} ms")


if __name__ == "__main__":
    main()

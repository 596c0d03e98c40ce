"""SQLite FTS5 bm25() on the items and queries flowcoach's search benchmark wrote out.
Called by flowcoach-benchmarks; prints p50/p99 per query in microseconds."""
import sqlite3
import sys
import time

items_path, queries_path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE k USING fts5(id UNINDEXED, title, tags, summary, body, tokenize='porter')")
started = time.perf_counter()
with open(items_path) as f:
    db.executemany("INSERT INTO k VALUES (?, ?, ?, ?, ?)", (line.rstrip("\n").split("\t") for line in f))
db.commit()
built = time.perf_counter() - started
with open(queries_path) as f:
    queries = [line.strip() for line in f if line.strip()]
latencies = []
hits = 0
for query in queries:
    match = " OR ".join(query.split())
    t = time.perf_counter()
    # The same field weights as flowcoach: title 3, tags/skills 2, summary 1.5, body 1.
    rows = db.execute("SELECT id FROM k WHERE k MATCH ? ORDER BY bm25(k, 0, 3.0, 2.0, 1.5, 1.0) LIMIT 10", (match,)).fetchall()
    latencies.append((time.perf_counter() - t) * 1e6)
    hits += len(rows)
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, round(q / 100 * (len(latencies) - 1)))]
print(f"SQLite FTS5 bm25(): {len(latencies)} queries: p50 {p(50):.0f} µs, p99 {p(99):.0f} µs, max {latencies[-1]:.0f} µs "
      f"({hits} hits; indexed in {built:.2f} s)")

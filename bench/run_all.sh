#!/usr/bin/env bash
# Every benchmark on SQLite and PostgreSQL; each table is printed and saved under bench/out/ (not committed).
# Takes ~30 min on the 2-core machine. PostgreSQL databases: `bench` (synth) and `bench_ingest`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p bench/out
: > bench/out/synth.log
for db in sqlite postgres; do
    $PY bench/bench_pages.py --db "$db" --sizes 1000,10000,100000 --requests 20 2>>bench/out/synth.log | tee "bench/out/pages-$db.txt"
    $PY bench/bench_browser.py --db "$db" --sizes 10000,100000 --runs 5 2>>bench/out/synth.log | tee "bench/out/browser-$db.txt"
    $PY bench/bench_load.py --db "$db" --size 10000 --duration 60 2>>bench/out/synth.log | tee "bench/out/load-$db.txt"
done
$PY bench/bench_ingest.py --db both --articles 500 | tee bench/out/ingest.txt

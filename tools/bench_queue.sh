#!/usr/bin/env bash
# Articles/s of a direct `ingest` against the queue with 1 and 2 workers, on
# PostgreSQL and NATS servers of its own (started and stopped as in .ci/run).
#   tools/bench_queue.sh [CORPUS.jsonl]     (default: the news corpus of ../shared)
# Uses target/release/demarche (cargo build --release) or $DEMARCHE. Every
# coding process has one thread, so the figures compare processes, not cores.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpora/news-articles-2017/news_articles_2017.jsonl}"
bin="${DEMARCHE:-target/release/demarche}"
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release" >&2; exit 1; }
source .ci/servers.sh
trap stop_servers EXIT
start_servers
work="$servers_dir/bench"
mkdir -p "$work"
psql="$pg_bin/psql"

# A fresh schema of the test database, as a store URL.
store() {
  "$psql" "$DEMARCHE_TEST_POSTGRES" -qc "CREATE SCHEMA $1" >/dev/null
  echo "$DEMARCHE_TEST_POSTGRES?options=-c%20search_path%3D$1"
}
now() { date +%s.%N; }
# Prints "LABEL: N documents in S s, R articles/s" from the documents in the store.
report() {
  local label="$1" t0="$2" t1="$3" docs="$4"
  python3 -c "import sys; l,a,b,d=sys.argv[1:]; s=float(b)-float(a); print(f'{l:<34} {int(d):>6} documents in {s:6.2f} s, {int(d)/s:6.0f} articles/s')" \
    "$label" "$t0" "$t1" "$docs"
}
docs_in() { grep -h "in store" "$@" | tail -n 1 | awk '{print $3}'; }

t0=$(now); "$bin" ingest --threads 1 --store "$work/one.db" "$corpus" >"$work/i1.out"; t1=$(now)
report "ingest, SQLite" "$t0" "$t1" "$(docs_in "$work/i1.out")"
pg="$(store bench_ingest)"
t0=$(now); "$bin" ingest --threads 1 --store "$pg" "$corpus" >"$work/i2.out"; t1=$(now)
report "ingest, PostgreSQL" "$t0" "$t1" "$(docs_in "$work/i2.out")"
for n in 1 2; do
  t0=$(now)
  "$bin" publish --queue "$DEMARCHE_TEST_NATS" --stream "BENCH_$n" "$corpus" >"$work/p$n.out"
  t1=$(now)
  report "publish" "$t0" "$t1" "$(awk '/^published/ {print $2}' "$work/p$n.out")"
  pg="$(store "bench_workers_$n")"
  t0=$(now)
  pids=()
  for i in $(seq "$n"); do
    # The time runs until the queue is drained and the last worker has exited
    # (its idle wait of 0.2 s included).
    timeout 1800 "$bin" worker --queue "$DEMARCHE_TEST_NATS" --stream "BENCH_$n" --store "$pg" \
      --threads 1 --exit-when-idle 0.2 >"$work/w$n-$i.out" 2>/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(now)
  report "queue, $n worker(s), PostgreSQL" "$t0" "$t1" "$(docs_in "$work"/w"$n"-*.out)"
done
echo "($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"

#!/usr/bin/env bash
# End-to-end performance of the release binary on generated corpora, as
# ratios measured in one run (the machines are noisy; ratios are what the
# targets are about). Not run in CI.
#
#   bash benches/e2e.sh            # 10k, 100k and 1M records
#   SIZES="10000 100000" bash benches/e2e.sh
#   RUNS=9 bash benches/e2e.sh     # best of 9 instead of 5
#
# Corpora are generated once into target/bench-corpus/ by the corpus
# generator (examples/gen.rs, seed 7). Every timing is the best of RUNS runs
# (wall clock); the two sides of a ratio are run alternately. The parse floor is the same run with an empty rule set
# (`--rules` pointing to a directory whose file has `rules: []`), so
# "full / floor" is what the rules and reports cost on top of parsing.
# Peak memory is the maximum resident set size from GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-5}
OUT=target/bench-corpus
BIN=target/release/recheck
GEN=target/release/examples/gen

cargo build --release --quiet --bin recheck --example gen
mkdir -p "$OUT/empty-rules"
printf 'rules: []\n' > "$OUT/empty-rules/rules.yaml"

corpus() { # records
  local dir="$OUT/$1"
  if [ ! -f "$dir/manifest.json" ]; then
    "$GEN" --records "$1" --seed 7 "$dir" > /dev/null
  fi
  echo "$dir"
}

# Best wall time in seconds of RUNS runs of the command.
best() {
  local best="" t
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    t=$(( (end - start) / 1000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}

# Best wall times of two commands run alternately (A B A B ...), so that
# both see the same machine: prints "A B". Commands are given as two
# strings, split on spaces.
best_pair() {
  local a="" b="" t
  for _ in $(seq "$RUNS"); do
    t=$(RUNS=1 best $1); if [ -z "$a" ] || awk -v x="$t" -v y="$a" 'BEGIN { exit !(x < y) }'; then a=$t; fi
    t=$(RUNS=1 best $2); if [ -z "$b" ] || awk -v x="$t" -v y="$b" 'BEGIN { exit !(x < y) }'; then b=$t; fi
  done
  echo "$a $b"
}

# Peak resident memory in MB of one run.
peak_mb() {
  { /usr/bin/time -f '%M' "$@" 2>&1 > /dev/null || true; } | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}

# How long one rule took (ms), alone, best of RUNS.
rule_ms() { # dir rule
  local best="" t
  for _ in $(seq "$RUNS"); do
    t=$({ "$BIN" "$1" -q --select "$2" --timings 2>&1 > /dev/null || true; } | awk -v r="$2" '$2 == "rule" && $3 == r { print $4 }')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

verdict() { # value op limit
  if awk -v v="$1" -v l="$3" "BEGIN { exit !(v $2 l) }"; then echo "ok"; else echo "MISSED"; fi
}

# The findings per rule must be the manifest's.
check_findings() { # dir
  local dir=$1 rule expected got
  local json
  json=$("$BIN" "$dir/records" --format json -q || true)
  for rule in date-order term-overlap duplicate-id unknown-reference name-spelling role-spelling duplicate-person; do
    expected=$(grep -o "\"$rule\": [0-9]*" "$dir/manifest.json" | awk '{ print $2 }')
    got=$(grep -c "\"rule\": \"$rule\"" <<< "$json" || true)
    if [ "$expected" != "$got" ]; then
      echo "findings of $rule in $dir: expected $expected, got $got" >&2
      return 1
    fi
  done
}

echo "machine: $(nproc) cores, $(uname -m); best of $RUNS runs"
echo
printf '%-9s %8s %7s %9s %9s %7s %9s %8s %s\n' records MB files "floor s" "full s" ratio "peak MB" "peak/MB" findings
declare -A FULL FLOOR NS TO
for n in $SIZES; do
  dir=$(corpus "$n")
  mb=$(awk '{ s += $0 } END { printf "%.1f", s / 1e6 }' < <(grep -o '"bytes": [0-9]*' "$dir/manifest.json" | awk '{ print $2 }'))
  files=$(ls "$dir/records" | wc -l)
  read -r floor full < <(best_pair "$BIN $dir/records -q --rules $OUT/empty-rules" "$BIN $dir/records -q")
  peak=$(peak_mb "$BIN" "$dir/records" -q)
  if check_findings "$dir"; then found="as planted"; else found="WRONG"; fi
  FULL[$n]=$full
  FLOOR[$n]=$floor
  NS[$n]=$(rule_ms "$dir/records" name-spelling)
  TO[$n]=$(rule_ms "$dir/records" term-overlap)
  printf '%-9s %8s %7s %9s %9s %7s %9s %8s %s\n' "$n" "$mb" "$files" "$floor" "$full" \
    "$(ratio "$full" "$floor")" "$peak" "$(ratio "$peak" "$mb")" "$found"
done
echo

echo "targets:"
for n in 100000 1000000; do
  if [ -n "${FULL[$n]:-}" ]; then
    r=$(ratio "${FULL[$n]}" "${FLOOR[$n]}")
    echo "  full / parse floor at $n records: $r (<= 1.3: $(verdict "$r" "<=" 1.3))"
  fi
done
if [ -n "${FULL[100000]:-}" ]; then
  echo "  full check of 100k records: ${FULL[100000]} s (about 1 s, 5x a 6 s Python script: $(verdict "${FULL[100000]}" "<=" 1.2))"
  if python3 -c 'import yaml' 2> /dev/null; then
    dir=$(corpus 100000)
    read -r py full < <(RUNS=1 best_pair "python3 benches/python_baseline.py $dir/records" "$BIN $dir/records -q")
    echo "  Python baseline (benches/python_baseline.py) on the same corpus: $py s, recheck $full s: $(ratio "$py" "$full")x faster (>= 5: $(verdict "$(ratio "$py" "$full")" ">=" 5))"
  fi
  dir=$(corpus 100000)
  read -r one two < <(best_pair "env RAYON_NUM_THREADS=1 $BIN $dir/records -q --rules $OUT/empty-rules" \
    "env RAYON_NUM_THREADS=2 $BIN $dir/records -q --rules $OUT/empty-rules")
  r=$(ratio "$two" "$one")
  echo "  parse floor, 2 threads / 1 thread ($(ls "$dir/records" | wc -l) files): $two s / $one s = $r (<= 0.65: $(verdict "$r" "<=" 0.65))"
fi
if [ -n "${NS[1000000]:-}" ] && [ -n "${NS[100000]:-}" ]; then
  r=$(ratio "${NS[1000000]}" "${NS[100000]}")
  echo "  name-spelling 1M / 100k: ${NS[1000000]} ms / ${NS[100000]} ms = $r (<= 15: $(verdict "$r" "<=" 15))"
  r=$(ratio "${TO[1000000]}" "${TO[100000]}")
  echo "  term-overlap 1M / 100k: ${TO[1000000]} ms / ${TO[100000]} ms = $r (<= 15: $(verdict "$r" "<=" 15))"
fi
for n in $SIZES; do
  dir=$(corpus "$n")
  mb=$(grep -o '"bytes": [0-9]*' "$dir/manifest.json" | awk '{ printf "%.1f", $2 / 1e6 }')
  peak=$(peak_mb "$BIN" "$dir/records" -q)
  r=$(ratio "$peak" "$mb")
  echo "  peak memory at $n records: $peak MB for $mb MB = ${r}x (<= 6: $(verdict "$r" "<=" 6))"
done

small=$OUT/single-100
if [ ! -f "$small/manifest.json" ]; then
  "$GEN" --records 100 --seed 7 --single-file "$small" > /dev/null
fi
t=$(RUNS=$((RUNS * 5)) best "$BIN" "$small/records/records.yaml" -q)
ms=$(awk -v s="$t" 'BEGIN { printf "%.1f", s * 1000 }')
echo "  one file of 100 records: $ms ms (< 20: $(verdict "$ms" "<" 20))"

dense=$OUT/dense-100000
if [ ! -f "$dense/manifest.json" ]; then
  "$GEN" --records 100000 --dense "$dense" > /dev/null
fi
for format in human json; do
  ms=$({ "$BIN" "$dense/records" --format "$format" --max-findings 100000 --timings 2>&1 > /dev/null || true; } | awk '$2 == "reports" { print $3 }')
  echo "  100,000 findings as $format: $ms ms to render and write (< 2000: $(verdict "$ms" "<" 2000))"
done

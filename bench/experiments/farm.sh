#!/usr/bin/env bash
# Wall time of one command under two builds of the CLI, alternated round by round on one machine ("farm-style"),
# with the median of each. Run from the repository root (the lab models are found under models/).
# Usage: bench/experiments/farm.sh BEFORE_DLL AFTER_DLL ROUNDS COMMAND [ARGS...]
#   e.g. bench/experiments/farm.sh /tmp/before/.../MathCritique.Cli.dll src/MathCritique.Cli/bin/Release/net10.0/MathCritique.Cli.dll 3 eval --per-level 4 --samples 4
# Each run writes to a fresh --out directory (runs resume, so a reused one would cost nothing); the last lines of
# each build's first run are printed so the two can be compared.
set -euo pipefail
before=$1 after=$2 rounds=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
  for build in before after; do
    dll=$before; [ "$build" = after ] && dll=$after
    out="$work/$build-$round"
    start=$(date +%s.%N)
    dotnet "$dll" "$@" --out "$out" > "$work/$build-$round.log" 2>&1
    end=$(date +%s.%N)
    echo "$build $round $(echo "$end - $start" | bc)" | tee -a "$work/times"
  done
done
for build in before after; do
  median=$(awk -v b="$build" '$1 == b { print $3 }' "$work/times" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
  echo "median $build: $median s over $rounds runs"
done
for build in before after; do
  echo "--- $build, round 1 (tail):"
  grep -v -E '^\s*$|^[a-z-]+: [0-9]+/' "$work/$build-1.log" | tail -16
done

#!/usr/bin/env bash
# Four chains of one run as four separate processes, then merged: what a batch scheduler
# does across machines, here with a plain shell loop on one machine. Each chain's draws
# depend only on the seed and its chain id, so the merged fit equals a four-chain run's
# (chain files identical apart from timing lines; test/cli/chain-ids.test.ts checks it).
#
#   npm run build && bash examples/workflow/run-chains.sh [output root]
#
# LEAPFROG names the command (default: the built one in this checkout; 'leapfrog' when
# the package is installed). With GNU parallel the loop is one line:
#   parallel $LEAPFROG sample $MODEL --seed 2024 --chain-ids {} --out $ROOT/chain-{} ::: 1 2 3 4
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LEAPFROG="${LEAPFROG:-node $here/../../bin/leapfrog.mjs}"
MODEL="${MODEL:-$here/eight_schools_loo.ts}"
ROOT="${1:-out/eight-schools-split}"
SEED=2024
mkdir -p "$ROOT"

pids=()
for id in 1 2 3 4; do
  # Same model, data, seed and settings in every process; only the chain id differs.
  $LEAPFROG sample "$MODEL" --seed "$SEED" --chain-ids "$id" --out "$ROOT/chain-$id" --overwrite \
    > "$ROOT/chain-$id.log" 2>&1 &
  pids+=("$!")
done
for pid in "${pids[@]}"; do wait "$pid"; done

# One fit from the four folders (refused if they came from different models, data or
# settings), its summary, and a report of the merged chains.
$LEAPFROG summary "$ROOT"/chain-1 "$ROOT"/chain-2 "$ROOT"/chain-3 "$ROOT"/chain-4 --report --out "$ROOT/merged" --overwrite
# PSIS-LOO of the merged run: the folders of one run joined by commas.
$LEAPFROG loo "$ROOT/chain-1,$ROOT/chain-2,$ROOT/chain-3,$ROOT/chain-4"

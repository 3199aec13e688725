#!/usr/bin/env bash
# Records the development set's figures as they are now into bench/accuracy/recorded.tsv
# (the floor test compares against them). Run after a change that moves accuracy,
# and commit the file with the change.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(python3 "${CM_SHARED:-../shared}/devset/score.py" --bin "${1:-build/conflictmap}")
{
  echo "# Development-set figures recorded by bench/accuracy/record.sh ($(date -u +%Y-%m-%d)); the floor"
  echo "# test fails when overall F1 or P falls more than 0.03 below, or early paints rise."
  printf 'lang\tP\tR\tF1\tplace_R\tdate_ok\n'
  echo "$out" | awk 'NF == 9 && $1 != "language" && $1 != "early" { printf "%s\t%s\t%s\t%s\t%s\t%s\n", $1, $5, $6, $7, $8, $9 }'
  echo "$out" | sed -n 's/^early paints: \([0-9]*\) of.*/early\t\1/p'
} > bench/accuracy/recorded.tsv
cat bench/accuracy/recorded.tsv

#!/usr/bin/env bash
# Samples the eight-schools example with leapfrog, then reads the CSV output with R and
# checks that the R package posterior computes the ESS and R-hat that leapfrog reported
# (test/r/read-cmdstan-csv.R). Needs Rscript with the posterior package (Debian: r-cran-posterior).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node bin/leapfrog.mjs sample examples/bench/eight_schools_noncentered.ts --chains 4 --warmup 300 --draws 200 --seed 11 --out "$out" > /dev/null
Rscript test/r/read-cmdstan-csv.R "$out"

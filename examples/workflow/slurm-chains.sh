#!/usr/bin/env bash
# The chains of one run on a Slurm cluster: a job array of four tasks, one chain each
# (each chain's draws depend only on the seed and its chain id), then a job that merges
# them once the array has finished:
#
#   jobid=$(sbatch --parsable examples/workflow/slurm-chains.sh)
#   sbatch --dependency=afterok:$jobid --wrap "leapfrog summary runs/eight-schools/chain-{1,2,3,4} --report --out runs/eight-schools/merged"
#
# Submit from the directory holding the model and its data; 'leapfrog' must be on PATH
# (npm install -g leapfrog, or LEAPFROG=... in the environment).
#SBATCH --job-name=eight-schools
#SBATCH --array=1-4
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --time=00:30:00
#SBATCH --output=runs/eight-schools/slurm-%A_%a.log
set -euo pipefail

LEAPFROG="${LEAPFROG:-leapfrog}"
MODEL="${MODEL:-examples/workflow/eight_schools_loo.ts}"
ROOT="${ROOT:-runs/eight-schools}"
mkdir -p "$ROOT"

# SLURM_ARRAY_TASK_ID is 1..4: the chain id. A task restarted by Slurm (--requeue) writes
# the same chain again, so --overwrite is safe here.
$LEAPFROG sample "$MODEL" --seed 2024 --chain-ids "$SLURM_ARRAY_TASK_ID" --parallel 1 \
  --out "$ROOT/chain-$SLURM_ARRAY_TASK_ID" --overwrite

#!/bin/bash
# Submits a creditlab run to Slurm as a job array of SHARDS shards and a merge job that
# starts only when every shard has succeeded (--dependency=afterok). Prints the two job ids.
#
#   deploy/slurm/submit.sh SCENARIO SHARDS CHUNKS RESULT [sbatch options for both jobs...]
#
# e.g. deploy/slurm/submit.sh /shared/book.yaml 40 /shared/run1 /shared/run1/result.json --partition=batch
# CREDITLAB and CREDITLAB_RUN_ARGS pass through to the jobs (see shards.sbatch).
set -euo pipefail

if (( $# < 4 )); then
  echo "usage: $0 SCENARIO SHARDS CHUNKS RESULT [sbatch options...]" >&2
  exit 2
fi
scenario=$(realpath "$1")
shards=$2
chunks=$(realpath "$3")
result=$(realpath -m "$4")
shift 4
here=$(dirname "$(realpath "$0")")
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: SHARDS must be a whole number from 1 up, got \"$shards\"" >&2
  exit 2
fi
mkdir -p "$chunks"

export SCENARIO=$scenario CHUNKS=$chunks SHARDS=$shards RESULT=$result
array=$(sbatch --parsable --export=ALL --array="1-$shards" --output="$chunks/shard-%a.log" "$@" "$here/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$chunks/merge.log" "$@" "$here/merge.sbatch")
echo "${array} ${merge%%;*}"

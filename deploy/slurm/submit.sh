#!/bin/bash
# Submits a creditlab run to Slurm as a job array of SHARDS shards and a merge job that
# starts only when every shard has succeeded (--dependency=afterok). Prints the two job ids.
#
#   deploy/slurm/submit.sh SCENARIO SHARDS CHUNKS RESULT [sbatch options for both jobs...]
#
# e.g. deploy/slurm/submit.sh /shared/book.yaml 40 /shared/run1 /shared/run1/result.json --partition=batch
# CREDITLAB (default: creditlab from PATH, else node and this clone's bin/creditlab.js)
# and CREDITLAB_RUN_ARGS pass through to the jobs (see shards.sbatch). The
# scenario is validated first (creditlab validate); a missing or invalid one, or a SHARDS
# that is not a whole number, exits 2 with nothing queued. See deploy/slurm/README.md.
set -euo pipefail

if (( $# < 4 )); then
  echo "usage: $0 SCENARIO SHARDS CHUNKS RESULT [sbatch options...]" >&2
  exit 2
fi
if [[ ! -f $1 ]]; then
  echo "$0: no scenario file $1: nothing submitted" >&2
  exit 2
fi
scenario=$(realpath "$1")
shards=$2
chunks=$(realpath -m "$3")
result=$(realpath -m "$4")
shift 4
here=$(dirname "$(realpath "$0")")
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: SHARDS must be a whole number from 1 up, got \"$shards\": nothing submitted" >&2
  exit 2
fi
# Without CREDITLAB: creditlab from PATH, else this clone's bin/creditlab.js (the clone
# must then be on a file system every node sees, as the scenario must).
if [[ -z ${CREDITLAB:-} ]]; then
  if command -v creditlab >/dev/null; then CREDITLAB=creditlab; else CREDITLAB="node $(realpath "$here/../../bin/creditlab.js")"; fi
fi
export CREDITLAB
read -r -a creditlab <<< "$CREDITLAB"
# The scenario and its tapes checked here, before anything is queued: an error in them
# would otherwise fail every task of the array on the cluster.
status=0
"${creditlab[@]}" validate "$scenario" >/dev/null || status=$?
if (( status == 126 || status == 127 )); then
  echo "$0: cannot run \"$CREDITLAB\": set CREDITLAB to the command that runs creditlab: nothing submitted" >&2
  exit 2
elif (( status != 0 )); then
  echo "$0: $scenario is not a valid scenario (above): nothing submitted" >&2
  exit 2
fi
mkdir -p "$chunks"

export SCENARIO=$scenario CHUNKS=$chunks SHARDS=$shards RESULT=$result
array=$(sbatch --parsable --export=ALL --array="1-$shards" --output="$chunks/shard-%a.log" "$@" "$here/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$chunks/merge.log" "$@" "$here/merge.sbatch")
echo "${array} ${merge%%;*}"

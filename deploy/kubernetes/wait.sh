#!/bin/sh
# Waits for a Job to end, either way, which `kubectl wait --for=condition=complete` alone
# does not: it waits out its whole timeout when the Job fails. Exits 0 when the Job is
# Complete, 1 when it Failed (printing its failed indexes and reason), 2 when TIMEOUT
# seconds pass first or kubectl cannot read the Job.
#
#   deploy/kubernetes/wait.sh JOB [TIMEOUT_SECONDS, default 86400] [kubectl options...]
#   e.g. deploy/kubernetes/wait.sh creditlab-shards 21600 --namespace risk
# It asks every CREDITLAB_WAIT_INTERVAL seconds (default 15).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 JOB [TIMEOUT_SECONDS] [kubectl options...]" >&2
  exit 2
fi
job=$1
timeout=${2:-86400}
[ $# -ge 2 ] && shift 2 || shift 1
case $timeout in '' | *[!0-9]*)
  echo "$0: TIMEOUT_SECONDS must be a whole number of seconds, got \"$timeout\"" >&2
  exit 2
  ;;
esac
interval=${CREDITLAB_WAIT_INTERVAL:-15}
deadline=$(($(date +%s) + timeout))

while :; do
  # The types of the Job's conditions that hold, e.g. "SuccessCriteriaMet Complete".
  if ! conditions=$(kubectl get job "$job" "$@" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}'); then
    echo "$0: cannot read job/$job" >&2
    exit 2
  fi
  case " $conditions " in
    *" Complete "*)
      echo "job/$job complete"
      exit 0
      ;;
    *" Failed "*)
      details=$(kubectl get job "$job" "$@" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}: {.status.conditions[?(@.type=="Failed")].message}; failed indexes: {.status.failedIndexes}')
      echo "job/$job failed: $details" >&2
      echo "its pods' logs: kubectl logs -l batch.kubernetes.io/job-name=$job --prefix --tail=20" >&2
      exit 1
      ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "$0: job/$job neither complete nor failed after $timeout s (conditions: ${conditions:-none})" >&2
    exit 2
  fi
  sleep "$interval"
done

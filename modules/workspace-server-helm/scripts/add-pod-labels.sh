#!/bin/sh
# Helm post-renderer used by workspace-server-helm: adds labels to the pod
# templates of the rendered Deployments and Jobs (the ZenML chart has no
# pod-label value; Azure workload identity needs one). Helm 3 passes no hook
# through a post-renderer, so the chart's migration hook never gets them:
# with pod labels the module runs the migration in a Job of its own. Reads the
# rendered manifests on stdin, writes them to stdout. Arguments: key=value
# pairs.
# Fails if a Deployment or Job has no pod template labels to extend, so that a
# chart change cannot silently drop the labels.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 key=value [key=value...]" >&2
  exit 2
fi

awk -v labels="$*" '
BEGIN {
  count = split(labels, pairs, " ")
  for (i = 1; i <= count; i++) {
    separator = index(pairs[i], "=")
    if (separator < 2) {
      print "add-pod-labels: invalid label " pairs[i] " (want key=value)" > "/dev/stderr"
      exit 2
    }
    keys[i] = substr(pairs[i], 1, separator - 1)
    values[i] = substr(pairs[i], separator + 1)
  }
}
function check_document() {
  if (wanted && !done) {
    print "add-pod-labels: no pod template labels found in a " kind > "/dev/stderr"
    failed = 1
  }
  kind = ""; wanted = 0; done = 0; state = 0
}
/^---/ { check_document(); print; next }
/^kind: / { kind = $2; wanted = (kind == "Deployment" || kind == "Job") }
{ print }
wanted && !done {
  if (state == 0 && $0 ~ /^  template:[ ]*$/) { state = 1 }
  else if (state == 1 && $0 ~ /^    metadata:[ ]*$/) { state = 2 }
  else if (state == 2 && $0 ~ /^      labels:[ ]*$/) {
    for (i = 1; i <= count; i++) printf "        %s: \"%s\"\n", keys[i], values[i]
    done = 1
  }
  else if (state == 2 && $0 ~ /^    [^ ]/) { state = 3 }
}
END { check_document(); exit failed }
'

#!/usr/bin/env bash
# bench-deploy.sh: API calls (by action, from moto's recorder) and wall time
# of a create, a no-op and an update deploy of the default stack against a
# local moto. Budget (DESIGN.md): a no-op under one second with at most 4
# CloudFormation calls. Prints a table.
#
# Environment: STACKCTL_BIN (default: go build), RUNS=5 (no-op timing runs).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

work_dir
export MOTO_ENABLE_RECORDING=True MOTO_RECORDER_FILEPATH="$tmp/recording"
start_moto "$tmp"
url=$moto_url

# measure NAME ARGS...: records one deploy's API calls and wall time.
measure() {
	local name=$1 t0 t1
	shift
	curl -fsS -X POST "$url/moto-api/recorder/reset-recording" >/dev/null
	curl -fsS -X POST "$url/moto-api/recorder/start-recording" >/dev/null
	t0=$(now_ns)
	"$bin" deploy --yes "$@" >/dev/null 2>"$tmp/$name.err" || die "$name deploy failed: $(cat "$tmp/$name.err")"
	t1=$(now_ns)
	curl -fsS -X POST "$url/moto-api/recorder/stop-recording" >/dev/null
	curl -fsS "$url/moto-api/recorder/download-recording" >"$tmp/$name.rec"
	echo $(((t1 - t0) / 1000000)) >"$tmp/$name.ms"
}

# calls NAME: "N (Action xK, …)" from a recording (one JSON object a line).
calls() {
	python3 - "$tmp/$1.rec" <<'PY'
import base64, collections, json, sys, urllib.parse
c = collections.Counter()
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line)
    body = r.get("body") or ""
    if r.get("body_encoded"):
        body = base64.b64decode(body).decode()
    action = (urllib.parse.parse_qs(body).get("Action") or ["?"])[0]
    c[action] += 1
print(sum(c.values()), "(" + ", ".join(f"{a} x{n}" for a, n in sorted(c.items())) + ")")
PY
}

log "create"
measure create
log "no-op"
measure noop
best=$(cat "$tmp/noop.ms")
for ((i = 1; i < ${RUNS:-5}; i++)); do
	t0=$(now_ns); "$bin" deploy --yes >/dev/null 2>&1; t1=$(now_ns)
	ms=$(((t1 - t0) / 1000000)); [ "$ms" -lt "$best" ] && best=$ms
done
log "update (MaxSize=6)"
measure update --param MaxSize=6

echo "deploy budget against moto (a no-op: at most 4 CloudFormation calls, under 1 s)"
printf '%-8s %8s  %s\n' "deploy" "wall ms" "API calls"
printf '%-8s %8s  %s\n' "create" "$(cat "$tmp/create.ms")" "$(calls create)"
printf '%-8s %8s  %s\n' "no-op" "$(cat "$tmp/noop.ms") (best of ${RUNS:-5}: $best)" "$(calls noop)"
printf '%-8s %8s  %s\n' "update" "$(cat "$tmp/update.ms")" "$(calls update)"

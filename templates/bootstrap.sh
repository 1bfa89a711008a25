# stackctl Linux bootstrap body (bash, Amazon Linux 2023).
#
# The renderer prepends a preamble, rendered through Fn::Sub, that exports:
#   STACKCTL_STACK       stack name (cfn-signal --stack)
#   STACKCTL_REGION      stack region (fallback when IMDS gives none)
#   STACKCTL_RESOURCE    logical id of the Auto Scaling group (cfn-signal --resource)
#   STACKCTL_TAG_SOURCE  imds | api   where Environment/Role tags are read from
#   STACKCTL_AGENT       none | script | octopus
#   STACKCTL_AGENT_SCRIPT  agent=script: file to run (default /var/lib/stackctl/agent.sh);
#                        it gets ENVIRONMENT ROLE INSTANCE_ID REGION APP_PORT exported
#   STACKCTL_RELEASE     true | false  deploy the current Octopus release (agent=octopus)
#   STACKCTL_OCTOPUS_SERVER, STACKCTL_OCTOPUS_SPACE, STACKCTL_OCTOPUS_POLICY,
#   STACKCTL_OCTOPUS_PROJECT, STACKCTL_OCTOPUS_API_KEY_PARAMETER (SSM SecureString name)
#   STACKCTL_APP_PORT    application port (exported to the agent script as APP_PORT)
# Optional knobs (defaults suit EC2; tests shrink them):
#   STACKCTL_IMDS_URL (http://169.254.169.254), STACKCTL_IMDS_ATTEMPTS (5),
#   STACKCTL_IMDS_INTERVAL (1), STACKCTL_TAG_ATTEMPTS (30), STACKCTL_TAG_INTERVAL (5),
#   STACKCTL_LOG (/var/log/stackctl-bootstrap.log), STACKCTL_TENTACLE
#   (/opt/octopus/tentacle/Tentacle), STACKCTL_RELEASE_TIMEOUT (1800 s).
# Outcome: exactly one cfn-signal, SUCCESS, or FAILURE with --reason "<step>: <why>"
# and -e <exit code>. "cannot be signaled" (no stack operation running) is tolerated.
# The renderer escapes every dollar-brace as Fn::Sub literal; write plain bash here.

set -Euo pipefail
umask 027
PATH="$PATH:/usr/local/bin:/opt/aws/bin"

LOG="${STACKCTL_LOG:-/var/log/stackctl-bootstrap.log}"
exec > >(tee -a "$LOG") 2>&1

IMDS="${STACKCTL_IMDS_URL:-http://169.254.169.254}"
TENTACLE="${STACKCTL_TENTACLE:-/opt/octopus/tentacle/Tentacle}"
STEP=init SIGNALED="" TOKEN="" INSTANCE_ID="" REGION="" ENVIRONMENT="" ROLE=""
API_KEY=""

log() { printf '%s stackctl-bootstrap [%s] %s\n' "$(date -u +%FT%TZ)" "$STEP" "$*"; }

# report REGION REASON: CloudFormation's SignalResource carries no reason, so
# a failure is also written where stackctl reads it when the stack rolls back:
# the SSM parameter /stackctl/<stack>/bootstrap/<instance id>. Best effort.
report() {
  command -v aws >/dev/null 2>&1 || return 0
  aws ssm put-parameter --region "$1" --type String --overwrite \
    --name "/stackctl/${STACKCTL_STACK:-}/bootstrap/${INSTANCE_ID:-$(hostname)}" \
    --value "${2:0:1000}" >/dev/null 2>&1 || log "could not report the failure to SSM"
}

# signal true | signal false "reason" code
signal() {
  SIGNALED=1
  local args out region="$REGION"
  [ -n "$region" ] || region="${STACKCTL_REGION:-}"
  if ! command -v cfn-signal >/dev/null 2>&1; then
    log "installing aws-cfn-bootstrap"
    dnf install -y aws-cfn-bootstrap || log "dnf install aws-cfn-bootstrap failed"
  fi
  if [ "$1" = true ]; then
    args=(--success true)
  else
    args=(--success false --reason "$2" -e "$3")
    report "$region" "$2"
  fi
  args+=(--stack "${STACKCTL_STACK:-}" --resource "${STACKCTL_RESOURCE:-}" --region "$region")
  log "cfn-signal ${args[*]}"
  if out=$(cfn-signal "${args[@]}" 2>&1); then
    log "signal sent"
    return 0
  fi
  printf '%s\n' "$out"
  if grep -qi "cannot be signaled" <<<"$out"; then
    log "no stack operation in progress (scale-out or replacement): signal not needed"
    return 0
  fi
  log "cfn-signal failed"
  return 1
}

# die "reason" [code]: signal FAILURE naming the current step, then exit.
die() {
  local rc="${2:-1}"
  [ "$rc" -eq 0 ] && rc=1
  trap - ERR
  if [ "$BASHPID" != "$$" ]; then exit "$rc"; fi # subshell: the parent reports
  log "FAILED: $1 (exit $rc)"
  signal false "$STEP: $1" "$rc" || true
  exit "$rc"
}
trap 'die "command failed at line $LINENO" $?' ERR
# Safety net (set -u, a signal...): never leave the stack waiting for a signal.
# shellcheck disable=SC2317 # invoked by the EXIT trap
on_exit() {
  local rc=$?
  [ -n "$SIGNALED" ] && return 0
  [ "$rc" -ne 0 ] || rc=1
  signal false "$STEP: exited unexpectedly" "$rc" || true
}
trap on_exit EXIT

# ---- metadata (IMDSv2) -------------------------------------------------------
imds_curl() {
  curl -sf --noproxy '*' --connect-timeout 2 --max-time 5 "$@"
}

imds_token() {
  local i
  for ((i = 1; i <= ${STACKCTL_IMDS_ATTEMPTS:-5}; i++)); do
    if TOKEN=$(imds_curl -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 21600" \
      "$IMDS/latest/api/token") && [ -n "$TOKEN" ]; then
      return 0
    fi
    sleep "${STACKCTL_IMDS_INTERVAL:-1}"
  done
  return 1
}

# imds PATH: one GET with the session token.
imds() { imds_curl -H "X-aws-ec2-metadata-token: $TOKEN" "$IMDS/latest/$1"; }

# imds_retry PATH: GET with the bounded metadata retry.
imds_retry() {
  local i
  for ((i = 1; i <= ${STACKCTL_IMDS_ATTEMPTS:-5}; i++)); do
    imds "$1" && return 0
    sleep "${STACKCTL_IMDS_INTERVAL:-1}"
  done
  return 1
}

tag() { # tag KEY -> value or failure
  local v
  case "${STACKCTL_TAG_SOURCE:-imds}" in
  imds) v=$(imds "meta-data/tags/instance/$1") || return 1 ;;
  api)
    v=$(aws ec2 describe-tags --region "$REGION" \
      --filters "Name=resource-id,Values=$INSTANCE_ID" "Name=key,Values=$1" \
      --query 'Tags[0].Value' --output text) || return 1
    ;;
  *) return 1 ;;
  esac
  [ -n "$v" ] && [ "$v" != None ] || return 1
  printf '%s' "$v"
}

STEP=metadata
log "starting: stack=${STACKCTL_STACK:-} resource=${STACKCTL_RESOURCE:-} agent=${STACKCTL_AGENT:-none}"
imds_token || die "no IMDSv2 token from $IMDS"
INSTANCE_ID=$(imds_retry meta-data/instance-id) || die "cannot read instance-id"
REGION=$(imds_retry meta-data/placement/region) || REGION="${STACKCTL_REGION:-}"
[ -n "$REGION" ] || die "region unknown"
log "instance $INSTANCE_ID in $REGION"

STEP=tags
case "${STACKCTL_TAG_SOURCE:-imds}" in imds | api) ;; *) die "unknown tag source '${STACKCTL_TAG_SOURCE:-}'" ;; esac
attempts="${STACKCTL_TAG_ATTEMPTS:-30}"
for ((i = 1; i <= attempts; i++)); do
  [ -n "$ENVIRONMENT" ] || ENVIRONMENT=$(tag Environment) || true
  [ -n "$ROLE" ] || ROLE=$(tag Role) || true
  [ -n "$ENVIRONMENT" ] && [ -n "$ROLE" ] && break
  log "tags not there yet (attempt $i/$attempts)"
  [ "$i" -lt "$attempts" ] && sleep "${STACKCTL_TAG_INTERVAL:-5}"
done
if [ -z "$ENVIRONMENT" ] || [ -z "$ROLE" ]; then
  die "Environment/Role tags not found via ${STACKCTL_TAG_SOURCE:-imds} after $attempts attempts"
fi
log "Environment=$ENVIRONMENT Role=$ROLE"

# ---- agent -------------------------------------------------------------------
run_script() {
  local f="${STACKCTL_AGENT_SCRIPT:-/var/lib/stackctl/agent.sh}" rc=0
  [ -f "$f" ] || die "agent script $f not found"
  log "running $f"
  export ENVIRONMENT ROLE INSTANCE_ID REGION APP_PORT="${STACKCTL_APP_PORT:-}"
  if [ -x "$f" ]; then "$f" || rc=$?; else bash "$f" || rc=$?; fi
  [ "$rc" -eq 0 ] || die "agent script $f exited $rc" "$rc"
}

# octopus_api PATH [curl args]: the key reaches curl through stdin, not argv.
octopus_api() {
  local path="$1"
  shift
  printf 'header = "X-Octopus-ApiKey: %s"\n' "$API_KEY" |
    curl -sSf --max-time 60 -K - "$@" "${STACKCTL_OCTOPUS_SERVER%/}/api/$path"
}

# octopus_id PATH JQ-ITEMS NAME: Id of the item called NAME, fails when absent.
octopus_id() {
  local id
  id=$(octopus_api "$1" | jq -r --arg n "$3" "$2 | select(.Name == \$n) | .Id") || return 1
  [ -n "$id" ] && printf '%s' "$id"
}

run_octopus() {
  [ -n "${STACKCTL_OCTOPUS_SERVER:-}" ] || die "STACKCTL_OCTOPUS_SERVER is empty"
  if [ ! -x "$TENTACLE" ]; then
    log "installing Tentacle"
    curl -sSfL https://rpm.octopus.com/tentacle.repo -o /etc/yum.repos.d/tentacle.repo ||
      die "cannot fetch tentacle.repo"
    dnf install -y tentacle || die "dnf install tentacle failed"
  fi
  STEP=octopus-key
  set +x
  API_KEY=$(aws ssm get-parameter --name "${STACKCTL_OCTOPUS_API_KEY_PARAMETER:-}" --with-decryption \
    --query Parameter.Value --output text --region "$REGION") ||
    die "cannot read SSM parameter ${STACKCTL_OCTOPUS_API_KEY_PARAMETER:-}"
  [ -n "$API_KEY" ] || die "SSM parameter is empty"
  STEP=octopus-register
  log "registering $INSTANCE_ID (polling) with $STACKCTL_OCTOPUS_SERVER"
  "$TENTACLE" create-instance --config /etc/octopus/default/tentacle-default.config ||
    die "Tentacle create-instance failed"
  "$TENTACLE" new-certificate --if-blank || die "Tentacle new-certificate failed"
  "$TENTACLE" configure --noListen True --reset-trust --app /home/Octopus/Applications ||
    die "Tentacle configure failed"
  "$TENTACLE" register-with --server "$STACKCTL_OCTOPUS_SERVER" --apiKey "$API_KEY" \
    --space "${STACKCTL_OCTOPUS_SPACE:-}" --name "$INSTANCE_ID" --environment "$ENVIRONMENT" \
    --role "$ROLE" --policy "${STACKCTL_OCTOPUS_POLICY:-}" \
    --comms-style TentacleActive --server-comms-port 10943 || die "Tentacle register-with failed"
  "$TENTACLE" service --install --start || die "Tentacle service start failed"
}

# Deploy the release current in ENVIRONMENT to this machine only, and wait.
run_release() {
  local sid pid eid mid rid tid task body deadline
  command -v jq >/dev/null 2>&1 || dnf install -y jq || die "jq missing"
  sid=$(octopus_id spaces/all '.[]' "${STACKCTL_OCTOPUS_SPACE:-}") || die "space not found"
  pid=$(octopus_id "$sid/projects/all" '.[]' "${STACKCTL_OCTOPUS_PROJECT:-}") || die "project not found"
  eid=$(octopus_id "$sid/environments/all" '.[]' "$ENVIRONMENT") || die "environment not found"
  mid=$(octopus_id "$sid/machines?partialName=$INSTANCE_ID" '.Items[]' "$INSTANCE_ID") ||
    die "machine $INSTANCE_ID not registered"
  rid=$(octopus_api "$sid/dashboard/dynamic?projects=$pid&environments=$eid" |
    jq -r '[.Items[] | select(.IsCurrent)][0].ReleaseId // empty') || die "dashboard query failed"
  if [ -z "$rid" ]; then
    log "no current release of ${STACKCTL_OCTOPUS_PROJECT:-} in $ENVIRONMENT: nothing to deploy"
    return 0
  fi
  body=$(jq -nc --arg r "$rid" --arg e "$eid" --arg m "$mid" \
    '{ReleaseId: $r, EnvironmentId: $e, SpecificMachineIds: [$m]}')
  tid=$(octopus_api "$sid/deployments" -X POST -H 'Content-Type: application/json' \
    --data "$body" | jq -r '.TaskId // empty') || die "cannot create deployment"
  [ -n "$tid" ] || die "deployment has no task"
  log "deploying $rid to $mid ($tid)"
  deadline=$((SECONDS + ${STACKCTL_RELEASE_TIMEOUT:-1800}))
  while :; do
    task=$(octopus_api "tasks/$tid") || task='{}'
    if [ "$(jq -r '.IsCompleted' <<<"$task")" = true ]; then
      [ "$(jq -r '.FinishedSuccessfully' <<<"$task")" = true ] ||
        die "deployment $tid $(jq -r '.State' <<<"$task")"
      log "deployment $tid succeeded"
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "deployment $tid timed out"
    sleep 10
  done
}

STEP=agent
case "${STACKCTL_AGENT:-none}" in
none) log "no agent" ;;
script) run_script ;;
octopus)
  STEP=octopus-install
  run_octopus
  if [ "${STACKCTL_RELEASE:-false}" = true ]; then
    STEP=release
    run_release
  fi
  ;;
*) die "unknown agent '${STACKCTL_AGENT:-}'" ;;
esac
API_KEY=""

STEP=signal
log "bootstrap complete"
signal true || exit 1
exit 0

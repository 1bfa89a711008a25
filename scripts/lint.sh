#!/usr/bin/env bash
# lint.sh runs the checks that need nothing beyond Go: go vet and gofmt.
# golangci-lint (config: .golangci.yaml) and shellcheck run when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

go vet ./...

# testdata may hold deliberately odd Go files; .venv and dist are not ours.
mapfile -t gofiles < <(find . \( -name .git -o -name .venv -o -name dist -o -name testdata \) -prune -o -name '*.go' -print)
unformatted=
if [ ${#gofiles[@]} -gt 0 ]; then
	unformatted=$(gofmt -l "${gofiles[@]}")
fi
if [ -n "$unformatted" ]; then
	die "not gofmt-ed (run gofmt -w on them):
$unformatted"
fi

if command -v golangci-lint >/dev/null 2>&1; then
	golangci-lint run ./...
else
	log "golangci-lint not installed: skipped (see .golangci.yaml)"
fi

if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -x .ci/run scripts/*.sh
else
	log "shellcheck not installed: skipped (make tools installs it)"
fi

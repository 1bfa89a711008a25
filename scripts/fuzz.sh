#!/usr/bin/env bash
# fuzz.sh runs every fuzz target in the module for FUZZTIME each (default
# 10s). Go fuzzes one target of one package per run, so we list them first.
# With no fuzz targets it says so and succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

FUZZTIME=${FUZZTIME:-10s}

# `go test -list` prints the matching names of a package, then a line
# "ok <package> <time>"; pair them up. A build failure fails here.
listing=$(go test -list '^Fuzz' ./...)
targets=()
names=()
while IFS= read -r line; do
	case $line in
	Fuzz*) names+=("$line") ;;
	"ok "*)
		read -r _ pkg _ <<<"$line"
		for n in "${names[@]+"${names[@]}"}"; do targets+=("$pkg $n"); done
		names=()
		;;
	esac
done <<<"$listing"

if [ ${#targets[@]} -eq 0 ]; then
	log "no fuzz targets yet (func FuzzXxx(f *testing.F) in a _test.go file adds one)"
	exit 0
fi
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	log "fuzzing $pkg $name for $FUZZTIME"
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$pkg"
done

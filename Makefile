# The entry point for people and CI: each target is one line that says what
# it runs, with no make magic, so that what CI does can be read here and run
# by hand. Anything longer than a line lives in scripts/.
#
#   make test           what CI runs (after `make tools`); CI=true turns skips into failures
#   make golden         rewrite golden files after an intended change, then review the diff
#   make bench          render benchmarks, then binary size and process wall time
#   make release-check  validate .goreleaser.yaml with a pinned goreleaser

GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
FUZZTIME ?= 10s
CI ?=
GORELEASER_VERSION ?= v2.15.1
# Release tooling is cached outside the repository: goreleaser is a 121 MB
# binary that takes minutes to build, and must not end up in a clone or an archive.
TOOLS_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/stackctl-tools
GORELEASER ?= $(TOOLS_DIR)/goreleaser-$(GORELEASER_VERSION)/goreleaser

# Tests find moto_server and cfn-lint on PATH; scripts/tools.sh may put them
# into .venv. Prepended unconditionally because `make test` may create .venv
# after this line is read; a missing directory on PATH is harmless.
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: all build test tools lint golden it fuzz bench release-check snapshot demo clean

all: lint test build

# urfave_cli_no_docs drops urfave/cli's man/markdown generator (and its
# markdown library), which stackctl never uses: a smaller binary, a faster start.
TAGS ?= urfave_cli_no_docs
build: ; CGO_ENABLED=0 $(GO) build -tags $(TAGS) -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/stackctl ./cmd/stackctl

tools: ; bash scripts/tools.sh

test: tools ; CI=$(CI) $(GO) test -race -count=1 -timeout 15m ./...

lint: ; bash scripts/lint.sh

golden: ; $(GO) test ./internal/build ./cmd/stackctl -run 'TestRender|TestGolden' -update

it: tools ; CI=$(CI) $(GO) test -count=1 -timeout 15m -run Moto ./...

fuzz: ; FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

bench: ; $(GO) test -run '^$$' -bench . -benchmem ./internal/build/... && bash scripts/bench.sh

$(GORELEASER): ; GOBIN=$(dir $(GORELEASER)) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

release-check: $(GORELEASER) ; $(GORELEASER) check

snapshot: $(GORELEASER) ; $(GORELEASER) release --snapshot --clean

demo: ; @if [ -f scripts/demo.sh ]; then bash scripts/demo.sh; else echo "make demo: scripts/demo.sh is not there yet"; fi

clean: ; rm -rf bin dist coverage.out coverage.html cover.out *.test moto_recording

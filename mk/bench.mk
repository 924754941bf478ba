# `make bench`: API calls and converged times of the modules and the role against the local emulator (not part of
# `make test`). Installs the collection's tarball ($(TARBALL), `make build`) into build/bench/collections (what users run, and a
# snapshot of the working tree for the whole run), then writes docs/performance.md and docs/performance.png.
# BENCH_SCALE_ROUNDS=10:5,100:3,300:1 sets the scale section's runs of the 1.0 way per N; BENCH_ROUNDS the per-task
# section's rounds. BENCH_SECTIONS=access-review-1.3 (some of run_bench.py's SECTIONS, comma-separated) runs only those
# and replaces only their sections of docs/performance.md (the whole bench takes long).
BENCH_VENV := $(BUILD)/bench-venv
BENCH_BUILD := $(BUILD)/bench
BENCH_COLLECTIONS := $(BENCH_BUILD)/collections

$(BIN)/.bench-installed: $(BIN)/.installed tests/bench/requirements.txt
	$(BIN)/python -m pip install --quiet -r tests/bench/requirements.txt
	touch $@

$(BENCH_VENV)/.installed: tests/bench/requirements-awscli.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r tests/bench/requirements-awscli.txt
	touch $@

.PHONY: bench bench-install bench-compare
bench-install: venv $(TARBALL)  ## Install the collection's tarball (make build) into build/bench/collections for the bench
	@rm -rf $(BENCH_COLLECTIONS) && mkdir -p $(BENCH_COLLECTIONS)
	ANSIBLE_COLLECTIONS_PATH=$(abspath $(BENCH_COLLECTIONS)) $(BIN)/ansible-galaxy collection install --force \
	  -p $(BENCH_COLLECTIONS) $(TARBALL)

bench: venv bench-install $(BIN)/.bench-installed $(BENCH_VENV)/.installed  ## Benchmark the modules and the role at scale into docs/performance.md
	$(BIN)/python tests/bench/run_bench.py --aws $(abspath $(BENCH_VENV))/bin/aws \
	  --collections $(abspath $(BENCH_COLLECTIONS)) $(if $(BENCH_SECTIONS),--sections $(BENCH_SECTIONS))

BASE ?=
bench-compare: venv collection  ## This tree against BASE=<rev> (e.g. the last release's commit): converged medians and calls, interleaved
	@test -n "$(BASE)" || { echo "usage: make bench-compare BASE=<rev>" >&2; exit 2; }
	$(BIN)/python tests/bench/compare_revisions.py --base $(BASE)

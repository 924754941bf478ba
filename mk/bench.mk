# `make bench`: API calls and converged task times of the modules against the local emulator (not part of `make test`).
# Writes docs/performance.md and docs/performance.png.
BENCH_VENV := $(BUILD)/bench-venv

$(BIN)/.bench-installed: $(BIN)/.installed tests/bench/requirements.txt
	$(BIN)/python -m pip install --quiet -r tests/bench/requirements.txt
	touch $@

$(BENCH_VENV)/.installed: tests/bench/requirements-awscli.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r tests/bench/requirements-awscli.txt
	touch $@

.PHONY: bench
bench: venv collection $(BIN)/.bench-installed $(BENCH_VENV)/.installed  ## Benchmark the modules (API calls, time per task) into docs/performance.md
	$(BIN)/python tests/bench/run_bench.py --aws $(abspath $(BENCH_VENV))/bin/aws

# `make test-matrix`: sanity, units and integration under every ansible-core release that meta/runtime.yml's
# requires_ansible (>=2.17) admits, each in its own tree build/matrix/<minor>/ (venv/, results/, logs; not part of
# `make test`).
#   make test-matrix                  every release, one after the other
#   make test-matrix MATRIX_JOBS=3    three releases side by side (each has its own build tree; integration
#                                     picks free ports)
#   make matrix-2.20                  one release
# The venv holds ansible-core at the pinned patch plus tests/requirements.txt's test libraries (boto3, botocore, moto,
# pytest); the tools that pin ansible-core themselves (ansible-lint, molecule, ansible-runner, ansible-builder) are
# left out. The main Makefile's own units/integration/sanity recipes then run with VENV pointing at that venv.
MATRIX_DIR := $(BUILD)/matrix
# Newest patch of each minor; ansible-core 2.20 and later need Python 3.12 or newer.
MATRIX := 2.17 2.18 2.19 2.20 2.21
MATRIX_CORE_2.17 := 2.17.14
MATRIX_CORE_2.18 := 2.18.19
MATRIX_CORE_2.19 := 2.19.14
MATRIX_CORE_2.20 := 2.20.10
MATRIX_CORE_2.21 := 2.21.5
MATRIX_PY_2.17 := 3.11
MATRIX_PY_2.18 := 3.11
MATRIX_PY_2.19 := 3.11
MATRIX_PY_2.20 := 3.12
MATRIX_PY_2.21 := 3.13
# Interpreters: pyenv's builds when present (its shims only answer for the selected version), else from PATH.
matrix_python = $(or $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python$(1)))),python$(1))
MATRIX_EXCLUDE := ansible-core ansible-lint molecule ansible-runner ansible-builder
MATRIX_JOBS ?= 1
MATRIX_SUITES := units integration sanity
matrix_space := $() $()

.PHONY: test-matrix matrix-venvs $(addprefix matrix-,$(MATRIX))

$(MATRIX_DIR)/requirements.txt: tests/requirements.txt mk/matrix.mk
	@mkdir -p $(@D)
	grep -vE '^($(subst $(matrix_space),|,$(MATRIX_EXCLUDE)))([=<>~! \[]|$$)' tests/requirements.txt > $@

# The stamp is the one the main Makefile's `venv` target checks: newer than tests/requirements.txt, so the suites
# run with VENV=$(MATRIX_DIR)/<minor> do not reinstall the default pins over the matrix ones.
$(MATRIX_DIR)/%/venv/bin/.installed: $(MATRIX_DIR)/requirements.txt
	rm -rf $(MATRIX_DIR)/$*/venv
	$(call matrix_python,$(MATRIX_PY_$*)) -m venv $(MATRIX_DIR)/$*/venv
	$(MATRIX_DIR)/$*/venv/bin/python -m pip install --quiet ansible-core==$(MATRIX_CORE_$*) -r $(MATRIX_DIR)/requirements.txt
	touch $@

matrix-venvs: $(foreach v,$(MATRIX),$(MATRIX_DIR)/$(v)/venv/bin/.installed)  ## Create the venvs of the ansible-core matrix

# BUILD is overridden per release: results, sanity copy, HOME, collection link and emulator files all move under it.
# Every suite runs even when one fails.
$(addprefix matrix-,$(MATRIX)): matrix-%: $(MATRIX_DIR)/%/venv/bin/.installed
	@rm -rf $(MATRIX_DIR)/$*/results && mkdir -p $(MATRIX_DIR)/$*/results
	@start=$$(date +%s); failed=""; \
	for suite in $(MATRIX_SUITES); do \
	  echo "=== ansible-core $(MATRIX_CORE_$*) (Python $(MATRIX_PY_$*)): $$suite"; \
	  suite_start=$$(date +%s); \
	  rc=0; $(MAKE) --no-print-directory $$suite BUILD=$(MATRIX_DIR)/$* VENV=$(MATRIX_DIR)/$*/venv \
	    SANITY_PYTHON=$(MATRIX_PY_$*) \
	    > $(MATRIX_DIR)/$*/$$suite.log 2>&1 && status=passed || { rc=$$?; status=FAILED; failed="$$failed $$suite"; }; \
	  mkdir -p $(MATRIX_DIR)/$*/results/$$suite && echo $$rc > $(MATRIX_DIR)/$*/results/$$suite/exit-status; \
	  echo "--- ansible-core $*: $$suite $$status in $$(( $$(date +%s) - suite_start ))s (log: $(MATRIX_DIR)/$*/$$suite.log)"; \
	done; \
	echo "ansible-core $(MATRIX_CORE_$*) on Python $(MATRIX_PY_$*): $${failed:+FAILED:}$${failed:-all passed} in $$(( $$(date +%s) - start ))s" \
	  | tee $(MATRIX_DIR)/$*/summary.txt; \
	[ -z "$$failed" ]

test-matrix:  ## sanity, units and integration under every supported ansible-core (docs/compatibility.md)
	@rc=0; $(MAKE) --no-print-directory -k -j$(MATRIX_JOBS) $(addprefix matrix-,$(MATRIX)) || rc=$$?; \
	echo "=== ansible-core matrix"; \
	for v in $(MATRIX); do \
	  cat $(MATRIX_DIR)/$$v/summary.txt 2>/dev/null || echo "ansible-core $$v: no result"; \
	  $(PYTHON) tests/utils/summary.py $(MATRIX_DIR)/$$v/results $(MATRIX_SUITES) 2>/dev/null | tail -1 | sed 's/^/    /'; \
	done; \
	exit $$rc

# partner_onboarding.aws - developer and CI entry points. `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BUILD := build
# galaxy.yml's version, which names the tarball.
COLLECTION_VERSION := $(shell sed -nE 's/^version: *"?([^" ]+)"?.*/\1/p' galaxy.yml)
TARBALL := $(BUILD)/partner_onboarding-aws-$(COLLECTION_VERSION).tar.gz
# What the tarball is built from: the files git tracks or would track (outside a git checkout, galaxy.yml only).
COLLECTION_FILES := $(wildcard $(shell git ls-files -co --exclude-standard 2>/dev/null))
# ansible-test and the collection loader need the collection under .../ansible_collections/<namespace>/<name>/.
COLLECTIONS := $(BUILD)/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/partner_onboarding/aws
# ansible-test resolves that link to the repository, outside any ansible_collections/: it runs in a copy instead.
ANSIBLE_TEST_ROOT := $(BUILD)/ansible-test/ansible_collections/partner_onboarding/aws
# ansible-test keeps its pip bootstrap cache under $HOME; a private HOME keeps the offline stand-in out of the user's.
TEST_HOME := $(abspath $(BUILD)/home)
# Every suite of `make test` records its results in $(RESULTS)/<suite>/ (JUnit files) for tests/utils/summary.py.
RESULTS := $(BUILD)/results
# The suites of `make test`, the longest first: tests/utils/run_suites.py starts them in this order, TEST_JOBS at once.
TEST_SUITES := system integration sanity stock-moto molecule units release-check lint emulator-tests docs-lint \
	changelog-lint
TEST_JOBS ?= 3
# `make emulator-start` runs the emulator on its default port unless EMULATOR_PORT is set; every suite, the demo and
# the bench start their own emulator on a free port (tests/utils/emulator.py).
EMULATOR_PORT ?=
EMULATOR := $(BIN)/python -m tests.emulator
EMULATOR_PIDFILE := $(BUILD)/emulator.pid
SANITY_PYTHON ?= 3.11

export ANSIBLE_COLLECTIONS_PATH := $(abspath $(COLLECTIONS))
export ANSIBLE_NOCOLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help demo venv collection test test-prerequisites sanity units emulator-tests stock-moto integration integration-ansible-test system \
	molecule lint build install ansible-test-tree emulator-start emulator-stop clean

help:  ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

demo: install  ## Onboard a partner against the local emulator, twice, then offboard
	$(BIN)/python tests/demo/run_demo.py

$(BIN)/.installed: tests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	touch $@

venv: $(BIN)/.installed  ## Create .venv with the pinned test tools

collection:  ## Link the collection where Ansible's loader finds it
	@mkdir -p $(dir $(COLLECTION_LINK))
	@ln -sfn $(abspath .) $(COLLECTION_LINK)

# ansible-test takes the files git tracks, from a directory .../ansible_collections/<namespace>/<name>/: the tracked
# and new files are copied there (not the tracked files deleted since), and the copy gets a repository of its own (it
# sits in our ignored build/).
ansible-test-tree:  ## Copy the collection to build/ansible-test/ansible_collections/... for ansible-test
	@rm -rf $(ANSIBLE_TEST_ROOT) && mkdir -p $(ANSIBLE_TEST_ROOT)
	@git ls-files -co --exclude-standard -z \
	  | tar --null --ignore-failed-read --warning=no-failed-read -T - -cf - | tar -xf - -C $(ANSIBLE_TEST_ROOT)
	@cd $(ANSIBLE_TEST_ROOT) && git init -q && git add -A

sanity: venv ansible-test-tree  ## ansible-test sanity, offline, on a copy of the tracked files
	@rm -rf $(RESULTS)/sanity && mkdir -p $(RESULTS)/sanity
	@# ansible-test downloads its pip bootstrap script from a host these machines cannot reach: the offline stand-in
	@# goes in its cache, under the name of the pip version ansible-test itself says it bootstraps (--explain).
	@PATH=$(abspath $(BIN)):$$PATH $(BIN)/python tests/utils/ansible_test_pip.py --root $(ANSIBLE_TEST_ROOT) \
	  --home $(TEST_HOME) --python $(SANITY_PYTHON)
	@# The JUnit files of the sanity tests are kept when some fail.
	rc=0; (cd $(ANSIBLE_TEST_ROOT) && HOME=$(TEST_HOME) PATH=$(abspath $(BIN)):$$PATH \
	  ansible-test sanity --venv --python $(SANITY_PYTHON) --color no --junit) 2>&1 \
	  | tee $(RESULTS)/sanity/sanity.log || rc=$$?; \
	cp $(ANSIBLE_TEST_ROOT)/tests/output/junit/*.xml $(RESULTS)/sanity/ 2>/dev/null || true; \
	exit $$rc

units: venv collection  ## Unit tests (pytest, botocore Stubber)
	@rm -rf $(RESULTS)/units && mkdir -p $(RESULTS)/units
	cd $(COLLECTIONS) && $(abspath $(BIN))/python -m pytest -q -p no:cacheprovider --import-mode=importlib \
	  --junitxml=$(abspath $(RESULTS))/units/units.xml ansible_collections/partner_onboarding/aws/tests/unit

emulator-tests: venv  ## The emulator's own tests, through boto3
	@rm -rf $(RESULTS)/emulator-tests && mkdir -p $(RESULTS)/emulator-tests
	$(BIN)/python -m pytest -q -p no:cacheprovider --junitxml=$(RESULTS)/emulator-tests/emulator.xml tests/emulator

# The stock moto server, unpatched, in a pytest process of its own: an oracle we did not write (tests/stock_moto/).
stock-moto: venv collection  ## The modules and the role against the stock moto server, for what it implements
	@rm -rf $(RESULTS)/stock-moto && mkdir -p $(RESULTS)/stock-moto
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 -rs --junitxml=$(RESULTS)/stock-moto/stock-moto.xml tests/stock_moto

system: venv collection  ## The playbook and role as users run them (CLI, AWX runner, EE build context)
	@rm -rf $(RESULTS)/system && mkdir -p $(RESULTS)/system
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --junitxml=$(RESULTS)/system/system.xml tests/system

# A command's outcome as a JUnit file (one test case) for the summary; $(call RECORD,suite) runs the suite's command.
RUN_CHECK := $(BIN)/python tests/release/run_check.py
RECORD = $(RUN_CHECK) --name $(1) --junit $(RESULTS)/$(1)/$(1).xml --

molecule: venv collection  ## The role's molecule scenario against the emulator
	@rm -rf $(RESULTS)/molecule && mkdir -p $(RESULTS)/molecule
	$(call RECORD,molecule) env PATH=$(abspath $(BIN)):$$PATH NO_COLOR=1 ANSIBLE_FORCE_COLOR=0 \
	  molecule test -s onboard_partner

emulator-start: venv  ## Start the AWS emulator on 127.0.0.1 for manual use (EMULATOR_PORT=N for another port)
	@mkdir -p $(BUILD)
	$(EMULATOR) start $(if $(EMULATOR_PORT),--port $(EMULATOR_PORT)) --pidfile $(EMULATOR_PIDFILE) \
	  --logfile $(BUILD)/emulator.log

emulator-stop:  ## Stop the AWS emulator
	-$(EMULATOR) stop --pidfile $(EMULATOR_PIDFILE)

integration: venv collection  ## Integration targets against the emulator, two at a time (TARGETS=name for one)
	@rm -rf $(RESULTS)/integration && mkdir -p $(RESULTS)/integration
	$(BIN)/python tests/utils/run_integration.py --junit $(RESULTS)/integration/integration.xml $(TARGETS)

# The same targets, one after the other, as `ansible-test integration` runs them (not part of `make test`).
integration-ansible-test: venv ansible-test-tree  ## Integration targets through ansible-test (TARGETS=name for one)
	cd $(ANSIBLE_TEST_ROOT) && PATH=$(abspath $(BIN)):$$PATH \
	  ansible-test integration --local --color no $(TARGETS)

# ruff (pyproject.toml) formats and lints the Python; ansible-lint the role, playbooks and metadata.
lint: venv collection  ## ruff format --check, ruff check, and ansible-lint (production profile)
	@rm -rf $(RESULTS)/lint && mkdir -p $(RESULTS)/lint
	$(call RECORD,lint) bash -c '$(BIN)/ruff format --check plugins tests && $(BIN)/ruff check plugins tests \
	  && PATH=$(abspath $(BIN)):$$PATH NO_COLOR=1 ansible-lint --profile production --offline'

# The one tarball build: `make install`, `make bench` and `make release-check` all use $(TARBALL), rebuilt only when a
# file of the collection changed since (the files git tracks or would track, what `ansible-galaxy collection build`
# takes less its build_ignore).
$(TARBALL): galaxy.yml $(COLLECTION_FILES) | $(BIN)/.installed
	@mkdir -p $(BUILD)
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD) .

build: $(TARBALL)  ## Build the collection tarball into build/ (once: every target that needs it uses it)

install: $(TARBALL)  ## Install the built tarball into build/installed (as a user would)
	ANSIBLE_COLLECTIONS_PATH=$(abspath $(BUILD))/installed $(BIN)/ansible-galaxy collection install --force \
	  -p $(BUILD)/installed $(TARBALL)

# Suites and tools kept in their own files: benchmarks, docs, release checks, the ansible-core matrix.
-include mk/*.mk

# What the suites share is made first, once (the venvs, the tarball, the collection's link): then the suites, which
# each write only under their own directories, run side by side.
test-prerequisites: venv collection $(DOCS_STAMP) $(IMPORTER_VENV)/bin/.installed $(TARBALL)

# A suite's output goes to $(RESULTS)/logs/<suite>.log; a line says when each ends, the logs of the failed ones are
# printed at the end, then the summary. A suite that fails without a failing test case (a crash, no JUnit file)
# still counts as failed in the summary (its exit status is kept next to its results).
test:  ## Run every suite (TEST_SUITES, TEST_JOBS at once) and print the summary of their results
	@$(MAKE) --no-print-directory -j2 test-prerequisites
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@$(BIN)/python tests/utils/run_suites.py --results $(RESULTS) --jobs $(TEST_JOBS) --make $(MAKE) $(TEST_SUITES)

clean:  ## Remove build output (keeps .venv)
	rm -rf $(BUILD)

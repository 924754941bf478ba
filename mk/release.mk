# Docs, changelog and release checks. `docs-lint`, `changelog-lint` and `release-check` are suites of `make test`;
# each writes its JUnit files into $(RESULTS)/<suite>/ for the summary.
#   make docs               regenerate the module and role reference in docs/reference/ (commit the result)
#   make changelog-release  turn changelogs/fragments/ into the release of galaxy.yml's version (once per release)
#   make changelog          regenerate CHANGELOG.rst from changelogs/changelog.yaml
#   make release-check      import the tarball (make build) with galaxy-importer, as Galaxy would
DOCS_REFERENCE := docs/reference
DOCS_OUT := $(BUILD)/docs/reference
# antsibull-docs and antsibull-changelog go into .venv; the constraints keep tests/requirements.txt's versions there.
DOCS_STAMP := $(BIN)/.docs-installed
IMPORTER_VENV := $(BUILD)/importer-venv
IMPORTER_CONFIG := tests/release/galaxy-importer.cfg

.PHONY: docs docs-lint changelog changelog-release changelog-lint release-check

$(DOCS_STAMP): $(BIN)/.installed tests/docs/requirements.txt tests/release/requirements.txt
	@mkdir -p $(BUILD)
	$(BIN)/python -m pip freeze --exclude-editable > $(BUILD)/venv-constraints.txt
	$(BIN)/python -m pip install --quiet -c $(BUILD)/venv-constraints.txt \
	  -r tests/docs/requirements.txt -r tests/release/requirements.txt
	touch $@

# galaxy-importer pins attrs<24, which .venv's tools do not accept: it gets a venv of its own.
$(IMPORTER_VENV)/bin/.installed: tests/release/importer-requirements.txt
	rm -rf $(IMPORTER_VENV)
	$(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/python -m pip install --quiet -r tests/release/importer-requirements.txt
	touch $@

# antsibull-docs reads the collection through Ansible's loader, i.e. from $(COLLECTIONS) (`make collection`).
$(DOCS_OUT): FORCE | $(DOCS_STAMP)
	@rm -rf $@ && mkdir -p $@
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/antsibull-docs collection --use-current --squash-hierarchy --output-format simplified-rst \
	  --dest-dir $@ partner_onboarding.aws

.PHONY: FORCE
FORCE:

docs: venv collection $(DOCS_OUT)  ## Generate the module and role reference into docs/reference/
	rm -rf $(DOCS_REFERENCE) && cp -r $(DOCS_OUT) $(DOCS_REFERENCE)

docs-lint: venv collection $(DOCS_OUT)  ## Lint the plugin and role docs (antsibull-docs), check docs/reference/ is current
	@rm -rf $(RESULTS)/docs-lint && mkdir -p $(RESULTS)/docs-lint
	@rc=0; \
	$(RUN_CHECK) --name docs-lint --junit $(RESULTS)/docs-lint/docs-lint.xml -- \
	  env PATH=$(abspath $(BIN)):$$PATH $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
	  --validate-collection-refs all $(COLLECTION_LINK) || rc=1; \
	$(RUN_CHECK) --name docs-reference-current --junit $(RESULTS)/docs-lint/docs-reference.xml -- \
	  diff -ru $(DOCS_REFERENCE) $(DOCS_OUT) || { rc=1; echo "docs/reference/ is stale: run 'make docs'" >&2; }; \
	exit $$rc

changelog: venv $(DOCS_STAMP)  ## Regenerate CHANGELOG.rst from changelogs/changelog.yaml
	$(BIN)/antsibull-changelog generate

changelog-release: venv collection $(DOCS_STAMP)  ## Release the changelog fragments as galaxy.yml's version
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/antsibull-changelog release --reload-plugins --version $(COLLECTION_VERSION)

# CHANGELOG.rst must be what changelog.yaml generates: regenerate it from a copy and compare.
changelog-lint: venv $(DOCS_STAMP)  ## Lint the changelog fragments and changelog.yaml, check CHANGELOG.rst is current
	@rm -rf $(RESULTS)/changelog-lint && mkdir -p $(RESULTS)/changelog-lint
	@rm -rf $(BUILD)/changelog-check && mkdir -p $(BUILD)/changelog-check
	@cp -r galaxy.yml changelogs $(BUILD)/changelog-check/
	@rc=0; \
	$(RUN_CHECK) --name changelog-lint --junit $(RESULTS)/changelog-lint/changelog-lint.xml -- \
	  $(BIN)/antsibull-changelog lint || rc=1; \
	$(RUN_CHECK) --name changelog-yaml --junit $(RESULTS)/changelog-lint/changelog-yaml.xml -- \
	  $(BIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml || rc=1; \
	(cd $(BUILD)/changelog-check && $(abspath $(BIN))/antsibull-changelog generate); \
	$(RUN_CHECK) --name changelog-current --junit $(RESULTS)/changelog-lint/changelog-current.xml -- \
	  diff -u CHANGELOG.rst $(BUILD)/changelog-check/CHANGELOG.rst \
	  || { rc=1; echo "CHANGELOG.rst is stale: run 'make changelog'" >&2; }; \
	exit $$rc

# galaxy-importer runs ansible-doc, flake8 and ansible-lint (offline) on the tarball; the ansible-test container
# run is off (tests/release/galaxy-importer.cfg). It exits 0 on warnings, so run_check fails on them.
release-check: venv $(IMPORTER_VENV)/bin/.installed $(TARBALL)  ## Import the tarball (make build) with galaxy-importer: no error, no warning
	@rm -rf $(BUILD)/release $(RESULTS)/release-check
	@mkdir -p $(BUILD)/release/tmp $(RESULTS)/release-check $(TEST_HOME)
	@# The importer writes importer_result.json into its working directory.
	cd $(BUILD)/release && HOME=$(TEST_HOME) PATH=$(abspath $(IMPORTER_VENV))/bin:$$PATH \
	  GALAXY_IMPORTER_CONFIG=$(abspath $(IMPORTER_CONFIG)) \
	  GALAXY_IMPORTER_TMP_ROOT_DIR=$(abspath $(BUILD))/release/tmp \
	  GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=$(abspath $(BUILD))/release/tmp/ansible \
	  $(abspath $(IMPORTER_VENV))/bin/python $(abspath tests/release/run_check.py) --name galaxy-importer \
	  --junit $(abspath $(RESULTS))/release-check/release-check.xml --log importer.log --fail-on '^(WARNING|ERROR|CRITICAL)\b' -- \
	  $(abspath $(IMPORTER_VENV))/bin/python -m galaxy_importer.main $(abspath $(TARBALL))

# khaosan: `make site` builds the bundled site, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONTENT ?= content
OUTPUT ?= output
SERVE_PORT ?= 8000
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
# The search engine: Pagefind from npm, pinned (PyPI's 1.5 splits Thai words differently from the browser;
# docs/search.md), installed into the project's own folder. plugins/khaosan/search looks for it there.
PAGEFIND_VERSION := 1.6.0
SEARCH_ENGINE := $(VENV)/pagefind/.installed-$(PAGEFIND_VERSION)
# Lighthouse 12 is the last line that runs on Debian's Node 20 (13 wants Node 22); it drives /usr/bin/chromium.
LIGHTHOUSE := $(VENV)/lighthouse/node_modules/.bin/lighthouse
LIGHTHOUSE_VERSION := 12.8.2
# PyThaiNLP reads its data from the package and never downloads (READ_ONLY is PyThaiNLP 5's name for READ_MODE).
export PYTHAINLP_READ_ONLY := 1
unexport PYTHAINLP_READ_MODE
# The plugins' bytecode, written even where PYTHONDONTWRITEBYTECODE is set (as in many containers): without
# it every build compiles them again (a quarter of a second of a one-file rebuild). Quick when up to date.
BYTECODE := $(BIN)/python -m compileall -q plugins

.PHONY: send site publish test test-fast test-deps search-engine quality serve check new cms cms-deps bench translations docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Node and npm come from Debian when missing.
$(SEARCH_ENGINE):
	@if ! command -v npm >/dev/null; then \
	  echo "installing: nodejs npm (the search index is built by Pagefind, an npm package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm install --silent --no-audit --no-fund --no-save --prefix $(VENV)/pagefind pagefind@$(PAGEFIND_VERSION)
	touch $@

search-engine: $(SEARCH_ENGINE)

site: $(STAMP) $(SEARCH_ENGINE)
	@$(BYTECODE)
	$(BIN)/pelican $(CONTENT) -s pelicanconf.py -o $(OUTPUT) --fatal warnings

publish: $(STAMP) $(SEARCH_ENGINE)
	@$(BYTECODE)
	$(BIN)/pelican $(CONTENT) -s publishconf.py -o $(OUTPUT) --fatal warnings

# Send a built edition's edition.eml over SMTP: make send EDITION=slug TO=address-or-file [EDITION_LANG=en]
# (SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER, SMTP_PASSWORD, SMTP_FROM, UNSUBSCRIBE from the environment;
# see docs/feeds.md). SETTINGS names the settings the site was built with (default publishconf.py).
EDITION_LANG ?= th
SETTINGS ?= publishconf.py
send: $(STAMP)
	$(BIN)/python -m khaosan.enews.send --edition "$(EDITION)" --to "$(TO)" --lang "$(EDITION_LANG)" --output "$(OUTPUT)" --settings "$(SETTINGS)"

check: $(STAMP)
	$(BIN)/khaosan-check $(CONTENT)

# The web editor: Decap CMS and decap-server, pinned in cms/package.json and cms/package-lock.json.
CMS_DIST := cms/node_modules/decap-cms/dist/decap-cms.js
CMS_PORT ?= 8081
cms-deps: $(CMS_DIST)
$(CMS_DIST): cms/package.json cms/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix cms
	touch $(CMS_DIST)

# The editor at http://127.0.0.1:$(PORT)/admin/ with its local backend (decap-server, 127.0.0.1:$(CMS_PORT)) editing
# the working copy that holds $(CONTENT); the preview site rebuilds after each save. Ctrl-C stops both.
cms: $(STAMP) $(SEARCH_ENGINE) cms-deps
	@echo "web editor: http://127.0.0.1:$(PORT)/admin/ (local backend: http://localhost:$(CMS_PORT))"
	BIND_HOST=127.0.0.1 PORT=$(CMS_PORT) GIT_REPO_DIRECTORY="$(abspath $(CONTENT)/..)" cms/node_modules/.bin/decap-server & backend=$$!; \
	trap 'kill $$backend 2>/dev/null' EXIT INT TERM; \
	KHAOSAN_CMS=1 KHAOSAN_CMS_BACKEND=http://localhost:$(CMS_PORT) KHAOSAN_LIVE_RELOAD=1 KHAOSAN_SHOW_DRAFTS=1 \
	  $(BIN)/python -m khaosan.dev_server $(CONTENT) -s pelicanconf.py -o $(SERVE_OUTPUT) --port $(PORT)

# Both language files of a new draft: make new KIND=report SLUG=nakhon-phanom-forum-2566 (report, news, partner, edition).
new: $(STAMP)
	$(BIN)/python -m khaosan.content_model.new_item "$(KIND)" "$(SLUG)" $(CONTENT)

# The preview: its own folder (never the deployed output/), drafts shown, one rebuild per change, problems on every page.
SERVE_OUTPUT ?= .preview
PORT ?= $(SERVE_PORT)
serve: $(STAMP) $(SEARCH_ENGINE)
	@$(BYTECODE)
	KHAOSAN_LIVE_RELOAD=1 KHAOSAN_SHOW_DRAFTS=1 $(BIN)/python -m khaosan.dev_server $(CONTENT) -s pelicanconf.py -o $(SERVE_OUTPUT) --port $(PORT)

# What the tests drive besides Python: Debian's Chromium (Playwright never downloads a browser here)
# a Thai system font for the pages' fallback text, and Debian's newsboat (a real feed reader for the feeds' test).
test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v newsboat >/dev/null || missing="$$missing newsboat"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v faketime >/dev/null || missing="$$missing faketime"; \
	{ [ -f $(VNU_JAR) ] && [ -x $(LIGHTHOUSE) ]; } || command -v npm >/dev/null || missing="$$missing npm"; \
	fc-list 2>/dev/null | grep -qi "tlwg\|garuda\|loma" || missing="$$missing fonts-thai-tlwg"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# The Nu HTML Checker (tests/quality/html.py), a Java jar published on npm.
	@[ -f $(VNU_JAR) ] || npm install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@26
	@# Lighthouse (tests/test_lighthouse.py asserts accessibility, best practices, SEO; make bench records performance).
	@[ -x $(LIGHTHOUSE) ] || npm install --silent --no-audit --no-fund --prefix $(VENV)/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)

test: $(STAMP) $(SEARCH_ENGINE) test-deps cms-deps
	$(BIN)/python -m pytest -q

# The edit-test loop: the feature tests, without the browser, the quality gates (make quality), the dev
# server and newsboat.
test-fast: $(STAMP) $(SEARCH_ENGINE)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

# The quality gates alone (docs/quality.md), over the bundled site and their fixture sites.
quality: $(STAMP) $(SEARCH_ENGINE) test-deps
	$(BIN)/python -m pytest -q tests/test_quality_*.py

# Never part of `make test`: timings are not tests. LARGE=1 adds the 8,000 × 2 corpus.
$(VENV)/.bench-installed: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(STAMP) $(SEARCH_ENGINE) $(VENV)/.bench-installed test-deps
	$(BIN)/python tools/bench.py $(if $(LARGE),--large) $(BENCH_ARGS)

# Collect the theme's strings and add new ones to both catalogues; then translate the empty msgstr.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o theme/translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations --no-wrap --ignore-obsolete --no-fuzzy-matching

# The generated references: docs/fields.md from the content schema, docs/settings.md from the settings
# schema, the signal table of docs/architecture.md from the wiring table.
docs: $(STAMP)
	$(BIN)/python tools/schema_doc.py
	$(BIN)/python tools/settings_doc.py
	$(BIN)/python tools/wiring_doc.py

clean:
	rm -rf $(OUTPUT) $(OUTPUT).building $(OUTPUT).previous $(OUTPUT).swapping $(OUTPUT).moving $(OUTPUT).lock $(SERVE_OUTPUT) $(SERVE_OUTPUT).building $(SERVE_OUTPUT).previous $(SERVE_OUTPUT).swapping $(SERVE_OUTPUT).moving $(SERVE_OUTPUT).lock .khaosan-cache tests/artifacts .pytest_cache

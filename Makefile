# Two commands do all set-up on a fresh machine:
#   make demo   install, ingest the bundled sample corpus, print a summary, serve the web UI
#   make test   install everything the tests need (Chromium included), run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= onrecord.db
PORT ?= 8000
UV_VERSION := 0.13.9

.PHONY: demo test install install-dev browser screenshots lint bench cue-model tagger-model clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"

# Locked, hash-checked installs; the stamp files make a second run instant.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip sync --quiet --require-hashes --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --no-deps --python $(BIN)/python -e .
	rm -f $(VENV)/.installed-dev
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip sync --quiet --require-hashes --python $(BIN)/python requirements-dev.lock
	$(BIN)/uv pip install --quiet --no-deps --python $(BIN)/python -e .
	rm -f $(VENV)/.installed
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Browser tests drive Debian's Chromium through Playwright (Playwright's own download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; }

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/onrecord ingest examples/corpus --db $(DB) --workers 2 --outlets examples/outlets.yaml \
	  --codebook src/onrecord/data/codebook.example.yaml
	$(BIN)/onrecord summary --db $(DB)
	@echo "Serving the sample corpus at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/onrecord serve --db $(DB) --port $(PORT)

test: install-dev browser
	$(BIN)/ruff check src tests bench examples training
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Refresh the README's screenshots from the sample corpus (real Chromium).
screenshots: install-dev browser
	ONRECORD_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/e2e -k sample_corpus

lint: install-dev
	$(BIN)/ruff check src tests bench examples training
	$(BIN)/mypy

bench: install-dev
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Refit the learned cue model (src/onrecord/data/cue_model.json) on PolNeAR train in ../shared.
cue-model: install-dev
	$(BIN)/python training/train_cue_model.py

# Refit the attribution tagger (src/onrecord/data/tagger.npz) on PolNeAR train. Fitting needs PyTorch:
# pip takes the CPU build of 2.13.0 that lies on this machine; running the tagger needs only NumPy.
tagger-model: install-dev
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python training/train_tagger.py --cache .cache/tagger

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DB) $(DB)-wal $(DB)-shm

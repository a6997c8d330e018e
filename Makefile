# FieldKit: make run opens the app, make test runs the whole suite headless.
# Installs come from the hash-checked locks in requirements/ (see tools/ci.py, which CI calls
# directly where there is no make); `make lock` regenerates them from pyproject.toml.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PKG_STAMP := $(VENV)/.installed-package

# CI (CI=true, a clean clone) installs with no pip cache, as a new machine would: a lock that
# PyPI cannot serve fails CI, not a user.
ifeq ($(CI),true)
export PIP_NO_CACHE_DIR := 1
endif

.PHONY: venv run test lint bench package package-test lock clean

venv: $(STAMP)

# A fresh venv whenever the lock (or the project's metadata) changes: exactly the locked set.
$(STAMP): pyproject.toml requirements/dev.lock
	$(PY) -m tools.ci venv dev
	@touch $(STAMP)

run: venv
	$(BIN)/fieldkit app

test: venv
	$(BIN)/python -m tools.ci test

lint: venv
	$(BIN)/ruff check fieldkit tests benchmarks tools
	$(BIN)/mypy fieldkit tools

bench: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The packaged app: PyInstaller (the `package` lock) is installed only for these two targets.
$(PKG_STAMP): $(STAMP) requirements/package.lock
	$(BIN)/python -m tools.ci install package
	@touch $(PKG_STAMP)

package: $(PKG_STAMP)
	$(BIN)/python -m tools.ci package
	@echo "built dist/fieldkit/fieldkit ($$(du -sh dist/fieldkit | cut -f1)); check it with:" \
		"dist/fieldkit/fieldkit --self-test"

package-test: $(PKG_STAMP)
	$(BIN)/python -m tools.ci package-test

# Re-resolve every dependency to the newest release pyproject.toml allows (KEEP=1: keep the
# current pins and resolve only what changed), with PyPI's hashes. Needs the network.
lock:
	$(PY) -m tools.ci lock $(if $(KEEP),--keep)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# FieldKit: make run opens the app, make test runs the whole suite headless.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run test lint bench package package-test clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: venv
	$(BIN)/fieldkit app

test: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check fieldkit tests benchmarks
	$(BIN)/mypy fieldkit

bench: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The packaged app: PyInstaller (the `package` extra) is installed only for these two targets.
PKG_STAMP := $(VENV)/.installed-package

$(PKG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	@touch $(PKG_STAMP)

package: $(PKG_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/fieldkit.spec
	@echo "built dist/fieldkit/fieldkit ($$(du -sh dist/fieldkit | cut -f1)); check it with:" \
		"dist/fieldkit/fieldkit --self-test"

package-test: $(PKG_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m slow

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# eduqa: `make run` to chat, `make test` to check. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The CPU build of PyTorch, installed first so that nothing pulls in CUDA packages.
TORCH_SPEC ?= torch==2.13.0
CORPUS ?= corpus
INDEX ?= index
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

BENCH_SIZES ?= 1000,10000,100000

.PHONY: setup run index test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e ".[formats,dev,fast]" "$(TORCH_SPEC)"
	@if $(BIN)/python -m pip list 2>/dev/null | grep -qi '^nvidia'; then \
		echo "setup: CUDA packages were installed; install a CPU build of torch first" >&2; exit 1; fi
	touch $(STAMP)

index: setup
	$(BIN)/eduqa build --corpus $(CORPUS) --index $(INDEX)

run: setup
	$(BIN)/python app.py --corpus $(CORPUS) --index $(INDEX)

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks app.py

bench: setup
	$(BIN)/python benchmarks/run.py --sizes $(BENCH_SIZES) --out results/benchmark.json

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

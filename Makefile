# eduqa: `make run` to chat, `make test` to check. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The CPU build of PyTorch, installed first so that nothing pulls in CUDA packages.
TORCH_SPEC ?= torch==2.13.0
CORPUS ?= corpus
INDEX ?= index
CHROMIUM ?= /usr/bin/chromium
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

BENCH_SIZES ?= 1000,10000,100000

.PHONY: setup run index test lint bench clean chromium

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e ".[formats,dev,fast,ray]" "$(TORCH_SPEC)"
	@if $(BIN)/python -m pip list 2>/dev/null | grep -qi '^nvidia'; then \
		echo "setup: CUDA packages were installed; install a CPU build of torch first" >&2; exit 1; fi
	touch $(STAMP)

index: setup
	$(BIN)/eduqa build --corpus $(CORPUS) --index $(INDEX)

run: setup
	$(BIN)/python app.py --corpus $(CORPUS) --index $(INDEX)

test: setup chromium
	$(BIN)/python -m pytest -q

# The browser tests drive Debian's chromium. Install it when it is missing and we may (root, or sudo without a
# password); otherwise those tests skip and say why.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
		else echo "test: $(CHROMIUM) is missing and cannot be installed here; browser tests will skip" >&2; exit 0; fi; \
		if ! command -v apt-get >/dev/null 2>&1; then \
			echo "test: no apt-get to install chromium; browser tests will skip" >&2; exit 0; fi; \
		echo "test: installing chromium for the browser tests"; \
		$$sudo apt-get update -qq >/dev/null 2>&1 && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
			>/dev/null 2>&1 || echo "test: could not install chromium; browser tests will skip" >&2; \
	fi

lint: setup
	$(BIN)/ruff check src tests benchmarks app.py

bench: setup
	$(BIN)/python benchmarks/run.py --sizes $(BENCH_SIZES) --out results/benchmark.json

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

.PHONY: eval
# Reproduce the README's "Answer quality" table (needs ../shared/benchmarks; embeddings cached in results/).
eval: setup
	$(BIN)/python benchmarks/quality.py

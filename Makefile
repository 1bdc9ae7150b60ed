# The front door. `make demo` and `make test` install missing Debian
# packages, build in Release and do the rest; see README.md.
MAKEFLAGS   += --no-print-directory
BUILD       ?= build
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
DEMO_DB     ?= .kiji/demo-index
DEMO_QUERY  ?= North Korea troops Kursk

.PHONY: all deps build test demo clean

all: build

deps:
	@./.ci/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@echo "+ $(BUILD)/indexer/indexer --db $(DEMO_DB) corpus"
	@$(BUILD)/indexer/indexer --db $(DEMO_DB) corpus
	@echo "+ $(BUILD)/searcher/searcher --db $(DEMO_DB) $(DEMO_QUERY)"
	@$(BUILD)/searcher/searcher --db $(DEMO_DB) $(DEMO_QUERY)

clean:
	rm -rf $(BUILD) .kiji

# The front door. `make demo` and `make test` install missing Debian
# packages, build in Release and do the rest; see README.md.
MAKEFLAGS   += --no-print-directory
BUILD       ?= build
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
DEMO_DB     ?= .kiji/demo-index
DEMO_QUERY  ?= North Korea troops Kursk

.PHONY: all deps build test tidy test-sanitize test-tsan fuzz crash-test bench demo clean install package check-install
PREFIX      ?= /usr/local

all: build

deps:
	@./.ci/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The programs, manual pages, completions and docs under PREFIX
# (GNUInstallDirs; DESTDIR is honoured).
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package of the same, in $(BUILD) (dependencies from dpkg-shlibdeps).
package: build
	cd $(BUILD) && cpack -G DEB

# Installs into a scratch prefix and unpacks the package into a scratch
# root, and checks that what a user gets there works (.ci/check-install).
check-install: package
	.ci/check-install $(BUILD)

# clang-tidy over kiji's own sources (.clang-tidy: bugprone, performance and
# a cognitive-complexity gate of 40, bodies of at most 80 lines) and
# clang's lock checks (-Wthread-safety), with the build's compile commands;
# any finding fails it.
tidy: build
	ls common/*/*.cc indexer/*.cc searcher/*.cc | xargs -P $(JOBS) -n 1 clang-tidy -p $(BUILD) --quiet \
	  --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wthread-safety

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# in its own build directory. new_delete_type_mismatch is off because
# libxapian 1.4.22's own Database::check (the indexer's damage check) frees
# a table through a base class of another size, inside the library.
SANITIZE_BUILD ?= build-sanitize
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIJI_SANITIZE=address,undefined $(CMAKE_FLAGS)
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

# Data races under ThreadSanitizer, in its own build directory, over the
# tests whose code hands data between threads (TSAN_TESTS, a ctest -R
# pattern): the parallel bulk build, the read-ahead pipeline, the directory
# watcher, a write error and searches while the indexer commits (not the
# random kills, which would repeat those runs at twice the cost). The
# indexer they run is built with TSan too. Every process writes its reports
# under $(TSAN_BUILD)/tsan-reports (a test's indexer may have its stderr
# discarded); any report fails the target and is printed. tests/tsan.supp
# holds proven false positives in libraries kiji does not own, nothing else.
TSAN_BUILD ?= build-tsan
TSAN_TESTS ?= ^StopSignalsTest\.|^ParallelForTest\.|^MutexTest\.|^ParallelBuildTest\.|^InputRelayTest\.|^FeedDirectoryCliTest\.ASignalStops|^CrashTest\.(AWriteError|SearchesNeverFail)|^CliTest\.(IndexingTheSeedCorpus|ASecondWriter|IncrementalRuns|Watch|HostileInput|AShardedIndex)
TSAN_REPORTS = $(abspath $(TSAN_BUILD))/tsan-reports
test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIJI_SANITIZE=thread $(CMAKE_FLAGS)
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target kiji_unit_tests kiji_cli_tests kiji_crash_tests
	rm -rf $(TSAN_REPORTS) && mkdir -p $(TSAN_REPORTS)
	cd $(TSAN_BUILD) && status=0; \
	  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp:log_path=$(TSAN_REPORTS)/report \
	  ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)' $(CTEST_FLAGS) || status=$$?; \
	  for report in $(TSAN_REPORTS)/*; do [ -f "$$report" ] && cat "$$report" && status=1; done; \
	  exit $$status

# kiji against Xapian's standard pipeline and SQLite FTS5 (tests/bench/run),
# then the full-screen search's keystroke-to-redraw latency (tests/bench/tui).
BENCH_CORPUS ?=
bench: build
	cmake --build $(BUILD) -j $(JOBS) --target xapian_peer fts5_peer analyzer_bench tui_latency
	tests/bench/run $(BUILD) $(BENCH_CORPUS)
	tests/bench/tui $(BUILD)

# The crash-safety test with many more kills than make test runs.
CRASH_ROUNDS ?= 200
crash-test: build
	KIJI_CRASH_ROUNDS=$(CRASH_ROUNDS) $(BUILD)/tests/kiji_crash_tests

# libFuzzer targets (analyzer, article parsers, query parser, suite parser)
# built with clang, each run for FUZZ_SECONDS.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIJI_FUZZ=ON -DKIJI_WERROR=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS)

demo: build
	@rm -rf $(DEMO_DB)
	@echo "+ $(BUILD)/indexer/indexer --db $(DEMO_DB) corpus"
	@$(BUILD)/indexer/indexer --db $(DEMO_DB) corpus
	@echo "+ $(BUILD)/searcher/searcher --db $(DEMO_DB) $(DEMO_QUERY)"
	@$(BUILD)/searcher/searcher --db $(DEMO_DB) $(DEMO_QUERY)

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD) .kiji

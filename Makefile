# Thin wrappers over CMake. `make run` and `make test` install what they
# need first (scripts/bootstrap.sh), so they work on a fresh Debian 12.

JOBS ?= $(shell nproc)
RELEASE_DIR ?= build/release
TEST_DIR ?= build/test
DATA ?= ./data
# `make run DEMO=0` serves without the demo workload.
DEMO ?= 1
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: run test bench build deps ui screenshots unit integration format clean

deps:
	@scripts/bootstrap.sh

# The web UI (ui/dist), embedded into the binary by the CMake build.
ui: deps
	npm run build --prefix ui --silent

build: deps ui
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DWAGGLE_TESTS=OFF $(LAUNCHER)
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target waggle

run: build
	$(RELEASE_DIR)/src/waggle serve --data $(DATA) $(if $(filter 0,$(DEMO)),,--demo)

# Every test: unit tests and integration tests with real clients, built with
# AddressSanitizer and UndefinedBehaviorSanitizer.
# The test build: sanitizers, light optimization and line tables only, which
# keeps a from-scratch build within CI's time on two cores.
TEST_CMAKE = cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DWAGGLE_SANITIZE=ON $(LAUNCHER)

test: deps ui
	$(TEST_CMAKE)
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

unit: deps
	$(TEST_CMAKE)
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

# The README's screenshots (docs/img): a fresh `serve --demo` photographed
# in Debian's chromium.
screenshots: build
	WAGGLE_BIN=$(RELEASE_DIR)/src/waggle node scripts/screenshots.mjs docs/img

bench: build
	bench/run.sh $(RELEASE_DIR)

format:
	find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build

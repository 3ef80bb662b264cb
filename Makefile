# Thin wrappers over CMake. `make run` and `make test` install what they
# need first (scripts/bootstrap.sh), so they work on a fresh Debian 12.

JOBS ?= $(shell nproc)
RELEASE_DIR ?= build/release
TEST_DIR ?= build/test
DATA ?= ./data
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: run test bench build deps unit integration format clean

deps:
	@scripts/bootstrap.sh

build: deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DWAGGLE_TESTS=OFF $(LAUNCHER)
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target waggle

run: build
	$(RELEASE_DIR)/src/waggle serve --data $(DATA)

# Every test: unit tests and integration tests with real clients, built with
# AddressSanitizer and UndefinedBehaviorSanitizer.
# The test build: sanitizers, light optimization and line tables only, which
# keeps a from-scratch build within CI's time on two cores.
TEST_CMAKE = cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DWAGGLE_SANITIZE=ON $(LAUNCHER)

test: deps
	$(TEST_CMAKE)
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

unit: deps
	$(TEST_CMAKE)
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

bench: build
	bench/run.sh $(RELEASE_DIR)

format:
	find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build

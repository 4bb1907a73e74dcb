# ember's entry points. `make demo` and `make test` do everything on a fresh Debian machine:
# install missing packages, configure with CMake + Ninja, build, run.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DEMBER_WERROR=ON

.PHONY: all deps build demo test test-asan fuzz bench format clean install

all: build

deps:
	@tools/install_deps.sh build

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The main job: the tutorial's computer-vision chapter on the whole FashionMNIST set.
DEMO_ARGS ?= --threads $(JOBS)
demo: build
	$(BUILD)/examples/03_computer_vision $(DEMO_ARGS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The core tests (tests/core) under AddressSanitizer + UBSan; CI runs this too. -O0 keeps the
# sanitizer build's compile time (the whole library) within CI's budget.
# `make test-asan ASAN_LABEL=` runs every test that way.
ASAN_LABEL ?= core
ASAN_TARGETS = $(if $(ASAN_LABEL),$(patsubst tests/$(ASAN_LABEL)/%.cpp,$(ASAN_LABEL)_%,$(wildcard tests/$(ASAN_LABEL)/*_test.cpp)),all)
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1" \
	  -DEMBER_SANITIZE=ON -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_BUILD_TOOLS=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target $(ASAN_TARGETS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) $(if $(ASAN_LABEL),-L $(ASAN_LABEL))

# Every reader of untrusted bytes (zip, pickle, safetensors, npy, IDX, PNG/JPEG) under libFuzzer with
# ASan + UBSan, from the seed corpora in fuzz/corpus/, FUZZ_SECONDS at most per target (CI runs
# this; a fixed seed and input count make the run repeatable). See tools/fuzz.sh.
FUZZ_SECONDS ?= 60
fuzz: build
	@tools/install_deps.sh fuzz
	JOBS=$(JOBS) tools/fuzz.sh $(FUZZ_SECONDS)

bench:
	@tools/install_deps.sh bench
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DEMBER_BUILD_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	bench/run.sh $(BUILD)

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz

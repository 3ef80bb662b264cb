# Every third-party library comes from Debian 12 packages installed by
# scripts/bootstrap.sh; docs/ARCHITECTURE.md says why each one was chosen.
find_package(Threads REQUIRED)
find_package(absl REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(fmt REQUIRED)
find_package(simdjson REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)  # gRPC's CMake config needs the codegen plugin; we use none
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)  # linear-time regex for user-supplied patterns
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)

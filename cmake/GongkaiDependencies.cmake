# Every dependency comes from a Debian 12 package; see ./dev for the package list.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json url)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)

# Debian's libsoci-dev ships no CMake package configuration.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_package(SQLite3 REQUIRED)
add_library(soci_sqlite3 INTERFACE IMPORTED)
target_include_directories(soci_sqlite3 INTERFACE ${SOCI_INCLUDE_DIR})
target_link_libraries(soci_sqlite3 INTERFACE ${SOCI_SQLITE3_LIBRARY} ${SOCI_CORE_LIBRARY}
                                             SQLite::SQLite3)
add_library(SOCI::sqlite3 ALIAS soci_sqlite3)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
find_package(PostgreSQL REQUIRED)  # libpq, which soci-postgresql.h includes
add_library(soci_postgresql INTERFACE IMPORTED)
target_include_directories(soci_postgresql INTERFACE ${SOCI_INCLUDE_DIR})
target_link_libraries(soci_postgresql INTERFACE ${SOCI_POSTGRESQL_LIBRARY} ${SOCI_CORE_LIBRARY}
                                                PostgreSQL::PostgreSQL)
add_library(SOCI::postgresql ALIAS soci_postgresql)

# Warnings and sanitizers apply to our own targets only.
add_library(gongkai_build_flags INTERFACE)
target_compile_options(gongkai_build_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                     -Wnon-virtual-dtor)
target_compile_definitions(gongkai_build_flags INTERFACE BOOST_ASIO_NO_DEPRECATED
                                                         BOOST_BEAST_USE_STD_STRING_VIEW)
if(GONGKAI_SANITIZE)
    # -fno-sanitize=vptr: Debian's libsoci does not export the typeinfo of its internal
    # ref-counted statement classes, so the vptr check cannot link against it.
    target_compile_options(gongkai_build_flags INTERFACE -fsanitize=address,undefined
                           -fno-sanitize=vptr -fno-omit-frame-pointer
                           -fno-sanitize-recover=undefined)
    target_link_options(gongkai_build_flags INTERFACE -fsanitize=address,undefined
                        -fno-sanitize=vptr)
endif()
if(GONGKAI_FUZZ)
    # Coverage-guided fuzzing (fuzz/): the libraries carry libFuzzer's coverage counters
    # (fuzzer-no-link; the harnesses link the fuzzer itself) and both sanitizers, and any
    # undefined behaviour aborts, so that libFuzzer keeps the input that caused it. -O1 and
    # line tables only (after the build type's flags, so they win): about half the compile
    # time of -O2 -g (api/src/websocket_session.cpp: 64 s instead of 124 s on 2 busy cores),
    # and stacks still name lines.
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "GONGKAI_FUZZ needs clang (libFuzzer): "
                            "CC=clang-14 CXX=clang++-14 cmake -DGONGKAI_FUZZ=ON ...")
    endif()
    target_compile_options(gongkai_build_flags INTERFACE
                           -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr
                           -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1
                           -gline-tables-only)
    target_link_options(gongkai_build_flags INTERFACE -fsanitize=address,undefined
                        -fno-sanitize=vptr)
endif()

# The programs allocate through jemalloc: glibc's malloc and free were a fifth of the group
# commit writer's samples; with jemalloc's per-thread caches lifecycle ran 15-18% faster and
# read up to 10% (docs/benchmarks.md, stop 16). Linking it replaces malloc for the whole
# process, SQLite included. The sanitizers bring their own allocator, so not with them (the
# fuzz build has them too); the test programs keep glibc's (they start the real
# gongkai-server, which has it).
add_library(gongkai_allocator INTERFACE)
if(GONGKAI_JEMALLOC AND NOT GONGKAI_SANITIZE AND NOT GONGKAI_FUZZ)
    pkg_check_modules(jemalloc REQUIRED IMPORTED_TARGET jemalloc)
    target_link_libraries(gongkai_allocator INTERFACE PkgConfig::jemalloc)
endif()

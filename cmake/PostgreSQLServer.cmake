# Locates a PostgreSQL server installation through pg_config and exposes it as
# an INTERFACE target `pg_server_headers` plus the install directories.
#
# Debian's /usr/bin/pg_config is a wrapper that may resolve to libpq-dev's copy
# (no server headers), so the major-version-specific one is preferred.
set(PG_MAJOR 15 CACHE STRING "PostgreSQL major version to build against")
find_program(PG_CONFIG NAMES pg_config
             PATHS /usr/lib/postgresql/${PG_MAJOR}/bin NO_DEFAULT_PATH)
find_program(PG_CONFIG NAMES pg_config REQUIRED)

function(_pg_config out flag)
  execute_process(COMMAND ${PG_CONFIG} ${flag} OUTPUT_VARIABLE value
                  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

_pg_config(PG_INCLUDEDIR_SERVER --includedir-server)
_pg_config(PG_PKGLIBDIR --pkglibdir)
_pg_config(PG_SHAREDIR --sharedir)
_pg_config(PG_BINDIR --bindir)
_pg_config(PG_PGXS --pgxs)
_pg_config(PG_VERSION_STRING --version)

if(NOT EXISTS "${PG_INCLUDEDIR_SERVER}/postgres.h")
  message(FATAL_ERROR "postgres.h not found in ${PG_INCLUDEDIR_SERVER}: install postgresql-server-dev-${PG_MAJOR}")
endif()

get_filename_component(_pgxs_dir "${PG_PGXS}" DIRECTORY)
get_filename_component(PG_PGXS_ROOT "${_pgxs_dir}/../.." ABSOLUTE)
set(PG_REGRESS "${PG_PGXS_ROOT}/src/test/regress/pg_regress")
set(PG_TAP_PERL "${PG_PGXS_ROOT}/src/test/perl")

add_library(pg_server_headers INTERFACE)
# SYSTEM: PostgreSQL 15 headers use `register`, an error in C++17 for clang.
target_include_directories(pg_server_headers SYSTEM INTERFACE ${PG_INCLUDEDIR_SERVER})
# PostgreSQL itself is built with these; varlena and Datum code type-puns.
target_compile_options(pg_server_headers INTERFACE -fno-strict-aliasing -fwrapv)
message(STATUS "PostgreSQL: ${PG_VERSION_STRING} (${PG_CONFIG})")

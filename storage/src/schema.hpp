#pragma once

#include "dialect.hpp"

#include <string>
#include <vector>

namespace gongkai::storage {

// What the schema needs from an engine: its column types for the two kinds of integer
// column, and the statements only it can write.
struct SchemaDialect {
    std::string id;      // an id the database assigns when an INSERT leaves it out
    std::string bigint;  // a 64-bit integer
    std::string random;  // an expression for a random 64-bit integer
    // Migration 4's triggers: a fresh directory_generation.value (random) whenever
    // role_grants changes or a user is disabled, enabled or deleted.
    std::vector<std::string> directory_generation_triggers;
};

// The schema, one migration per version, in the words of `engine`. One definition for every
// engine, so that a table cannot differ between them.
std::vector<Migration> schema_migrations(const SchemaDialect& engine);

}  // namespace gongkai::storage

#pragma once

#include <soci/soci.h>

#include <string>
#include <vector>

namespace gongkai::storage {

// One step of the schema: the statements that take it from version-1 to version.
struct Migration {
    int version;
    std::vector<std::string> statements;
};

// Everything that differs between database engines. The stores use portable SQL (bound
// parameters, ON CONFLICT DO NOTHING, RETURNING-free inserts); what cannot be portable
// lives behind this interface. SQLite is the implementation today; PostgreSQL is the
// second one to write.
class Dialect {
public:
    virtual ~Dialect() = default;
    virtual void open(soci::session& sql, const std::string& path, bool read_only,
                      int busy_timeout_ms) const = 0;
    // Starts a transaction that holds the write lock from its first statement.
    virtual std::string begin_write() const = 0;
    virtual std::string begin_read() const = 0;
    // Id of the row the last INSERT on this session created.
    virtual long long last_insert_id(soci::session& sql) const = 0;
    virtual const std::vector<Migration>& migrations() const = 0;
};

const Dialect& sqlite_dialect();

}  // namespace gongkai::storage

#include "write_transaction.hpp"

namespace gongkai::storage {

void run_write_transaction(Connection& connection, std::span<WriteSlot> slots) {
    auto& audit = connection.stores().audit;
    with_transaction(connection, connection.dialect().begin_write(), [&] {
        audit.begin();
        for (auto& slot : slots) {
            const auto mark = audit.mark();
            connection.prepared("SAVEPOINT job").execute(true);
            try {
                (*slot.work)(connection.stores());
                connection.prepared("RELEASE job").execute(true);
            } catch (...) {
                slot.error = std::current_exception();
                // If even this fails the transaction is broken: the exception ends it.
                connection.sql() << "ROLLBACK TO job";
                connection.sql() << "RELEASE job";
                audit.rewind(mark);
            }
        }
    });
}

}  // namespace gongkai::storage

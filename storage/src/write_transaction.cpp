#include "write_transaction.hpp"

namespace gongkai::storage {

void run_write_transaction(Connection& connection, std::span<WriteSlot> slots) {
    auto& sql = connection.sql();
    auto& audit = connection.stores().audit;
    with_transaction(connection, connection.dialect().begin_write(), [&] {
        audit.begin();
        for (auto& slot : slots) {
            const auto mark = audit.mark();
            sql << "SAVEPOINT job";
            try {
                (*slot.work)(connection.stores());
                sql << "RELEASE job";
            } catch (...) {
                slot.error = std::current_exception();
                // If even this fails the transaction is broken: the exception ends it.
                sql << "ROLLBACK TO job";
                sql << "RELEASE job";
                audit.rewind(mark);
            }
        }
    });
}

}  // namespace gongkai::storage

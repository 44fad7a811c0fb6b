#pragma once

#include "connection.hpp"

#include <exception>
#include <functional>
#include <span>

namespace gongkai::storage {

struct WriteSlot {
    const std::function<void(Stores&)>* work;
    std::exception_ptr error;  // set when this job failed and was rolled back alone
};

// Runs every slot's work in one write transaction, each inside its own savepoint, and
// commits. A slot that throws is rolled back to its savepoint and keeps its exception.
// Throws StorageError when the transaction itself cannot begin or commit; then nothing of
// it is stored.
void run_write_transaction(Connection& connection, std::span<WriteSlot> slots);

}  // namespace gongkai::storage

#include "commands.hpp"

#include <iostream>

namespace gongkai::cli {

void add_audit_commands(CLI::App& app, Context& context) {
    auto db = std::make_shared<std::string>();
    auto* audit = app.add_subcommand("audit", "Audit log tools");
    audit->require_subcommand(1);
    auto* verify = audit->add_subcommand(
        "verify", "Walk the hash chain; prints \"ok N entries head HASH\" or the first bad seq");
    verify->add_option("--db", *db, "SQLite database file")->required();
    verify->callback([&context, db] {
        context.action = [&context, db] {
            auto database = open_database(*db, context.clock, true);
            const auto result = database->verify_audit_log();
            if (result.ok) {
                std::cout << "ok " << result.entries << " entries head " << result.head_hash
                          << "\n";
                return kExitOk;
            }
            std::cout << "bad seq " << result.first_bad_seq.value_or(0) << ": " << result.problem
                      << "\n";
            return kExitFailed;
        };
    });
}

}  // namespace gongkai::cli

#include "lexicon_audit.hpp"

namespace gongkai::api {

void audit_lexicon_reload(storage::Database& database, const std::string& actor,
                          std::string_view trigger, const scanner::ReloadOutcome& outcome,
                          storage::WriteQueue::Done done) {
    // The lists in force after the call: the new ones, or the old ones kept after a failure.
    boost::json::object details{{"trigger", trigger},
                                {"reloaded", outcome.reloaded},
                                {"sensitive_terms", outcome.stats.sensitive_terms},
                                {"typos", outcome.stats.typos},
                                {"duplicates_ignored", outcome.stats.duplicates_ignored},
                                {"sensitive_sha256", outcome.stats.sensitive_sha256},
                                {"typos_sha256", outcome.stats.typos_sha256}};
    if (!outcome.reloaded) details["error"] = outcome.error;  // file and line, never content
    storage::AuditEvent event{
        actor,
        outcome.reloaded ? "scanner.lexicons_reloaded" : "scanner.lexicons_reload_failed",
        std::nullopt,
        std::nullopt,
        std::nullopt,
        std::nullopt,
        std::nullopt,
        std::move(details)};
    database.writer().submit(
        [event = std::move(event)](storage::Stores& stores) { stores.audit.append(event); },
        std::move(done));
}

}  // namespace gongkai::api

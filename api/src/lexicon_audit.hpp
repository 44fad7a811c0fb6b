#pragma once

#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/storage/write_queue.hpp>

#include <string>
#include <string_view>

namespace gongkai::api {

// Records a lexicon reload in the audit log: the lists decide what the secrecy pre-review
// flags, so an auditor must be able to see who changed them, when, and to which files
// (their SHA-256), and which reloads failed. `trigger` is the operation or the signal.
// `done` runs on the writer thread after the commit (null) or the failure.
void audit_lexicon_reload(storage::Database& database, const std::string& actor,
                          std::string_view trigger, const scanner::ReloadOutcome& outcome,
                          storage::WriteQueue::Done done);

}  // namespace gongkai::api

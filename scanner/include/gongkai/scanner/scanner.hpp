#pragma once

// The secrecy pre-review scanner (issue #5, docs/scanner.md): finds in report content what the
// secrecy reviewer must see — classification markings (block), work-secret markings, personal
// identifiers and sensitive terms (review), typos, document numbers, public contact details
// (info) — as findings {id, rule, severity, field, start, end, excerpt, suggestion?}.
//
// How the server uses it (all of it thread-safe):
//
//   ScannerHolder holder(lexicon_dir, settings);      // scanner_holder.hpp; throws if unusable
//   auto scanner = holder.current();                  // once per request; survives reloads
//   ScanResult result = scanner->scan(content, today);   // content object or plain-text string
//   boost::json::object reply = to_json(result);      // {findings, counts}; store it too
//   result.blocks();                                  // submit refused (validation_failed)
//   result.find(finding_id);                          // review.disposition names a finding
//   boost::json::value masked = scanner->redact(content, finding_ids, today);  // report.redact
//   ReloadOutcome outcome = holder.reload();          // SIGHUP / admin op; old one kept on error
//   ScanResult stored = scan_result_from_json(json);  // a stored scan read back
//
// Finding ids are stable: the same finding in the same text has the same id on every scan,
// in every process, before and after a lexicon reload (the id is a keyed hash of rule, field,
// position and matched text; ScannerSettings::finding_id_key).
//
// Errors are gongkai::Error: invalid UTF-8 → validation_failed {field, byte_offset}; a field
// over max_field_bytes → too_large {field, bytes}; redacting ids that are not current
// identifier findings → validation_failed {unknown_finding_ids, not_maskable_finding_ids};
// content neither an object nor a string → bad_request. No message, detail or excerpt ever
// contains a raw identifier, so they may be logged.

#include <gongkai/scanner/lexicon.hpp>
#include <gongkai/scanner/scan_result.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace gongkai::scanner {

struct ScannerSettings {
    // Keyword-gated identifiers (15-digit IDs, bank cards, passports) need a keyword at most
    // this many characters before or after them (Microsoft Purview uses 300).
    std::size_t keyword_window_chars = 300;
    // Characters of context on each side of a finding in its excerpt (within its line).
    std::size_t excerpt_context_chars = 20;
    // Longest text field scanned; a longer one is refused with ErrorCode::too_large.
    std::size_t max_field_bytes = 32 * 1024 * 1024;
    // Key of the finding-id hash. Set a secret of the installation so that an id seen in a
    // log or an audit record cannot be brute-forced back into the ID number it stands for.
    // Empty: a built-in key (ids are still stable, but only as safe as an unkeyed hash).
    std::string finding_id_key;
};

// The compiled secrecy scanner: immutable once created, so one instance is shared by all
// threads (hold it by shared_ptr; ScannerHolder swaps in a new one on reload).
//
// `today` is the date against which birth dates are checked (an ID with a birth date after
// it is not an ID); the caller passes the current date so tests do not depend on the clock.
//
// Errors: a field that is not valid UTF-8 → gongkai::Error(validation_failed) with details
// {field, byte_offset}; a field over max_field_bytes → gongkai::Error(too_large) with details
// {field, bytes}. Messages name the field, never its content.
class Scanner {
public:
    // Compiles the lexicons together with the built-in word lists (10,000 terms: a few ms;
    // reading and parsing the files takes longer, ~50 ms in all).
    // A Lexicon only holds valid entries, so this fails only for want of memory.
    static std::shared_ptr<const Scanner> create(const Lexicon& lexicon,
                                                 ScannerSettings settings = {});
    ~Scanner();
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;

    // The field name of a plain text (the CLI's text files, scan(string)).
    static constexpr std::string_view kTextField = "body";

    // What the server calls: a report content object (as scan_content) or a JSON string, a
    // plain text (as scan_text, field kTextField). Anything else (array, number, null) →
    // gongkai::Error(bad_request). to_json(result) is the {findings, counts} reply.
    ScanResult scan(const boost::json::value& content, std::chrono::year_month_day today) const;

    // The redaction of report.redact with the same dispatch: an object gives an object (as
    // redact_content), a string a string (as redact_text, field kTextField).
    boost::json::value redact(const boost::json::value& content,
                              std::span<const std::string> finding_ids,
                              std::chrono::year_month_day today) const;

    // One text field; `field` is the path reported in the findings (e.g. "body").
    ScanResult scan_text(std::string_view text, std::string_view field,
                         std::chrono::year_month_day today) const;

    // A report content object: every string value anywhere in it is scanned, with the path
    // of object keys joined by "." and array indexes as [i] (sections.overview,
    // notes.applications, attachments[0].title); numbers, booleans and null are skipped,
    // object keys are not scanned. Findings come in document order.
    ScanResult scan_content(const boost::json::object& content,
                            std::chrono::year_month_day today) const;

    // Returns `text` with the identifiers of the named findings replaced by their masked
    // form (138****5678, 35*************123, ...). The ids are those of
    // scan_text(text, field, today). Throws gongkai::Error(validation_failed) with details
    // {unknown_finding_ids, not_maskable_finding_ids} if any id is not a current finding of
    // the text or names a finding that is not an identifier (a marking, a term, a typo);
    // nothing is changed then.
    std::string redact_text(std::string_view text, std::string_view field,
                            std::span<const std::string> finding_ids,
                            std::chrono::year_month_day today) const;

    // The same for a content object (ids of scan_content); the result is a copy of
    // `content` with only the affected strings changed.
    boost::json::object redact_content(const boost::json::object& content,
                                       std::span<const std::string> finding_ids,
                                       std::chrono::year_month_day today) const;

    const LexiconStats& lexicon_stats() const { return lexicon_stats_; }
    const ScannerSettings& settings() const { return settings_; }

private:
    struct FieldScan;
    struct Compiled;

    Scanner(std::unique_ptr<Compiled> compiled, ScannerSettings settings, LexiconStats stats);
    FieldScan scan_field(std::string_view text, std::string_view field,
                         std::chrono::year_month_day today) const;

    std::unique_ptr<Compiled> compiled_;
    ScannerSettings settings_;
    LexiconStats lexicon_stats_;
};

}  // namespace gongkai::scanner

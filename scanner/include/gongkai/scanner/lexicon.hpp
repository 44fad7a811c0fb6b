#pragma once

// The office-maintained word lists (config/lexicons/sensitive.txt and typos.txt) as data; a
// Scanner compiles them (scanner.hpp). Overview of the library: scanner.hpp.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gongkai::scanner {

struct TypoPair {
    std::string wrong;
    std::string right;

    bool operator==(const TypoPair&) const = default;
};

struct LexiconStats {
    std::size_t sensitive_terms = 0;
    std::size_t typos = 0;
    std::size_t duplicates_ignored = 0;  // repeated lines, dropped
    // SHA-256 (hex) of each file's text as read, so that the audit log can say which lists
    // were in force; empty for lists not read from text.
    std::string sensitive_sha256;
    std::string typos_sha256;
};

// The two office-maintained word lists, as plain UTF-8 files:
//   sensitive.txt  one term a line
//   typos.txt      `wrong right` a line (separated by spaces or tabs)
// Blank lines and lines starting with # are skipped, surrounding white space (also U+3000)
// is trimmed, a UTF-8 byte order mark and CRLF line ends are accepted, repeated entries are
// dropped. Anything else that is wrong (invalid UTF-8, a typo line without exactly two words,
// the same wrong word with two corrections, a term longer than kMaxTermChars) makes loading
// fail with gongkai::Error(validation_failed) naming the file and line, never the content.
class Lexicon {
public:
    static constexpr std::size_t kMaxTermChars = 100;
    static constexpr const char* kSensitiveFile = "sensitive.txt";
    static constexpr const char* kTyposFile = "typos.txt";

    Lexicon() = default;

    // Reads <dir>/sensitive.txt and <dir>/typos.txt; both must exist.
    static Lexicon load(const std::filesystem::path& dir);
    // The same from text already in memory; `source` names it in error messages.
    static Lexicon parse(std::string_view sensitive_text, std::string_view typos_text,
                         std::string_view source = "lexicon");

    // Programmatic additions follow the same rules (trimmed, duplicates dropped); they throw
    // gongkai::Error(validation_failed) on an empty or over-long entry.
    void add_sensitive_term(std::string_view term);
    void add_typo(std::string_view wrong, std::string_view right);

    const std::vector<std::string>& sensitive_terms() const { return sensitive_terms_; }
    const std::vector<TypoPair>& typos() const { return typos_; }
    LexiconStats stats() const;

private:
    void parse_sensitive(std::string_view text, std::string_view source);
    void parse_typos(std::string_view text, std::string_view source);

    std::vector<std::string> sensitive_terms_;
    std::vector<TypoPair> typos_;
    std::unordered_set<std::string> sensitive_index_;
    std::unordered_map<std::string, std::size_t> typo_index_;  // wrong → index in typos_
    std::size_t duplicates_ignored_ = 0;
    std::string sensitive_sha256_;
    std::string typos_sha256_;
};

}  // namespace gongkai::scanner

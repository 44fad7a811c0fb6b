#pragma once

#include "candidate.hpp"
#include "keyword_index.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::scanner {

// Finds the identifiers of one text: resident IDs, mobile and landline numbers, bank cards,
// passports, unified social credit codes, e-mail addresses and document numbers. The text is
// read through utf8::normalise, so full-width digits and letters are digits and letters.
//
// The text is cut into runs of letters, digits and '_' (a decimal point or an ASCII thousands
// separator between digits belongs to the run, so 14.73 and 1,000 are one run each; the Chinese
// comma never does): a pattern only ever matches whole runs, so a digit run that
// is part of a longer digit or letter run never matches. Runs joined by one space or hyphen form
// a chain (138 1234 5678); a chain matches as a whole, in one of the groupings people write
// (3-4-4, 6-8-4, 6-4-4-4, 4-4-4-4-x, area code-number), or not at all.
class IdentifierDetector {
public:
    // `word_starts`: in order, every position where a letter, digit or '_' follows a character
    // that is none of these, and every '@' (normalised; the literal matcher's pass collects
    // them, so this class never reads the text from end to end).
    IdentifierDetector(std::string_view text, const KeywordIndex& keywords,
                       std::chrono::year_month_day today,
                       const std::vector<std::size_t>& word_starts);

    void detect(std::vector<Candidate>& out);

private:
    enum class Shape {
        digits,         // 0-9 only
        digits_with_x,  // digits and a final X or x (the check character of an ID)
        alphanumeric,   // letters and digits
        other,          // with '_' or a decimal point: never an identifier
    };

    struct Run {
        std::size_t begin;  // bytes of the original text
        std::size_t end;
        std::size_t value_begin;  // the run's normalised ASCII, in values_
        std::size_t value_length;
        Shape shape;
        bool consumed = false;
    };

    struct Chain {
        std::size_t first;  // run indexes, inclusive
        std::size_t last;
        char separator;
    };

    void collect_runs_and_at_signs(const std::vector<std::size_t>& word_starts);
    void read_run(std::size_t begin);
    bool joins_digits(std::size_t pos, char32_t code, std::size_t length) const;
    char separator_after(std::size_t run) const;
    std::vector<Chain> find_chains() const;

    std::optional<Candidate> match_chain(const Chain& chain) const;
    std::optional<Candidate> match_single(std::size_t run) const;
    std::optional<Candidate> match_document_number(std::size_t run) const;
    std::optional<Candidate> match_parenthesised_landline(std::size_t run) const;
    std::optional<Candidate> match_email(std::size_t at) const;

    Candidate mobile(std::size_t begin, std::size_t national_begin, std::size_t end) const;
    std::size_t include_plus(std::size_t begin) const;
    std::size_t include_country_prefix(std::size_t first_run, std::size_t begin) const;
    char32_t code_before(std::size_t pos, std::size_t& start) const;
    std::size_t skip_spaces(std::size_t pos) const;

    std::string_view value(const Run& run) const {
        return std::string_view(values_).substr(run.value_begin, run.value_length);
    }

    std::string_view text_;
    const KeywordIndex& keywords_;
    std::chrono::year_month_day today_;
    const std::vector<std::size_t>& word_starts_;
    std::vector<Run> runs_;
    std::string values_;
    std::vector<std::size_t> at_signs_;
};

}  // namespace gongkai::scanner

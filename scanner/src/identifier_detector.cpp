#include "identifier_detector.hpp"

#include "checksums.hpp"
#include "utf8_cursor.hpp"

#include <cstdint>

namespace gongkai::scanner {

namespace {

bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char32_t c) {
    return c >= 'A' && c <= 'Z';
}
bool is_letter(char32_t c) {
    return is_upper(c) || (c >= 'a' && c <= 'z');
}

bool is_mobile(std::string_view digits) {
    return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

// 010, 020–029, or 0300–0999: the area codes of the mainland.
bool is_area_code(std::string_view digits) {
    if (digits.size() == 3) {
        return digits == "010" || (digits[0] == '0' && digits[1] == '2' && is_digit(digits[2]));
    }
    return digits.size() == 4 && digits[0] == '0' && digits[1] >= '3' && digits[1] <= '9';
}

bool is_local_number(std::string_view digits) {
    return (digits.size() == 7 || digits.size() == 8) && digits[0] >= '2' && digits[0] <= '9';
}

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (!is_digit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

// E + 8 digits, E + a letter other than I and O + 7 digits, G + 8 digits.
bool is_passport(std::string_view run) {
    if (run.size() != 9) {
        return false;
    }
    if (run[0] == 'G') {
        return all_digits(run.substr(1));
    }
    if (run[0] != 'E') {
        return false;
    }
    if (is_digit(static_cast<unsigned char>(run[1]))) {
        return all_digits(run.substr(1));
    }
    return is_upper(static_cast<unsigned char>(run[1])) && run[1] != 'I' && run[1] != 'O' &&
           all_digits(run.substr(2));
}

bool is_email_local_char(char32_t c) {
    return is_digit(c) || is_letter(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool is_email_domain_char(char32_t c) {
    return is_digit(c) || is_letter(c) || c == '.' || c == '-';
}

constexpr char32_t kNumberSign = 0x53F7;  // 号
constexpr char32_t kOrdinal = 0x7B2C;     // 第

bool is_opening_bracket(char32_t c) {
    // 〔 【 〖 ﹝ and the ASCII forms (full-width ［ （ are normalised to them).
    return c == 0x3014 || c == 0x3010 || c == 0x3016 || c == 0xFE5D || c == '[' || c == '(';
}

bool is_closing_bracket(char32_t c) {
    return c == 0x3015 || c == 0x3011 || c == 0x3017 || c == 0xFE5E || c == ']' || c == ')';
}

Candidate masked(Rule rule, std::size_t begin, std::size_t end, std::size_t mask_begin,
                 std::uint8_t keep_first, std::uint8_t keep_last) {
    Candidate candidate{rule, begin, end};
    candidate.mask_begin = mask_begin;
    candidate.mask_end = end;
    candidate.keep_first = keep_first;
    candidate.keep_last = keep_last;
    return candidate;
}

}  // namespace

IdentifierDetector::IdentifierDetector(std::string_view text, const KeywordIndex& keywords,
                                       std::chrono::year_month_day today,
                                       const std::vector<std::size_t>& word_starts)
    : text_(text), keywords_(keywords), today_(today), word_starts_(word_starts) {}

void IdentifierDetector::detect(std::vector<Candidate>& out) {
    collect_runs_and_at_signs(word_starts_);
    for (const Chain& chain : find_chains()) {
        bool free = true;
        for (std::size_t i = chain.first; i <= chain.last; ++i) {
            free = free && !runs_[i].consumed;
        }
        if (!free) {
            continue;
        }
        if (auto candidate = match_chain(chain)) {
            out.push_back(*candidate);
            for (std::size_t i = chain.first; i <= chain.last; ++i) {
                runs_[i].consumed = true;
            }
        }
    }
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        if (!runs_[i].consumed) {
            if (auto candidate = match_single(i)) {
                out.push_back(*candidate);
            }
        }
    }
    for (std::size_t at : at_signs_) {
        if (auto candidate = match_email(at)) {
            out.push_back(*candidate);
        }
    }
}

void IdentifierDetector::collect_runs_and_at_signs(const std::vector<std::size_t>& word_starts) {
    for (std::size_t start : word_starts) {
        if (!runs_.empty() && start < runs_.back().end) {
            continue;  // inside the previous run (the 73 of 14.73)
        }
        if (utf8::decode_normalised(text_, start) == '@') {
            at_signs_.push_back(start);
        } else {
            read_run(start);
        }
    }
}

void IdentifierDetector::read_run(std::size_t begin) {
    bool letters = false;
    bool other = false;
    const std::size_t value_begin = values_.size();
    std::size_t pos = begin;
    while (pos < text_.size()) {
        std::size_t length = 0;
        char32_t code = utf8::decode_normalised(text_, pos, length);
        if (is_digit(code) || is_letter(code)) {
            letters = letters || is_letter(code);
        } else if (code == '_') {
            other = true;
        } else if (pos > begin && is_digit(values_.back()) && joins_digits(pos, code, length)) {
            other = true;  // 14.73, 1,000: a number, not an identifier
        } else {
            break;
        }
        values_ += static_cast<char>(code);
        pos += length;
    }
    Run run{begin, pos, value_begin, values_.size() - value_begin, Shape::digits};
    if (other) {
        run.shape = Shape::other;
    } else if (letters) {
        std::string_view text = value(run);
        bool only_final_x = text.size() > 1 && (text.back() == 'X' || text.back() == 'x') &&
                            all_digits(text.substr(0, text.size() - 1));
        run.shape = only_final_x ? Shape::digits_with_x : Shape::alphanumeric;
    }
    runs_.push_back(run);
}

// Whether the '.' or ',' at `pos` (after a digit) keeps a number together: a decimal point
// before a digit (14.73, １４．７３), or an ASCII comma before exactly three digits (1,000).
// The Chinese comma (，, which normalises to ',') separates the items of a list
// (身份证A，B) and never joins, nor does a comma before a longer digit run (13812345678,
// 13912345678 are two numbers).
bool IdentifierDetector::joins_digits(std::size_t pos, char32_t code, std::size_t length) const {
    const std::size_t after = pos + length;
    if (after >= text_.size() || !is_digit(utf8::decode_normalised(text_, after))) {
        return false;
    }
    if (code == '.') {
        return true;
    }
    if (code != ',' || text_[pos] != ',') {
        return false;
    }
    std::size_t cursor = after;
    for (int digits = 0; digits < 3; ++digits) {
        std::size_t digit_length = 0;
        if (cursor >= text_.size() ||
            !is_digit(utf8::decode_normalised(text_, cursor, digit_length))) {
            return false;
        }
        cursor += digit_length;
    }
    return cursor >= text_.size() || !is_digit(utf8::decode_normalised(text_, cursor));
}

char IdentifierDetector::separator_after(std::size_t run) const {
    if (run + 1 >= runs_.size() || runs_[run].end >= text_.size()) {
        return 0;
    }
    std::size_t length = 0;
    char32_t code = utf8::decode_normalised(text_, runs_[run].end, length);
    if ((code != ' ' && code != '-') || runs_[run + 1].begin != runs_[run].end + length) {
        return 0;
    }
    return static_cast<char>(code);
}

std::vector<IdentifierDetector::Chain> IdentifierDetector::find_chains() const {
    auto can_continue = [&](std::size_t run) {
        return runs_[run].shape == Shape::digits || runs_[run].shape == Shape::digits_with_x;
    };
    std::vector<Chain> chains;
    std::size_t k = 0;
    while (k < runs_.size()) {
        char separator = separator_after(k);
        if (runs_[k].shape != Shape::digits || separator == 0 || !can_continue(k + 1)) {
            ++k;
            continue;
        }
        std::size_t last = k + 1;
        while (runs_[last].shape == Shape::digits && separator_after(last) == separator &&
               can_continue(last + 1)) {
            ++last;
        }
        chains.push_back({k, last, separator});
        // The last run may start another chain with a different separator.
        k = last;
    }
    return chains;
}

// The normalised code point before `pos` (pos > 0); `start` receives where it starts.
char32_t IdentifierDetector::code_before(std::size_t pos, std::size_t& start) const {
    start = utf8::previous(text_, pos);
    return utf8::decode_normalised(text_, start);
}

std::size_t IdentifierDetector::skip_spaces(std::size_t pos) const {
    std::size_t length = 0;
    while (pos < text_.size() && utf8::decode_normalised(text_, pos, length) == ' ') {
        pos += length;
    }
    return pos;
}

std::size_t IdentifierDetector::include_plus(std::size_t begin) const {
    std::size_t start = 0;
    return begin > 0 && code_before(begin, start) == '+' ? start : begin;
}

// A mobile number written as "+86 138…" / "0086-138…" where the prefix is not part of the
// number's own chain.
std::size_t IdentifierDetector::include_country_prefix(std::size_t first_run,
                                                       std::size_t begin) const {
    if (first_run == 0 || separator_after(first_run - 1) == 0) {
        return begin;
    }
    const Run& prefix = runs_[first_run - 1];
    std::string_view digits = value(prefix);
    if (prefix.consumed || (digits != "86" && digits != "0086")) {
        return begin;
    }
    return include_plus(prefix.begin);
}

Candidate IdentifierDetector::mobile(std::size_t begin, std::size_t national_begin,
                                     std::size_t end) const {
    return masked(Rule::mobile_number, begin, end, national_begin, 3, 4);
}

std::optional<Candidate> IdentifierDetector::match_chain(const Chain& chain) const {
    std::vector<std::size_t> lengths;
    std::string digits;
    for (std::size_t i = chain.first; i <= chain.last; ++i) {
        lengths.push_back(runs_[i].value_length);
        digits += value(runs_[i]);
    }
    const Run& first = runs_[chain.first];
    const Run& second = runs_[chain.first + 1];
    const Run& last = runs_[chain.last];
    const std::size_t begin = first.begin;
    const std::size_t end = last.end;
    using L = std::vector<std::size_t>;

    if (lengths == L{3, 4, 4} && is_mobile(digits)) {
        return mobile(include_country_prefix(chain.first, begin), begin, end);
    }
    if ((value(first) == "86" || value(first) == "0086") &&
        is_mobile(std::string_view(digits).substr(first.value_length))) {
        L rest(lengths.begin() + 1, lengths.end());
        if (rest == L{3, 4, 4} || rest == L{11}) {
            return mobile(include_plus(begin), second.begin, end);
        }
    }
    if ((lengths == L{6, 8, 4} || lengths == L{6, 4, 4, 4}) &&
        is_valid_resident_id_18(digits, today_)) {
        return masked(Rule::resident_id, begin, end, begin, 2, 3);
    }
    if (last.shape == Shape::digits_with_x) {
        return std::nullopt;  // nothing else ends in X
    }
    if (lengths == L{6, 6, 3} && is_valid_resident_id_15(digits) &&
        keywords_.near(KeywordClass::resident_id, begin, end)) {
        return masked(Rule::resident_id, begin, end, begin, 2, 3);
    }
    bool card_grouping = lengths.size() >= 4 && lengths.back() >= 1 && lengths.back() <= 4;
    for (std::size_t i = 0; card_grouping && i + 1 < lengths.size(); ++i) {
        card_grouping = lengths[i] == 4;
    }
    if (card_grouping && digits.size() >= 16 && digits.size() <= 19 && passes_luhn(digits) &&
        keywords_.near(KeywordClass::bank_card, begin, end)) {
        return masked(Rule::bank_card, begin, end, begin, 0, 4);
    }
    // Area code, local number and, with hyphens, an extension: 0357-2345678-801.
    if ((lengths.size() == 2 ||
         (lengths.size() == 3 && chain.separator == '-' && lengths[2] <= 5)) &&
        is_area_code(value(first)) && is_local_number(value(second))) {
        return masked(Rule::landline, begin, end, second.begin, 0, 4);
    }
    return std::nullopt;
}

std::optional<Candidate> IdentifierDetector::match_single(std::size_t index) const {
    const Run& run = runs_[index];
    const std::string_view digits = value(run);
    const std::size_t begin = run.begin;
    const std::size_t end = run.end;
    // Where the n-th character of the run starts (full-width digits are three bytes).
    auto at_character = [&](std::size_t n) { return utf8::advance(text_, begin, n); };

    if (run.shape == Shape::digits_with_x) {
        if (digits.size() == 18 && is_valid_resident_id_18(digits, today_)) {
            return masked(Rule::resident_id, begin, end, begin, 2, 3);
        }
        if (digits.size() == 18 && is_valid_credit_code(digits)) {
            return masked(Rule::credit_code, begin, end, begin, 2, 4);
        }
        return std::nullopt;
    }
    if (run.shape == Shape::alphanumeric) {
        if (is_passport(digits) && keywords_.near(KeywordClass::passport, begin, end)) {
            return masked(Rule::passport, begin, end, begin, 1, 3);
        }
        if (digits.size() == 18 && is_valid_credit_code(digits)) {
            return masked(Rule::credit_code, begin, end, begin, 2, 4);
        }
        return std::nullopt;
    }
    if (run.shape != Shape::digits) {
        return std::nullopt;
    }
    switch (digits.size()) {
        case 4:
            return match_document_number(index);
        case 7:
        case 8:
            return match_parenthesised_landline(index);
        case 11:
            if (is_mobile(digits)) {
                return mobile(include_country_prefix(index, begin), begin, end);
            }
            break;
        case 13:
            if (digits.starts_with("86") && is_mobile(digits.substr(2))) {
                return mobile(include_plus(begin), at_character(2), end);
            }
            break;
        case 15:
            if (digits.starts_with("0086") && is_mobile(digits.substr(4))) {
                return mobile(include_plus(begin), at_character(4), end);
            }
            if (is_valid_resident_id_15(digits) &&
                keywords_.near(KeywordClass::resident_id, begin, end)) {
                return masked(Rule::resident_id, begin, end, begin, 2, 3);
            }
            break;
        case 18:
            if (is_valid_resident_id_18(digits, today_)) {
                return masked(Rule::resident_id, begin, end, begin, 2, 3);
            }
            if (is_valid_credit_code(digits)) {
                return masked(Rule::credit_code, begin, end, begin, 2, 4);
            }
            break;
        default:
            break;
    }
    if (digits.size() >= 16 && digits.size() <= 19 && passes_luhn(digits) &&
        keywords_.near(KeywordClass::bank_card, begin, end)) {
        return masked(Rule::bank_card, begin, end, begin, 0, 4);
    }
    // A landline without separators: 010 or 02x + 8 digits, or 0xxx + 7 or 8 digits.
    if (digits.size() == 11 || digits.size() == 12) {
        std::size_t area = is_area_code(digits.substr(0, 3)) ? 3 : 4;
        if (is_area_code(digits.substr(0, area)) && is_local_number(digits.substr(area))) {
            return masked(Rule::landline, begin, end, at_character(area), 0, 4);
        }
    }
    return std::nullopt;
}

// 尧政办发〔2020〕46号: an issuer (Chinese characters), a year in brackets, a number, 号.
std::optional<Candidate> IdentifierDetector::match_document_number(std::size_t index) const {
    const Run& year = runs_[index];
    std::string_view digits = value(year);
    if (!(digits.starts_with("19") || digits.starts_with("20")) || year.begin == 0 ||
        year.end >= text_.size()) {
        return std::nullopt;
    }
    std::size_t open = 0;
    std::size_t close_length = 0;
    if (!is_opening_bracket(code_before(year.begin, open)) ||
        !is_closing_bracket(utf8::decode_normalised(text_, year.end, close_length))) {
        return std::nullopt;
    }
    // The number: the next run, after optional spaces and 第.
    std::size_t pos = skip_spaces(year.end + close_length);
    std::size_t length = 0;
    if (pos < text_.size() && utf8::decode_normalised(text_, pos, length) == kOrdinal) {
        pos += length;
    }
    if (index + 1 >= runs_.size() || runs_[index + 1].begin != pos ||
        runs_[index + 1].shape != Shape::digits || runs_[index + 1].value_length > 5) {
        return std::nullopt;
    }
    pos = skip_spaces(runs_[index + 1].end);
    if (pos >= text_.size() || utf8::decode_normalised(text_, pos, length) != kNumberSign) {
        return std::nullopt;
    }
    std::size_t end = pos + length;
    // The issuer's abbreviation: up to ten Chinese characters right before the bracket.
    std::size_t begin = open;
    for (int taken = 0; taken < 10 && begin > 0; ++taken) {
        std::size_t before = 0;
        if (!utf8::is_ideograph(code_before(begin, before))) {
            break;
        }
        begin = before;
    }
    if (begin == open) {
        return std::nullopt;  // 【2020】46号 alone names no issuer
    }
    return Candidate{Rule::document_number, begin, end};
}

// (0357)2345678 or (0357) 2345678: the run is the local number.
std::optional<Candidate> IdentifierDetector::match_parenthesised_landline(std::size_t index) const {
    const Run& local = runs_[index];
    if (index == 0 || !is_local_number(value(local))) {
        return std::nullopt;
    }
    const Run& area = runs_[index - 1];
    if (area.shape != Shape::digits || !is_area_code(value(area)) || area.begin == 0) {
        return std::nullopt;
    }
    std::size_t close = 0;
    char32_t before_local = code_before(local.begin, close);
    if (before_local == ' ' && close > 0) {
        before_local = code_before(close, close);
    }
    std::size_t open = 0;
    if (before_local != ')' || area.end != close || code_before(area.begin, open) != '(') {
        return std::nullopt;
    }
    return masked(Rule::landline, open, local.end, local.begin, 0, 4);
}

std::optional<Candidate> IdentifierDetector::match_email(std::size_t at) const {
    // The local part, backwards from the @.
    std::size_t begin = at;
    while (begin > 0) {
        std::size_t before = 0;
        if (!is_email_local_char(code_before(begin, before))) {
            break;
        }
        begin = before;
    }
    std::size_t length = 0;
    while (begin < at && utf8::decode_normalised(text_, begin, length) == '.') {
        begin += length;
    }
    // The domain, forwards; a full stop or hyphen at its end belongs to the sentence.
    std::size_t at_length = 0;
    utf8::decode_normalised(text_, at, at_length);
    std::string domain;
    std::vector<std::size_t> ends;  // where the domain would end after each character
    for (std::size_t pos = at + at_length; pos < text_.size();) {
        char32_t code = utf8::decode_normalised(text_, pos, length);
        if (!is_email_domain_char(code)) {
            break;
        }
        domain += static_cast<char>(code);
        pos += length;
        ends.push_back(pos);
    }
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) {
        domain.pop_back();
        ends.pop_back();
    }
    if (begin == at || domain.empty()) {
        return std::nullopt;
    }
    std::size_t last_dot = domain.rfind('.');
    if (last_dot == std::string::npos || last_dot == 0 || domain.find("..") != domain.npos) {
        return std::nullopt;
    }
    std::string_view top_level = std::string_view(domain).substr(last_dot + 1);
    if (top_level.size() < 2) {
        return std::nullopt;
    }
    for (char c : top_level) {
        if (!is_letter(static_cast<unsigned char>(c))) {
            return std::nullopt;
        }
    }
    Candidate candidate{Rule::email, begin, ends.back()};
    candidate.mask_begin = begin;
    candidate.mask_end = at;
    candidate.keep_first = 1;
    candidate.keep_last = 0;
    return candidate;
}

}  // namespace gongkai::scanner

#include "gongkai/scanner/lexicon.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/sha256.hpp>
#include <gongkai/core/utf8.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace gongkai::scanner {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// The length of the white space (ASCII, U+3000, U+00A0) at the start of `text`.
std::size_t leading_space(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::string_view rest = text.substr(pos);
        if (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\f' ||
            rest[0] == '\v') {
            ++pos;
        } else if (rest.starts_with(kIdeographicSpace)) {
            pos += kIdeographicSpace.size();
        } else if (rest.starts_with(kNoBreakSpace)) {
            pos += kNoBreakSpace.size();
        } else {
            break;
        }
    }
    return pos;
}

std::size_t trailing_space(std::string_view text) {
    std::size_t pos = text.size();
    while (pos > 0) {
        std::string_view head = text.substr(0, pos);
        char last = head.back();
        if (last == ' ' || last == '\t' || last == '\r' || last == '\f' || last == '\v') {
            --pos;
        } else if (head.ends_with(kIdeographicSpace)) {
            pos -= kIdeographicSpace.size();
        } else if (head.ends_with(kNoBreakSpace)) {
            pos -= kNoBreakSpace.size();
        } else {
            break;
        }
    }
    return text.size() - pos;
}

std::string_view trim(std::string_view text) {
    text.remove_prefix(leading_space(text));
    text.remove_suffix(trailing_space(text));
    return text;
}

// Splits a typo line into its words, at runs of white space.
std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> result;
    while (!line.empty()) {
        line.remove_prefix(leading_space(line));
        if (line.empty()) {
            break;
        }
        std::size_t end = 0;
        while (end < line.size() && leading_space(line.substr(end)) == 0) {
            ++end;
        }
        result.push_back(line.substr(0, end));
        line.remove_prefix(end);
    }
    return result;
}

[[noreturn]] void refuse(std::string_view source, std::size_t line, std::string_view why) {
    throw Error(ErrorCode::validation_failed, fmt::format("{}:{}: {}", source, line, why),
                {{"source", source}, {"line", line}});
}

// Calls `handle(line_number, trimmed_line)` for every line that is not blank or a comment.
template <class Handler>
void for_each_entry(std::string_view text, std::string_view source, Handler handle) {
    if (text.starts_with(kByteOrderMark)) {
        text.remove_prefix(kByteOrderMark.size());
    }
    std::size_t number = 0;
    while (!text.empty()) {
        std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++number;
        if (!is_valid_utf8(line)) {
            refuse(source, number, "not valid UTF-8");
        }
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        handle(number, line);
    }
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorCode::validation_failed, "cannot read " + path.string(),
                    {{"source", path.string()}});
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        throw Error(ErrorCode::validation_failed, "cannot read " + path.string(),
                    {{"source", path.string()}});
    }
    return std::move(content).str();
}

// Why an entry cannot be used, or empty.
std::string_view check_entry(std::string_view entry) {
    if (entry.empty()) {
        return "empty entry";
    }
    if (count_code_points(entry) > Lexicon::kMaxTermChars) {
        return "entry longer than 100 characters";
    }
    for (char c : entry) {
        if (c == '\n' || c == '\0') {
            return "control character in entry";
        }
    }
    return {};
}

}  // namespace

Lexicon Lexicon::load(const std::filesystem::path& dir) {
    Lexicon lexicon;
    auto sensitive = dir / kSensitiveFile;
    auto typos = dir / kTyposFile;
    lexicon.parse_sensitive(read_file(sensitive), sensitive.string());
    lexicon.parse_typos(read_file(typos), typos.string());
    return lexicon;
}

Lexicon Lexicon::parse(std::string_view sensitive_text, std::string_view typos_text,
                       std::string_view source) {
    Lexicon lexicon;
    lexicon.parse_sensitive(sensitive_text, fmt::format("{} {}", source, kSensitiveFile));
    lexicon.parse_typos(typos_text, fmt::format("{} {}", source, kTyposFile));
    return lexicon;
}

void Lexicon::parse_sensitive(std::string_view text, std::string_view source) {
    for_each_entry(text, source, [&](std::size_t line, std::string_view term) {
        if (auto problem = check_entry(term); !problem.empty()) {
            refuse(source, line, problem);
        }
        add_sensitive_term(term);
    });
    sensitive_sha256_ = sha256_hex(text);
}

void Lexicon::parse_typos(std::string_view text, std::string_view source) {
    for_each_entry(text, source, [&](std::size_t line, std::string_view entry) {
        auto pair = words(entry);
        if (pair.size() != 2) {
            refuse(source, line, "expected two words: wrong right");
        }
        for (std::string_view word : pair) {
            if (auto problem = check_entry(word); !problem.empty()) {
                refuse(source, line, problem);
            }
        }
        if (pair[0] == pair[1]) {
            refuse(source, line, "the correction is the same as the wrong word");
        }
        auto existing = typo_index_.find(std::string(pair[0]));
        if (existing != typo_index_.end() && typos_[existing->second].right != pair[1]) {
            refuse(source, line, "the same wrong word with another correction");
        }
        add_typo(pair[0], pair[1]);
    });
    typos_sha256_ = sha256_hex(text);
}

void Lexicon::add_sensitive_term(std::string_view term) {
    term = trim(term);
    if (!is_valid_utf8(term)) {
        throw Error(ErrorCode::validation_failed, "sensitive term: not valid UTF-8");
    }
    if (auto problem = check_entry(term); !problem.empty()) {
        throw Error(ErrorCode::validation_failed, "sensitive term: " + std::string(problem));
    }
    if (!sensitive_index_.emplace(term).second) {
        ++duplicates_ignored_;
        return;
    }
    sensitive_terms_.emplace_back(term);
}

void Lexicon::add_typo(std::string_view wrong, std::string_view right) {
    wrong = trim(wrong);
    right = trim(right);
    for (std::string_view word : {wrong, right}) {
        if (!is_valid_utf8(word)) {
            throw Error(ErrorCode::validation_failed, "typo: not valid UTF-8");
        }
        if (auto problem = check_entry(word); !problem.empty()) {
            throw Error(ErrorCode::validation_failed, "typo: " + std::string(problem));
        }
    }
    if (wrong == right) {
        throw Error(ErrorCode::validation_failed, "typo: the correction is the wrong word");
    }
    auto [existing, added] = typo_index_.emplace(std::string(wrong), typos_.size());
    if (!added) {
        if (typos_[existing->second].right != right) {
            throw Error(ErrorCode::validation_failed,
                        "typo: the same wrong word with another correction");
        }
        ++duplicates_ignored_;
        return;
    }
    typos_.push_back({std::string(wrong), std::string(right)});
}

LexiconStats Lexicon::stats() const {
    return {sensitive_terms_.size(), typos_.size(), duplicates_ignored_, sensitive_sha256_,
            typos_sha256_};
}

}  // namespace gongkai::scanner

#include "gongkai/scanner/scanner.hpp"

#include "candidate.hpp"
#include "finding_builder.hpp"
#include "identifier_detector.hpp"
#include "keyword_index.hpp"
#include "literal_matcher.hpp"
#include "marking_detector.hpp"
#include "utf8_cursor.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/array.hpp>
#include <boost/json/kind.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

namespace gongkai::scanner {

namespace {

// What a literal of the matcher is there for; one literal may serve several purposes.
enum class Purpose : std::uint8_t {
    sensitive_term,
    typo,
    internal_marking,
    resident_id_keyword,
    bank_card_keyword,
    passport_keyword,
    secrecy_anchor,  // 密: where a classification marking may end
};

struct PatternUse {
    Purpose purpose;
    std::uint32_t index;  // the typo, for Purpose::typo
};

// Work-secret and internal-use markings (../shared/docs/secrecy-review.md).
constexpr std::string_view kInternalMarkings[] = {
    "内部资料", "注意保存", "内部事项", "注意保管", "内部使用",
    "不得外传", "工作秘密", "内部文件", "仅供内部",
};
constexpr std::string_view kResidentIdKeywords[] = {"身份证", "证件号", "身份号码"};
constexpr std::string_view kBankCardKeywords[] = {"银行卡", "卡号", "账号",   "帐号",  "开户",
                                                  "账户",   "帐户", "信用卡", "借记卡"};
constexpr std::string_view kPassportKeywords[] = {"护照"};
constexpr std::string_view kSecrecyAnchor = "密";

struct Match {
    std::size_t begin;
    std::size_t end;
    std::uint32_t index;
};

// Like grep -o: the leftmost match, the longest one there, then on after its end.
std::vector<Match> leftmost_longest(std::vector<Match> matches) {
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::vector<Match> chosen;
    for (const Match& match : matches) {
        if (chosen.empty() || match.begin >= chosen.back().end) {
            chosen.push_back(match);
        }
    }
    return chosen;
}

template <class Value, class Visitor>
void for_each_string(Value& value, std::string& path, Visitor& visit);

// Visits every string value inside a JSON object with its path (a.b, a[0].c); `Object` and
// the values are const or not alike.
template <class Object, class Visitor>
void for_each_string_in_object(Object& object, std::string& path, Visitor& visit) {
    for (auto& member : object) {
        std::size_t length = path.size();
        if (!path.empty()) {
            path += '.';
        }
        path.append(member.key().data(), member.key().size());
        for_each_string(member.value(), path, visit);
        path.resize(length);
    }
}

template <class Value, class Visitor>
void for_each_string(Value& value, std::string& path, Visitor& visit) {
    if (value.is_object()) {
        for_each_string_in_object(value.as_object(), path, visit);
    } else if (value.is_array()) {
        auto& array = value.as_array();
        for (std::size_t i = 0; i < array.size(); ++i) {
            std::size_t length = path.size();
            path += fmt::format("[{}]", i);
            for_each_string(array[i], path, visit);
            path.resize(length);
        }
    } else if (value.is_string()) {
        visit(path, value.as_string());
    }
}

// `text` with the findings `chosen` (by position, not overlapping) replaced by their masks.
std::string apply_masks(std::string_view text, const std::vector<Finding>& findings,
                        const std::vector<std::string>& masked,
                        const std::vector<std::size_t>& chosen) {
    std::string out;
    out.reserve(text.size());
    std::size_t byte = 0;
    std::size_t code_point = 0;
    auto advance_to = [&](std::size_t target, bool copy) {
        while (code_point < target && byte < text.size()) {
            std::size_t next = utf8::next(text, byte);
            if (copy) {
                out.append(text.substr(byte, next - byte));
            }
            byte = next;
            ++code_point;
        }
    };
    for (std::size_t index : chosen) {
        advance_to(findings[index].start, true);
        out += masked[index];
        advance_to(findings[index].end, false);
    }
    out.append(text.substr(byte));
    return out;
}

}  // namespace

struct Scanner::Compiled {
    FindingIdKey id_key;
    std::vector<std::string> literals;  // normalised
    std::vector<std::vector<PatternUse>> uses;
    std::vector<std::string> corrections;  // the right word of each typo
    std::unique_ptr<LiteralMatcher> matcher;
};

struct Scanner::FieldScan {
    std::vector<Finding> findings;
    std::vector<std::string> masked;  // the masked form of findings[i], if maskable
};

Scanner::Scanner(std::unique_ptr<Compiled> compiled, ScannerSettings settings, LexiconStats stats)
    : compiled_(std::move(compiled)), settings_(std::move(settings)), lexicon_stats_(stats) {}

Scanner::~Scanner() = default;

std::shared_ptr<const Scanner> Scanner::create(const Lexicon& lexicon, ScannerSettings settings) {
    auto compiled = std::make_unique<Compiled>();
    std::unordered_map<std::string, std::uint32_t> literal_index;
    auto add = [&](std::string literal, PatternUse use) {
        auto [it, added] =
            literal_index.emplace(literal, static_cast<std::uint32_t>(compiled->literals.size()));
        if (added) {
            compiled->literals.push_back(std::move(literal));
            compiled->uses.emplace_back();
        }
        compiled->uses[it->second].push_back(use);
    };
    std::set<std::string> internal_markings;
    for (std::string_view marking : kInternalMarkings) {
        internal_markings.insert(utf8::normalised(marking));
        add(utf8::normalised(marking), {Purpose::internal_marking, 0});
    }
    for (std::string_view keyword : kResidentIdKeywords) {
        add(utf8::normalised(keyword), {Purpose::resident_id_keyword, 0});
    }
    for (std::string_view keyword : kBankCardKeywords) {
        add(utf8::normalised(keyword), {Purpose::bank_card_keyword, 0});
    }
    for (std::string_view keyword : kPassportKeywords) {
        add(utf8::normalised(keyword), {Purpose::passport_keyword, 0});
    }
    add(utf8::normalised(kSecrecyAnchor), {Purpose::secrecy_anchor, 0});
    for (const std::string& term : lexicon.sensitive_terms()) {
        std::string literal = utf8::normalised(term);
        // A built-in marking listed again as a term would ask the reviewer twice.
        if (!internal_markings.contains(literal)) {
            add(std::move(literal), {Purpose::sensitive_term, 0});
        }
    }
    for (const TypoPair& typo : lexicon.typos()) {
        auto index = static_cast<std::uint32_t>(compiled->corrections.size());
        compiled->corrections.push_back(typo.right);
        add(utf8::normalised(typo.wrong), {Purpose::typo, index});
    }
    compiled->matcher = std::make_unique<LiteralMatcher>(compiled->literals);
    compiled->id_key = FindingIdKey::derive(settings.finding_id_key);
    return std::shared_ptr<const Scanner>(
        new Scanner(std::move(compiled), std::move(settings), lexicon.stats()));
}

Scanner::FieldScan Scanner::scan_field(std::string_view text, std::string_view field,
                                       std::chrono::year_month_day today) const {
    if (text.size() > settings_.max_field_bytes) {
        throw Error(ErrorCode::too_large,
                    fmt::format("field {} has {} bytes, more than the {} scanned", field,
                                text.size(), settings_.max_field_bytes),
                    {{"field", field}, {"bytes", text.size()}});
    }
    // One pass over the text: UTF-8 validation, every literal (lexicon terms, built-in words,
    // keywords, the 密 anchors) and where letters and digits start, for the identifiers.
    auto pass = compiled_->matcher->scan(text);
    if (pass.invalid_byte) {
        throw Error(ErrorCode::validation_failed,
                    fmt::format("field {} is not valid UTF-8 (byte {})", field, *pass.invalid_byte),
                    {{"field", field}, {"byte_offset", *pass.invalid_byte}});
    }

    KeywordIndex keywords(text, settings_.keyword_window_chars);
    MarkingDetector markings(text);
    std::vector<Match> sensitive_terms;
    std::vector<Match> typos;
    std::vector<Match> internal_markings;
    for (const LiteralHit& hit : pass.hits) {
        const std::size_t begin = hit.begin;
        for (const PatternUse& use : compiled_->uses[hit.pattern]) {
            switch (use.purpose) {
                case Purpose::sensitive_term:
                    sensitive_terms.push_back({begin, hit.end, 0});
                    break;
                case Purpose::typo:
                    typos.push_back({begin, hit.end, use.index});
                    break;
                case Purpose::internal_marking:
                    internal_markings.push_back({begin, hit.end, 0});
                    break;
                case Purpose::resident_id_keyword:
                    keywords.add(KeywordClass::resident_id, begin, hit.end);
                    break;
                case Purpose::bank_card_keyword:
                    keywords.add(KeywordClass::bank_card, begin, hit.end);
                    break;
                case Purpose::passport_keyword:
                    keywords.add(KeywordClass::passport, begin, hit.end);
                    break;
                case Purpose::secrecy_anchor:
                    markings.inspect(begin);
                    break;
            }
        }
    }
    keywords.finish();

    std::vector<Candidate> candidates;
    for (const Match& match : leftmost_longest(std::move(sensitive_terms))) {
        candidates.push_back({Rule::sensitive_term, match.begin, match.end});
    }
    for (const Match& match : leftmost_longest(std::move(typos))) {
        Candidate candidate{Rule::typo, match.begin, match.end};
        candidate.suggestion = compiled_->corrections[match.index];
        candidates.push_back(candidate);
    }
    for (const Match& match : leftmost_longest(std::move(internal_markings))) {
        candidates.push_back({Rule::internal_marking, match.begin, match.end});
    }
    markings.emit(candidates);
    IdentifierDetector(text, keywords, today, pass.word_starts).detect(candidates);

    FindingBuilder builder(text, field, compiled_->id_key, settings_.excerpt_context_chars);
    auto built = builder.build(std::move(candidates));
    return {std::move(built.findings), std::move(built.masked)};
}

namespace {

[[noreturn]] void throw_not_content(const boost::json::value& content) {
    throw Error(ErrorCode::bad_request,
                fmt::format("scan: content must be an object or a string, not {}",
                            boost::json::to_string(content.kind())));
}

}  // namespace

ScanResult Scanner::scan(const boost::json::value& content,
                         std::chrono::year_month_day today) const {
    if (content.is_object()) {
        return scan_content(content.get_object(), today);
    }
    if (content.is_string()) {
        const boost::json::string& text = content.get_string();
        return scan_text(std::string_view(text.data(), text.size()), kTextField, today);
    }
    throw_not_content(content);
}

boost::json::value Scanner::redact(const boost::json::value& content,
                                   std::span<const std::string> finding_ids,
                                   std::chrono::year_month_day today) const {
    if (content.is_object()) {
        return redact_content(content.get_object(), finding_ids, today);
    }
    if (content.is_string()) {
        const boost::json::string& text = content.get_string();
        return boost::json::string(redact_text(std::string_view(text.data(), text.size()),
                                               kTextField, finding_ids, today));
    }
    throw_not_content(content);
}

ScanResult Scanner::scan_text(std::string_view text, std::string_view field,
                              std::chrono::year_month_day today) const {
    return {scan_field(text, field, today).findings};
}

ScanResult Scanner::scan_content(const boost::json::object& content,
                                 std::chrono::year_month_day today) const {
    ScanResult result;
    std::string path;
    auto visit = [&](const std::string& field, const boost::json::string& text) {
        auto scan = scan_field(std::string_view(text.data(), text.size()), field, today);
        result.append({std::move(scan.findings)});
    };
    for_each_string_in_object(content, path, visit);
    return result;
}

namespace {

// Which findings the ids name; throws if any id is unknown or not an identifier.
template <class Scans>
std::vector<std::vector<std::size_t>> choose(const Scans& scans,
                                             std::span<const std::string> finding_ids) {
    std::map<std::string_view, std::pair<std::size_t, std::size_t>> by_id;
    for (std::size_t s = 0; s < scans.size(); ++s) {
        for (std::size_t f = 0; f < scans[s].findings.size(); ++f) {
            by_id.emplace(scans[s].findings[f].id, std::pair(s, f));
        }
    }
    std::set<std::string> unknown;
    std::set<std::string> not_maskable;
    std::vector<std::set<std::size_t>> chosen(scans.size());
    for (const std::string& id : finding_ids) {
        auto it = by_id.find(id);
        if (it == by_id.end()) {
            unknown.insert(id);
        } else if (!is_maskable(scans[it->second.first].findings[it->second.second].rule)) {
            not_maskable.insert(id);
        } else {
            chosen[it->second.first].insert(it->second.second);
        }
    }
    if (!unknown.empty() || !not_maskable.empty()) {
        boost::json::array unknown_ids(unknown.begin(), unknown.end());
        boost::json::array not_maskable_ids(not_maskable.begin(), not_maskable.end());
        throw Error(ErrorCode::validation_failed,
                    fmt::format("cannot redact: {} unknown finding ids, {} not identifiers",
                                unknown.size(), not_maskable.size()),
                    {{"unknown_finding_ids", std::move(unknown_ids)},
                     {"not_maskable_finding_ids", std::move(not_maskable_ids)}});
    }
    // By position; an identifier inside one already masked (a mobile number that is the
    // local part of an e-mail address) is covered by it.
    std::vector<std::vector<std::size_t>> result(scans.size());
    for (std::size_t s = 0; s < scans.size(); ++s) {
        std::vector<std::size_t> sorted(chosen[s].begin(), chosen[s].end());
        std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
            const Finding& x = scans[s].findings[a];
            const Finding& y = scans[s].findings[b];
            return x.start != y.start ? x.start < y.start : x.end > y.end;
        });
        std::size_t covered_to = 0;
        for (std::size_t index : sorted) {
            const Finding& finding = scans[s].findings[index];
            if (result[s].empty() || finding.start >= covered_to) {
                result[s].push_back(index);
                covered_to = finding.end;
            }
        }
    }
    return result;
}

}  // namespace

std::string Scanner::redact_text(std::string_view text, std::string_view field,
                                 std::span<const std::string> finding_ids,
                                 std::chrono::year_month_day today) const {
    std::vector<FieldScan> scans;
    scans.push_back(scan_field(text, field, today));
    auto chosen = choose(scans, finding_ids);
    return apply_masks(text, scans[0].findings, scans[0].masked, chosen[0]);
}

boost::json::object Scanner::redact_content(const boost::json::object& content,
                                            std::span<const std::string> finding_ids,
                                            std::chrono::year_month_day today) const {
    boost::json::object copy(content);
    std::vector<boost::json::string*> strings;
    std::vector<FieldScan> scans;
    std::string path;
    auto visit = [&](const std::string& field, boost::json::string& text) {
        strings.push_back(&text);
        scans.push_back(scan_field(std::string_view(text.data(), text.size()), field, today));
    };
    for_each_string_in_object(copy, path, visit);
    auto chosen = choose(scans, finding_ids);
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (!chosen[i].empty()) {
            std::string_view text(strings[i]->data(), strings[i]->size());
            *strings[i] = apply_masks(text, scans[i].findings, scans[i].masked, chosen[i]);
        }
    }
    return copy;
}

}  // namespace gongkai::scanner

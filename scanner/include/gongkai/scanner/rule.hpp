#pragma once

// The rules (detectors) of the scanner with their fixed severities and wire names. Overview of
// the library: scanner.hpp; the table of what each rule matches: docs/scanner.md.

#include <optional>
#include <span>
#include <string_view>

namespace gongkai::scanner {

// What a finding means for the workflow.
enum class Severity {
    block,   // cannot be submitted at all (涉密信息不上网)
    review,  // the secrecy reviewer must decide on it before pass_review
    info,    // listed for the reviewer, no decision needed
};

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// The detectors. Each has a fixed severity (severity_of); the wire name is to_string().
enum class Rule {
    classification_marking,  // block: 秘密★1年, 机密★, 秘 密 alone on a line, 密级：秘密
    internal_marking,        // review: 内部资料, 注意保存, 工作秘密, ...
    resident_id,           // review: 18-digit (checksum, date, province) or 15-digit near a keyword
    mobile_number,         // review: 1[3-9] + 9 digits, optional +86/0086/86, 3-4-4 grouping
    bank_card,             // review: 16–19 digits, Luhn, near a keyword
    passport,              // review: E/G passport numbers near 护照
    sensitive_term,        // review: a term of the sensitive-term lexicon
    typo,                  // info: confusion dictionary, with the correction as suggestion
    document_number,       // info: issuer〔YYYY〕N号
    credit_code,           // info: unified social credit code (GB 32100 checksum)
    landline,              // info: area code + local number
    email,                 // info
    declassified_marking,  // info: a classification marking next to 解密
};

std::string_view to_string(Rule rule);
std::optional<Rule> parse_rule(std::string_view text);
Severity severity_of(Rule rule);
// The Chinese names reviewers read: 手机号码, 密级标志, ...; 禁止发布, 须审查处置, 提示.
std::string_view label(Rule rule);
std::string_view label(Severity severity);
// Rules whose match is an identifier with a masked form (the excerpt shows it masked and
// redaction can replace it). The others (markings, terms, typos, document numbers) are words.
bool is_maskable(Rule rule);
std::span<const Rule> all_rules();

}  // namespace gongkai::scanner

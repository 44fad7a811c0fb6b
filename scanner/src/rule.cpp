#include "gongkai/scanner/rule.hpp"

#include <array>

namespace gongkai::scanner {

namespace {

struct RuleInfo {
    Rule rule;
    std::string_view name;
    std::string_view label;  // what reviewers read (the review record, the workbench)
    Severity severity;
    bool maskable;
};

constexpr std::array kRules{
    RuleInfo{Rule::classification_marking, "classification_marking", "密级标志", Severity::block,
             false},
    RuleInfo{Rule::internal_marking, "internal_marking", "工作秘密或内部标志", Severity::review,
             false},
    RuleInfo{Rule::resident_id, "resident_id", "居民身份证号码", Severity::review, true},
    RuleInfo{Rule::mobile_number, "mobile_number", "手机号码", Severity::review, true},
    RuleInfo{Rule::bank_card, "bank_card", "银行卡号", Severity::review, true},
    RuleInfo{Rule::passport, "passport", "护照号码", Severity::review, true},
    RuleInfo{Rule::sensitive_term, "sensitive_term", "敏感词", Severity::review, false},
    RuleInfo{Rule::typo, "typo", "疑似错别字", Severity::info, false},
    RuleInfo{Rule::document_number, "document_number", "文号", Severity::info, false},
    RuleInfo{Rule::credit_code, "credit_code", "统一社会信用代码", Severity::info, true},
    RuleInfo{Rule::landline, "landline", "固定电话", Severity::info, true},
    RuleInfo{Rule::email, "email", "电子邮箱", Severity::info, true},
    RuleInfo{Rule::declassified_marking, "declassified_marking", "解密标志", Severity::info, false},
};

constexpr std::array kAllRules = [] {
    std::array<Rule, kRules.size()> rules{};
    for (std::size_t i = 0; i < kRules.size(); ++i) {
        rules[i] = kRules[i].rule;
    }
    return rules;
}();

const RuleInfo& info(Rule rule) {
    // The table is in enum order (checked below), so the enum value is the index.
    return kRules[static_cast<std::size_t>(rule)];
}

constexpr bool table_in_enum_order() {
    for (std::size_t i = 0; i < kRules.size(); ++i) {
        if (static_cast<std::size_t>(kRules[i].rule) != i) {
            return false;
        }
    }
    return true;
}
static_assert(table_in_enum_order());

}  // namespace

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::block:
            return "block";
        case Severity::review:
            return "review";
        case Severity::info:
            return "info";
    }
    return "info";
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (Severity severity : {Severity::block, Severity::review, Severity::info}) {
        if (to_string(severity) == text) {
            return severity;
        }
    }
    return std::nullopt;
}

std::string_view to_string(Rule rule) {
    return info(rule).name;
}

std::optional<Rule> parse_rule(std::string_view text) {
    for (const RuleInfo& rule : kRules) {
        if (rule.name == text) {
            return rule.rule;
        }
    }
    return std::nullopt;
}

Severity severity_of(Rule rule) {
    return info(rule).severity;
}

std::string_view label(Rule rule) {
    return info(rule).label;
}

std::string_view label(Severity severity) {
    switch (severity) {
        case Severity::block:
            return "禁止发布";
        case Severity::review:
            return "须审查处置";
        case Severity::info:
            return "提示";
    }
    return "提示";
}

bool is_maskable(Rule rule) {
    return info(rule).maskable;
}

std::span<const Rule> all_rules() {
    return kAllRules;
}

}  // namespace gongkai::scanner

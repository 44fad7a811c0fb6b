#include "gongkai/scanner/rule.hpp"

#include <array>

namespace gongkai::scanner {

namespace {

struct RuleInfo {
    Rule rule;
    std::string_view name;
    Severity severity;
    bool maskable;
};

constexpr std::array kRules{
    RuleInfo{Rule::classification_marking, "classification_marking", Severity::block, false},
    RuleInfo{Rule::internal_marking, "internal_marking", Severity::review, false},
    RuleInfo{Rule::resident_id, "resident_id", Severity::review, true},
    RuleInfo{Rule::mobile_number, "mobile_number", Severity::review, true},
    RuleInfo{Rule::bank_card, "bank_card", Severity::review, true},
    RuleInfo{Rule::passport, "passport", Severity::review, true},
    RuleInfo{Rule::sensitive_term, "sensitive_term", Severity::review, false},
    RuleInfo{Rule::typo, "typo", Severity::info, false},
    RuleInfo{Rule::document_number, "document_number", Severity::info, false},
    RuleInfo{Rule::credit_code, "credit_code", Severity::info, true},
    RuleInfo{Rule::landline, "landline", Severity::info, true},
    RuleInfo{Rule::email, "email", Severity::info, true},
    RuleInfo{Rule::declassified_marking, "declassified_marking", Severity::info, false},
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

bool is_maskable(Rule rule) {
    return info(rule).maskable;
}

std::span<const Rule> all_rules() {
    return kAllRules;
}

}  // namespace gongkai::scanner

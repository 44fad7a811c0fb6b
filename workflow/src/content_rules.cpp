#include "gongkai/workflow/content_rules.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace gongkai::workflow {

namespace {

// A notice (an ordinary disclosure item): a body and a few optional catalogue fields.
constexpr std::string_view kNoticeFields[] = {"body", "summary", "doc_number", "category",
                                              "effective_date"};

boost::json::object problem(std::string_view path, std::string message) {
    return {{"rule", "schema"}, {"path", path}, {"message", std::move(message)}};
}

ContentCheck check_notice(const boost::json::object& content) {
    ContentCheck check;
    for (const auto& member : content) {
        auto key = member.key();
        if (std::find(std::begin(kNoticeFields), std::end(kNoticeFields), key) ==
            std::end(kNoticeFields)) {
            check.errors.push_back(problem(key, fmt::format("未知字段“{}”", std::string(key))));
        } else if (!member.value().is_string()) {
            check.errors.push_back(problem(key, fmt::format("字段“{}”必须是文本", std::string(key))));
        }
    }
    if (auto date = content.if_contains("effective_date"); date && date->is_string()) {
        auto text = date->get_string();
        if (text.size() != 10 || !parse_iso8601(text)) {
            check.errors.push_back(
                problem("effective_date", "生效日期必须是 YYYY-MM-DD 格式的有效日期"));
        }
    }
    return check;
}

}  // namespace

ContentRules::ContentRules(std::shared_ptr<const annual::AnnualReports> annual,
                           std::shared_ptr<scanner::ScannerHolder> scanner)
    : annual_(std::move(annual)), scanner_(std::move(scanner)) {}

std::optional<boost::json::object> ContentRules::scan(const boost::json::object& content,
                                                      std::chrono::year_month_day today) const {
    if (scanner_ == nullptr) return std::nullopt;
    return scanner::to_json(scanner_->current()->scan_content(content, today));
}

void ContentRules::add_blocking_findings(const boost::json::object& content,
                                         std::chrono::year_month_day today,
                                         ContentCheck& check) const {
    if (scanner_ == nullptr) return;
    for (const auto& finding : scanner_->current()->scan_content(content, today).findings) {
        if (finding.severity != scanner::Severity::block) continue;
        boost::json::object problem{
            {"rule", "secrecy"},
            {"path", finding.field},
            {"message", fmt::format("发现密级标志（第 {} 个字处：{}），涉密信息不得上网，请删除后再提交",
                                    finding.start + 1, finding.excerpt)},
            {"finding", scanner::to_json(finding)}};
        check.errors.push_back(std::move(problem));
    }
}

bool ContentRules::knows_kind(std::string_view kind) const {
    return kind == "notice" || (kind == "annual_report" && annual_ != nullptr);
}

void ContentRules::check_storable(std::string_view kind,
                                  const boost::json::object& content) const {
    ContentCheck check;
    if (kind == "notice") {
        check = check_notice(content);
    } else if (kind == "annual_report" && annual_ != nullptr) {
        // Only the shape matters for a draft; the arithmetic is for submission.
        auto draft = annual_->check_draft(content);
        check.errors = std::move(draft.at("errors").as_array());
    }
    if (!check.ok()) {
        throw Error(ErrorCode::validation_failed, "内容格式不正确",
                    {{"errors", std::move(check.errors)}});
    }
}

ContentCheck ContentRules::validate(std::string_view kind, const boost::json::object& content,
                                    const boost::json::object* previous_year) const {
    if (kind == "annual_report" && annual_ != nullptr) {
        auto result = annual_->check(content, previous_year);
        return {result.errors_json(), result.warnings_json()};
    }
    if (kind != "notice") {
        return {};
    }
    auto check = check_notice(content);
    auto body = content.if_contains("body");
    if (body == nullptr || !body->is_string() ||
        body->get_string().find_first_not_of(" \t\r\n") == boost::json::string::npos) {
        check.errors.push_back(problem("body", "正文不能为空"));
    }
    return check;
}

}  // namespace gongkai::workflow

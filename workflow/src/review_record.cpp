#include "gongkai/workflow/review_record.hpp"

#include <gongkai/core/clock.hpp>
#include <gongkai/core/html.hpp>
#include <gongkai/scanner/rule.hpp>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <map>

namespace gongkai::workflow {

namespace {

struct ChecklistItemLabel {
    std::string_view key;
    std::string_view label;
};

// The wording of the review form; the keys are kChecklistItems.
constexpr ChecklistItemLabel kChecklistLabels[] = {
    {"state_secret", "是否涉及国家秘密"},
    {"work_secret", "是否涉及工作秘密"},
    {"personal_info", "是否涉及个人隐私或个人信息"},
    {"commercial_secret", "是否涉及商业秘密"},
    {"security_stability", "是否可能危及国家安全、公共安全、经济安全和社会稳定"},
};

std::string_view text_of(const boost::json::value* value) {
    return value != nullptr && value->is_string() ? std::string_view(value->get_string())
                                                  : std::string_view();
}

std::string_view decision_label(std::string_view decision) {
    return decision == "keep" ? "保留（可以公开）" : "须修改";
}

std::string_view status_label(std::string_view status) {
    if (status == "in_review") return "审查中";
    if (status == "passed") return "已通过保密审查";
    if (status == "returned") return "已退回修改";
    if (status == "withdrawn") return "已撤回";
    return "未提交审查";
}

// The newest decision on the revision says where its review stands.
std::string review_status(std::span<const storage::DecisionRecord> decisions) {
    if (decisions.empty()) return "not_submitted";
    const auto& newest = decisions.back();
    if (newest.action == "withdraw") return "withdrawn";
    if (newest.action == "return") return "returned";
    for (const auto& decision : decisions) {
        if (decision.checklist) return "passed";
    }
    return "in_review";
}

boost::json::value checklist_json(std::span<const storage::DecisionRecord> decisions) {
    for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
        if (!it->checklist) continue;
        auto answers = boost::json::parse(*it->checklist).as_object();
        boost::json::array items;
        for (auto item : kChecklistItems) {
            auto answer = answers.if_contains(item);
            items.push_back({{"key", item},
                             {"label", checklist_label(item)},
                             {"value", answer != nullptr && answer->is_bool()
                                           ? boost::json::value(answer->get_bool())
                                           : boost::json::value(nullptr)}});
        }
        return boost::json::object{{"items", std::move(items)},
                                   {"by", it->actor_username},
                                   {"by_name", it->actor_display_name},
                                   {"at", it->created_at},
                                   {"action", it->action}};
    }
    return nullptr;
}

}  // namespace

std::string_view checklist_label(std::string_view item) {
    for (const auto& entry : kChecklistLabels) {
        if (entry.key == item) return entry.label;
    }
    return item;
}

boost::json::object disposition_json(const storage::DispositionRecord& disposition) {
    return {{"decision", disposition.decision}, {"note", disposition.note},
            {"by", disposition.actor_username}, {"by_name", disposition.actor_display_name},
            {"at", disposition.created_at},     {"audit_seq", disposition.audit_seq}};
}

ReviewedScan review_scan(boost::json::object scan, std::string_view scanned_at,
                         std::span<const storage::DispositionRecord> dispositions) {
    std::map<std::string_view, const storage::DispositionRecord*> newest;
    for (const auto& disposition : dispositions) {
        newest[disposition.finding_id] = &disposition;  // oldest first: the last one wins
    }
    ReviewedScan out;
    auto findings = scan.if_contains("findings");
    if (findings != nullptr && findings->is_array()) {
        for (auto& value : findings->get_array()) {
            auto& finding = value.as_object();
            std::string id(text_of(finding.if_contains("id")));
            auto decided = newest.find(id);
            if (decided != newest.end()) {
                finding["disposition"] = disposition_json(*decided->second);
                if (decided->second->decision == "must_fix") out.must_fix.push_back(id);
            } else if (text_of(finding.if_contains("severity")) == "review") {
                out.undecided.push_back(id);
            }
        }
    }
    scan["scanned_at"] = scanned_at;
    scan["pending"] = out.undecided.size();
    scan["must_fix"] = out.must_fix.size();
    out.scan = std::move(scan);
    return out;
}

boost::json::object review_record_json(const ReviewRecordInput& input) {
    boost::json::object report{{"id", input.report.id},     {"title", input.report.title},
                               {"org", input.report.org},   {"org_name", input.org_name},
                               {"kind", input.report.kind}, {"state", input.report.state}};
    if (input.report.year) report["year"] = *input.report.year;
    boost::json::array decisions;
    for (const auto& decision : input.decisions) {
        const Transition* transition = input.workflow.find(decision.action, decision.from_state);
        decisions.push_back({{"action", decision.action},
                             {"label", transition ? transition->label : decision.action},
                             {"from_state", decision.from_state},
                             {"to_state", decision.to_state},
                             {"by", decision.actor_username},
                             {"by_name", decision.actor_display_name},
                             {"at", decision.created_at},
                             {"comment", decision.comment ? boost::json::value(*decision.comment)
                                                          : boost::json::value(nullptr)},
                             {"audit_seq", decision.audit_seq}});
    }
    return {{"report", std::move(report)},
            {"revision",
             {{"revision", input.revision.revision},
              {"content_sha256", input.revision.content_sha256},
              {"author", input.revision.author_username},
              {"created_at", input.revision.created_at}}},
            {"scan", input.scan.scan},
            {"checklist", checklist_json(input.decisions)},
            {"decisions", std::move(decisions)},
            {"status", review_status(input.decisions)},
            {"generated_at", input.generated_at}};
}

namespace {

// Appends the escaped text of a JSON string member (empty for anything else).
void put(std::string& out, const boost::json::object& object, std::string_view key) {
    append_html_escaped(out, text_of(object.if_contains(key)));
}

// The person who acted: the name people sign with, then the account (names repeat, and the
// account is what the audit log records).
void put_person(std::string& out, const boost::json::object& object) {
    auto name = text_of(object.if_contains("by_name"));
    auto account = text_of(object.if_contains("by"));
    if (name.empty() || name == account) {
        append_html_escaped(out, account);
        return;
    }
    append_html_escaped(out, name);
    out += "（";
    append_html_escaped(out, account);
    out += "）";
}

// A timestamp of the record, printed in Beijing time for the people who sign the form (the
// JSON keeps UTC, like every timestamp of the API).
void put_time(std::string& out, const boost::json::object& object, std::string_view key) {
    append_html_escaped(out, beijing_time_text(text_of(object.if_contains(key))));
}

std::string number_text(const boost::json::value* value) {
    if (value == nullptr) return {};
    if (value->is_int64()) return std::to_string(value->get_int64());
    if (value->is_uint64()) return std::to_string(value->get_uint64());
    return {};
}

void render_findings(std::string& out, const boost::json::object& scan) {
    out += "<h2>二、保密审查扫描发现及处置</h2>\n";
    const auto* findings = scan.if_contains("findings");
    if (findings == nullptr || !findings->is_array() || findings->get_array().empty()) {
        out += "<p>扫描未发现需要提示的内容。</p>\n";
        return;
    }
    out +=
        "<table class=\"findings\"><thead><tr><th>序号</th><th>类别</th><th>级别</th>"
        "<th>位置</th><th>摘录（已遮盖）</th><th>处置</th><th>说明</th><th>处置人</th>"
        "</tr></thead><tbody>\n";
    std::size_t number = 0;
    for (const auto& value : findings->get_array()) {
        const auto& finding = value.as_object();
        auto rule = scanner::parse_rule(text_of(finding.if_contains("rule")));
        auto severity = scanner::parse_severity(text_of(finding.if_contains("severity")));
        out += fmt::format("<tr class=\"{}\"><td>{}</td><td>",
                           text_of(finding.if_contains("severity")), ++number);
        append_html_escaped(out,
                            rule ? scanner::label(*rule) : text_of(finding.if_contains("rule")));
        out += "</td><td>";
        append_html_escaped(out, severity ? scanner::label(*severity) : "");
        out += "</td><td>";
        put(out, finding, "field");
        out += fmt::format(" 第{}–{}字", number_text(finding.if_contains("start")),
                           number_text(finding.if_contains("end")));
        out += "</td><td>";
        put(out, finding, "excerpt");
        if (auto suggestion = text_of(finding.if_contains("suggestion")); !suggestion.empty()) {
            out += "（建议改为“";
            append_html_escaped(out, suggestion);
            out += "”）";
        }
        out += "</td>";
        const auto* disposition = finding.if_contains("disposition");
        if (disposition != nullptr && disposition->is_object()) {
            const auto& decided = disposition->get_object();
            out += "<td>";
            append_html_escaped(out, decision_label(text_of(decided.if_contains("decision"))));
            out += "</td><td>";
            put(out, decided, "note");
            out += "</td><td>";
            put_person(out, decided);
            out += "<br>";
            put_time(out, decided, "at");
            out += "</td>";
        } else if (severity == scanner::Severity::review) {
            out += "<td class=\"pending\">未处置</td><td></td><td></td>";
        } else {
            out += "<td>无需处置</td><td></td><td></td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
}

void render_checklist(std::string& out, const boost::json::value& checklist) {
    out += "<h2>三、保密审查清单</h2>\n";
    if (!checklist.is_object()) {
        out += "<p>尚未填写（审查通过时填写）。</p>\n";
        return;
    }
    const auto& filled = checklist.get_object();
    out += "<table class=\"checklist\"><tbody>\n";
    for (const auto& value : filled.at("items").as_array()) {
        const auto& item = value.as_object();
        const auto& answer = item.at("value");
        out += "<tr><th>";
        put(out, item, "label");
        out += "</th><td>";
        out += answer.is_bool() ? (answer.get_bool() ? "是" : "否") : "未填写";
        out += "</td></tr>\n";
    }
    out += "</tbody></table>\n<p>填写人：";
    put_person(out, filled);
    out += "　时间：";
    put_time(out, filled, "at");
    out += "</p>\n";
}

void render_decisions(std::string& out, const boost::json::array& decisions) {
    out += "<h2>四、本版本的流转记录</h2>\n";
    if (decisions.empty()) {
        out += "<p>本版本尚未提交。</p>\n";
        return;
    }
    out +=
        "<table class=\"decisions\"><thead><tr><th>操作</th><th>办理人</th><th>时间</th>"
        "<th>意见</th></tr></thead><tbody>\n";
    for (const auto& value : decisions) {
        const auto& decision = value.as_object();
        out += "<tr><td>";
        put(out, decision, "label");
        out += "</td><td>";
        put_person(out, decision);
        out += "</td><td>";
        put_time(out, decision, "at");
        out += "</td><td>";
        put(out, decision, "comment");
        out += "</td></tr>\n";
    }
    out += "</tbody></table>\n";
}

constexpr std::string_view kStyle = R"(<style>
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "FangSong", "仿宋", "Noto Serif CJK SC", serif; font-size: 12pt;
       max-width: 190mm; margin: 0 auto; color: #000; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; }
h2 { font-size: 13pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; text-align: left; }
td.pending { font-weight: bold; }
.signature { margin-top: 2.5em; display: flex; justify-content: space-between; }
</style>)";

}  // namespace

std::string render_review_record_html(const boost::json::object& record) {
    const auto& report = record.at("report").as_object();
    const auto& revision = record.at("revision").as_object();
    const auto& scan = record.at("scan").as_object();
    std::string out;
    out.reserve(8192);
    out +=
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>保密审查单 "
        "— ";
    put(out, report, "title");
    out += "</title>\n";
    out += kStyle;
    out +=
        "\n</head><body>\n<h1>信息公开保密审查单</h1>\n<h2>一、基本情况</h2>\n"
        "<table class=\"summary\"><tbody>\n<tr><th>报告名称</th><td colspan=\"3\">";
    put(out, report, "title");
    out += "</td></tr>\n<tr><th>发布单位</th><td>";
    put(out, report, "org_name");
    out += fmt::format("</td><th>报告编号</th><td>{}</td></tr>\n",
                       number_text(report.if_contains("id")));
    out += fmt::format("<tr><th>审查版本</th><td>第 {} 版（",
                       number_text(revision.if_contains("revision")));
    put(out, revision, "author");
    out += "，";
    put_time(out, revision, "created_at");
    out += "）</td><th>审查状态</th><td>";
    append_html_escaped(out, status_label(text_of(record.if_contains("status"))));
    out += "</td></tr>\n<tr><th>内容指纹（SHA-256）</th><td colspan=\"3\"><code>";
    put(out, revision, "content_sha256");
    out += "</code></td></tr>\n";
    const auto& counts = scan.at("counts").as_object();
    out += fmt::format(
        "<tr><th>扫描结果</th><td colspan=\"3\">禁止发布 {} 项，须审查处置 {} 项（未处置 {} 项，"
        "须修改 {} 项），提示 {} 项；扫描时间 ",
        number_text(counts.if_contains("block")), number_text(counts.if_contains("review")),
        number_text(scan.if_contains("pending")), number_text(scan.if_contains("must_fix")),
        number_text(counts.if_contains("info")));
    put_time(out, scan, "scanned_at");
    out += "</td></tr>\n</tbody></table>\n";
    render_findings(out, scan);
    render_checklist(out, record.at("checklist"));
    render_decisions(out, record.at("decisions").as_array());
    out +=
        "<div class=\"signature\"><span>保密审查人（签字）：＿＿＿＿＿＿</span>"
        "<span>日期：＿＿＿＿年＿＿月＿＿日</span></div>\n<p><small>本审查单由 Gongkai 于 ";
    put_time(out, record, "generated_at");
    out += " 生成；处置及决定均记入审计日志，可核验。</small></p>\n</body></html>\n";
    return out;
}

}  // namespace gongkai::workflow

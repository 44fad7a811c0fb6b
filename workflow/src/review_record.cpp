#include "gongkai/workflow/review_record.hpp"

#include <gongkai/annual/path_labels.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/html.hpp>
#include <gongkai/scanner/rule.hpp>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <algorithm>
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

namespace {

std::string_view role_name(Role role) {
    switch (role) {
        case Role::drafter:
            return "起草人";
        case Role::reviewer:
            return "保密审查人";
        case Role::leader:
            return "分管领导";
        case Role::auditor:
            return "审计人员";
        case Role::admin:
            return "系统管理员";
    }
    return "";
}

// The roles a transition's `who` names (actor_of:ACTION: the roles of that action).
void roles_of(const Workflow& workflow, const Transition& transition, std::vector<Role>& out,
              int depth = 0) {
    for (const auto& participant : transition.who) {
        if (participant.kind != Participant::Kind::actor_of) {
            if (std::find(out.begin(), out.end(), participant.role) == out.end()) {
                out.push_back(participant.role);
            }
        } else if (depth < 3) {
            for (const auto& other : workflow.transitions()) {
                if (other.action == participant.action) roles_of(workflow, other, out, depth + 1);
            }
        }
    }
}

std::string_view kind_label(std::string_view kind) {
    if (kind == "annual_report") return "政府信息公开工作年度报告";
    if (kind == "notice") return "通知公告";
    return "信息";
}

const boost::json::object* finding_in(const std::map<std::int64_t, boost::json::object>& scans,
                                      std::int64_t revision, std::string_view id) {
    auto scan = scans.find(revision);
    if (scan == scans.end()) return nullptr;
    const auto* findings = scan->second.if_contains("findings");
    if (findings == nullptr || !findings->is_array()) return nullptr;
    for (const auto& value : findings->get_array()) {
        if (value.is_object() && text_of(value.get_object().if_contains("id")) == id) {
            return &value.get_object();
        }
    }
    return nullptr;
}

// What a finding is and where, in the words of the form: {finding_id, rule, rule_label,
// place}.
boost::json::object finding_summary(const ReviewRecordInput& input, std::int64_t revision,
                                    std::string_view id, std::string_view rule_hint) {
    const auto* finding = finding_in(input.scans, revision, id);
    std::string rule(finding ? text_of(finding->if_contains("rule")) : rule_hint);
    auto parsed = scanner::parse_rule(rule);
    return {{"finding_id", id},
            {"rule", rule},
            {"rule_label", parsed ? scanner::label(*parsed) : std::string_view("扫描发现")},
            {"place", content_place_label(
                          input.report.kind, input.annual_template,
                          finding ? text_of(finding->if_contains("field")) : std::string_view())}};
}

struct Event {
    std::int64_t seq = 0;
    boost::json::object json;
};

}  // namespace

std::string content_place_label(std::string_view kind,
                                const annual::ReportTemplate* annual_template,
                                std::string_view path) {
    static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
        {"title", "标题"},   {"doc_number", "文号"}, {"category", "类别"},
        {"summary", "摘要"}, {"body", "正文"},       {"effective_date", "生效日期"},
    };
    for (const auto& [key, label] : kFields) {
        if (key == path) return std::string(label);
    }
    if (kind == "annual_report" && annual_template != nullptr) {
        return annual::path_label(*annual_template, path);
    }
    return "其他内容";
}

boost::json::object review_record_json(const ReviewRecordInput& input) {
    const Workflow& workflow = input.workflow;
    boost::json::object report{
        {"id", input.report.id},       {"title", input.report.title},
        {"org", input.report.org},     {"org_name", input.org_name},
        {"kind", input.report.kind},   {"kind_label", kind_label(input.report.kind)},
        {"state", input.report.state}, {"state_label", workflow.state_label(input.report.state)}};
    if (input.report.year) report["year"] = *input.report.year;
    boost::json::array decisions;
    for (const auto& decision : input.decisions) {
        const Transition* transition = workflow.find(decision.action, decision.from_state);
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

    // Who acted in which role: the role a transition allows, or, where it allows several
    // (发布: the drafter or the leader), the role the same person had elsewhere in the review.
    std::map<std::string, Role, std::less<>> known_roles;
    for (const auto& revision : input.revisions)
        known_roles.emplace(revision.author_username, Role::drafter);
    for (const auto& disposition : input.dispositions) {
        known_roles.emplace(disposition.actor_username, Role::reviewer);
    }
    auto decision_roles = [&](const storage::DecisionRecord& decision) {
        std::vector<Role> roles;
        if (const Transition* transition = workflow.find(decision.action, decision.from_state)) {
            roles_of(workflow, *transition, roles);
        }
        return roles;
    };
    for (const auto& decision : input.all_decisions) {
        auto roles = decision_roles(decision);
        if (roles.size() == 1) known_roles[decision.actor_username] = roles.front();
    }
    auto role_of = [&](const storage::DecisionRecord& decision) -> std::string_view {
        auto roles = decision_roles(decision);
        if (roles.size() == 1) return role_name(roles.front());
        auto known = known_roles.find(decision.actor_username);
        if (known != known_roles.end() &&
            (roles.empty() ||
             std::find(roles.begin(), roles.end(), known->second) != roles.end())) {
            return role_name(known->second);
        }
        return "经办人";
    };

    // Every step of the review, in the order the audit log recorded it.
    std::vector<Event> events;
    for (const auto& revision : input.revisions) {
        auto mask = input.masks.find(revision.revision);
        boost::json::object event{{"type", "revision"},
                                  {"revision", revision.revision},
                                  {"origin", revision.revision == 1      ? "created"
                                             : mask != input.masks.end() ? "masked"
                                                                         : "edited"},
                                  {"by", revision.author_username},
                                  {"by_name", revision.author_display_name},
                                  {"role", role_name(Role::drafter)},
                                  {"at", revision.created_at},
                                  {"audit_seq", revision.audit_seq}};
        if (mask != input.masks.end()) {
            boost::json::array answered;
            for (const auto& id : mask->second) {
                auto summary = finding_summary(input, revision.revision - 1, id, "");
                bool must_fix = false;
                for (const auto& disposition : input.dispositions) {
                    if (disposition.revision == revision.revision - 1 &&
                        disposition.finding_id == id) {
                        must_fix = disposition.decision == "must_fix";  // the newest counts
                    }
                }
                summary["answers_must_fix"] = must_fix;
                answered.push_back(std::move(summary));
            }
            event["masked"] = std::move(answered);
        }
        events.push_back({revision.audit_seq, std::move(event)});
    }
    for (const auto& disposition : input.dispositions) {
        auto event =
            finding_summary(input, disposition.revision, disposition.finding_id, disposition.rule);
        event["type"] = "disposition";
        event["revision"] = disposition.revision;
        event["decision"] = disposition.decision;
        event["decision_label"] = decision_label(disposition.decision);
        event["note"] = disposition.note;
        event["by"] = disposition.actor_username;
        event["by_name"] = disposition.actor_display_name;
        event["role"] = role_name(Role::reviewer);
        event["at"] = disposition.created_at;
        event["audit_seq"] = disposition.audit_seq;
        events.push_back({disposition.audit_seq, std::move(event)});
    }
    bool submitted_before = false;
    for (const auto& decision : input.all_decisions) {
        const Transition* transition = workflow.find(decision.action, decision.from_state);
        bool leaves_initial = decision.from_state == workflow.initial();
        boost::json::object event{
            {"type", "decision"},
            {"revision", decision.revision},
            {"action", decision.action},
            {"label", transition ? transition->label : decision.action},
            {"resubmission", leaves_initial && submitted_before},
            {"from_state", decision.from_state},
            {"to_state", decision.to_state},
            {"by", decision.actor_username},
            {"by_name", decision.actor_display_name},
            {"role", role_of(decision)},
            {"at", decision.created_at},
            {"comment", decision.comment ? boost::json::value(*decision.comment)
                                         : boost::json::value(nullptr)},
            {"audit_seq", decision.audit_seq}};
        if (leaves_initial) submitted_before = true;
        events.push_back({decision.audit_seq, std::move(event)});
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.seq < b.seq; });
    boost::json::array timeline;
    for (auto& event : events)
        timeline.push_back(std::move(event.json));

    // The lines of the 审批单, for the path since the report last went back to its drafter.
    std::size_t cycle_start = 0;
    for (std::size_t i = 0; i < input.all_decisions.size(); ++i) {
        if (input.all_decisions[i].to_state == workflow.initial()) cycle_start = i + 1;
    }
    auto cycle = input.all_decisions.subspan(cycle_start);
    auto line = [](std::string_view stage, std::string_view title,
                   const storage::DecisionRecord* decision, std::string_view label) {
        boost::json::object out{{"stage", stage}, {"title", title}};
        if (decision == nullptr) {
            out["by"] = nullptr;
            return out;
        }
        out["by"] = decision->actor_username;
        out["by_name"] = decision->actor_display_name;
        out["at"] = decision->created_at;
        out["action_label"] = label;
        out["opinion"] = decision->comment ? boost::json::value(*decision->comment)
                                           : boost::json::value(nullptr);
        out["audit_seq"] = decision->audit_seq;
        return out;
    };
    const storage::DecisionRecord* drafted = nullptr;
    const storage::DecisionRecord* reviewed = nullptr;
    const storage::DecisionRecord* signed_off = nullptr;
    const storage::DecisionRecord* published = nullptr;
    for (const auto& decision : cycle) {
        auto roles = decision_roles(decision);
        auto has = [&roles](Role role) {
            return std::find(roles.begin(), roles.end(), role) != roles.end();
        };
        if (decision.from_state == workflow.initial()) {
            drafted = &decision;
        } else if (decision.to_state == "published") {
            published = &decision;
        } else if (decision.checklist) {
            reviewed = &decision;
        } else if (has(Role::leader) && roles.size() == 1 && published == nullptr) {
            signed_off = &decision;  // 签发 comes before publication (a retraction is not one)
        }
    }
    auto label_of = [&workflow](const storage::DecisionRecord* decision) -> std::string {
        if (decision == nullptr) return {};
        const Transition* transition = workflow.find(decision->action, decision->from_state);
        return transition ? transition->label : decision->action;
    };
    boost::json::array signatures{
        line("draft", "拟稿人", drafted, label_of(drafted)),
        line("secrecy_review", "保密审查人", reviewed, label_of(reviewed)),
        line("sign", "签发人", signed_off, label_of(signed_off)),
        line("publish", "发布人", published, label_of(published))};
    if (drafted == nullptr) {
        // Not submitted yet: the drafter of the revision, without a date of submission.
        auto& first = signatures.at(0).as_object();
        first["by"] = input.revision.author_username;
        first["by_name"] = input.revision.author_display_name;
        first["at"] = nullptr;
        first["opinion"] = nullptr;
    }

    // Each finding of the revision shown in detail, with the printed name of its place.
    boost::json::object scan = input.scan.scan;
    if (auto* findings = scan.if_contains("findings");
        findings != nullptr && findings->is_array()) {
        for (auto& finding : findings->get_array()) {
            if (!finding.is_object()) continue;
            auto& object = finding.get_object();
            object["place"] = content_place_label(input.report.kind, input.annual_template,
                                                  text_of(object.if_contains("field")));
        }
    }

    bool whole_path = signed_off != nullptr || published != nullptr;
    for (std::string_view state : {"leader_approval", "approved", "published", "retracted"}) {
        if (input.report.state == state) whole_path = true;
    }
    std::string heading(kind_label(input.report.kind));
    heading += whole_path ? "公开发布审批单" : "保密审查单";

    return {{"heading", heading},
            {"report", std::move(report)},
            {"revision",
             {{"revision", input.revision.revision},
              {"content_sha256", input.revision.content_sha256},
              {"author", input.revision.author_username},
              {"author_name", input.revision.author_display_name},
              {"created_at", input.revision.created_at}}},
            {"verification_code", input.revision.content_sha256.substr(0, 12)},
            {"scan", std::move(scan)},
            {"checklist", checklist_json(input.decisions)},
            {"decisions", std::move(decisions)},
            {"status", review_status(input.decisions)},
            {"signatures", std::move(signatures)},
            {"timeline", std::move(timeline)},
            {"generated_at", input.generated_at}};
}

namespace {

// Appends the escaped text of a JSON string member (empty for anything else).
void put(std::string& out, const boost::json::object& object, std::string_view key) {
    append_html_escaped(out, text_of(object.if_contains(key)));
}

// The person who acted, by the name people sign with (the account is in the audit log and
// the JSON); the command-line tools act as 系统.
void put_person(std::string& out, const boost::json::object& object) {
    auto name = text_of(object.if_contains("by_name"));
    auto account = text_of(object.if_contains("by"));
    if (!name.empty() && name != "system") {
        append_html_escaped(out, name);
    } else if (account == "system" || name == "system") {
        out += "系统";
    } else {
        append_html_escaped(out, account);
    }
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
    out += "<h2>四、本版保密审查扫描发现及处置</h2>\n";
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
        put(out, finding, "place");
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
    out += "<h2>五、保密审查清单</h2>\n";
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

bool is_text(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value != nullptr && value->is_string() && !value->get_string().empty();
}

// The 发文稿纸 lines: 拟稿人 → 保密审查人 → 签发人 → 发布人, with names, times and opinions.
void render_signatures(std::string& out, const boost::json::array& signatures) {
    out += "<h2>二、审批意见</h2>\n";
    out +=
        "<table class=\"signatures\"><thead><tr><th>环节</th><th>姓名</th><th>时间</th>"
        "<th>意见</th></tr></thead><tbody>\n";
    for (const auto& value : signatures) {
        const auto& line = value.as_object();
        out += "<tr><th>";
        put(out, line, "title");
        out += "</th>";
        if (!is_text(line, "by")) {
            out += "<td colspan=\"3\" class=\"pending\">尚未办理</td></tr>\n";
            continue;
        }
        out += "<td>";
        put_person(out, line);
        out += "</td><td>";
        if (is_text(line, "at")) {
            put_time(out, line, "at");
        } else {
            out += "尚未提交";
        }
        out += "</td><td>";
        if (is_text(line, "action_label")) {
            put(out, line, "action_label");
            if (is_text(line, "opinion")) out += "：";
        }
        put(out, line, "opinion");
        out += "</td></tr>\n";
    }
    out += "</tbody></table>\n";
}

// What happened in one step of the review, and the opinion or note that went with it.
void render_event(std::string& out, const boost::json::object& event) {
    auto type = text_of(event.if_contains("type"));
    auto revision = number_text(event.if_contains("revision"));
    std::string what;
    std::string opinion;
    if (type == "revision") {
        auto origin = text_of(event.if_contains("origin"));
        if (origin == "created") {
            what = fmt::format("起草，形成第 {} 版", revision);
        } else if (origin == "masked") {
            what = fmt::format("按扫描发现遮盖，形成第 {} 版", revision);
            const auto* masked = event.if_contains("masked");
            if (masked != nullptr && masked->is_array()) {
                std::string answered;
                for (const auto& value : masked->get_array()) {
                    const auto& finding = value.as_object();
                    if (!answered.empty()) answered += "；";
                    answered += text_of(finding.if_contains("rule_label"));
                    answered += "（";
                    answered += text_of(finding.if_contains("place"));
                    answered += "）";
                    const auto* must_fix = finding.if_contains("answers_must_fix");
                    if (must_fix != nullptr && must_fix->is_bool() && must_fix->get_bool()) {
                        answered += "，答复“须修改”意见";
                    }
                }
                opinion = "遮盖：" + answered;
            }
        } else {
            what = fmt::format("修改，形成第 {} 版", revision);
        }
    } else if (type == "disposition") {
        what = fmt::format("处置扫描发现：{}（{}）", text_of(event.if_contains("rule_label")),
                           text_of(event.if_contains("place")));
        opinion = fmt::format("{}。{}", text_of(event.if_contains("decision_label")),
                              text_of(event.if_contains("note")));
    } else {
        const auto* resubmission = event.if_contains("resubmission");
        bool again = resubmission != nullptr && resubmission->is_bool() && resubmission->get_bool();
        what = fmt::format("{}{}", again ? "修改后再次" : "", text_of(event.if_contains("label")));
        opinion = std::string(text_of(event.if_contains("comment")));
    }
    out += "<td>";
    append_html_escaped(out, what);
    out += "</td><td>";
    append_html_escaped(out, opinion);
    out += "</td>";
}

// Every step of the review of every revision, in order.
void render_timeline(std::string& out, const boost::json::array& timeline) {
    out += "<h2>三、办理经过（全部版本）</h2>\n";
    if (timeline.empty()) {
        out += "<p>尚无办理记录。</p>\n";
        return;
    }
    out +=
        "<table class=\"timeline\"><thead><tr><th>序号</th><th>时间</th><th>版本</th>"
        "<th>办理人</th><th>事项</th><th>意见或说明</th></tr></thead><tbody>\n";
    std::size_t number = 0;
    for (const auto& value : timeline) {
        const auto& event = value.as_object();
        out += fmt::format("<tr class=\"{}\"><td>{}</td><td>", text_of(event.if_contains("type")),
                           ++number);
        put_time(out, event, "at");
        out +=
            fmt::format("</td><td>第 {} 版</td><td>", number_text(event.if_contains("revision")));
        put_person(out, event);
        out += "（";
        put(out, event, "role");
        out += "）</td>";
        render_event(out, event);
        out += "</tr>\n";
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
    auto kind = text_of(report.if_contains("kind"));
    std::string out;
    out.reserve(16384);
    out += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>";
    put(out, record, "heading");
    out += " — ";
    put(out, report, "title");
    out += "</title>\n";
    out += kStyle;
    out += "\n</head><body>\n<h1>";
    put(out, record, "heading");
    out += "</h1>\n<h2>一、基本情况</h2>\n<table class=\"summary\"><tbody>\n<tr><th>";
    out += kind == "annual_report" ? "报告名称" : kind == "notice" ? "公告标题" : "标题";
    out += "</th><td colspan=\"3\">";
    put(out, report, "title");
    out += "</td></tr>\n<tr><th>发布单位</th><td>";
    put(out, report, "org_name");
    out += "</td><th>当前状态</th><td>";
    put(out, report, "state_label");
    out += "</td></tr>\n";
    out += fmt::format("<tr><th>本单所审版本</th><td>第 {} 版（",
                       number_text(revision.if_contains("revision")));
    auto author = boost::json::object{
        {"by", revision.at("author")},
        {"by_name", revision.if_contains("author_name") ? revision.at("author_name")
                                                        : boost::json::value("")}};
    put_person(out, author);
    out += "，";
    put_time(out, revision, "created_at");
    out += "）</td><th>审查状态</th><td>";
    append_html_escaped(out, status_label(text_of(record.if_contains("status"))));
    out += "</td></tr>\n<tr><th>核验码</th><td colspan=\"3\"><code class=\"verification\">";
    put(out, record, "verification_code");
    out += "</code>（本版内容指纹的前 12 位，可与审计日志核对）</td></tr>\n";
    const auto& counts = scan.at("counts").as_object();
    out += fmt::format(
        "<tr><th>扫描结果</th><td colspan=\"3\">禁止发布 {} 项，须审查处置 {} 项（未处置 {} 项，"
        "须修改 {} 项），提示 {} 项；扫描时间 ",
        number_text(counts.if_contains("block")), number_text(counts.if_contains("review")),
        number_text(scan.if_contains("pending")), number_text(scan.if_contains("must_fix")),
        number_text(counts.if_contains("info")));
    put_time(out, scan, "scanned_at");
    out += "</td></tr>\n</tbody></table>\n";
    render_signatures(out, record.at("signatures").as_array());
    render_timeline(out, record.at("timeline").as_array());
    render_findings(out, scan);
    render_checklist(out, record.at("checklist"));
    out +=
        "<div class=\"signature\"><span>保密审查人（签字）：＿＿＿＿＿＿</span>"
        "<span>签发人（签字）：＿＿＿＿＿＿</span>"
        "<span>日期：＿＿＿＿年＿＿月＿＿日</span></div>\n<p><small>本单由政务公开工作台于 ";
    put_time(out, record, "generated_at");
    out += " 生成；处置及决定均记入审计日志，可凭核验码核对。</small></p>\n</body></html>\n";
    return out;
}

}  // namespace gongkai::workflow

// The review record from stored rows, without a server: the heading by kind and stage, the
// printed names of places and people, the role of each step and the 审批 lines.
#include <gongkai/annual/template_registry.hpp>
#include <gongkai/config/server_config.hpp>
#include <gongkai/testing/temp_dir.hpp>
#include <gongkai/workflow/review_record.hpp>

#include <gtest/gtest.h>

namespace gongkai::workflow {
namespace {

const Workflow& default_workflow() {
    static const Workflow workflow = [] {
        for (const auto& spec :
             config::load_workflows(gongkai::testing::source_dir() / "config" / "workflows")) {
            if (spec.id == "default") return Workflow::compile(spec);
        }
        throw std::runtime_error("no default workflow");
    }();
    return workflow;
}

const annual::TemplateRegistry& templates() {
    static const auto registry = annual::TemplateRegistry::load_directory(
        gongkai::testing::source_dir() / "config" / "templates");
    return registry;
}

storage::DecisionRecord decision(std::int64_t revision, std::string action, std::string from,
                                 std::string to, std::string by, std::string name, std::int64_t seq,
                                 std::optional<std::string> comment = {}) {
    storage::DecisionRecord out;
    out.revision = revision;
    out.action = std::move(action);
    out.from_state = std::move(from);
    out.to_state = std::move(to);
    out.actor_username = std::move(by);
    out.actor_display_name = std::move(name);
    out.comment = std::move(comment);
    out.created_at = "2026-12-01T02:00:0" + std::to_string(seq % 10) + "Z";
    out.audit_seq = seq;
    return out;
}

struct Fixture {
    storage::ReportRecord report;
    storage::RevisionRecord revision;
    ReviewedScan scan;
    std::vector<storage::DecisionRecord> decisions;
    std::vector<storage::RevisionRecord> revisions;

    explicit Fixture(std::string kind, std::string state) {
        report.id = 7;
        report.kind = std::move(kind);
        report.title = "标题";
        report.org = "shuita";
        report.state = std::move(state);
        revision.revision = 1;
        revision.content_sha256 = std::string(64, 'a');
        revision.content_sha256.replace(0, 12, "0123456789ab");
        revision.author_username = "drafter";
        revision.author_display_name = "张伟";
        revision.created_at = "2026-12-01T01:00:00Z";
        revision.audit_seq = 1;
        revisions.push_back(revision);
        boost::json::object findings{{"findings",
                                      {{{"id", "f1"},
                                        {"rule", "mobile_number"},
                                        {"severity", "review"},
                                        {"field", "sections.overview"},
                                        {"start", 3},
                                        {"end", 14},
                                        {"excerpt", "138****5678"}}}},
                                     {"counts", {{"block", 0}, {"review", 1}, {"info", 0}}}};
        scan = review_scan(findings, "2026-12-01T01:00:00Z", {});
    }

    boost::json::object record() {
        ReviewRecordInput input{report, default_workflow(), "尧都区水塔街办事处",  revision,
                                scan,   decisions,          "2026-12-02T00:00:00Z"};
        input.revisions = revisions;
        input.all_decisions = decisions;
        input.scans.emplace(1, scan.scan);
        input.annual_template = templates().resolve(boost::json::object{{"year", 2024}});
        return review_record_json(input);
    }
};

TEST(ReviewRecord, HeadingFitsTheKindAndTheStage) {
    Fixture notice("notice", "draft");
    EXPECT_EQ(notice.record().at("heading"), "通知公告保密审查单");
    Fixture annual("annual_report", "leader_approval");
    EXPECT_EQ(annual.record().at("heading"), "政府信息公开工作年度报告公开发布审批单");
}

TEST(ReviewRecord, PlacesAreNamedAsPrinted) {
    EXPECT_EQ(content_place_label("notice", nullptr, "doc_number"), "文号");
    EXPECT_EQ(content_place_label("notice", nullptr, "body"), "正文");
    const auto* annual = templates().resolve(boost::json::object{{"year", 2024}});
    EXPECT_EQ(content_place_label("annual_report", annual, "sections.overview"), "一、总体情况");
    EXPECT_EQ(content_place_label("annual_report", annual, "sections.nothing"), "文字部分");

    Fixture report("annual_report", "draft");
    auto html = render_review_record_html(report.record());
    EXPECT_NE(html.find("一、总体情况 第3–14字"), std::string::npos);
    EXPECT_EQ(html.find("sections."), std::string::npos);
}

TEST(ReviewRecord, StepsCarryRolesAndTheLinesOfThePathThatWentThrough) {
    Fixture notice("notice", "published");
    auto& d = notice.decisions;
    d.push_back(decision(1, "submit", "draft", "secrecy_review", "drafter", "张伟", 2));
    d.push_back(decision(1, "return", "secrecy_review", "draft", "reviewer", "李娜", 3, "请改"));
    d.push_back(decision(1, "submit", "draft", "secrecy_review", "drafter", "张伟", 4, "已改"));
    auto pass = decision(1, "pass_review", "secrecy_review", "leader_approval", "reviewer", "李娜",
                         5, "同意");
    pass.checklist =
        R"({"commercial_secret":false,"personal_info":false,"security_stability":false,"state_secret":false,"work_secret":false})";
    d.push_back(pass);
    d.push_back(
        decision(1, "approve", "leader_approval", "approved", "leader", "王强", 6, "同意发布"));
    d.push_back(decision(1, "publish", "approved", "published", "leader", "王强", 7));
    d.push_back(decision(1, "retract", "published", "retracted", "system", "", 8, "数据有误"));
    auto record = notice.record();

    const auto& timeline = record.at("timeline").as_array();
    ASSERT_EQ(timeline.size(), 8u);
    EXPECT_EQ(timeline.at(0).at("type"), "revision");
    EXPECT_EQ(timeline.at(2).at("role"), "保密审查人");
    EXPECT_EQ(timeline.at(3).at("resubmission"), true);
    EXPECT_EQ(timeline.at(5).at("role"), "分管领导");
    EXPECT_EQ(timeline.at(6).at("role"), "分管领导");  // 发布: drafter or leader; he signed

    const auto& lines = record.at("signatures").as_array();
    EXPECT_EQ(lines.at(0).at("opinion"), "已改");  // the submission after the return
    EXPECT_EQ(lines.at(1).at("by"), "reviewer");
    EXPECT_EQ(lines.at(2).at("opinion"), "同意发布");
    EXPECT_EQ(lines.at(3).at("by"), "leader");
    EXPECT_EQ(record.at("verification_code"), "0123456789ab");

    auto html = render_review_record_html(record);
    EXPECT_NE(html.find("系统"), std::string::npos);
    EXPECT_NE(html.find("0123456789ab"), std::string::npos);
    EXPECT_EQ(html.find(notice.revision.content_sha256), std::string::npos);
    for (std::string code : {"system", "drafter", "（reviewer）", "Gongkai", "pass_review"}) {
        EXPECT_EQ(html.find(code), std::string::npos) << code;
    }
}

}  // namespace
}  // namespace gongkai::workflow

// The review record (保密审查单 / 审批单) over WebSockets against the real server: after a
// submit → return with a reason → mask → resubmit → pass → approve → publish path it holds
// every step of every revision in order, the 拟稿 → 保密审查 → 签发 → 发布 lines, a heading
// that fits the kind, a verification code that is a prefix of the hash in the audit log,
// and no codes on paper.
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <regex>

namespace gongkai::testing {
namespace {

// A mobile number and a resident ID (both `review` findings) in the body.
const std::string kBody =
    "联系人王先生，手机13812345678，身份证号11010519491231002X。本通知自发布之日起施行。";

class ReviewRecord : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    static std::string finding_of(const boost::json::object& scan, std::string_view rule) {
        for (const auto& finding : scan.at("findings").as_array()) {
            if (finding.at("rule").as_string() == rule) {
                return std::string(finding.at("id").as_string());
            }
        }
        ADD_FAILURE() << "no " << rule << " finding in " << boost::json::serialize(scan);
        return {};
    }

    static void dispose(WsClient& reviewer, std::int64_t id, std::int64_t revision,
                        const std::string& finding, const std::string& decision,
                        const std::string& note) {
        reviewer.ok("review.disposition", {{"report_id", id},
                                           {"revision", revision},
                                           {"finding_id", finding},
                                           {"decision", decision},
                                           {"note", note}});
    }

    static boost::json::object transition(std::int64_t id, std::string_view action,
                                          std::int64_t revision, std::string_view comment = {}) {
        boost::json::object request{{"report_id", id}, {"action", action}, {"revision", revision}};
        if (!comment.empty()) request["comment"] = comment;
        return request;
    }
};

std::string step_of(const boost::json::value& value) {
    const auto& event = value.as_object();
    std::string step(event.at("type").as_string());
    step += ":" + std::to_string(event.at("revision").as_int64());
    if (step.starts_with("decision")) step += ":" + std::string(event.at("action").as_string());
    if (step.starts_with("disposition")) {
        step += ":" + std::string(event.at("decision").as_string());
    }
    if (step.starts_with("revision")) step += ":" + std::string(event.at("origin").as_string());
    return step;
}

TEST_F(ReviewRecord, HoldsTheWholeReviewOfEveryRevisionInOrder) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto leader = connect_as("leader");
    auto id = drafter
                  ->ok("report.create",
                       {{"org", "shuita"},
                        {"kind", "notice"},
                        {"title", "关于办理事项的通知"},
                        {"content", {{"doc_number", "水街〔2026〕3号"}, {"body", kBody}}}})
                  .at("report")
                  .at("id")
                  .as_int64();

    // Revision 1: submitted, the phone number must be fixed, returned with a reason.
    drafter->ok("report.transition", transition(id, "submit", 1));
    auto scan = reviewer->ok("report.scan", {{"report_id", id}});
    const auto phone = finding_of(scan, "mobile_number");
    const auto resident = finding_of(scan, "resident_id");
    dispose(*reviewer, id, 1, phone, "must_fix", "个人手机号不得公开");
    dispose(*reviewer, id, 1, resident, "keep", "当事人书面同意公开");
    const std::string reason = "请遮盖联系人手机号后再报";
    reviewer->ok("report.transition", transition(id, "return", 1, reason));

    // Revision 2: the drafter masks the number and submits again; it passes, is signed and
    // published.
    auto masked = drafter->ok("report.redact",
                              {{"report_id", id}, {"base_revision", 1}, {"finding_ids", {phone}}});
    ASSERT_EQ(masked.at("report").at("revision"), 2);
    drafter->ok("report.transition", transition(id, "submit", 2, "已按意见遮盖"));
    auto rescan = reviewer->ok("report.scan", {{"report_id", id}});
    for (const auto& finding : rescan.at("findings").as_array()) {
        if (finding.at("severity") != "review") continue;
        dispose(*reviewer, id, 2, std::string(finding.at("id").as_string()), "keep", "可以公开");
    }
    auto pass = transition(id, "pass_review", 2, "同意");
    pass["checklist"] = kClearChecklist;
    reviewer->ok("report.transition", pass);
    const std::string opinion = "同意发布";
    leader->ok("report.transition", transition(id, "approve", 2, opinion));
    leader->ok("report.transition", transition(id, "publish", 2));

    auto reply = leader->ok("report.review_record", {{"report_id", id}});
    const auto& record = reply.at("record").as_object();

    std::vector<std::string> steps;
    for (const auto& event : record.at("timeline").as_array())
        steps.push_back(step_of(event));
    std::vector<std::string> expected{
        "revision:1:created", "decision:1:submit", "disposition:1:must_fix", "disposition:1:keep",
        "decision:1:return",  "revision:2:masked", "decision:2:submit"};
    for (std::int64_t i = 0; i < rescan.at("counts").at("review").as_int64(); ++i) {
        expected.push_back("disposition:2:keep");
    }
    for (std::string action : {"pass_review", "approve", "publish"}) {
        expected.push_back("decision:2:" + action);
    }
    EXPECT_EQ(steps, expected) << boost::json::serialize(record.at("timeline"));

    std::int64_t previous_seq = 0;
    for (const auto& event : record.at("timeline").as_array()) {
        auto seq = event.at("audit_seq").as_int64();
        EXPECT_GT(seq, previous_seq) << "not in the order of the audit log";
        previous_seq = seq;
    }
    const auto& timeline = record.at("timeline").as_array();
    EXPECT_EQ(timeline.at(4).at("comment"), reason.c_str());
    EXPECT_EQ(timeline.at(4).at("role"), "保密审查人");
    const auto& mask = timeline.at(5).at("masked").as_array();
    ASSERT_EQ(mask.size(), 1u);
    EXPECT_EQ(mask.at(0).at("finding_id"), phone.c_str());
    EXPECT_EQ(mask.at(0).at("place"), "正文");
    EXPECT_TRUE(mask.at(0).at("answers_must_fix").as_bool());
    EXPECT_EQ(timeline.at(6).at("resubmission"), true);
    EXPECT_EQ(timeline.at(1).at("resubmission"), false);
    EXPECT_EQ(timeline.at(2).at("place"), "正文");

    // 拟稿人 → 保密审查人 → 签发人 → 发布人 of the path that went through.
    const auto& signatures = record.at("signatures").as_array();
    ASSERT_EQ(signatures.size(), 4u);
    EXPECT_EQ(signatures.at(0).at("by"), "drafter");
    EXPECT_EQ(signatures.at(0).at("opinion"), "已按意见遮盖");
    EXPECT_EQ(signatures.at(1).at("by"), "reviewer");
    EXPECT_EQ(signatures.at(2).at("by"), "leader");
    EXPECT_EQ(signatures.at(2).at("opinion"), opinion.c_str());
    EXPECT_EQ(signatures.at(3).at("by"), "leader");
    for (const auto& line : signatures)
        EXPECT_TRUE(line.at("at").is_string());

    // A notice's record is not a report's.
    const std::string heading(record.at("heading").as_string());
    EXPECT_NE(heading.find("通知公告"), std::string::npos) << heading;
    EXPECT_NE(heading.find("审批单"), std::string::npos) << heading;
    EXPECT_EQ(heading.find("报告"), std::string::npos) << heading;

    // The verification code is a prefix of the content hash the audit log recorded at
    // publication.
    const std::string code(record.at("verification_code").as_string());
    EXPECT_EQ(code.size(), 12u);
    auto auditor = connect_as("auditor");
    auto audit = auditor->ok("audit.query", {{"report_id", id}, {"action", "report.publish"}});
    ASSERT_EQ(audit.at("entries").as_array().size(), 1u);
    const std::string hash(audit.at("entries").at(0).at("content_sha256").as_string());
    EXPECT_TRUE(hash.starts_with(code)) << code << " " << hash;

    // On paper: names, labels and Chinese; no field paths, accounts, English or full hash.
    const std::string html(reply.at("html").as_string());
    EXPECT_NE(html.find(heading), std::string::npos);
    EXPECT_NE(html.find(reason), std::string::npos);
    EXPECT_NE(html.find(opinion), std::string::npos);
    EXPECT_NE(html.find("王强"), std::string::npos);
    EXPECT_NE(html.find("李娜"), std::string::npos);
    EXPECT_NE(html.find(code), std::string::npos);
    EXPECT_NE(html.find("正文"), std::string::npos);
    EXPECT_NE(html.find("138****5678"), std::string::npos);
    EXPECT_EQ(html.find(hash), std::string::npos) << "the full hash on paper";
    // What a reader sees (the text of the page, without its markup and style sheet).
    auto body = html.substr(html.find("<body>"));
    std::string text = std::regex_replace(body, std::regex("<[^>]*>"), " ");
    for (std::string code_word :
         {"doc_number", "body", "drafter", "reviewer", "leader", "system", "Gongkai", "pass_review",
          "mobile_number", "must_fix", "published", "13812345678"}) {
        EXPECT_EQ(text.find(code_word), std::string::npos) << code_word;
    }
    // No identifier-shaped token (a dotted or snake_case name).
    std::smatch match;
    EXPECT_FALSE(
        std::regex_search(text, match, std::regex(R"(\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b)")))
        << match.str();
}

TEST_F(ReviewRecord, ARecordBeforeTheLeaderIsASecrecyReviewRecord) {
    auto drafter = connect_as("drafter");
    auto id = drafter
                  ->ok("report.create", {{"org", "shuita"},
                                         {"kind", "notice"},
                                         {"title", "关于停水的通知"},
                                         {"content", {{"body", "本周六停水。"}}}})
                  .at("report")
                  .at("id")
                  .as_int64();
    auto record = drafter->ok("report.review_record", {{"report_id", id}}).at("record");
    EXPECT_EQ(record.at("heading"), "通知公告保密审查单");
    const auto& signatures = record.at("signatures").as_array();
    EXPECT_EQ(signatures.at(0).at("by"), "drafter");
    EXPECT_TRUE(signatures.at(0).at("at").is_null());
    EXPECT_TRUE(signatures.at(1).at("by").is_null());
    EXPECT_TRUE(signatures.at(2).at("by").is_null());
}

}  // namespace
}  // namespace gongkai::testing

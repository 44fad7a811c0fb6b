// The secrecy review in the workflow, over WebSockets against the real server: the scan
// stored with each revision, the reviewer's dispositions gating pass_review, the review
// record (保密审查单), redaction by the drafter, and reloading the lexicons without a restart.
#include <gongkai/core/clock.hpp>
#include <gongkai/core/sha256.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace gongkai::testing {
namespace {

// A notice with two `review` findings (a mobile number and an 18-digit resident ID with a
// valid checksum) and one `info` finding (an e-mail address).
const std::string kBody =
    "联系人王先生，手机13812345678，身份证号11010519491231002X，"
    "邮箱office@example.gov.cn。本通知自发布之日起施行。";

class SecrecyReview : public ::testing::Test {
protected:
    SystemClock clock_;
    TestServer server_{clock_};

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_.host(), server_.port());
        client->login(username, kDemoPassword);
        return client;
    }

    std::int64_t create_notice(WsClient& drafter, const std::string& body) {
        return drafter
            .ok("report.create", {{"org", "shuita"},
                                  {"kind", "notice"},
                                  {"title", "关于办理事项的通知"},
                                  {"content", {{"body", body}}}})
            .at("report")
            .at("id")
            .as_int64();
    }

    // The id of the first finding of `rule` in the stored scan of the current revision.
    static std::string finding_of(const boost::json::object& scan, std::string_view rule) {
        for (const auto& finding : scan.at("findings").as_array()) {
            if (finding.at("rule").as_string() == rule) {
                return std::string(finding.at("id").as_string());
            }
        }
        ADD_FAILURE() << "no " << rule << " finding in " << boost::json::serialize(scan);
        return {};
    }

    static boost::json::object pass_review(std::int64_t id, std::int64_t revision) {
        return {{"report_id", id},
                {"action", "pass_review"},
                {"revision", revision},
                {"checklist", kClearChecklist}};
    }

    static boost::json::object dispose(std::int64_t id, std::int64_t revision,
                                       const std::string& finding, const std::string& decision,
                                       const std::string& note) {
        return {{"report_id", id},
                {"revision", revision},
                {"finding_id", finding},
                {"decision", decision},
                {"note", note}};
    }
};

TEST_F(SecrecyReview, PassReviewWaitsUntilEveryFindingIsDecidedAndNoneMustBeFixed) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = create_notice(*drafter, kBody);
    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});

    auto scan = reviewer->ok("report.scan", {{"report_id", id}});
    EXPECT_EQ(scan.at("counts").at("review"), 2) << boost::json::serialize(scan);
    EXPECT_EQ(scan.at("counts").at("info"), 1);
    EXPECT_EQ(scan.at("pending"), 2);
    EXPECT_TRUE(scan.at("scanned_at").is_string());
    const auto phone = finding_of(scan, "mobile_number");
    const auto resident = finding_of(scan, "resident_id");
    const auto email = finding_of(scan, "email");

    // Nothing decided yet: refused, naming both findings.
    auto refused = reviewer->call("report.transition", pass_review(id, 1));
    ASSERT_FALSE(refused.at("ok").as_bool());
    const auto& error = refused.at("error").as_object();
    EXPECT_EQ(error.at("code"), "validation_failed");
    EXPECT_EQ(error.at("undecided").as_array().size(), 2u) << boost::json::serialize(error);

    // Only the reviewer decides, only on `review` findings of the current revision.
    EXPECT_EQ(drafter->error("review.disposition", dispose(id, 1, phone, "keep", "公开电话")),
              "forbidden");
    EXPECT_EQ(reviewer->error("review.disposition", dispose(id, 1, email, "keep", "公开邮箱")),
              "validation_failed");
    EXPECT_EQ(
        reviewer->error("review.disposition", dispose(id, 1, "0123456789abcdef", "keep", "x")),
        "validation_failed");
    EXPECT_EQ(reviewer->error("review.disposition", dispose(id, 2, phone, "keep", "x")),
              "conflict");
    EXPECT_EQ(reviewer->error("review.disposition", dispose(id, 1, phone, "maybe", "x")),
              "bad_request");
    EXPECT_EQ(reviewer->error("review.disposition", dispose(id, 1, phone, "keep", "  ")),
              "validation_failed");

    auto first = reviewer->ok("review.disposition",
                              dispose(id, 1, phone, "keep", "单位公开的办事电话，可以公开"));
    EXPECT_EQ(first.at("pending"), 1);
    EXPECT_EQ(first.at("finding").at("disposition").at("decision"), "keep");
    auto still = reviewer->call("report.transition", pass_review(id, 1));
    EXPECT_EQ(still.at("error").at("code"), "validation_failed");
    EXPECT_EQ(still.at("error").at("undecided").as_array().size(), 1u);

    auto must_fix =
        reviewer->ok("review.disposition",
                     dispose(id, 1, resident, "must_fix", "<script>alert(1)</script>删除身份证号"));
    EXPECT_EQ(must_fix.at("pending"), 0);
    EXPECT_EQ(must_fix.at("must_fix"), 1);
    auto blocked = reviewer->call("report.transition", pass_review(id, 1));
    EXPECT_EQ(blocked.at("error").at("code"), "validation_failed");
    EXPECT_EQ(blocked.at("error").at("must_fix").at(0).as_string(), resident);

    // A changed mind is a new disposition; the newest counts.
    reviewer->ok("review.disposition", dispose(id, 1, resident, "keep", "当事人书面同意公开"));
    auto passed = reviewer->ok("report.transition", pass_review(id, 1));
    EXPECT_EQ(passed.at("report").at("state"), "leader_approval");

    // The history shows every disposition in order, between the submit and the pass.
    auto history = reviewer->ok("report.history", {{"report_id", id}});
    std::vector<std::string> types;
    for (const auto& entry : history.at("entries").as_array()) {
        std::string type(entry.at("type").as_string());
        if (type == "disposition") type += ":" + std::string(entry.at("decision").as_string());
        if (type == "decision") type += ":" + std::string(entry.at("action").as_string());
        types.push_back(type);
    }
    EXPECT_EQ(types, (std::vector<std::string>{"revision", "decision:submit", "disposition:keep",
                                               "disposition:must_fix", "disposition:keep",
                                               "decision:pass_review"}));

    // The audit log has them too, and the chain still verifies.
    auto auditor = connect_as("auditor");
    auto audit = auditor->ok("audit.query", {{"report_id", id}, {"action", "report.disposition"}});
    EXPECT_EQ(audit.at("entries").as_array().size(), 3u) << boost::json::serialize(audit);
    for (const auto& entry : audit.at("entries").as_array()) {
        EXPECT_EQ(boost::json::serialize(entry).find("13812345678"), std::string::npos);
    }
    EXPECT_TRUE(auditor->ok("audit.verify").at("ok").as_bool());
}

TEST_F(SecrecyReview, ReviewRecordShowsFindingsDispositionsAndChecklist) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = create_notice(*drafter, kBody);

    auto before = drafter->ok("report.review_record", {{"report_id", id}, {"revision", 1}});
    EXPECT_EQ(before.at("record").at("status"), "not_submitted");
    EXPECT_TRUE(before.at("record").at("checklist").is_null());

    drafter->ok("report.transition", {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    auto scan = reviewer->ok("report.scan", {{"report_id", id}});
    for (const auto& finding : scan.at("findings").as_array()) {
        if (finding.at("severity") != "review") continue;
        reviewer->ok("review.disposition", dispose(id, 1, std::string(finding.at("id").as_string()),
                                                   "keep", "经核实可以公开 <b>&</b>"));
    }
    reviewer->ok("report.transition", pass_review(id, 1));

    auto reply = drafter->ok("report.review_record", {{"report_id", id}, {"revision", 1}});
    const auto& record = reply.at("record").as_object();
    EXPECT_EQ(record.at("status"), "passed");
    EXPECT_EQ(record.at("report").at("org_name"), "尧都区水塔街办事处");
    EXPECT_EQ(record.at("revision").at("revision"), 1);
    const auto& items = record.at("checklist").at("items").as_array();
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items.at(0).at("label"), "是否涉及国家秘密");
    EXPECT_EQ(items.at(0).at("value"), false);
    EXPECT_EQ(record.at("checklist").at("by"), "reviewer");
    EXPECT_EQ(record.at("scan").at("pending"), 0);
    std::size_t decided = 0;
    for (const auto& finding : record.at("scan").at("findings").as_array()) {
        if (finding.as_object().contains("disposition")) ++decided;
    }
    EXPECT_EQ(decided, 2u);
    ASSERT_EQ(record.at("decisions").as_array().size(), 2u);
    EXPECT_EQ(record.at("decisions").at(1).at("label"), "通过保密审查");

    const std::string html(reply.at("html").as_string());
    EXPECT_NE(html.find("通知公告公开发布审批单"), std::string::npos);  // passed: on to the leader
    EXPECT_NE(html.find("手机号码"), std::string::npos);
    EXPECT_NE(html.find("138****5678"), std::string::npos);
    EXPECT_EQ(html.find("13812345678"), std::string::npos) << "raw identifier in the record";
    EXPECT_EQ(html.find("<b>&</b>"), std::string::npos) << "note not escaped";
    EXPECT_NE(html.find("&lt;b&gt;&amp;&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html.find("通过保密审查"), std::string::npos);
    EXPECT_EQ(record.at("checklist").at("by_name"), "李娜");
    // People sign with their names; accounts stay in the JSON and the audit log.
    EXPECT_NE(html.find("填写人：李娜"), std::string::npos);
    EXPECT_NE(html.find("张伟（起草人）"), std::string::npos);
    EXPECT_EQ(html.find("（reviewer）"), std::string::npos);
    // Times on the printed form are Beijing time, not the stored UTC.
    const std::string written(record.at("revision").at("created_at").as_string());
    EXPECT_NE(html.find(beijing_time_text(written)), std::string::npos);
    EXPECT_EQ(html.find(written), std::string::npos) << "raw UTC timestamp on the form";

    EXPECT_EQ(connect_as("lt.drafter")->error("report.review_record", {{"report_id", id}}),
              "not_found");
}

TEST_F(SecrecyReview, DispositionsBelongToTheReviewStage) {
    auto drafter = connect_as("drafter");
    auto reviewer = connect_as("reviewer");
    auto id = create_notice(*drafter, kBody);
    auto scan = drafter->ok("report.scan", {{"report_id", id}});
    // In the draft nobody decides yet.
    EXPECT_EQ(reviewer->error("review.disposition",
                              dispose(id, 1, finding_of(scan, "mobile_number"), "keep", "x")),
              "invalid_transition");
}

TEST_F(SecrecyReview, RedactMasksTheChosenIdentifiersInANewRevision) {
    auto drafter = connect_as("drafter");
    auto id = create_notice(*drafter, kBody + "请注意标椎化流程。");
    auto scan = drafter->ok("report.scan", {{"report_id", id}});
    const auto phone = finding_of(scan, "mobile_number");
    const auto resident = finding_of(scan, "resident_id");
    const auto typo = finding_of(scan, "typo");

    // A typo is a word, not an identifier: nothing to mask, nothing changes.
    EXPECT_EQ(drafter->error("report.redact",
                             {{"report_id", id}, {"base_revision", 1}, {"finding_ids", {typo}}}),
              "validation_failed");
    EXPECT_EQ(drafter->error("report.redact",
                             {{"report_id", id}, {"base_revision", 1}, {"finding_ids", "x"}}),
              "bad_request");
    EXPECT_EQ(connect_as("reviewer")
                  ->error("report.redact",
                          {{"report_id", id}, {"base_revision", 1}, {"finding_ids", {phone}}}),
              "forbidden");

    auto redacted =
        drafter->ok("report.redact",
                    {{"report_id", id}, {"base_revision", 1}, {"finding_ids", {phone, resident}}});
    const auto& report = redacted.at("report").as_object();
    EXPECT_EQ(report.at("revision"), 2);
    const std::string body(report.at("content").at("body").as_string());
    EXPECT_EQ(body.find("13812345678"), std::string::npos) << body;
    EXPECT_EQ(body.find("11010519491231002X"), std::string::npos) << body;
    EXPECT_NE(body.find("138****5678"), std::string::npos) << body;
    EXPECT_NE(body.find("标椎化"), std::string::npos) << "only the chosen findings change";

    // The new revision's stored scan no longer reports them.
    auto rescan = drafter->ok("report.scan", {{"report_id", id}});
    for (const auto& finding : rescan.at("findings").as_array()) {
        EXPECT_NE(finding.at("rule"), "mobile_number");
        EXPECT_NE(finding.at("rule"), "resident_id");
    }
    EXPECT_EQ(rescan.at("counts").at("review"), 0);
    // The old revision's scan is kept as it was.
    auto old = drafter->ok("report.scan", {{"report_id", id}, {"revision", 1}});
    EXPECT_EQ(old.at("counts").at("review"), 2);

    // Redacting on top of an old revision is a conflict, as with any edit.
    EXPECT_EQ(drafter->error("report.redact",
                             {{"report_id", id}, {"base_revision", 1}, {"finding_ids", {phone}}}),
              "conflict");

    auto auditor = connect_as("auditor");
    auto audit = auditor->ok("audit.query", {{"report_id", id}, {"action", "report.redact"}});
    ASSERT_EQ(audit.at("entries").as_array().size(), 1u);
    EXPECT_EQ(audit.at("entries").at(0).at("details").at("finding_ids").as_array().size(), 2u);
}

// A server whose lexicons live in a folder of the test, so that the test can change them.
class LexiconReload : public ::testing::Test {
protected:
    SystemClock clock_;
    TempDir lexicons_;
    std::unique_ptr<TestServer> server_;

    void SetUp() override {
        for (const char* name : {"sensitive.txt", "typos.txt"}) {
            std::filesystem::copy_file(source_dir() / "config" / "lexicons" / name,
                                       lexicons_.path() / name);
        }
        server_ = std::make_unique<TestServer>(
            clock_,
            [this](api::AppSettings& settings) {
                settings.scanner = std::make_shared<scanner::ScannerHolder>(
                    lexicons_.path(), settings.scanner->current()->settings());
            },
            /*handle_signals=*/true);
    }

    void append(const char* file, const std::string& line) {
        std::ofstream out(lexicons_.path() / file, std::ios::app);
        out << "\n" << line << "\n";
    }

    std::unique_ptr<WsClient> connect_as(const std::string& username) {
        auto client = std::make_unique<WsClient>(server_->host(), server_->port());
        client->login(username, kDemoPassword);
        return client;
    }

    std::string file_sha256(const char* file) {
        std::ifstream in(lexicons_.path() / file, std::ios::binary);
        return sha256_hex(std::string(std::istreambuf_iterator<char>(in), {}));
    }

    // The lexicon reloads in the audit log, oldest first, with their details parsed.
    std::vector<std::pair<AuditEntry, boost::json::object>> reloads() {
        std::vector<std::pair<AuditEntry, boost::json::object>> result;
        server_->database().read([&](storage::Stores& stores) {
            for (const char* action :
                 {"scanner.lexicons_reloaded", "scanner.lexicons_reload_failed"}) {
                storage::AuditFilter filter;
                filter.action = action;
                for (auto& entry : stores.audit.query(filter)) {
                    auto details = boost::json::parse(entry.details).as_object();
                    result.emplace_back(std::move(entry), std::move(details));
                }
            }
        });
        std::sort(result.begin(), result.end(),
                  [](const auto& a, const auto& b) { return a.first.seq < b.first.seq; });
        return result;
    }

    static std::size_t sensitive_terms(const boost::json::object& scan) {
        std::size_t count = 0;
        for (const auto& finding : scan.at("findings").as_array()) {
            count += finding.at("rule") == "sensitive_term";
        }
        return count;
    }
};

TEST_F(LexiconReload, SighupAndTheAdminOperationReloadWithoutARestart) {
    const std::string term = "甲乙丙丁测试专用词";
    auto drafter = connect_as("drafter");
    auto id = drafter
                  ->ok("report.create", {{"org", "shuita"},
                                         {"kind", "notice"},
                                         {"title", "词库测试"},
                                         {"content", {{"body", "正文含" + term + "。"}}}})
                  .at("report")
                  .at("id")
                  .as_int64();
    EXPECT_EQ(sensitive_terms(drafter->ok("report.scan", {{"report_id", id}})), 0u);

    // SIGHUP: the reload runs in the background; new revisions are scanned with the new list.
    append("sensitive.txt", term);
    ASSERT_EQ(std::raise(SIGHUP), 0);
    std::int64_t revision = 1;
    bool found = false;
    for (int attempt = 0; attempt < 100 && !found; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        drafter->ok("report.update", {{"report_id", id},
                                      {"base_revision", revision},
                                      {"content", {{"body", "正文含" + term + "。"}}}});
        ++revision;
        found = sensitive_terms(drafter->ok("report.scan", {{"report_id", id}})) == 1;
    }
    EXPECT_TRUE(found) << "the term added before SIGHUP was never found";
    // The first revision keeps the scan it was written with.
    EXPECT_EQ(sensitive_terms(drafter->ok("report.scan", {{"report_id", id}, {"revision", 1}})),
              0u);

    // The admin operation: only for administrators; a broken file keeps the old lists.
    EXPECT_EQ(drafter->error("admin.reload_lexicons"), "forbidden");
    auto admin = connect_as("admin");
    append("typos.txt", "只有一个词");
    auto failed = admin->ok("admin.reload_lexicons");
    EXPECT_FALSE(failed.at("reloaded").as_bool());
    EXPECT_NE(std::string(failed.at("error").as_string()).find("typos.txt"), std::string::npos);
    drafter->ok("report.update", {{"report_id", id},
                                  {"base_revision", revision},
                                  {"content", {{"body", "正文含" + term + "。"}}}});
    ++revision;
    EXPECT_EQ(sensitive_terms(drafter->ok("report.scan", {{"report_id", id}})), 1u)
        << "a failed reload must keep the lists in use";

    // Fixed file, new term: reloaded at once.
    {
        std::ofstream typos(lexicons_.path() / "typos.txt", std::ios::trunc);
        typos << "标椎化 标准化\n";
    }
    append("sensitive.txt", "戊己庚辛测试专用词");
    auto reloaded = admin->ok("admin.reload_lexicons");
    EXPECT_TRUE(reloaded.at("reloaded").as_bool()) << boost::json::serialize(reloaded);
    EXPECT_EQ(reloaded.at("typos"), 1);
    drafter->ok("report.update",
                {{"report_id", id},
                 {"base_revision", revision},
                 {"content", {{"body", "正文含" + term + "和戊己庚辛测试专用词。"}}}});
    EXPECT_EQ(sensitive_terms(drafter->ok("report.scan", {{"report_id", id}})), 2u);
}

// The lists decide what the pre-review flags: every reload, taken or refused, by the
// operation or the signal, is in the audit log with the files it left in force.
TEST_F(LexiconReload, EveryReloadIsInTheAuditLog) {
    auto admin = connect_as("admin");
    append("sensitive.txt", "壬癸测试专用词");
    const auto sensitive = file_sha256("sensitive.txt");
    const auto typos = file_sha256("typos.txt");
    ASSERT_TRUE(admin->ok("admin.reload_lexicons").at("reloaded").as_bool());
    // Answered after the commit, so the entry is there already.
    auto entries = reloads();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].first.actor, "admin");
    EXPECT_EQ(entries[0].first.action, "scanner.lexicons_reloaded");
    EXPECT_EQ(entries[0].second.at("trigger"), "admin.reload_lexicons");
    EXPECT_EQ(std::string(entries[0].second.at("sensitive_sha256").as_string()), sensitive);
    EXPECT_EQ(std::string(entries[0].second.at("typos_sha256").as_string()), typos);

    // A refused reload is recorded with the lists kept in force (the previous files).
    append("typos.txt", "只有一个词");
    EXPECT_FALSE(admin->ok("admin.reload_lexicons").at("reloaded").as_bool());
    entries = reloads();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[1].first.action, "scanner.lexicons_reload_failed");
    EXPECT_NE(std::string(entries[1].second.at("error").as_string()).find("typos.txt"),
              std::string::npos);
    EXPECT_EQ(std::string(entries[1].second.at("typos_sha256").as_string()), typos);
    EXPECT_NE(file_sha256("typos.txt"), typos);

    // SIGHUP reloads in the background, as the system.
    {
        std::ofstream fixed(lexicons_.path() / "typos.txt", std::ios::trunc);
        fixed << "标椎化 标准化\n";
    }
    ASSERT_EQ(std::raise(SIGHUP), 0);
    for (int attempt = 0; attempt < 100 && entries.size() < 3; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        entries = reloads();
    }
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[2].first.actor, "system");
    EXPECT_EQ(entries[2].first.action, "scanner.lexicons_reloaded");
    EXPECT_EQ(entries[2].second.at("trigger"), "SIGHUP");
    EXPECT_EQ(std::string(entries[2].second.at("typos_sha256").as_string()),
              file_sha256("typos.txt"));
    EXPECT_EQ(entries[2].second.at("typos"), 1);
}

}  // namespace
}  // namespace gongkai::testing

// The secrecy pre-review scan in the server: on demand (report.scan), and at submit, where a
// classification marking blocks the report (涉密信息不上网).
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

namespace gongkai::testing {
namespace {

class SecrecyScan : public ::testing::Test {
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
};

TEST_F(SecrecyScan, ScanOnDemandFindsAndMasksIdentifiers) {
    auto drafter = connect_as("drafter");
    const std::string body = "联系人：王先生，手机 13812345678。本通知依据相关规定制定。";
    auto id = create_notice(*drafter, body);
    auto scan = drafter->ok("report.scan", {{"report_id", id}});
    const auto& findings = scan.at("findings").as_array();
    ASSERT_EQ(findings.size(), 1u) << boost::json::serialize(scan);
    const auto& phone = findings.at(0).as_object();
    EXPECT_EQ(phone.at("severity"), "review");
    EXPECT_EQ(phone.at("field"), "body");
    // Offsets in code points: "联系人：王先生，手机 " is 11 characters.
    EXPECT_EQ(phone.at("start"), 11);
    EXPECT_EQ(phone.at("end"), 22);
    const std::string excerpt(phone.at("excerpt").as_string());
    EXPECT_EQ(excerpt.find("13812345678"), std::string::npos) << excerpt;
    EXPECT_NE(excerpt.find("138****5678"), std::string::npos) << excerpt;
    EXPECT_EQ(scan.at("counts").at("review"), 1);
    EXPECT_EQ(scan.at("counts").at("block"), 0);
    // Reports the caller cannot see stay invisible.
    auto outsider = connect_as("lt.drafter");
    EXPECT_EQ(outsider->error("report.scan", {{"report_id", id}}), "not_found");
}

TEST_F(SecrecyScan, ClassificationMarkingBlocksSubmitUntilRemoved) {
    auto drafter = connect_as("drafter");
    auto id = create_notice(*drafter, "机密★10年\n关于调整办公地点的通知：即日起迁至新址办公。");
    auto refused = drafter->call("report.transition",
                                 {{"report_id", id}, {"action", "submit"}, {"revision", 1}});
    ASSERT_FALSE(refused.at("ok").as_bool());
    const auto& error = refused.at("error").as_object();
    EXPECT_EQ(error.at("code"), "validation_failed");
    ASSERT_EQ(error.at("errors").as_array().size(), 1u) << boost::json::serialize(error);
    const auto& problem = error.at("errors").at(0).as_object();
    EXPECT_EQ(problem.at("rule"), "secrecy");
    EXPECT_EQ(problem.at("path"), "body");
    EXPECT_EQ(problem.at("finding").at("severity"), "block");

    // Without the marking it goes through; words like 国家秘密 in running text do not block.
    drafter->ok("report.update",
                {{"report_id", id},
                 {"base_revision", 1},
                 {"content", {{"body", "关于调整办公地点的通知：不涉及国家秘密，即日起迁至新址办公。"}}}});
    auto submitted = drafter->ok("report.transition",
                                 {{"report_id", id}, {"action", "submit"}, {"revision", 2}});
    EXPECT_EQ(submitted.at("report").at("state"), "secrecy_review");
}

}  // namespace
}  // namespace gongkai::testing

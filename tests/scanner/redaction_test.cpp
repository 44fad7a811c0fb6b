// report.redact: the identifiers of the named findings replaced by their masked form.
#include "scanner_fixture.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace gongkai::scanner::testing {
namespace {

std::vector<std::string> ids_of(const std::vector<Finding>& findings) {
    std::vector<std::string> ids;
    for (const Finding& finding : findings) {
        ids.push_back(finding.id);
    }
    return ids;
}

TEST(Redaction, TextWithChosenIdentifiersMasked) {
    std::string text =
        "张三，身份证350102199003071234，手机１３８－１２３４－５６７８，银行卡号622202020011234567"
        "9。";
    auto result = scan(text);
    ASSERT_EQ(result.findings.size(), 3u);
    auto mobile = with_rule(result, Rule::mobile_number);
    auto id = with_rule(result, Rule::resident_id);
    std::vector<std::string> chosen{mobile[0].id, id[0].id};
    std::string redacted = bare_scanner()->redact_text(text, "body", chosen, kToday);
    EXPECT_EQ(redacted,
              "张三，身份证35*************234，手机１３８－****"
              "－５６７８，银行卡号6222020200112345679。");
    // The redacted text no longer has those identifiers; the card is still there.
    auto again = scan(redacted);
    EXPECT_TRUE(with_rule(again, Rule::mobile_number).empty());
    EXPECT_TRUE(with_rule(again, Rule::resident_id).empty());
    EXPECT_EQ(with_rule(again, Rule::bank_card).size(), 1u);
}

TEST(Redaction, AllIdentifierRules) {
    std::string text =
        "护照E12345678，代码91110000600037341L，电话0357-2345678，邮箱 zhang@x.gov.cn";
    auto result = scan(text);
    ASSERT_EQ(result.findings.size(), 4u);
    std::string redacted =
        bare_scanner()->redact_text(text, "body", ids_of(result.findings), kToday);
    EXPECT_EQ(redacted,
              "护照E*****678，代码91************341L，电话0357-***5678，邮箱 z****@x.gov.cn");
}

TEST(Redaction, NestedIdentifiersAreMaskedOnce) {
    std::string text = "13812345678@qq.com";
    auto result = scan(text);
    ASSERT_EQ(result.findings.size(), 2u);
    std::string redacted =
        bare_scanner()->redact_text(text, "body", ids_of(result.findings), kToday);
    EXPECT_EQ(redacted, "1**********@qq.com");
}

TEST(Redaction, UnknownOrWordFindingsAreRefusedAndNothingChanges) {
    std::string text = "秘密★1年\n手机13812345678";
    auto result = scan(text);
    ASSERT_EQ(result.findings.size(), 2u);
    std::vector<std::string> chosen{result.findings[0].id, result.findings[1].id,
                                    "0123456789abcdef"};
    try {
        bare_scanner()->redact_text(text, "body", chosen, kToday);
        FAIL() << "redacted a marking";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::validation_failed);
        EXPECT_EQ(e.details().at("unknown_finding_ids").as_array().size(), 1u);
        EXPECT_EQ(
            std::string(e.details().at("not_maskable_finding_ids").as_array().at(0).as_string()),
            result.findings[0].id);
        EXPECT_EQ(std::string(e.what()).find("13812345678"), std::string::npos);
    }
    // An id from another field does not apply.
    EXPECT_THROW(
        bare_scanner()->redact_text(text, "title", std::vector{result.findings[1].id}, kToday),
        Error);
}

TEST(Redaction, ContentObject) {
    auto content = boost::json::parse(R"({
        "sections": {"overview": "手机13812345678，手机13912345678", "problems": "无"},
        "year": 2024,
        "attachments": [{"title": "身份证350102199003071234"}]
    })")
                       .as_object();
    auto result = bare_scanner()->scan_content(content, kToday);
    ASSERT_EQ(result.findings.size(), 3u);
    std::vector<std::string> chosen{result.findings[0].id, result.findings[2].id};
    auto redacted = bare_scanner()->redact_content(content, chosen, kToday);
    EXPECT_EQ(redacted.at("sections").at("overview").as_string(),
              "手机138****5678，手机13912345678");
    EXPECT_EQ(redacted.at("attachments").at(0).at("title").as_string(), "身份证35*************234");
    EXPECT_EQ(redacted.at("year").to_number<int>(), 2024);
    EXPECT_EQ(redacted.at("sections").at("problems").as_string(), "无");
    auto again = bare_scanner()->scan_content(redacted, kToday);
    ASSERT_EQ(again.findings.size(), 1u);
    EXPECT_EQ(again.findings[0].id, result.findings[1].id);  // untouched, same id
}

TEST(Redaction, RedactingEveryIdentifierLeavesNoneBehind) {
    // Plain, full-width and grouped forms of every maskable rule in one text.
    std::string text =
        "身份证１１０１０５１９４９１２３１００２Ｘ，证件号 440524 18800101 0014，"
        "手机+86 139-1234-5678，银行卡号6222 0202 0011 2345 679，护照ＥＡ１２３４５６７，"
        "代码91110000600037341L，电话（0357） 2345678，邮箱 13812345678@qq.com";
    auto result = scan(text);
    std::vector<std::string> ids;
    for (const Finding& finding : result.findings) {
        if (is_maskable(finding.rule)) {
            ids.push_back(finding.id);
        }
    }
    // 2 IDs, 2 mobiles (one is the local part of the address), card, passport, credit code,
    // landline, e-mail.
    ASSERT_EQ(ids.size(), 9u);
    std::string redacted = bare_scanner()->redact_text(text, "body", ids, kToday);
    auto again = scan(redacted);
    for (const Finding& finding : again.findings) {
        EXPECT_FALSE(is_maskable(finding.rule)) << to_string(finding.rule) << " in " << redacted;
    }
    for (std::string_view raw : {"1949123100", "18800101", "1234", "00112345", "23456", "600037",
                                 "2345678", "13812345678", "１９４９"}) {
        EXPECT_EQ(redacted.find(raw), std::string::npos) << raw << " in " << redacted;
    }
}

TEST(Redaction, NoIdsChangesNothing) {
    std::string text = "手机13812345678";
    EXPECT_EQ(bare_scanner()->redact_text(text, "body", {}, kToday), text);
}

}  // namespace
}  // namespace gongkai::scanner::testing

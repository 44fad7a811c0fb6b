// Personal and organisational identifiers: the pattern, then the checksum or calendar, then
// the context word, and never a digit run that is part of a longer one.
#include "scanner_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gongkai::scanner::testing {
namespace {

using namespace std::chrono;

TEST(MobileNumber, PlainGroupedAndPrefixed) {
    expect_one("手机13812345678。", Rule::mobile_number, 2, 13);
    expect_one("联系电话：138 1234 5678", Rule::mobile_number, 5, 18);
    expect_one("电话：138-1234-5678，", Rule::mobile_number, 3, 16);
    expect_one("电话：+86 138 1234 5678", Rule::mobile_number, 3, 20);
    expect_one("0086-13812345678", Rule::mobile_number, 0, 16);
    expect_one("+8613812345678", Rule::mobile_number, 0, 14);
    expect_one("8613812345678", Rule::mobile_number, 0, 13);
    expect_one("+86 138-1234-5678", Rule::mobile_number, 0, 17);
    expect_one("手机19912345678", Rule::mobile_number, 2, 13);
}

TEST(MobileNumber, FullWidthAndIdeographicSpaces) {
    expect_one("手机１３８１２３４５６７８", Rule::mobile_number, 2, 13);
    expect_one("１３８\u3000１２３４\u3000５６７８", Rule::mobile_number, 0, 13);
    expect_one("１３８－１２３４－５６７８", Rule::mobile_number, 0, 13);
}

TEST(MobileNumber, MaskedInTheExcerpt) {
    auto found = with_rule(scan("手机13812345678。"), Rule::mobile_number);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "手机138****5678。");
    found = with_rule(scan("手机１３８１２３４５６７８"), Rule::mobile_number);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "手机１３８****５６７８");
    found = with_rule(scan("+86 138 1234 5678"), Rule::mobile_number);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "+86 138 **** 5678");
}

TEST(MobileNumber, NearMisses) {
    for (std::string_view text : {
             "12812345678",          // 12 is not a mobile prefix
             "138123456789",         // twelve digits
             "1381234567",           // ten digits
             "订单号2013812345678",  // inside a longer digit run
             "A13812345678",         // inside a letter run
             "13812345678A", "x_13812345678",
             "3.13812345678",       // a decimal
             "138 1234 5678 9012",  // a longer grouped number
         }) {
        expect_none(text, Rule::mobile_number);
    }
}

TEST(ResidentId, EighteenDigitsWithChecksumDateAndProvince) {
    expect_one("身份证号：350102199003071234。", Rule::resident_id, 5, 23);
    expect_one("张三11010519491231002X男", Rule::resident_id, 2, 20);
    expect_one("张三11010519491231002x男", Rule::resident_id, 2, 20);  // lower-case x
    expect_one("440524188001010014", Rule::resident_id, 0, 18);
    // No keyword needed: checksum, date and province are strong enough.
    expect_one("名单：350102199003071234", Rule::resident_id, 3, 21);
}

TEST(ResidentId, MaskKeepsFirstTwoAndLastThree) {
    auto found = with_rule(scan("身份证号：350102199003071234。"), Rule::resident_id);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "身份证号：35*************234。");
    EXPECT_EQ(found[0].excerpt.find("350102199003071234"), std::string::npos);
}

TEST(ResidentId, NearMisses) {
    for (std::string_view text : {
             "350102199003071235",     // wrong check digit
             "110105199002301231",     // 30 February (check digit right)
             "990105199003071232",     // no province 99 (check digit right)
             "123501021990030712345",  // inside a longer digit run
             "A350102199003071234",    // inside a letter run
             "350102199003071234B",
             "3501021990030712340",  // nineteen digits
         }) {
        expect_none(text, Rule::resident_id);
    }
}

TEST(ResidentId, BirthDateMustNotBeInTheFuture) {
    // Born 2025-01-01: not an ID on 2024-06-30, an ID a year later.
    std::string_view text = "身份证110105202501010011";
    expect_none(text, Rule::resident_id);
    auto later =
        bare_scanner()->scan_text(text, "body", year_month_day{year(2025), month(6), day(30)});
    ASSERT_EQ(with_rule(later, Rule::resident_id).size(), 1u);
    auto same_day =
        bare_scanner()->scan_text(text, "body", year_month_day{year(2025), month(1), day(1)});
    EXPECT_EQ(with_rule(same_day, Rule::resident_id).size(), 1u);
}

TEST(ResidentId, FullWidthAndGrouped) {
    expect_one("３５０１０２１９９００３０７１２３４", Rule::resident_id, 0, 18);
    auto found = with_rule(scan("３５０１０２１９９００３０７１２３４"), Rule::resident_id);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "３５*************２３４");
    expect_one("证件号 350102 19900307 1234", Rule::resident_id, 4, 24);
    expect_one("350102-1990-0307-1234", Rule::resident_id, 0, 21);
}

TEST(ResidentId, FifteenDigitsOnlyNearAKeyword) {
    expect_one("身份证：110105491231002", Rule::resident_id, 4, 19);
    expect_none("编号：110105491231002", Rule::resident_id);
    expect_none("身份证：110105491331002", Rule::resident_id);  // month 13
    expect_one("110105 491231 002（身份证）", Rule::resident_id, 0, 17);
}

TEST(ResidentId, KeywordWindowIs300Characters) {
    std::string filler;
    for (int i = 0; i < 300; ++i) {
        filler += "文";
    }
    std::string near = "身份证" + filler + "110105491231002";
    expect_one(near, Rule::resident_id, 303, 318);
    std::string far = "身份证" + filler + "文" + "110105491231002";
    expect_none(far, Rule::resident_id);
    std::string after = "110105491231002" + filler + "身份证";
    expect_one(after, Rule::resident_id, 0, 15);
}

TEST(BankCard, LuhnAndKeyword) {
    expect_one("银行卡号：6222020200112345679", Rule::bank_card, 5, 24);
    expect_one("卡号 6222 0202 0011 2345 679", Rule::bank_card, 3, 26);
    expect_one("账号4111111111111111", Rule::bank_card, 2, 18);
    expect_one("6222020200112345679（开户行：工商银行）", Rule::bank_card, 0, 19);
    expect_one("信用卡６２２２０２０２００１１２３４５６７９", Rule::bank_card, 3, 22);
}

TEST(BankCard, MaskKeepsLastFour) {
    auto found = with_rule(scan("银行卡号：6222020200112345679"), Rule::bank_card);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "银行卡号：***************5679");
    found = with_rule(scan("卡号 6222 0202 0011 2345 679"), Rule::bank_card);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "卡号 **** **** **** ***5 679");
}

TEST(BankCard, NearMisses) {
    expect_none("编号6222020200112345679", Rule::bank_card);         // no keyword
    expect_none("银行卡号：6222020200112345678", Rule::bank_card);   // Luhn fails
    expect_none("银行卡号：62220202001123456790", Rule::bank_card);  // twenty digits
    expect_none("银行卡号：411111111111111", Rule::bank_card);       // fifteen digits
}

TEST(Passport, FormatsNearTheKeyword) {
    expect_one("护照号码：E12345678", Rule::passport, 5, 14);
    expect_one("护照EA1234567", Rule::passport, 2, 11);
    expect_one("护照G12345678", Rule::passport, 2, 11);
    expect_one("护照Ｅ１２３４５６７８", Rule::passport, 2, 11);
    auto found = with_rule(scan("护照号码：E12345678"), Rule::passport);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "护照号码：E*****678");
}

TEST(Passport, NearMisses) {
    expect_none("E12345678", Rule::passport);      // no keyword
    expect_none("护照EI1234567", Rule::passport);  // I is not used
    expect_none("护照EO1234567", Rule::passport);
    expect_none("护照E123456789", Rule::passport);
    expect_none("护照e12345678", Rule::passport);
    expect_none("护照XE12345678", Rule::passport);
}

TEST(CreditCode, Gb32100Checksum) {
    expect_one("统一社会信用代码：91110000600037341L", Rule::credit_code, 9, 27);
    expect_one("12140000MB1234567W", Rule::credit_code, 0, 18);
    expect_none("91110000600037341M", Rule::credit_code);
    expect_none("X91110000600037341L", Rule::credit_code);
    auto found = scan("统一社会信用代码：91110000600037341L");
    ASSERT_EQ(found.findings.size(), 1u);
    EXPECT_EQ(found.findings[0].severity, Severity::info);
}

TEST(Landline, AreaCodeForms) {
    expect_one("电话：0357-2345678", Rule::landline, 3, 15);
    expect_one("（0357）2345678", Rule::landline, 0, 13);
    expect_one("(0357) 2345678", Rule::landline, 0, 14);
    expect_one("010-62345678", Rule::landline, 0, 12);
    expect_one("0357-2345678-801", Rule::landline, 0, 16);
    expect_one("03572345678", Rule::landline, 0, 11);
    auto found = with_rule(scan("电话：0357-2345678"), Rule::landline);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "电话：0357-***5678");
    EXPECT_EQ(found[0].severity, Severity::info);
}

TEST(Landline, NearMisses) {
    expect_none("2020-2021年", Rule::landline);
    expect_none("0357-1234567", Rule::landline);  // local numbers do not start with 1
    expect_none("1357-2345678", Rule::landline);
}

TEST(Email, AddressesAreInfo) {
    expect_one("邮箱：gongkai@yaodu.gov.cn。", Rule::email, 3, 23);
    expect_one("邮箱 a.b@x.cn.", Rule::email, 3, 11);
    auto found = with_rule(scan("邮箱：gongkai@yaodu.gov.cn。"), Rule::email);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].excerpt, "邮箱：g******@yaodu.gov.cn。");
    expect_none("a@b", Rule::email);
    expect_none("@yaodu.gov.cn", Rule::email);
    expect_none("name@localhost", Rule::email);
}

TEST(Email, MobileNumberAsLocalPartIsBothAndMaskedOnce) {
    auto result = scan("13812345678@qq.com");
    EXPECT_EQ(with_rule(result, Rule::email).size(), 1u);
    EXPECT_EQ(with_rule(result, Rule::mobile_number).size(), 1u);
    for (const Finding& finding : result.findings) {
        EXPECT_EQ(finding.excerpt.find("12345678"), std::string::npos) << finding.excerpt;
    }
}

// Found by fuzz/scanner_fuzzer (its inputs are in fuzz/regressions/scanner/): the mask keeps
// the first letter of the local part, so a local part of one letter, or of symbols only, was
// "masked" as itself, in excerpts and in redaction.
TEST(Email, LocalPartsTooShortToKeepAnyOfAreMaskedWhole) {
    const std::pair<std::string, std::string> cases[] = {
        {"邮箱 i@example.gov.cn。", "*@example.gov.cn"},
        {R"("notes": {i@example.gplicatio"本单位手机13812345678")", "*@example.gplicatio"},
        {"+@zhg.wei", "*@zhg.wei"},
        {"联系 a_@x.cn", "**@x.cn"},
    };
    for (const auto& [text, masked] : cases) {
        auto found = with_rule(scan(text), Rule::email);
        ASSERT_EQ(found.size(), 1u) << text;
        EXPECT_NE(found[0].excerpt.find(masked), std::string::npos) << found[0].excerpt;
        auto redacted = bare_scanner()->redact_text(text, "body",
                                                    std::vector<std::string>{found[0].id}, kToday);
        EXPECT_NE(redacted.find(masked), std::string::npos) << redacted;
    }
}

TEST(DocumentNumber, IssuerYearNumber) {
    expect_one("尧政办发〔2020〕46号", Rule::document_number, 0, 13);
    expect_one("尧政发[2020]5号", Rule::document_number, 0, 11);
    expect_one("尧政发〔2020〕第5号", Rule::document_number, 0, 12);
    expect_one("（国办公开办函〔2019〕60号）", Rule::document_number, 1, 16);
    auto found = with_rule(scan("尧政办发〔2020〕46号"), Rule::document_number);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::info);
    EXPECT_EQ(found[0].excerpt, "尧政办发〔2020〕46号");
}

TEST(DocumentNumber, NearMisses) {
    expect_none("（【2020】46号）", Rule::document_number);  // no issuer
    expect_none("〔2020〕46号", Rule::document_number);
    expect_none("尧政办发〔2020〕46", Rule::document_number);  // no 号
    expect_none("尧政办发〔20201〕46号", Rule::document_number);
}

TEST(Numbers, OrdinaryNumbersAreNothing) {
    auto result = scan(
        "全年主动公开政务信息261条，采购总金额14.73万元，2021年，第二十条第（一）项，"
        "1,000,000元，电话会议2020-12-31召开");
    EXPECT_TRUE(result.findings.empty());
}

TEST(Numbers, ListsSeparatedByCommasAreSeveralNumbers) {
    // The Chinese comma lists items; it is not a thousands separator (1，000 is not a number).
    auto result = scan("手机13812345678，13912345678，13712345678");
    auto mobiles = with_rule(result, Rule::mobile_number);
    ASSERT_EQ(mobiles.size(), 3u);
    EXPECT_EQ(mobiles[0].start, 2u);
    EXPECT_EQ(mobiles[1].start, 14u);
    EXPECT_EQ(mobiles[2].start, 26u);
    EXPECT_EQ(mobiles[2].end, 37u);
    auto ids = with_rule(scan("身份证11010519491231002X，440524188001010014，110105194912310021"),
                         Rule::resident_id);
    ASSERT_EQ(ids.size(), 2u);  // the third fails its checksum
    EXPECT_EQ(ids[1].start, 22u);
    EXPECT_EQ(ids[1].end, 40u);
    // An ASCII comma before more than three digits is a list too; before three it groups.
    EXPECT_EQ(with_rule(scan("13812345678,13912345678"), Rule::mobile_number).size(), 2u);
    expect_none("共138,123,456,789元", Rule::mobile_number);
    expect_none("金额13,812,345,678.00元", Rule::mobile_number);
}

TEST(Excerpt, NeighbouringIdentifiersAreMaskedToo) {
    std::string_view text = "张三，身份证350102199003071234，手机13812345678，同住";
    auto result = scan(text);
    ASSERT_EQ(result.findings.size(), 2u);
    for (const Finding& finding : result.findings) {
        EXPECT_EQ(finding.excerpt.find("13812345678"), std::string::npos) << finding.excerpt;
        EXPECT_EQ(finding.excerpt.find("350102199003071234"), std::string::npos) << finding.excerpt;
        EXPECT_NE(finding.excerpt.find("138****5678"), std::string::npos) << finding.excerpt;
        EXPECT_NE(finding.excerpt.find("35*************234"), std::string::npos) << finding.excerpt;
    }
}

TEST(Excerpt, ContextIsLimitedAndMarkedWithEllipsis) {
    std::string long_line;
    for (int i = 0; i < 50; ++i) {
        long_line += "文";
    }
    std::string text = long_line + "内部资料" + long_line;
    auto found = with_rule(scan(text), Rule::internal_marking);
    ASSERT_EQ(found.size(), 1u);
    std::string expected = "\u2026" + long_line.substr(0, 20 * 3) + "内部资料" +
                           long_line.substr(0, 20 * 3) + "\u2026";
    EXPECT_EQ(found[0].excerpt, expected);
}

}  // namespace
}  // namespace gongkai::scanner::testing

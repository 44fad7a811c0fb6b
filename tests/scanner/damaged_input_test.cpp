// Damaged input gives a clear error or is handled; never a crash (run under ASan/UBSan too).
#include "scanner_fixture.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/utf8.hpp>

#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace gongkai::scanner::testing {
namespace {

TEST(DamagedInput, InvalidUtf8IsAValidationErrorNamingFieldAndByte) {
    struct Case {
        std::string text;
        std::size_t byte;
    };
    for (const Case& bad : {
             Case{"手机\x80", 6},                      // stray continuation byte
             Case{"手机\xE6\x89", 6},                  // truncated sequence at the end
             Case{"ab\xC0\xAF", 2},                    // overlong '/'
             Case{"\xED\xA0\x80", 0},                  // UTF-16 surrogate
             Case{"13812345678\xF5\x80\x80\x80", 11},  // beyond U+10FFFF
             Case{"\xE3\x80", 0},
         }) {
        try {
            bare_scanner()->scan_text(bad.text, "sections.overview", kToday);
            ADD_FAILURE() << "accepted invalid UTF-8";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::validation_failed);
            EXPECT_EQ(e.details().at("field").as_string(), "sections.overview");
            EXPECT_EQ(e.details().at("byte_offset").to_number<std::size_t>(), bad.byte);
            // Never the content (here a mobile number) in the message.
            EXPECT_EQ(std::string(e.what()).find("13812345678"), std::string::npos);
        }
    }
}

TEST(DamagedInput, TenMegabyteField) {
    std::string text;
    text.reserve(10 * 1024 * 1024 + 64);
    while (text.size() < 10 * 1024 * 1024) {
        text += "政务公开工作稳步推进，国家秘密不上网，2020年公开信息261条。\n";
    }
    std::size_t code_points = 0;
    for (char c : text) {
        code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    text += "手机13812345678";
    auto result = bare_scanner()->scan_text(text, "body", kToday);
    ASSERT_EQ(result.findings.size(), 1u);
    EXPECT_EQ(result.findings[0].rule, Rule::mobile_number);
    EXPECT_EQ(result.findings[0].start, code_points + 2);
}

TEST(DamagedInput, FieldOverTheLimitIsTooLarge) {
    ScannerSettings settings;
    settings.max_field_bytes = 1000;
    auto scanner = Scanner::create(Lexicon{}, settings);
    std::string text(1001, 'a');
    try {
        scanner->scan_text(text, "body", kToday);
        FAIL() << "accepted a field over the limit";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
        EXPECT_EQ(e.details().at("bytes").to_number<std::size_t>(), 1001u);
    }
    boost::json::object content{{"sections", {{"overview", text}}}};
    EXPECT_THROW(scanner->scan_content(content, kToday), Error);
    EXPECT_NO_THROW(scanner->scan_text(std::string(1000, 'a'), "body", kToday));
}

TEST(DamagedInput, EdgesOfPatternsAtTheEndsOfTheText) {
    for (std::string_view text : std::initializer_list<std::string_view>{
             "",
             " ",
             "\n",
             std::string_view("\0\0\0", 3),
             "秘",
             "密",
             "密级",
             "密级：",
             "秘密★",
             "秘 ",
             "★",
             "〔2020",
             "尧政办发〔2020〕",
             "尧政办发〔2020〕46",
             "@",
             "a@",
             "@b.cn",
             "+",
             "+86",
             "86 ",
             "1",
             "138 1234",
             "(0357",
             "(0357)",
             "护照",
             "E",
             "解密",
             "\xEF\xBB\xBF秘密\n",
             "\xEF\xBB\xBF",
         }) {
        EXPECT_NO_THROW(scan(text)) << text;
    }
    // A byte order mark does not hide a marking at the start.
    EXPECT_EQ(scan("\xEF\xBB\xBF秘密\n正文").counts().block, 1u);
}

TEST(DamagedInput, LongRunsOfDigitsLettersAndSeparators) {
    EXPECT_TRUE(scan(std::string(100000, '1')).findings.empty());
    std::string grouped;
    for (int i = 0; i < 20000; ++i) {
        grouped += "1381 ";
    }
    EXPECT_TRUE(scan(grouped).findings.empty());
    std::string stars(50000, '*');
    EXPECT_TRUE(scan("秘密" + stars).findings.size() <= 1);
    std::string at_signs(50000, '@');
    EXPECT_TRUE(scan(at_signs).findings.empty());
    std::string local(100000, 'a');
    EXPECT_EQ(scan(local + "@x.cn").findings.size(), 1u);
    std::string secrets;
    for (int i = 0; i < 20000; ++i) {
        secrets += "密 ";
    }
    EXPECT_TRUE(scan(secrets).findings.empty());
}

// Random mixtures of the characters the detectors care about: no crash, no finding outside
// the text, valid UTF-8 excerpts, and redaction removes what it was asked to.
TEST(DamagedInput, RandomTextsNeverCrash) {
    const std::vector<std::string> pieces = {"1",    "3",           "8",
                                             "0",    "6",           "X",
                                             "x",    "E",           "G",
                                             " ",    "-",           "+",
                                             "@",    ".",           ",",
                                             "(",    ")",           "\n",
                                             "\t",   "秘",          "密",
                                             "机",   "绝",          "级",
                                             "：",   "★",           "☆",
                                             "*",    "解",          "〔",
                                             "〕",   "号",          "第",
                                             "年",   "长期",        "身份证",
                                             "卡号", "护照",        "１",
                                             "８",   "\u3000",      "－",
                                             "文",   "内部资料",    "a",
                                             "Z",    "_",           "86",
                                             "0086", "13812345678", "350102199003071234"};
    std::uint64_t state = 12345;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        int length = static_cast<int>(next() % 60);
        for (int i = 0; i < length; ++i) {
            text += pieces[next() % pieces.size()];
        }
        auto result = scan(text);
        std::size_t code_points = 0;
        for (char c : text) {
            code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        }
        for (const Finding& finding : result.findings) {
            EXPECT_LE(finding.start, finding.end);
            EXPECT_LE(finding.end, code_points);
            EXPECT_TRUE(is_valid_utf8(finding.excerpt));
        }
        std::vector<std::string> ids;
        for (const Finding& finding : result.findings) {
            if (is_maskable(finding.rule)) {
                ids.push_back(finding.id);
            }
        }
        std::string redacted = bare_scanner()->redact_text(text, "body", ids, kToday);
        EXPECT_TRUE(is_valid_utf8(redacted));
        for (const Finding& finding : scan(redacted).findings) {
            EXPECT_FALSE(is_maskable(finding.rule) && finding.rule != Rule::email &&
                         result.find(finding.id) != nullptr)
                << text;
        }
    }
}

TEST(DamagedInput, RandomBytesGiveAnErrorOrFindings) {
    std::uint64_t state = 777;
    for (int round = 0; round < 2000; ++round) {
        std::string bytes;
        int length = static_cast<int>(state % 40);
        for (int i = 0; i < length; ++i) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            bytes += static_cast<char>(state >> 56);
        }
        try {
            scan(bytes);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::validation_failed);
        }
    }
}

}  // namespace
}  // namespace gongkai::scanner::testing

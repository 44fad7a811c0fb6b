// Report content objects: every string value, with its path; the {findings, counts} JSON
// shared by the CLI and the API; stable finding ids.
#include "scanner_fixture.hpp"

#include <gongkai/core/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <set>

namespace gongkai::scanner::testing {
namespace {

boost::json::object sample_content() {
    return boost::json::parse(R"({
        "template": "gov-annual-2021",
        "year": 2024,
        "title": "秘密★1年",
        "sections": {"overview": "联系人手机13812345678。", "problems": "无", "other": ""},
        "notes": {"proactive": "", "applications": "内部资料", "review_litigation": ""},
        "proactive": {"rules": {"issued": 0, "repealed": 0, "in_force": 3},
                      "fees": {"amount": "12.5"}},
        "attachments": [{"title": "附件"}, {"title": "邮箱 a@yaodu.gov.cn"}],
        "flags": [true, null, 13812345678]
    })")
        .as_object();
}

TEST(ContentScan, EveryStringWithItsPath) {
    auto result = bare_scanner()->scan_content(sample_content(), kToday);
    ASSERT_EQ(result.findings.size(), 4u);
    EXPECT_EQ(result.findings[0].field, "title");
    EXPECT_EQ(result.findings[0].rule, Rule::classification_marking);
    EXPECT_EQ(result.findings[1].field, "sections.overview");
    EXPECT_EQ(result.findings[1].rule, Rule::mobile_number);
    EXPECT_EQ(result.findings[1].start, 5u);
    EXPECT_EQ(result.findings[1].end, 16u);
    EXPECT_EQ(result.findings[2].field, "notes.applications");
    EXPECT_EQ(result.findings[2].rule, Rule::internal_marking);
    EXPECT_EQ(result.findings[3].field, "attachments[1].title");
    EXPECT_EQ(result.findings[3].rule, Rule::email);
    // The number 13812345678 in "flags" is a number, not text: skipped.
    EXPECT_EQ(result.counts(), (FindingCounts{1, 2, 1}));
}

TEST(ContentScan, JsonShape) {
    auto result = bare_scanner()->scan_content(sample_content(), kToday);
    auto json = to_json(result);
    ASSERT_TRUE(json.contains("findings"));
    ASSERT_TRUE(json.contains("counts"));
    EXPECT_EQ(json.size(), 2u);
    EXPECT_EQ(boost::json::serialize(json.at("counts")), R"({"block":1,"review":2,"info":1})");
    const auto& first = json.at("findings").as_array().at(1).as_object();
    std::set<std::string> keys;
    for (const auto& member : first) {
        keys.insert(std::string(member.key()));
    }
    EXPECT_EQ(keys, (std::set<std::string>{"id", "rule", "severity", "field", "start", "end",
                                           "excerpt"}));
    EXPECT_EQ(first.at("rule").as_string(), "mobile_number");
    EXPECT_EQ(first.at("severity").as_string(), "review");
    EXPECT_EQ(first.at("field").as_string(), "sections.overview");
    EXPECT_EQ(first.at("start").to_number<std::size_t>(), 5u);
    EXPECT_EQ(first.at("end").to_number<std::size_t>(), 16u);
    EXPECT_EQ(first.at("excerpt").as_string(), "联系人手机138****5678。");
}

TEST(ContentScan, SuggestionOnlyWhenThereIsOne) {
    Lexicon lexicon;
    lexicon.add_typo("标椎", "标准");
    auto scanner = Scanner::create(lexicon);
    auto json = to_json(scanner->scan_text("标椎化", "body", kToday));
    const auto& finding = json.at("findings").as_array().at(0).as_object();
    EXPECT_EQ(finding.at("suggestion").as_string(), "标准");
    EXPECT_EQ(finding.at("severity").as_string(), "info");
}

TEST(ContentScan, JsonRoundTrip) {
    auto result = bare_scanner()->scan_content(sample_content(), kToday);
    auto parsed =
        scan_result_from_json(boost::json::parse(boost::json::serialize(to_json(result))));
    EXPECT_EQ(parsed, result);
}

TEST(ContentScan, MalformedStoredScanIsABadRequest) {
    for (std::string_view text : {
             R"([])",
             R"({"findings": 1})",
             R"({"findings": [{"id": "x"}]})",
             R"({"findings": [{"id": "x", "rule": "nope", "severity": "info", "field": "f",
                  "start": 0, "end": 1, "excerpt": ""}]})",
             R"({"findings": [{"id": "x", "rule": "typo", "severity": "info", "field": "f",
                  "start": 2, "end": 1, "excerpt": ""}]})",
             R"({"findings": [{"id": "x", "rule": "typo", "severity": "info", "field": "f",
                  "start": -1, "end": 1, "excerpt": ""}]})",
         }) {
        try {
            scan_result_from_json(boost::json::parse(text));
            ADD_FAILURE() << "accepted " << text;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::bad_request);
        }
    }
}

TEST(FindingId, StableForTheSameFindingInTheSameText) {
    auto first = bare_scanner()->scan_content(sample_content(), kToday);
    auto again = Scanner::create(Lexicon{})->scan_content(sample_content(), kToday);
    ASSERT_EQ(first.findings.size(), again.findings.size());
    std::set<std::string> ids;
    for (std::size_t i = 0; i < first.findings.size(); ++i) {
        EXPECT_EQ(first.findings[i].id, again.findings[i].id);
        EXPECT_EQ(first.findings[i].id.size(), 16u);
        EXPECT_EQ(first.findings[i].id.find_first_not_of("0123456789abcdef"), std::string::npos);
        ids.insert(first.findings[i].id);
    }
    EXPECT_EQ(ids.size(), first.findings.size());
    EXPECT_EQ(first.find(first.findings[2].id), &first.findings[2]);
    EXPECT_EQ(first.find("0000000000000000"), nullptr);
}

TEST(FindingId, DependsOnFieldPositionTextAndKey) {
    auto id_of = [](const Scanner& scanner, std::string_view text, std::string_view field) {
        auto result = scanner.scan_text(text, field, kToday);
        EXPECT_EQ(result.findings.size(), 1u);
        return result.findings.empty() ? std::string() : result.findings[0].id;
    };
    const Scanner& scanner = *bare_scanner();
    std::string base = id_of(scanner, "手机13812345678", "body");
    EXPECT_NE(base, id_of(scanner, "手机13812345678", "title"));
    EXPECT_NE(base, id_of(scanner, "手机 13812345678", "body"));
    EXPECT_NE(base, id_of(scanner, "手机13812345679", "body"));
    ScannerSettings keyed;
    keyed.finding_id_key = "installation secret";
    EXPECT_NE(base, id_of(*Scanner::create(Lexicon{}, keyed), "手机13812345678", "body"));
    // Text elsewhere in the field does not matter.
    EXPECT_EQ(base, id_of(scanner, "手机13812345678，谢谢", "body"));
}

TEST(FindingId, SameAcrossALexiconReload) {
    // A disposition names a finding by id; reloading the lexicons must not orphan it.
    auto before = bare_scanner()->scan_content(sample_content(), kToday);
    Lexicon bigger;
    bigger.add_sensitive_term("联系人");
    bigger.add_typo("附见", "附件");
    auto after = Scanner::create(bigger)->scan_content(sample_content(), kToday);
    for (const Finding& finding : before.findings) {
        EXPECT_NE(after.find(finding.id), nullptr) << to_string(finding.rule);
    }
    EXPECT_EQ(after.findings.size(), before.findings.size() + 1);  // + the term 联系人
}

TEST(ServerEntryPoints, ScanTakesContentObjectsOrPlainText) {
    const Scanner& scanner = *bare_scanner();
    EXPECT_EQ(scanner.scan(boost::json::value(sample_content()), kToday),
              scanner.scan_content(sample_content(), kToday));
    auto text = scanner.scan(boost::json::value("手机13812345678"), kToday);
    ASSERT_EQ(text.findings.size(), 1u);
    EXPECT_EQ(text.findings[0].field, Scanner::kTextField);
    EXPECT_EQ(text, scanner.scan_text("手机13812345678", "body", kToday));
    for (const char* other : {"[\"13812345678\"]", "13812345678", "null"}) {
        try {
            scanner.scan(boost::json::parse(other), kToday);
            ADD_FAILURE() << "scanned " << other;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::bad_request);
        }
    }
}

TEST(ServerEntryPoints, RedactKeepsTheKindOfValue) {
    const Scanner& scanner = *bare_scanner();
    boost::json::value content(sample_content());
    auto mobile = with_rule(scanner.scan(content, kToday), Rule::mobile_number);
    ASSERT_EQ(mobile.size(), 1u);
    std::vector<std::string> ids{mobile[0].id};
    auto redacted = scanner.redact(content, ids, kToday);
    ASSERT_TRUE(redacted.is_object());
    EXPECT_EQ(redacted.at("sections").at("overview").as_string(), "联系人手机138****5678。");
    EXPECT_EQ(redacted.at("title"), content.at("title"));

    boost::json::value text("手机13812345678");
    auto text_ids = std::vector<std::string>{scanner.scan(text, kToday).findings.at(0).id};
    EXPECT_EQ(scanner.redact(text, text_ids, kToday), boost::json::value("手机138****5678"));
}

TEST(Rules, NamesSeveritiesAndMaskability) {
    for (Rule rule : all_rules()) {
        EXPECT_EQ(parse_rule(to_string(rule)), rule);
    }
    EXPECT_EQ(all_rules().size(), 13u);
    EXPECT_EQ(severity_of(Rule::classification_marking), Severity::block);
    EXPECT_EQ(severity_of(Rule::sensitive_term), Severity::review);
    EXPECT_EQ(severity_of(Rule::typo), Severity::info);
    EXPECT_TRUE(is_maskable(Rule::resident_id));
    EXPECT_FALSE(is_maskable(Rule::typo));
    EXPECT_EQ(parse_rule("nope"), std::nullopt);
    EXPECT_EQ(parse_severity("block"), Severity::block);
}

}  // namespace
}  // namespace gongkai::scanner::testing

// The office-maintained lexicons: parsing, sensitive-term and typo matching, and reloading
// without a restart.
#include "scanner_fixture.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/sha256.hpp>
#include <gongkai/scanner/scanner_holder.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <random>
#include <thread>

namespace gongkai::scanner::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

void write_lexicons(const fs::path& dir, std::string_view sensitive, std::string_view typos) {
    fs::create_directories(dir);
    write(dir / "sensitive.txt", sensitive);
    write(dir / "typos.txt", typos);
}

TEST(Lexicon, BlankLinesCommentsDuplicatesAndOddWhiteSpace) {
    auto lexicon = Lexicon::parse(
        "\xEF\xBB\xBF# comment\n\n内部讨论\r\n  内部讨论  \n\u3000送审稿\u3000\n\t\n# "
        "送审稿\n送审稿",
        "标椎 标准\n\n标椎\t标准\r\n给与\u3000给予\n# 显着 显著\n");
    EXPECT_EQ(lexicon.sensitive_terms(), (std::vector<std::string>{"内部讨论", "送审稿"}));
    EXPECT_EQ(lexicon.typos(), (std::vector<TypoPair>{{"标椎", "标准"}, {"给与", "给予"}}));
    auto stats = lexicon.stats();
    EXPECT_EQ(stats.sensitive_terms, 2u);
    EXPECT_EQ(stats.typos, 2u);
    EXPECT_EQ(stats.duplicates_ignored, 3u);
}

TEST(Lexicon, StatsNameTheTextsTheListsWereReadFrom) {
    auto stats = Lexicon::parse("", "标椎 标准\n").stats();
    EXPECT_EQ(stats.sensitive_sha256,
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(stats.typos_sha256, sha256_hex("标椎 标准\n"));
    Lexicon built;
    built.add_sensitive_term("内部讨论");
    EXPECT_TRUE(built.stats().sensitive_sha256.empty());
}

TEST(Lexicon, EmptyFilesAreAnEmptyLexicon) {
    auto lexicon = Lexicon::parse("", "\n\n# nothing\n");
    EXPECT_TRUE(lexicon.sensitive_terms().empty());
    EXPECT_TRUE(lexicon.typos().empty());
    EXPECT_NO_THROW(Scanner::create(lexicon));
}

TEST(Lexicon, BadLinesAreRefusedWithTheirLineNumber) {
    struct Case {
        std::string_view sensitive;
        std::string_view typos;
        std::size_t line;
    };
    std::string long_term(101 * 3, 'x');
    for (std::size_t i = 0; i < 101; ++i) {
        long_term.replace(i * 3, 3, "文");
    }
    for (const Case& bad : {
             Case{"", "标椎\n", 1},                   // one word
             Case{"", "# c\n标椎 标准 标准化\n", 2},  // three words
             Case{"", "标准 标准\n", 1},              // no correction
             Case{"", "标椎 标准\n标椎 标注\n", 2},   // two corrections
             Case{"好\n\xff\xfe\n", "", 2},           // not UTF-8
             Case{"", "\xc3\x28 x\n", 1},
             Case{long_term, "", 1},
         }) {
        try {
            Lexicon::parse(bad.sensitive, bad.typos, "test");
            ADD_FAILURE() << "accepted " << bad.sensitive << " / " << bad.typos;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::validation_failed);
            EXPECT_EQ(e.details().at("line").to_number<std::size_t>(), bad.line) << e.what();
        }
    }
}

TEST(Lexicon, LoadNeedsBothFiles) {
    gongkai::testing::TempDir dir;
    write(dir.path() / "sensitive.txt", "送审稿\n");
    EXPECT_THROW(Lexicon::load(dir.path()), Error);
    write(dir.path() / "typos.txt", "标椎 标准\n");
    auto lexicon = Lexicon::load(dir.path());
    EXPECT_EQ(lexicon.stats().sensitive_terms, 1u);
    EXPECT_EQ(lexicon.stats().typos, 1u);
    EXPECT_THROW(Lexicon::load(dir.path() / "missing"), Error);
}

TEST(Lexicon, TheShippedStarterSetLoads) {
    auto lexicon = Lexicon::load(gongkai::testing::source_dir() / "config" / "lexicons");
    EXPECT_GT(lexicon.stats().sensitive_terms, 20u);
    // Every pair of the facts document (../shared/docs/secrecy-review.md), as it is given there.
    const std::vector<TypoPair> facts{{"标椎", "标准"}, {"制订", "制定"}, {"给与", "给予"},
                                      {"显着", "显著"}, {"条丽", "条例"}, {"国务园", "国务院"},
                                      {"按装", "安装"}};
    for (const TypoPair& pair : facts) {
        EXPECT_NE(std::find(lexicon.typos().begin(), lexicon.typos().end(), pair),
                  lexicon.typos().end())
            << pair.wrong;
    }
    // 制订 is listed bare, and its always-wrong combinations (longer, so they win) too.
    auto scanner = Scanner::create(lexicon);
    auto result = scanner->scan_text("制订工作计划，制订条例", "body", kToday);
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.findings[0].start, 0u);
    EXPECT_EQ(result.findings[0].end, 2u);
    EXPECT_EQ(result.findings[0].suggestion, "制定");
    EXPECT_EQ(result.findings[1].start, 7u);
    EXPECT_EQ(result.findings[1].end, 11u);
    EXPECT_EQ(result.findings[1].suggestion, "制定条例");
}

TEST(SensitiveTerms, EveryOccurrenceLeftmostLongest) {
    Lexicon lexicon;
    lexicon.add_sensitive_term("内部讨论");
    lexicon.add_sensitive_term("内部讨论稿");
    lexicon.add_sensitive_term("讨论稿");
    lexicon.add_sensitive_term("ABC项目");
    auto scanner = Scanner::create(lexicon);
    std::string_view text = "这是内部讨论稿，另一份讨论稿，内部讨论。ＡＢＣ项目";
    auto found = with_rule(scanner->scan_text(text, "body", kToday), Rule::sensitive_term);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0].start, 2u);
    EXPECT_EQ(found[0].end, 7u);  // 内部讨论稿, not 内部讨论 and 讨论稿
    EXPECT_EQ(found[1].start, 11u);
    EXPECT_EQ(found[1].end, 14u);
    EXPECT_EQ(found[2].start, 15u);
    EXPECT_EQ(found[2].end, 19u);
    EXPECT_EQ(found[3].start, 20u);  // full-width letters match the ASCII term
    EXPECT_EQ(found[3].end, 25u);
    EXPECT_EQ(found[0].severity, Severity::review);
    EXPECT_FALSE(found[0].suggestion.has_value());
}

TEST(SensitiveTerms, BuiltInMarkingListedAgainIsReportedOnce) {
    Lexicon lexicon;
    lexicon.add_sensitive_term("内部资料");
    auto result = Scanner::create(lexicon)->scan_text("内部资料", "body", kToday);
    ASSERT_EQ(result.findings.size(), 1u);
    EXPECT_EQ(result.findings[0].rule, Rule::internal_marking);
}

TEST(Typos, SuggestionReplacesTheSpan) {
    Lexicon lexicon;
    lexicon.add_typo("国务园", "国务院");
    lexicon.add_typo("按装", "安装");
    auto result = Scanner::create(lexicon)->scan_text("国务园办公厅，按装设备", "body", kToday);
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.findings[0].start, 0u);
    EXPECT_EQ(result.findings[0].end, 3u);
    EXPECT_EQ(result.findings[0].suggestion, "国务院");
    EXPECT_EQ(result.findings[1].start, 7u);
    EXPECT_EQ(result.findings[1].suggestion, "安装");
    EXPECT_EQ(result.findings[1].severity, Severity::info);
}

TEST(ScannerHolder, ReloadSwapsTheScannerAndKeepsItOnFailure) {
    gongkai::testing::TempDir dir;
    write_lexicons(dir.path(), "送审稿\n", "标椎 标准\n");
    ScannerHolder holder(dir.path());
    auto before = holder.current();
    EXPECT_EQ(with_rule(before->scan_text("送审稿", "body", kToday), Rule::sensitive_term).size(),
              1u);

    write_lexicons(dir.path(), "讨论稿\n讨论稿\n", "标椎 标准\n");
    auto outcome = holder.reload();
    EXPECT_TRUE(outcome.reloaded) << outcome.error;
    EXPECT_EQ(outcome.stats.sensitive_terms, 1u);
    EXPECT_EQ(outcome.stats.duplicates_ignored, 1u);
    auto after = holder.current();
    EXPECT_NE(before, after);
    EXPECT_TRUE(after->scan_text("送审稿", "body", kToday).findings.empty());
    EXPECT_EQ(after->scan_text("讨论稿", "body", kToday).findings.size(), 1u);
    // A scan holding the old scanner finishes with it.
    EXPECT_EQ(before->scan_text("送审稿", "body", kToday).findings.size(), 1u);

    write_lexicons(dir.path(), "未定稿\n", "标椎\n");  // broken typo line
    outcome = holder.reload();
    EXPECT_FALSE(outcome.reloaded);
    EXPECT_NE(outcome.error.find("typos.txt:1"), std::string::npos) << outcome.error;
    EXPECT_EQ(holder.current(), after);
    EXPECT_EQ(outcome.stats.sensitive_terms, 1u);

    gongkai::testing::TempDir other;
    write_lexicons(other.path(), "未定稿\n", "");
    outcome = holder.reload(other.path());
    EXPECT_TRUE(outcome.reloaded);
    EXPECT_EQ(holder.lexicon_dir(), other.path());
    EXPECT_EQ(holder.current()->scan_text("未定稿", "body", kToday).findings.size(), 1u);
    EXPECT_FALSE(holder.reload(dir.path() / "missing").reloaded);
    EXPECT_EQ(holder.lexicon_dir(), other.path());
}

TEST(ScannerHolder, StartWithoutLexiconsThrows) {
    gongkai::testing::TempDir dir;
    EXPECT_THROW(ScannerHolder holder(dir.path()), Error);
}

TEST(ScannerHolder, ScansWhileReloading) {
    gongkai::testing::TempDir dir;
    write_lexicons(dir.path(), "送审稿\n", "");
    ScannerHolder holder(dir.path());
    std::atomic<bool> stop{false};
    std::atomic<int> scans{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            while (!stop) {
                auto scanner = holder.current();
                auto result = scanner->scan_text("送审稿，手机13812345678", "body", kToday);
                EXPECT_GE(result.findings.size(), 1u);
                ++scans;
            }
        });
    }
    for (int i = 0; i < 20; ++i) {
        EXPECT_TRUE(holder.reload().reloaded);
    }
    while (scans < 100) {
        std::this_thread::yield();
    }
    stop = true;
    for (auto& reader : readers) {
        reader.join();
    }
}

// The matcher against the obvious algorithm (grep -o's leftmost-longest, one term at a time) on
// random texts over five characters: terms nest and overlap everywhere.
TEST(SensitiveTerms, AgreesWithANaiveSearchOnRandomTexts) {
    const std::vector<std::string> alphabet{"甲", "乙", "丙", "丁", "，"};
    std::mt19937 random(20240630);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n)(random);
    };
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::vector<std::size_t>> terms;  // as letter indexes
        Lexicon lexicon;
        for (int t = 0; t < 12; ++t) {
            std::vector<std::size_t> term(1 + pick(3));
            std::string spelled;
            for (auto& letter : term) {
                letter = pick(3);  // not the comma
                spelled += alphabet[letter];
            }
            terms.push_back(term);
            lexicon.add_sensitive_term(spelled);
        }
        std::vector<std::size_t> text(pick(60));
        std::string spelled;
        for (auto& letter : text) {
            letter = pick(4);
            spelled += alphabet[letter];
        }
        std::vector<std::pair<std::size_t, std::size_t>> expected;
        for (std::size_t pos = 0; pos < text.size();) {
            std::size_t longest = 0;
            for (const auto& term : terms) {
                if (term.size() > longest && pos + term.size() <= text.size() &&
                    std::equal(term.begin(), term.end(), text.begin() + static_cast<long>(pos))) {
                    longest = term.size();
                }
            }
            if (longest > 0) {
                expected.emplace_back(pos, pos + longest);
            }
            pos += std::max<std::size_t>(longest, 1);
        }
        auto found = with_rule(Scanner::create(lexicon)->scan_text(spelled, "body", kToday),
                               Rule::sensitive_term);
        std::vector<std::pair<std::size_t, std::size_t>> actual;
        for (const Finding& finding : found) {
            actual.emplace_back(finding.start, finding.end);
        }
        ASSERT_EQ(actual, expected) << "in: " << spelled;
    }
}

}  // namespace
}  // namespace gongkai::scanner::testing

namespace gongkai::scanner::testing {
namespace {

TEST(SensitiveTerms, SingleCharacterTermsAndTermsAtTheEdges) {
    Lexicon lexicon;
    lexicon.add_sensitive_term("密");  // also the marking detector's anchor
    lexicon.add_sensitive_term("项目A1");
    lexicon.add_sensitive_term("末尾");
    auto scanner = Scanner::create(lexicon);
    auto found = with_rule(scanner->scan_text("密切联系，项目Ａ１，在末尾", "body", kToday),
                           Rule::sensitive_term);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].start, 0u);
    EXPECT_EQ(found[0].end, 1u);
    EXPECT_EQ(found[1].start, 5u);
    EXPECT_EQ(found[1].end, 9u);
    EXPECT_EQ(found[2].start, 11u);
    EXPECT_EQ(found[2].end, 13u);
    // The anchor still works for markings.
    EXPECT_TRUE(scanner->scan_text("秘密★1年", "body", kToday).blocks());
}

TEST(SensitiveTerms, ThousandsOfTermsInOnePass) {
    Lexicon lexicon;
    const std::string characters = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出";
    auto character = [&](std::size_t i) { return characters.substr((i % 30) * 3, 3); };
    for (std::size_t i = 0; i < 5000; ++i) {
        lexicon.add_sensitive_term(character(i) + character(i / 30 + 7) + character(i / 900 + 3) +
                                   "词");
    }
    auto scanner = Scanner::create(lexicon);
    EXPECT_EQ(scanner->lexicon_stats().sensitive_terms, lexicon.stats().sensitive_terms);
    std::string text;
    for (std::size_t i = 0; i < 5000; i += 97) {
        text += "，" + lexicon.sensitive_terms()[i % lexicon.sensitive_terms().size()];
    }
    auto found = with_rule(scanner->scan_text(text, "body", kToday), Rule::sensitive_term);
    EXPECT_EQ(found.size(), (5000 + 96) / 97);
}

}  // namespace
}  // namespace gongkai::scanner::testing

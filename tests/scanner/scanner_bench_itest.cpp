// The benchmark binary runs end to end on a small corpus (its numbers are for docs/scanner.md,
// not for this test).
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace gongkai::testing {
namespace {

TEST(ScannerBench, SmallRunReportsBothThroughputsAndAgreesWithGrep) {
    TempDir dir;
    auto result = run_command({(bin_dir() / "gongkai-scanner-bench").string(), "--mb", "0.5",
                               "--terms", "2000", "--runs", "1", "--dir", dir.path().string()});
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_NE(result.out.find("scanner  all rules"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("LC_ALL=C,"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("ratio scanner / grep"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("CPU"), std::string::npos) << result.out;
    // The scanner's sensitive-term findings are grep -o's matches, one for one.
    std::smatch counts;
    ASSERT_TRUE(std::regex_search(
        result.out, counts,
        std::regex("grep matches: ([0-9]+) lines; scanner sensitive_term findings: ([0-9]+)")))
        << result.out;
    EXPECT_EQ(counts[1].str(), counts[2].str());
    EXPECT_NE(counts[1].str(), "0");
}

}  // namespace
}  // namespace gongkai::testing

#include <gongkai/core/histogram.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace gongkai {
namespace {

TEST(Histogram, WritesCumulativeBucketsSumAndCount) {
    Histogram histogram({0.25, 0.5, 1});
    // Binary fractions, so that the sum is exact.
    for (double value : {0.125, 0.25, 0.375, 0.75, 4.0}) {
        histogram.observe(value);
    }
    std::string out;
    histogram.write_prometheus(out, "x_seconds", "op=\"a\"");
    EXPECT_EQ(out,
              "x_seconds_bucket{op=\"a\",le=\"0.25\"} 2\n"
              "x_seconds_bucket{op=\"a\",le=\"0.5\"} 3\n"
              "x_seconds_bucket{op=\"a\",le=\"1\"} 4\n"
              "x_seconds_bucket{op=\"a\",le=\"+Inf\"} 5\n"
              "x_seconds_sum{op=\"a\"} 5.5\n"
              "x_seconds_count{op=\"a\"} 5\n");
}

TEST(Histogram, WithoutLabelsHasNoEmptyBraces) {
    Histogram histogram({1});
    histogram.observe(2);
    std::string out;
    histogram.write_prometheus(out, "batch", "");
    EXPECT_EQ(
        out, "batch_bucket{le=\"1\"} 0\nbatch_bucket{le=\"+Inf\"} 1\nbatch_sum 2\nbatch_count 1\n");
}

TEST(Histogram, CountsEveryObservationFromManyThreads) {
    Histogram histogram(Histogram::latency_bounds());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i)
                histogram.observe(0.001 * (i % 7));
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(histogram.count(), 40000u);
}

TEST(PrometheusLabel, EscapesQuotesBackslashesAndNewlines) {
    EXPECT_EQ(prometheus_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace gongkai

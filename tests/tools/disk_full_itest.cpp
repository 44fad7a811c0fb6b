// The real server (in this process) with its SQLite database on a small tmpfs that runs
// full under writes: every request is answered, the connection and the server survive,
// nothing half-written is stored, and once space is freed writes work again without a
// restart.
#include <gongkai/storage/write_queue.hpp>
#include <gongkai/testing/child_process.hpp>
#include <gongkai/testing/test_database.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/testing/ws_client.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sys/mount.h>
#include <sys/statvfs.h>

namespace gongkai::testing {
namespace {

namespace fs = std::filesystem;

std::uint64_t free_bytes(const fs::path& dir) {
    struct statvfs info {};
    if (::statvfs(dir.c_str(), &info) != 0) return 0;
    return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

// `size` bytes written (tmpfs allocates on write) into `file`; stops early when the disk
// is full.
void write_filler(const fs::path& file, std::uint64_t size) {
    std::ofstream out(file, std::ios::binary);
    const std::string chunk(64 * 1024, 'x');
    for (std::uint64_t written = 0; written < size && out; written += chunk.size()) {
        out.write(chunk.data(), static_cast<std::streamsize>(
                                    std::min<std::uint64_t>(chunk.size(), size - written)));
    }
}

// Text that no page of the database can share with another report's.
std::string body_text(int report, std::size_t bytes) {
    std::string text;
    text.reserve(bytes + 32);
    for (int line = 0; text.size() < bytes; ++line) {
        text += "报告" + std::to_string(report) + "第" + std::to_string(line) + "行。";
    }
    return text;
}

class DiskFull : public ::testing::Test {
protected:
    void SetUp() override {
        if (testing_postgresql()) {
            GTEST_SKIP() << "SQLite's own behaviour on a full disk: the database is on PostgreSQL";
        }
        fs::create_directory(disk_);
        // Room for the seeded database and its write-ahead log; the test then fills the
        // rest.
        if (::mount("tmpfs", disk_.c_str(), "tmpfs", 0, "size=8m,mode=0700") != 0) {
            GTEST_SKIP() << "cannot mount a tmpfs to fill (needs root or CAP_SYS_ADMIN): "
                         << std::strerror(errno);
        }
        mounted_ = true;
    }

    void TearDown() override {
        // Lazily, so that the mount goes even if something still holds a file open on it.
        if (mounted_) {
            EXPECT_EQ(::umount2(disk_.c_str(), MNT_DETACH), 0) << std::strerror(errno);
        }
    }

    TempDir dir_;
    fs::path disk_ = dir_.path() / "disk";
    bool mounted_ = false;
};

boost::json::object create_request(int n) {
    return {{"org", "shuita"},
            {"kind", "notice"},
            {"title", "通知 " + std::to_string(n)},
            {"content", {{"body", body_text(n, 48 * 1024)}}}};
}

// What the server said to the writes it refused while the disk was full.
struct Refusals {
    std::set<std::string> codes;
    std::set<std::string> messages;
};

// Sends writes made by `request(n)` until three are refused (or `attempts` were made);
// returns the names of those acknowledged (`name(n)`).
std::set<std::string> write_until_refused(WsClient& client, std::string_view op, int attempts,
                                          const std::function<boost::json::object(int)>& request,
                                          const std::function<std::string(int)>& name,
                                          Refusals& refusals, int& refused) {
    std::set<std::string> acknowledged;
    refused = 0;
    for (int n = 0; n < attempts && refused < 3; ++n) {
        auto reply = client.call(op, request(n));
        if (reply.at("ok").as_bool()) {
            acknowledged.insert(name(n));
            continue;
        }
        ++refused;
        const auto& error = reply.at("error").as_object();
        refusals.codes.insert(error.at("code").as_string().c_str());
        refusals.messages.insert(error.at("message").as_string().c_str());
    }
    return acknowledged;
}

std::set<std::string> report_titles(WsClient& client) {
    std::set<std::string> titles;
    const auto listed = client.ok("report.list", {{"limit", 200}});
    for (const auto& item : listed.at("items").as_array())
        titles.insert(item.at("title").as_string().c_str());
    return titles;
}

std::set<std::string> comment_bodies(WsClient& client, const boost::json::value& report_id) {
    std::set<std::string> bodies;
    const auto listed = client.ok("comment.list", {{"report_id", report_id}});
    for (const auto& thread : listed.at("threads").as_array()) {
        bodies.insert(thread.at("body").as_string().c_str());
    }
    return bodies;
}

TEST_F(DiskFull, EveryRequestIsAnsweredNothingHalfWrittenAndWritesResumeOnceSpaceIsFree) {
    const auto db = (disk_ / "gongkai.db").string();
    const auto filler = disk_ / "filler";
    {
        SystemClock clock;
        TestServer server(clock, [&](api::AppSettings& s) { s.database.path = db; });
        WsClient drafter(server.host(), server.port());
        drafter.login("drafter", kDemoPassword);
        const auto first = drafter.ok("report.create", create_request(-1)).at("report").at("id");

        // Leave a few reports' worth of room, then write until the disk is full: large
        // reports first, then comments (a few hundred bytes) into what is left.
        const auto room = free_bytes(disk_);
        ASSERT_GT(room, 1024u * 1024) << "the seeded database took the whole tmpfs";
        write_filler(filler, room - 384 * 1024);
        Refusals refusals;
        int refused = 0;
        auto titles = write_until_refused(
            drafter, "report.create", 100, create_request,
            [](int n) { return "通知 " + std::to_string(n); }, refusals, refused);
        titles.insert("通知 -1");
        ASSERT_EQ(refused, 3) << "the disk never ran full";
        EXPECT_GT(titles.size(), 1u) << "the disk was full before the first write";
        auto comment = [&](int n) {
            return boost::json::object{
                {"report_id", first}, {"revision", 1}, {"body", "意见 " + std::to_string(n)}};
        };
        auto comment_name = [](int n) { return "意见 " + std::to_string(n); };
        auto bodies = write_until_refused(drafter, "comment.add", 1000, comment, comment_name,
                                          refusals, refused);
        ASSERT_EQ(refused, 3) << "comments still fit";
        EXPECT_EQ(refusals.codes, std::set<std::string>{"internal"});
        for (const auto& message : refusals.messages)
            std::cout << "refused: " << message << "\n";

        // Reads are served on the same connection; exactly what was acknowledged is there.
        EXPECT_EQ(report_titles(drafter), titles);
        EXPECT_EQ(comment_bodies(drafter, first), bodies);
        EXPECT_TRUE(server.database().verify_audit_log().ok);
        const auto health = http_get(server.host(), server.port(), "/healthz");
        std::cout << "/healthz with the disk full: " << health.first << " " << health.second;

        // Space comes back: the next writes are stored, on the same connection, with no
        // restart.
        fs::remove(filler);
        for (int n = 1000; n < 1003; ++n) {
            drafter.ok("report.create", create_request(n));
            titles.insert("通知 " + std::to_string(n));
            drafter.ok("comment.add", comment(n));
            bodies.insert(comment_name(n));
        }
        EXPECT_EQ(report_titles(drafter), titles);
        EXPECT_EQ(comment_bodies(drafter, first), bodies);
        const auto healthy = http_get(server.host(), server.port(), "/healthz");
        EXPECT_EQ(healthy.first, 200) << healthy.second;
        EXPECT_GE(server.database().writer().stats().failed_commits, 1u);
    }

    // The file the server left, checked by the administrator's tool.
    auto verify = run_command({(bin_dir() / "gongkai").string(), "audit", "verify", "--db", db});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    EXPECT_TRUE(verify.out.starts_with("ok ")) << verify.out;
}

}  // namespace
}  // namespace gongkai::testing

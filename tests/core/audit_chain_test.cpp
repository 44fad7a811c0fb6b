#include <gongkai/core/audit_chain.hpp>
#include <gongkai/core/sha256.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace gongkai {
namespace {

std::vector<AuditEntry> make_chain(int length) {
    std::vector<AuditEntry> chain;
    std::string previous(kGenesisHash);
    for (int i = 1; i <= length; ++i) {
        AuditEntry entry;
        entry.seq = i;
        entry.at = "2024-01-31T08:00:00.000Z";
        entry.actor = "drafter";
        entry.action = "report.update";
        entry.report_id = 7;
        entry.revision = i;
        entry.details = R"({"n":)" + std::to_string(i) + "}";
        entry.prev_hash = previous;
        entry.hash = compute_audit_hash(entry);
        previous = entry.hash;
        chain.push_back(entry);
    }
    return chain;
}

AuditChainVerifier verify(
    const std::vector<AuditEntry>& chain,
    AuditChainVerifier::HashOn hash_on = AuditChainVerifier::HashOn::calling_thread) {
    AuditChainVerifier verifier(hash_on);
    for (const auto& entry : chain) {
        if (!verifier.accept(entry)) break;
    }
    verifier.finish(chain.empty() ? 0 : 5, chain.empty() ? std::string(kGenesisHash)
                                                         : make_chain(5).back().hash);
    return verifier;
}

TEST(AuditChain, HashCoversPreviousHashAndEveryField) {
    auto entry = make_chain(1).front();
    EXPECT_EQ(entry.hash, sha256_hex(audit_hash_input(entry)));
    const std::string expected =
        "0000000000000000000000000000000000000000000000000000000000000000"
        "\n{\"action\":\"report.update\",\"actor\":\"drafter\",\"at\":\"2024-01-31T08:00:00.000Z\","
        "\"content_sha256\":null,\"details\":{\"n\":1},\"from_state\":null,\"report_id\":7,"
        "\"revision\":1,\"seq\":1,\"to_state\":null}";
    EXPECT_EQ(audit_hash_input(entry), expected);
    for (auto change : std::vector<std::function<void(AuditEntry&)>>{
             [](AuditEntry& e) { e.actor = "leader"; },
             [](AuditEntry& e) { e.at = "2024-01-31T08:00:00.001Z"; },
             [](AuditEntry& e) { e.details = R"({"n":2})"; },
             [](AuditEntry& e) { e.report_id.reset(); },
             [](AuditEntry& e) { e.to_state = "draft"; },
             [](AuditEntry& e) { e.prev_hash[0] = '1'; }}) {
        auto altered = entry;
        change(altered);
        EXPECT_NE(compute_audit_hash(altered), entry.hash);
    }
}

TEST(AuditChain, IntactChainVerifies) {
    auto result = verify(make_chain(5));
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result.entries(), 5);
    EXPECT_EQ(result.head_hash(), make_chain(5).back().hash);
}

TEST(AuditChain, ChangedEntryFailsAtThatEntry) {
    auto chain = make_chain(5);
    chain[2].actor = "someone-else";
    auto result = verify(chain);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.first_bad_seq(), 3);
}

TEST(AuditChain, DeletedEntryFailsWhereTheGapIs) {
    auto chain = make_chain(5);
    chain.erase(chain.begin() + 1);
    EXPECT_EQ(verify(chain).first_bad_seq(), 2);
}

TEST(AuditChain, ReorderedEntriesFail) {
    auto chain = make_chain(5);
    std::swap(chain[1], chain[2]);
    EXPECT_EQ(verify(chain).first_bad_seq(), 2);
}

TEST(AuditChain, RenumberedAndRehashedEntryStillBreaksTheNextLink) {
    auto chain = make_chain(5);
    chain[1].details = R"({"forged":true})";
    chain[1].hash = compute_audit_hash(chain[1]);  // the forger recomputes this one hash
    EXPECT_EQ(verify(chain).first_bad_seq(), 3);
}

TEST(AuditChain, CutOffTailIsNoticedThroughTheRecordedHead) {
    auto chain = make_chain(5);
    chain.pop_back();
    auto result = verify(chain);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.first_bad_seq(), 5);
}

// Hashing on a second thread, in batches, gives the verdict a walk on one thread gives:
// the same first bad entry, count and head, wherever in a batch the damage is.
TEST(AuditChain, HashingOnASecondThreadGivesTheSameVerdict) {
    constexpr auto kSecond = AuditChainVerifier::HashOn::second_thread;
    constexpr auto kCalling = AuditChainVerifier::HashOn::calling_thread;
    const auto chain = make_chain(10000);  // more than two batches
    auto finish_at_end = [&](std::vector<AuditEntry> entries, AuditChainVerifier::HashOn on) {
        AuditChainVerifier verifier(on);
        for (const auto& entry : entries) {
            if (!verifier.accept(entry)) break;
        }
        verifier.finish(chain.back().seq, chain.back().hash);
        return verifier;
    };
    auto intact = finish_at_end(chain, kSecond);
    EXPECT_TRUE(intact.ok()) << intact.problem();
    EXPECT_EQ(intact.entries(), 10000);
    EXPECT_EQ(intact.head_hash(), chain.back().hash);

    for (std::size_t damaged : {0u, 1u, 4095u, 4096u, 9999u}) {
        auto altered = chain;
        altered[damaged].details = R"({"n":-1})";  // content changed, hashes left as they were
        auto one = finish_at_end(altered, kCalling);
        auto two = finish_at_end(altered, kSecond);
        EXPECT_EQ(two.first_bad_seq(), static_cast<std::int64_t>(damaged) + 1);
        EXPECT_EQ(two.first_bad_seq(), one.first_bad_seq());
        EXPECT_EQ(two.problem(), one.problem());
        EXPECT_EQ(two.entries(), one.entries());
        EXPECT_EQ(two.head_hash(), one.head_hash());
    }

    // A bad hash before a broken link: the bad hash is the first problem.
    auto altered = chain;
    altered[100].actor = "someone-else";
    altered[5000].prev_hash = std::string(kGenesisHash);
    auto two = finish_at_end(altered, kSecond);
    EXPECT_EQ(two.first_bad_seq(), 101);
    EXPECT_EQ(two.problem(), finish_at_end(altered, kCalling).problem());

    // A broken link alone is found as it comes, as on one thread.
    altered = chain;
    altered.erase(altered.begin() + 7000);
    two = finish_at_end(altered, kSecond);
    EXPECT_EQ(two.first_bad_seq(), 7001);
    EXPECT_EQ(two.entries(), 7000);
}

}  // namespace
}  // namespace gongkai

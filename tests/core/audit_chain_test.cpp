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

AuditChainVerifier verify(const std::vector<AuditEntry>& chain) {
    AuditChainVerifier verifier;
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

}  // namespace
}  // namespace gongkai

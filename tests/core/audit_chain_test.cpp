#include <gongkai/core/audit_chain.hpp>
#include <gongkai/core/sha256.hpp>

#include <gtest/gtest.h>

#include <limits>
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
    verifier.finish(chain.empty() ? 0 : 5,
                    chain.empty() ? std::string(kGenesisHash) : make_chain(5).back().hash);
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

namespace gongkai {
namespace {

// A chain verified in stretches joined with continue_with() gives the verdict of one walk:
// the same first bad entry, problem, count and head, wherever the damage is relative to the
// places where the stretches meet.
AuditChainVerifier verify_in_stretches(const std::vector<AuditEntry>& entries,
                                       const std::vector<std::int64_t>& ends,
                                       const AuditEntry& recorded_head) {
    // Stretch k runs from after ends[k-1] to ends[k] and starts from the stored hash of the
    // entry at ends[k-1], as the database side reads it.
    std::vector<AuditChainVerifier> stretches;
    stretches.emplace_back(AuditChainVerifier::HashOn::calling_thread);
    for (auto end : ends) {
        const auto& last = entries[static_cast<std::size_t>(end - 1)];
        stretches.push_back(AuditChainVerifier::after(last.seq, last.hash));
    }
    for (std::size_t k = 0; k < stretches.size(); ++k) {
        const std::int64_t after = k == 0 ? 0 : ends[k - 1];
        const std::int64_t through =
            k == ends.size() ? std::numeric_limits<std::int64_t>::max() : ends[k];
        for (const auto& entry : entries) {
            if (entry.seq <= after || entry.seq > through) continue;
            if (!stretches[k].accept(entry)) break;
        }
    }
    for (std::size_t k = 1; k < stretches.size(); ++k) {
        stretches[0].continue_with(std::move(stretches[k]));
    }
    stretches[0].finish(recorded_head.seq, recorded_head.hash);
    return std::move(stretches[0]);
}

AuditChainVerifier verify_in_one_walk(const std::vector<AuditEntry>& entries,
                                      const AuditEntry& recorded_head) {
    AuditChainVerifier verifier;
    for (const auto& entry : entries) {
        if (!verifier.accept(entry)) break;
    }
    verifier.finish(recorded_head.seq, recorded_head.hash);
    return verifier;
}

void expect_same_verdict(const AuditChainVerifier& split, const AuditChainVerifier& one) {
    EXPECT_EQ(split.ok(), one.ok());
    EXPECT_EQ(split.first_bad_seq(), one.first_bad_seq());
    EXPECT_EQ(split.problem(), one.problem());
    EXPECT_EQ(split.entries(), one.entries());
    EXPECT_EQ(split.head_hash(), one.head_hash());
}

TEST(AuditChainStretches, JoinedStretchesGiveTheVerdictOfOneWalk) {
    const auto chain = make_chain(30);
    const std::vector<std::int64_t> ends{10, 20};
    auto intact = verify_in_stretches(chain, ends, chain.back());
    EXPECT_TRUE(intact.ok()) << intact.problem();
    EXPECT_EQ(intact.entries(), 30);
    EXPECT_EQ(intact.head_hash(), chain.back().hash);

    // Content changed at and around the places where stretches meet.
    for (std::size_t damaged : {0u, 9u, 10u, 11u, 19u, 20u, 29u}) {
        SCOPED_TRACE(damaged);
        auto altered = chain;
        altered[damaged].details = R"({"n":-1})";
        auto split = verify_in_stretches(altered, ends, chain.back());
        EXPECT_EQ(split.first_bad_seq(), static_cast<std::int64_t>(damaged) + 1);
        expect_same_verdict(split, verify_in_one_walk(altered, chain.back()));
    }
    // An entry missing right after the end of a stretch, and the tail cut off.
    for (std::size_t removed : {10u, 29u}) {
        SCOPED_TRACE(removed);
        auto shorter = chain;
        shorter.erase(shorter.begin() + static_cast<std::ptrdiff_t>(removed));
        expect_same_verdict(verify_in_stretches(shorter, ends, chain.back()),
                            verify_in_one_walk(shorter, chain.back()));
        EXPECT_FALSE(verify_in_stretches(shorter, ends, chain.back()).ok());
    }
    // Damage in two stretches: the earlier one is the verdict.
    auto twice = chain;
    twice[25].actor = "mallory";
    twice[5].actor = "mallory";
    EXPECT_EQ(verify_in_stretches(twice, ends, chain.back()).first_bad_seq(), 6);
}

TEST(AuditChainStretches, AStretchThatDoesNotStartWhereTheLastEndedBreaksTheChainThere) {
    const auto chain = make_chain(20);
    AuditChainVerifier first;
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(first.accept(chain[static_cast<std::size_t>(i)]));
    // The next stretch was told a different hash for entry 10: the rows changed between the
    // reads of the two stretches.
    auto next = AuditChainVerifier::after(10, std::string(kGenesisHash));
    first.continue_with(std::move(next));
    EXPECT_FALSE(first.ok());
    EXPECT_EQ(first.first_bad_seq(), 11);
}

}  // namespace
}  // namespace gongkai

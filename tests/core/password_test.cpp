#include <gongkai/core/password.hpp>

#include <gtest/gtest.h>

#include <set>

namespace gongkai {
namespace {

TEST(PasswordHasher, UsesArgon2idWithTheConfiguredCost) {
    PasswordHasher hasher({2, 19 * 1024});
    auto hash = hasher.hash("正确的密码 correct horse");
    EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
    EXPECT_TRUE(hasher.verify(hash, "正确的密码 correct horse"));
    EXPECT_FALSE(hasher.verify(hash, "正确的密码 correct horsE"));
}

TEST(PasswordHasher, SaltsEveryHash) {
    PasswordHasher hasher({1, 8});
    EXPECT_NE(hasher.hash("same"), hasher.hash("same"));
}

TEST(PasswordHasher, RejectsGarbageHashesWithoutCrashing) {
    PasswordHasher hasher({1, 8});
    EXPECT_FALSE(hasher.verify("", "x"));
    EXPECT_FALSE(hasher.verify("$argon2id$v=19$m=8,t=1,p=1$garbage", "x"));
}

TEST(SessionToken, Has256RandomBitsAndIsStoredOnlyAsItsDigest) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        auto token = new_session_token();
        EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64url without padding
        EXPECT_TRUE(seen.insert(token).second);
        auto digest = token_digest(token);
        EXPECT_EQ(digest.size(), 64u);
        EXPECT_EQ(digest.find(token), std::string::npos);
    }
}

}  // namespace
}  // namespace gongkai

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gongkai {

// Argon2id cost. The defaults are OWASP's minimum for Argon2id (19 MiB, 2 passes); the
// configuration layer refuses anything cheaper for real deployments.
struct PasswordHashSettings {
    unsigned long long iterations = 2;
    std::size_t memory_kib = 19 * 1024;
};

// Argon2id password hashing through libsodium (crypto_pwhash_str), encoded as the
// standard "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string.
class PasswordHasher {
public:
    explicit PasswordHasher(PasswordHashSettings settings = {});

    std::string hash(std::string_view password) const;
    bool verify(std::string_view encoded_hash, std::string_view password) const;

    // Verifies `password` against a hash of nothing, so that a login for an unknown user
    // costs as much time as one for a real user (no user enumeration by timing).
    void burn_equivalent_time(std::string_view password) const;

private:
    PasswordHashSettings settings_;
    std::string decoy_hash_;
};

// 256 random bits, URL-safe base64 without padding (43 characters).
std::string new_session_token();

// What is stored for a token: its SHA-256 in hex. The token itself is never stored.
std::string token_digest(std::string_view token);

// Throws if libsodium cannot be initialised (no entropy source).
void ensure_sodium_initialised();

}  // namespace gongkai

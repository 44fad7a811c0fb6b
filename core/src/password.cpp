#include "gongkai/core/password.hpp"

#include "gongkai/core/sha256.hpp"

#include <sodium.h>

#include <stdexcept>

namespace gongkai {

void ensure_sodium_initialised() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

PasswordHasher::PasswordHasher(PasswordHashSettings settings) : settings_(settings) {
    ensure_sodium_initialised();
    decoy_hash_ = hash(new_session_token());
}

std::string PasswordHasher::hash(std::string_view password) const {
    char encoded[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), settings_.iterations,
                              settings_.memory_kib * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return encoded;
}

bool PasswordHasher::verify(std::string_view encoded_hash, std::string_view password) const {
    // crypto_pwhash_str_verify wants a NUL-terminated string.
    std::string hash_copy(encoded_hash);
    return crypto_pwhash_str_verify(hash_copy.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::burn_equivalent_time(std::string_view password) const {
    (void)verify(decoy_hash_, password);
}

std::string new_session_token() {
    ensure_sodium_initialised();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    char encoded[sodium_base64_ENCODED_LEN(sizeof bytes, variant)];
    sodium_bin2base64(encoded, sizeof encoded, bytes, sizeof bytes, variant);
    sodium_memzero(bytes, sizeof bytes);
    return encoded;
}

std::string token_digest(std::string_view token) { return sha256_hex(token); }

}  // namespace gongkai

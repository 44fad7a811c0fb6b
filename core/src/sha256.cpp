#include "gongkai/core/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace gongkai {

namespace {

// The SHA-256 implementation, looked up once. EVP_sha256() is looked up again in the
// provider tables, under a read-write lock, on every message: that lock alone was 6% of
// verifying a million short audit entries (docs/benchmarks.md).
const EVP_MD* sha256_algorithm() {
    static EVP_MD* const algorithm = [] {
        EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (fetched == nullptr) {
            throw std::runtime_error("SHA-256 is not available from OpenSSL");
        }
        return fetched;
    }();
    return algorithm;
}

}  // namespace

struct Sha256::State {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    bool started = false;
    ~State() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    if (state_->context == nullptr) {
        throw std::bad_alloc();
    }
}

Sha256::~Sha256() = default;

Sha256& Sha256::update(std::string_view data) {
    if (!state_->started) {
        if (EVP_DigestInit_ex2(state_->context, sha256_algorithm(), nullptr) != 1) {
            throw std::runtime_error("SHA-256 initialisation failed");
        }
        state_->started = true;
    }
    EVP_DigestUpdate(state_->context, data.data(), data.size());
    return *this;
}

Digest Sha256::finish() {
    if (!state_->started) {
        update({});
    }
    Digest digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(state_->context, digest.data(), &length);
    state_->started = false;
    return digest;
}

Digest sha256(std::string_view data) {
    thread_local Sha256 hasher;
    return hasher.update(data).finish();
}

std::string to_hex(const Digest& digest) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(digest.size() * 2, '0');
    for (std::size_t i = 0; i < digest.size(); ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xf];
    }
    return out;
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

}  // namespace gongkai

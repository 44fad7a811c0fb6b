#include "gongkai/core/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace gongkai {

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
        if (EVP_DigestInit_ex(state_->context, EVP_sha256(), nullptr) != 1) {
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

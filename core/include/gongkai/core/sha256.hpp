#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gongkai {

using Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256 (OpenSSL, which uses the CPU's SHA instructions where present).
// Reusable: finish() resets it for the next message. Not thread-safe; one per thread.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    Sha256& update(std::string_view data);
    Digest finish();

private:
    struct State;
    std::unique_ptr<State> state_;
};

Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string to_hex(const Digest& digest);

}  // namespace gongkai

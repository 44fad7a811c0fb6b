#pragma once

#include <gongkai/scanner/rule.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gongkai::scanner {

// Finding ids: SipHash-2-4 (a keyed 64-bit hash designed for short inputs) of the
// length-prefixed rule, field, start, end and matched text, as 16 hex digits. The key keeps
// an id from being an oracle for the identifier it was computed from: without it, the few
// billion plausible ID numbers could be hashed until one gives the id seen in a log. The
// 128-bit SipHash key is derived once, when the scanner is created, from the configured secret
// with SHA-256. Not thread-safe (it reuses a buffer): one per scan.
struct FindingIdKey {
    std::uint64_t k0 = 0;
    std::uint64_t k1 = 0;

    // The SipHash key for a configured secret (empty: the built-in key).
    static FindingIdKey derive(std::string_view secret);
};

class FindingIdHasher {
public:
    explicit FindingIdHasher(FindingIdKey key);

    std::string id(Rule rule, std::string_view field, std::size_t start, std::size_t end,
                   std::string_view matched_text);

private:
    FindingIdKey key_;
    std::string message_;
};

// SipHash-2-4 (Aumasson and Bernstein) of `data`.
std::uint64_t siphash24(std::uint64_t key0, std::uint64_t key1, std::string_view data);

}  // namespace gongkai::scanner

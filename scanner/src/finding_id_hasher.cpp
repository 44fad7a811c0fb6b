#include "finding_id_hasher.hpp"

#include <gongkai/core/sha256.hpp>

#include <array>
#include <bit>
#include <charconv>
#include <cstring>

namespace gongkai::scanner {

namespace {

constexpr std::string_view kDefaultKey = "gongkai-scanner-finding-id-v1";

std::uint64_t load_le64(const unsigned char* bytes) {
    std::uint64_t value = 0;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(&value, bytes, 8);
    } else {
        for (int i = 7; i >= 0; --i) {
            value = (value << 8) | bytes[i];
        }
    }
    return value;
}

std::string_view decimal(std::size_t value, std::array<char, 24>& buffer) {
    auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

void append_field(std::string& out, std::string_view value) {
    std::array<char, 24> buffer;
    out.append(decimal(value.size(), buffer));
    out += ':';
    out.append(value);
}

void append_number(std::string& out, std::size_t value) {
    std::array<char, 24> buffer;
    append_field(out, decimal(value, buffer));
}

}  // namespace

std::uint64_t siphash24(std::uint64_t key0, std::uint64_t key1, std::string_view data) {
    std::uint64_t v0 = 0x736f6d6570736575ULL ^ key0;
    std::uint64_t v1 = 0x646f72616e646f6dULL ^ key1;
    std::uint64_t v2 = 0x6c7967656e657261ULL ^ key0;
    std::uint64_t v3 = 0x7465646279746573ULL ^ key1;
    auto round = [&] {
        v0 += v1;
        v1 = std::rotl(v1, 13);
        v1 ^= v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = std::rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = std::rotl(v1, 17);
        v1 ^= v2;
        v2 = std::rotl(v2, 32);
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t full = data.size() / 8 * 8;
    for (std::size_t i = 0; i < full; i += 8) {
        std::uint64_t m = load_le64(bytes + i);
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
    std::uint64_t last = static_cast<std::uint64_t>(data.size() & 0xFF) << 56;
    for (std::size_t i = full; i < data.size(); ++i) {
        last |= static_cast<std::uint64_t>(bytes[i]) << (8 * (i - full));
    }
    v3 ^= last;
    round();
    round();
    v0 ^= last;
    v2 ^= 0xFF;
    round();
    round();
    round();
    round();
    return v0 ^ v1 ^ v2 ^ v3;
}

FindingIdKey FindingIdKey::derive(std::string_view secret) {
    Digest digest = sha256(secret.empty() ? kDefaultKey : secret);
    return {load_le64(digest.data()), load_le64(digest.data() + 8)};
}

FindingIdHasher::FindingIdHasher(FindingIdKey key) : key_(key) {}

std::string FindingIdHasher::id(Rule rule, std::string_view field, std::size_t start,
                                std::size_t end, std::string_view matched_text) {
    message_.clear();
    append_field(message_, to_string(rule));
    append_field(message_, field);
    append_number(message_, start);
    append_number(message_, end);
    append_field(message_, matched_text);
    std::uint64_t hash = siphash24(key_.k0, key_.k1, message_);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(16, '0');
    for (int i = 15; i >= 0; --i) {
        id[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
        hash >>= 4;
    }
    return id;
}

}  // namespace gongkai::scanner

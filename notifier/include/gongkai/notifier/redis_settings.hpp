#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gongkai::notifier {

struct RedisSettings {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::string stream = "gongkai:notifications";
    std::string group = "gongkai-delivery";
    // This server's consumer name in the group; empty: host name and process id.
    std::string consumer;
    // Entries a consumer read but did not acknowledge for this long are taken over.
    std::chrono::milliseconds claim_idle{30000};
    // Relayed notifications still not in an inbox after this long are relayed again (in
    // case Redis lost them); everything undelivered is relayed again after a reconnect.
    std::chrono::milliseconds redeliver_after{60000};
    std::size_t batch = 256;
    // The relay pauses while the stream holds this many entries (consumers are behind).
    std::size_t max_stream_length = 100000;
    std::chrono::milliseconds connect_timeout{1000};
    std::chrono::milliseconds max_backoff{2000};
    // Which halves run in this process (both, normally).
    bool run_relay = true;
    bool run_consumer = true;
};

}  // namespace gongkai::notifier

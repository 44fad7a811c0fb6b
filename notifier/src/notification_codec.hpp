#pragma once

#include <gongkai/storage/notification_store.hpp>

#include <optional>
#include <string>

namespace gongkai::notifier {

// A notification as the payload of a stream entry (JSON), and back.
std::string encode(const storage::Notification& notification);
std::optional<storage::Notification> decode(std::string_view payload);

}  // namespace gongkai::notifier

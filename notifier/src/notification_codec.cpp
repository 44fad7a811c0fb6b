#include "notification_codec.hpp"

#include <boost/json.hpp>

namespace gongkai::notifier {

std::string encode(const storage::Notification& n) {
    boost::json::object object{{"id", n.id},
                               {"recipient_id", n.recipient_id},
                               {"kind", n.kind},
                               {"title", n.title},
                               {"text", n.text},
                               {"created_at", n.created_at}};
    object["report_id"] = n.report_id ? boost::json::value(*n.report_id) : nullptr;
    object["actor"] = n.actor ? boost::json::value(*n.actor) : nullptr;
    return boost::json::serialize(object);
}

std::optional<storage::Notification> decode(std::string_view payload) {
    boost::system::error_code ec;
    auto value = boost::json::parse(payload, ec);
    if (ec || !value.is_object()) return std::nullopt;
    const auto& object = value.get_object();
    auto integer = [&](const char* key) -> std::optional<std::int64_t> {
        auto found = object.if_contains(key);
        return found && found->is_int64() ? std::optional(found->get_int64()) : std::nullopt;
    };
    auto string = [&](const char* key) -> std::optional<std::string> {
        auto found = object.if_contains(key);
        return found && found->is_string() ? std::optional(std::string(found->get_string()))
                                           : std::nullopt;
    };
    auto id = integer("id");
    auto recipient = integer("recipient_id");
    auto kind = string("kind");
    auto title = string("title");
    auto text = string("text");
    auto created_at = string("created_at");
    if (!id || !recipient || !kind || !title || !text || !created_at) return std::nullopt;
    storage::Notification n;
    n.id = *id;
    n.recipient_id = *recipient;
    n.kind = *kind;
    n.report_id = integer("report_id");
    n.title = *title;
    n.text = *text;
    n.actor = string("actor");
    n.created_at = *created_at;
    return n;
}

}  // namespace gongkai::notifier

// notifications.list, notifications.mark_read, notifications.mark_all_read.
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>
#include <gongkai/core/error.hpp>

#include <charconv>

namespace gongkai::api {

namespace {

boost::json::object notification_json(const storage::Notification& n) {
    boost::json::object out{{"id", n.id},
                            {"kind", n.kind},
                            {"title", n.title},
                            {"text", n.text},
                            {"created_at", n.created_at},
                            {"read", n.read_at.has_value()}};
    out["report_id"] = n.report_id ? boost::json::value(*n.report_id) : nullptr;
    out["actor"] = n.actor ? boost::json::value(*n.actor) : nullptr;
    out["read_at"] = n.read_at ? boost::json::value(*n.read_at) : nullptr;
    return out;
}

}  // namespace

void add_notification_operations(const AddOperation& add, Services& services) {
    add("notifications.list", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        std::optional<std::int64_t> before;
        if (auto cursor = fields.optional_string("cursor", 32)) {
            std::int64_t value = 0;
            auto end = cursor->data() + cursor->size();
            if (cursor->size() < 2 || (*cursor)[0] != 'n' ||
                std::from_chars(cursor->data() + 1, end, value).ptr != end || value <= 0) {
                throw Error(ErrorCode::bad_request, "cursor 无效（请使用上一页返回的 next_cursor）");
            }
            before = value;
        }
        auto page = services.inbox.list(call->actor(),
                                        fields.optional_bool("unread_only").value_or(false),
                                        fields.limit("limit", 50, 200), before);
        boost::json::array items;
        for (const auto& item : page.items) items.push_back(notification_json(item));
        boost::json::value next = nullptr;
        if (page.next_before_id) next = "n" + std::to_string(*page.next_before_id);
        call->succeed({{"items", std::move(items)}, {"unread", page.unread}, {"next_cursor", next}});
    });

    add("notifications.mark_read", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        const auto* ids = fields.optional_array("ids");
        if (ids == nullptr) {
            throw Error(ErrorCode::bad_request, "缺少字段“ids”", {{"field", "ids"}});
        }
        if (ids->size() > 1000) {
            throw Error(ErrorCode::too_large, "一次最多标记 1000 条", {{"field", "ids"}});
        }
        std::vector<std::int64_t> values;
        for (const auto& id : *ids) {
            if (!id.is_int64()) {
                throw Error(ErrorCode::bad_request, "字段“ids”必须是整数数组", {{"field", "ids"}});
            }
            values.push_back(id.get_int64());
        }
        services.inbox.mark_read(call->actor(), std::move(values),
                                 call->then<std::int64_t>([](std::int64_t marked) {
                                     return boost::json::object{{"marked", marked}};
                                 }));
    });

    add("notifications.mark_all_read", true, [&services](const std::shared_ptr<Call>& call) {
        services.inbox.mark_all_read(call->actor(),
                                     call->then<std::int64_t>([](std::int64_t marked) {
                                         return boost::json::object{{"marked", marked}};
                                     }));
    });
}

}  // namespace gongkai::api

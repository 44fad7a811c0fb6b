// comment.add, comment.list, comment.resolve.
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>

namespace gongkai::api {

namespace {

boost::json::value optional_json(const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object comment_json(const storage::CommentRecord& c) {
    boost::json::object out{{"id", c.id},
                            {"report_id", c.report_id},
                            {"revision", c.revision},
                            {"thread_id", c.thread_id},
                            {"author", c.author_username},
                            {"author_name", c.author_display_name},
                            {"body", c.body},
                            {"created_at", c.created_at},
                            {"resolved", c.resolved_at.has_value()}};
    out["reply_to"] = c.reply_to ? boost::json::value(*c.reply_to) : nullptr;
    out["anchor"] = optional_json(c.anchor);
    out["resolved_at"] = optional_json(c.resolved_at);
    out["resolved_by"] = optional_json(c.resolved_by);
    out["resolved_by_name"] = optional_json(c.resolved_by_display_name);
    boost::json::array mentions;
    for (const auto& mention : c.mentions)
        mentions.emplace_back(mention);
    out["mentions"] = std::move(mentions);
    return out;
}

}  // namespace

void add_comment_operations(const AddOperation& add, Services& services) {
    add("comment.add", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::AddComment request;
        request.report_id = fields.integer("report_id");
        request.revision = fields.integer("revision");
        request.body = fields.string("body", 16 * 1024);
        request.anchor = fields.optional_string("anchor", 200);
        request.reply_to = fields.optional_integer("reply_to");
        services.comments.add(call->actor(), std::move(request),
                              call->then<storage::CommentRecord>([](const auto& comment) {
                                  return boost::json::object{{"comment", comment_json(comment)}};
                              }));
    });

    add("comment.list", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto threads = services.comments.list(call->actor(), fields.integer("report_id"));
        boost::json::array out;
        for (const auto& thread : threads) {
            auto first = comment_json(thread.first);
            boost::json::array replies;
            for (const auto& reply : thread.replies) replies.push_back(comment_json(reply));
            first["replies"] = std::move(replies);
            out.push_back(std::move(first));
        }
        call->succeed({{"threads", std::move(out)}});
    });

    add("comment.resolve", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        services.comments.resolve(call->actor(), fields.integer("comment_id"),
                                  call->then<storage::CommentRecord>([](const auto& comment) {
                                      return boost::json::object{{"comment", comment_json(comment)}};
                                  }));
    });
}

}  // namespace gongkai::api

// org.list and report.*: thin adapters from request fields to ReportService.
#include "json_views.hpp"
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>
#include <gongkai/core/error.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace gongkai::api {

namespace {

using workflow::ReportView;
using workflow::TransitionResult;

constexpr std::size_t kMaxTitleBytes = 1024;
constexpr std::size_t kMaxCommentBytes = 16 * 1024;

std::optional<std::int64_t> parse_cursor(const RequestFields& fields, char prefix) {
    auto cursor = fields.optional_string("cursor", 32);
    if (!cursor) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    auto begin = cursor->data() + 1;
    auto end = cursor->data() + cursor->size();
    if (cursor->size() < 2 || (*cursor)[0] != prefix ||
        std::from_chars(begin, end, value).ptr != end || value <= 0) {
        throw Error(ErrorCode::bad_request, "cursor 无效（请使用上一页返回的 next_cursor）");
    }
    return value;
}

boost::json::value make_cursor(char prefix, std::optional<std::int64_t> value) {
    if (!value) {
        return nullptr;
    }
    return boost::json::value(std::string(1, prefix) + std::to_string(*value));
}

boost::json::object report_result(const ReportView& view) {
    return {{"report", report_json(view)}};
}

// An optional string field of a cache key, unambiguous whatever it holds.
std::string key_part(const std::optional<std::string>& value) {
    return value ? fmt::format("{}:{}", value->size(), *value) : "-";
}

// Answers with the result under `key` from the reply cache, or with the one `compute`
// builds (a result object), which is then kept. Errors are thrown, never kept.
template <class Compute>
void answer_read(Services& services, Call& call, std::string key, Compute compute) {
    auto result = answer_through(services.replies, services.database, std::move(key), [&] {
        return std::optional<std::string>(boost::json::serialize(compute()));
    });
    call.succeed_serialized(*result);
}

}  // namespace

void add_report_operations(const AddOperation& add, Services& services) {
    add("org.list", true, [&services](const std::shared_ptr<Call>& call) {
        boost::json::array orgs;
        for (const auto& org : services.orgs.tree()->all()) {
            orgs.push_back({{"id", org.id},
                            {"name", org.name},
                            {"parent", org.parent ? boost::json::value(*org.parent)
                                                  : boost::json::value(nullptr)}});
        }
        call->succeed({{"orgs", std::move(orgs)}});
    });

    add("report.create", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::CreateReport request{fields.string("org", 64), fields.string("kind", 64),
                                       fields.string("title", kMaxTitleBytes),
                                       fields.object("content")};
        services.reports.create(call->actor(), std::move(request),
                                call->then<ReportView>(report_result));
    });

    add("report.update", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::UpdateReport request{fields.integer("report_id"), fields.integer("base_revision"),
                                       fields.object("content"),
                                       fields.optional_string("title", kMaxTitleBytes)};
        services.reports.update(call->actor(), std::move(request),
                                call->then<ReportView>(report_result));
    });

    add("report.correct", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        services.reports.correct(call->actor(), fields.integer("report_id"),
                                 call->then<ReportView>(report_result));
    });

    add("report.get", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        const auto report_id = fields.integer("report_id");
        const auto revision = fields.optional_integer("revision");
        // What the reader may do with the report is part of the answer: keyed by reader.
        auto key = fmt::format("get|{}|{}|{}", call->actor().user_id, report_id,
                               revision ? std::to_string(*revision) : "-");
        answer_read(services, *call, std::move(key), [&] {
            return report_result(services.reports.get(call->actor(), report_id, revision));
        });
    });

    // What the report forms offer and allow, as configured ([reports]).
    add("report.options", true, [&services](const std::shared_ptr<Call>& call) {
        const auto& limits = services.reports.limits();
        boost::json::array categories;
        for (const auto& category : limits.notice_categories)
            categories.emplace_back(category);
        call->succeed({{"notice_categories", std::move(categories)},
                       {"max_title_chars", limits.max_title_chars},
                       {"max_comment_chars", limits.max_comment_chars}});
    });

    add("report.list", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::ListQuery query;
        query.state = fields.optional_string("state", 64);
        query.org = fields.optional_string("org", 64);
        query.kind = fields.optional_string("kind", 64);
        query.awaiting_me = fields.optional_bool("awaiting_me").value_or(false);
        query.handled_by_me = fields.optional_bool("handled_by_me").value_or(false);
        query.created_by_me = fields.optional_bool("created_by_me").value_or(false);
        query.limit = fields.limit("limit", 50, 200);
        query.before_id = parse_cursor(fields, 'r');
        // Which reports are visible, and which await the reader, differ by reader.
        auto key = fmt::format("list|{}|{}|{}|{}|{}|{}|{}|{}|{}", call->actor().user_id,
                               key_part(query.state), key_part(query.org), key_part(query.kind),
                               query.awaiting_me, query.handled_by_me, query.created_by_me,
                               query.limit, query.before_id.value_or(0));
        // The whole reply in one arena, released at once after it is serialized: a page of
        // summaries is a few hundred small strings and objects, and allocating and freeing
        // them one by one cost about a tenth of the list's server time (75-83 us -> 69 us
        // for 20 rows, docs/benchmarks.md).
        boost::json::monotonic_resource arena;
        answer_read(services, *call, std::move(key), [&] {
            auto page = services.reports.list(call->actor(), query);
            boost::json::storage_ptr storage(&arena);
            boost::json::array items(storage);
            items.reserve(page.items.size());
            for (const auto& report : page.items) {
                items.push_back(report_summary_json(report, storage));
            }
            return boost::json::object({{"items", std::move(items)},
                                        {"next_cursor", make_cursor('r', page.next_before_id)}},
                                       storage);
        });
    });

    add("report.transition", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::TransitionCommand request;
        request.report_id = fields.integer("report_id");
        request.action = fields.string("action", 64);
        request.revision = fields.integer("revision");
        request.comment = fields.optional_string("comment", kMaxCommentBytes);
        if (auto checklist = fields.optional_object("checklist")) {
            request.checklist = *checklist;
        }
        services.reports.transition(
            call->actor(), std::move(request),
            call->then<TransitionResult>([](const TransitionResult& result) {
                return boost::json::object{{"report", report_json(result.view)},
                                           {"audit_seq", result.audit_seq}};
            }));
    });

    add("report.history", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto report_id = fields.integer("report_id");
        auto history = services.reports.history(call->actor(), report_id);
        // One list in the order things happened (the audit sequence orders them).
        std::vector<std::pair<std::int64_t, boost::json::object>> ordered;
        for (const auto& revision : history.revisions) {
            ordered.emplace_back(revision.audit_seq, revision_json(revision));
        }
        for (const auto& decision : history.decisions) {
            ordered.emplace_back(decision.audit_seq, decision_json(decision));
        }
        for (const auto& disposition : history.dispositions) {
            ordered.emplace_back(disposition.audit_seq, disposition_history_json(disposition));
        }
        std::sort(ordered.begin(), ordered.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        boost::json::array entries;
        for (auto& entry : ordered)
            entries.push_back(std::move(entry.second));
        call->succeed({{"report_id", report_id}, {"entries", std::move(entries)}});
    });
}

}  // namespace gongkai::api

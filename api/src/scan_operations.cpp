// The secrecy review operations: report.scan (the stored scan of a revision with its
// dispositions), review.disposition, report.review_record and report.redact.
#include "json_views.hpp"
#include "lexicon_audit.hpp"
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>
#include <gongkai/core/error.hpp>
#include <gongkai/scanner/scanner_holder.hpp>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gongkai::api {

namespace {

constexpr std::size_t kMaxNoteBytes = 16 * 1024;
constexpr std::size_t kMaxRedactIds = 1000;
constexpr std::size_t kFindingIdBytes = 64;

Error scanner_not_configured() {
    return Error(ErrorCode::internal, "保密审查扫描未配置（[scanner] lexicons）");
}

std::vector<std::string> finding_ids(const RequestFields& fields) {
    const auto* ids = fields.optional_array("finding_ids");
    if (ids == nullptr) {
        throw Error(ErrorCode::bad_request, "缺少字段 finding_ids（扫描发现编号的数组）",
                    {{"field", "finding_ids"}});
    }
    if (ids->size() > kMaxRedactIds) {
        throw Error(ErrorCode::too_large, fmt::format("一次最多遮盖 {} 项扫描发现", kMaxRedactIds));
    }
    std::vector<std::string> out;
    for (const auto& id : *ids) {
        if (!id.is_string() || id.get_string().size() > kFindingIdBytes) {
            throw Error(ErrorCode::bad_request, "finding_ids 必须是扫描发现编号（字符串）的数组",
                        {{"field", "finding_ids"}});
        }
        out.emplace_back(id.get_string());
    }
    return out;
}

void require_admin(Services& services, const Actor& actor) {
    std::vector<RoleGrant> grants;
    services.database.read(
        [&](storage::Stores& stores) { grants = *stores.directory.grants_of(actor.user_id); });
    if (std::none_of(grants.begin(), grants.end(),
                     [](const RoleGrant& grant) { return grant.role == Role::admin; })) {
        throw Error(ErrorCode::forbidden, "只有系统管理员可以重新加载词库");
    }
}

boost::json::object reload_json(const scanner::ReloadOutcome& outcome) {
    boost::json::object out{{"reloaded", outcome.reloaded},
                            {"sensitive_terms", outcome.stats.sensitive_terms},
                            {"typos", outcome.stats.typos},
                            {"duplicates_ignored", outcome.stats.duplicates_ignored}};
    if (!outcome.reloaded) out["error"] = outcome.error;
    return out;
}

}  // namespace

void add_scan_operations(const AddOperation& add, Services& services) {
    add("report.scan", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto result = services.reports.scan(call->actor(), fields.integer("report_id"),
                                            fields.optional_integer("revision"));
        if (!result) throw scanner_not_configured();
        call->succeed(std::move(*result));
    });

    add("review.disposition", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::DispositionCommand request{
            fields.integer("report_id"), fields.integer("revision"),
            fields.string("finding_id", kFindingIdBytes), fields.string("decision", 16),
            fields.optional_string("note", kMaxNoteBytes).value_or("")};
        services.reports.dispose(
            call->actor(), std::move(request),
            call->then<workflow::DispositionResult>([](const workflow::DispositionResult& result) {
                return boost::json::object{
                    {"finding", result.finding},
                    {"disposition", workflow::disposition_json(result.disposition)},
                    {"pending", result.pending},
                    {"must_fix", result.must_fix}};
            }));
    });

    add("report.review_record", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto record = services.reports.review_record(call->actor(), fields.integer("report_id"),
                                                     fields.optional_integer("revision"));
        if (!record) throw scanner_not_configured();
        call->succeed({{"record", std::move(record->data)}, {"html", std::move(record->html)}});
    });

    add("report.redact", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        workflow::RedactCommand request{fields.integer("report_id"),
                                        fields.integer("base_revision"), finding_ids(fields)};
        services.reports.redact(call->actor(), std::move(request),
                                call->then<workflow::ReportView>([](const auto& view) {
                                    return boost::json::object{{"report", report_json(view)}};
                                }));
    });

    // The same as SIGHUP: reread config/lexicons; on an error the old lexicons stay in use
    // and the reply says why ({reloaded: false, error}).
    add("admin.reload_lexicons", true, [&services](const std::shared_ptr<Call>& call) {
        require_admin(services, call->actor());
        auto* holder = services.reports.content_rules().scanner();
        if (holder == nullptr) throw scanner_not_configured();
        // Reading and compiling the lists takes tens of milliseconds: off the I/O threads.
        // The answer waits until the reload is in the audit log.
        net::post(services.blocking,
                  [holder, &database = services.database, username = call->actor().username,
                   done = call->then<scanner::ReloadOutcome>(reload_json)]() mutable {
                      try {
                          auto outcome = holder->reload();
                          if (outcome.reloaded) {
                              spdlog::info("secrecy-scan lexicons reloaded by {}", username);
                          } else {
                              spdlog::error("lexicon reload by {} failed: {}", username,
                                            outcome.error);
                          }
                          audit_lexicon_reload(database, username, "admin.reload_lexicons", outcome,
                                               [done, outcome](std::exception_ptr error) mutable {
                                                   if (error) {
                                                       done(error);
                                                   } else {
                                                       done(std::move(outcome));
                                                   }
                                               });
                      } catch (...) {
                          done(std::current_exception());
                      }
                  });
    });
}

}  // namespace gongkai::api

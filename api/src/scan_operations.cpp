// report.scan: the secrecy pre-review scan (gongkai::scanner) of a revision, on demand.
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>
#include <gongkai/core/error.hpp>

namespace gongkai::api {

void add_scan_operations(const AddOperation& add, Services& services) {
    add("report.scan", true, [&services](const std::shared_ptr<Call>& call) {
        RequestFields fields(call->request());
        auto result = services.reports.scan(call->actor(), fields.integer("report_id"),
                                            fields.optional_integer("revision"));
        if (!result) {
            throw Error(ErrorCode::internal, "保密审查扫描未配置（[scanner] lexicons）");
        }
        call->succeed(std::move(*result));
    });
}

}  // namespace gongkai::api

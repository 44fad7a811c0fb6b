#pragma once

#include "gongkai/api/http_routes.hpp"
#include "gongkai/api/reply_cache.hpp"

#include <gongkai/workflow/org_directory.hpp>
#include <gongkai/workflow/report_service.hpp>

namespace gongkai::api {

// The public side of the server, no login: what was published, in the official layout.
//   GET /public/reports/<id>         the published revision as a page (annual reports in
//                                    the national format), or, once retracted, when and
//                                    why it was retracted instead of its content
//   GET /public/orgs/<org>/reports   an organisation's published and retracted reports
// Reports never published answer 404 like ids that do not exist. The pages are kept in
// `pages` until the next commit to `database` (a published report is read by many).
void add_public_pages(HttpRoutes& routes, workflow::ReportService& reports,
                      workflow::OrgDirectory& orgs, storage::Database& database, ReplyCache& pages);

}  // namespace gongkai::api

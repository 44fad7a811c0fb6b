#pragma once

#include "gongkai/api/http_routes.hpp"

#include <gongkai/workflow/org_directory.hpp>
#include <gongkai/workflow/report_service.hpp>

namespace gongkai::api {

// The public side of the server, no login: what was published, in the official layout.
//   GET /public/reports/<id>         the published revision as a page (annual reports in
//                                    the national format), or, once retracted, when and
//                                    why it was retracted instead of its content
//   GET /public/orgs/<org>/reports   an organisation's published and retracted reports
// Reports never published answer 404 like ids that do not exist.
void add_public_pages(HttpRoutes& routes, workflow::ReportService& reports,
                      workflow::OrgDirectory& orgs);

}  // namespace gongkai::api

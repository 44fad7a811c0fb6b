#pragma once

#include <gongkai/core/audit_chain.hpp>
#include <gongkai/storage/audit_log.hpp>
#include <gongkai/storage/records.hpp>
#include <gongkai/workflow/report_service.hpp>

#include <boost/json/object.hpp>

// How domain objects appear in API results (docs/protocol.md describes each shape).
namespace gongkai::api {

// `storage`: where the object's memory comes from (an arena for a whole reply, say).
boost::json::object report_summary_json(const storage::ReportRecord& report,
                                        boost::json::storage_ptr storage = {});
boost::json::object report_json(const workflow::ReportView& view);
boost::json::object revision_json(const storage::RevisionRecord& revision);
boost::json::object decision_json(const storage::DecisionRecord& decision);
boost::json::object disposition_history_json(const storage::DispositionRecord& disposition);
boost::json::object audit_entry_json(const AuditEntry& entry);
boost::json::object user_json(const Actor& actor, const std::vector<RoleGrant>& roles);

}  // namespace gongkai::api

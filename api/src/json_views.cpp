#include "json_views.hpp"

#include <boost/json/parse.hpp>

namespace gongkai::api {

namespace {

boost::json::value optional_value(const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::value optional_value(const std::optional<std::int64_t>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object report_summary_json(const storage::ReportRecord& report,
                                        boost::json::storage_ptr storage) {
    return boost::json::object(
        {
            {"id", report.id},
            {"org", report.org},
            {"kind", report.kind},
            {"title", report.title},
            {"state", report.state},
            {"revision", report.revision},
            {"content_sha256", report.content_sha256},
            {"workflow", report.workflow},
            {"created_by", report.created_by_username},
            {"created_by_name", report.created_by_display_name},
            {"created_at", report.created_at},
            {"updated_at", report.updated_at},
            // 更正: the published report this one corrects, and the published report that
            // corrects this one (null when none).
            {"corrects",
             report.corrects ? boost::json::value(*report.corrects) : boost::json::value(nullptr)},
            {"corrected_by", report.corrected_by ? boost::json::value(*report.corrected_by)
                                                 : boost::json::value(nullptr)},
        },
        std::move(storage));
}

boost::json::object report_json(const workflow::ReportView& view) {
    auto out = report_summary_json(view.report);
    out["current_revision"] = view.report.revision;
    out["revision"] = view.revision.revision;
    out["content"] = boost::json::parse(view.revision.content);
    out["content_sha256"] = view.revision.content_sha256;
    out["revision_author"] = view.revision.author_username;
    out["revision_author_name"] = view.revision.author_display_name;
    out["revision_created_at"] = view.revision.created_at;
    boost::json::array actions;
    for (const auto& action : view.actions) {
        actions.emplace_back(action);
    }
    out["actions"] = std::move(actions);
    out["editable"] = view.editable;
    if (view.import_notes) {
        // What the import that produced a revision assumed, with that revision's number.
        out["import_notes"] = {{"revision", view.import_notes->revision},
                               {"created_at", view.import_notes->created_at},
                               {"notes", boost::json::parse(view.import_notes->notes)}};
    }
    return out;
}

boost::json::object revision_json(const storage::RevisionRecord& revision) {
    return {
        {"type", "revision"},
        {"revision", revision.revision},
        {"author", revision.author_username},
        {"author_name", revision.author_display_name},
        {"created_at", revision.created_at},
        {"content_sha256", revision.content_sha256},
        {"audit_seq", revision.audit_seq},
    };
}

boost::json::object decision_json(const storage::DecisionRecord& decision) {
    boost::json::object out{
        {"type", "decision"},
        {"action", decision.action},
        {"revision", decision.revision},
        {"from_state", decision.from_state},
        {"to_state", decision.to_state},
        {"actor", decision.actor_username},
        {"actor_name", decision.actor_display_name},
        {"created_at", decision.created_at},
        {"audit_seq", decision.audit_seq},
        {"comment", optional_value(decision.comment)},
    };
    out["checklist"] =
        decision.checklist ? boost::json::parse(*decision.checklist) : boost::json::value(nullptr);
    return out;
}

boost::json::object disposition_history_json(const storage::DispositionRecord& disposition) {
    return {
        {"type", "disposition"},
        {"revision", disposition.revision},
        {"finding_id", disposition.finding_id},
        {"rule", disposition.rule},
        {"decision", disposition.decision},
        {"note", disposition.note},
        {"actor", disposition.actor_username},
        {"actor_name", disposition.actor_display_name},
        {"created_at", disposition.created_at},
        {"audit_seq", disposition.audit_seq},
    };
}

boost::json::object audit_entry_json(const AuditEntry& entry) {
    return {
        {"seq", entry.seq},
        {"at", entry.at},
        {"actor", entry.actor},
        {"action", entry.action},
        {"report_id", optional_value(entry.report_id)},
        {"from_state", optional_value(entry.from_state)},
        {"to_state", optional_value(entry.to_state)},
        {"revision", optional_value(entry.revision)},
        {"content_sha256", optional_value(entry.content_sha256)},
        {"details", boost::json::parse(entry.details)},
        {"prev_hash", entry.prev_hash},
        {"hash", entry.hash},
    };
}

boost::json::object user_json(const Actor& actor, const std::vector<RoleGrant>& roles) {
    boost::json::array role_list;
    for (const auto& grant : roles) {
        role_list.push_back({{"org", grant.org}, {"role", to_string(grant.role)}});
    }
    return {{"username", actor.username},
            {"display_name", actor.display_name},
            {"roles", std::move(role_list)}};
}

}  // namespace gongkai::api

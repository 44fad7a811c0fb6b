#pragma once

#include "gongkai/workflow/workflow.hpp"

#include <gongkai/annual/report_template.hpp>
#include <gongkai/storage/records.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The secrecy review of one revision (保密审查): its stored scan with the reviewer's
// dispositions, and the review record (保密审查单) that is filed with the published report.
namespace gongkai::workflow {

// The Chinese label of a checklist item (kChecklistItems), e.g. 是否涉及国家秘密.
std::string_view checklist_label(std::string_view item);

// A revision's stored scan with the newest disposition of each finding attached.
struct ReviewedScan {
    // {findings, counts, scanned_at, pending, must_fix}: every finding that has been decided
    // carries "disposition": {decision, note, by, at}.
    boost::json::object scan;
    std::vector<std::string> undecided;  // ids of `review` findings without a disposition
    std::vector<std::string> must_fix;   // ids of findings whose newest decision is must_fix
};

// Joins a stored scan ({findings, counts}) with the dispositions of the same revision
// (oldest first; for each finding the newest one counts).
ReviewedScan review_scan(boost::json::object scan, std::string_view scanned_at,
                         std::span<const storage::DispositionRecord> dispositions);

// {decision, note, by, at, audit_seq}
boost::json::object disposition_json(const storage::DispositionRecord& disposition);

// What the review record shows: the whole review of the report (every revision, every
// disposition and decision, in the order they were made) and, in detail, the scan and
// checklist of one revision. review_record_json() is the data of report.review_record,
// render_review_record_html() the page for printing and filing.
struct ReviewRecordInput {
    const storage::ReportRecord& report;
    const Workflow& workflow;  // for the labels of the decisions and states
    std::string org_name;
    const storage::RevisionRecord& revision;  // the revision shown in detail
    const ReviewedScan& scan;
    std::span<const storage::DecisionRecord> decisions;  // on this revision, in order
    std::string generated_at;
    // The whole review: every revision, decision and disposition of the report, oldest first.
    std::span<const storage::RevisionRecord> revisions{};
    std::span<const storage::DecisionRecord> all_decisions{};
    std::span<const storage::DispositionRecord> dispositions{};
    // The stored scan ({findings, …}) of each revision that has one, by revision.
    std::map<std::int64_t, boost::json::object> scans{};
    // For each revision made by masking: the ids of the findings of the revision before it
    // that the mask answered.
    std::map<std::int64_t, std::vector<std::string>> masks{};
    // The annual report's template, for the printed names of its cells and sections.
    const annual::ReportTemplate* annual_template = nullptr;
};

// {heading, report: {…, kind_label, state_label}, revision, verification_code, scan,
// checklist, decisions, status, signatures, timeline, generated_at}.
// `checklist` is the one of the newest decision on the revision that carried one ({items:
// [{key, label, value}], by, at}) or null; `status` is "not_submitted" | "in_review" |
// "passed" | "returned" | "withdrawn", from the newest decision made on the revision.
// `timeline` is every revision, disposition and decision of the report in audit order;
// `signatures` the 拟稿 → 保密审查 → 签发 → 发布 lines of the path since the last return.
// `verification_code` is the first 12 hex digits of the revision's content hash (as the
// audit log records it).
boost::json::object review_record_json(const ReviewRecordInput& input);

// The printed name of a place in a report's content (文号, 正文, 一、总体情况, a table cell by
// its labels); 其他内容 for a place nobody can name.
std::string content_place_label(std::string_view kind,
                                const annual::ReportTemplate* annual_template,
                                std::string_view path);

// A self-contained, printable HTML page of the record (A4, no scripts, no external
// resources); every value from users is escaped.
std::string render_review_record_html(const boost::json::object& record);

}  // namespace gongkai::workflow

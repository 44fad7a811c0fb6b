#pragma once

#include "call.hpp"
#include "gongkai/api/dispatcher.hpp"

#include <functional>
#include <memory>
#include <string>

// The operation table, one file per group of operations. docs/protocol.md lists them all.
namespace gongkai::api {

using CallHandler = std::function<void(const std::shared_ptr<Call>&)>;
using AddOperation =
    std::function<void(std::string name, bool needs_session, CallHandler handler)>;

void add_session_operations(const AddOperation& add, Services& services);  // auth.*, ping
void add_report_operations(const AddOperation& add, Services& services);   // org.*, report.*
void add_audit_operations(const AddOperation& add, Services& services);    // audit.*
void add_notification_operations(const AddOperation& add, Services& services);  // notifications.*
void add_comment_operations(const AddOperation& add, Services& services);  // comment.*
// report.validate, report.render, report.import, annual.templates (the annual report)
void add_annual_operations(const AddOperation& add, Services& services);
void add_scan_operations(const AddOperation& add, Services& services);  // report.scan, review.*, report.redact

}  // namespace gongkai::api

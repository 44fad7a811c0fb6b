#include "gongkai/workflow/reminder_service.hpp"

#include "gongkai/workflow/decision_rules.hpp"
#include "gongkai/workflow/notifications.hpp"

#include <gongkai/storage/write_queue.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <set>

namespace gongkai::workflow {

namespace {

using namespace std::chrono;

std::optional<year_month_day> parse_month_day(const std::string& text, int in_year) {
    unsigned month = 0, day = 0;
    if (text.size() != 5 || text[2] != '-' ||
        std::sscanf(text.c_str(), "%2u-%2u", &month, &day) != 2) {
        return std::nullopt;
    }
    year_month_day date{year{in_year}, std::chrono::month{month}, std::chrono::day{day}};
    return date.ok() ? std::optional(date) : std::nullopt;
}

std::string date_text(year_month_day date) {
    return fmt::format("{}年{}月{}日", int(date.year()), unsigned(date.month()),
                       unsigned(date.day()));
}

}  // namespace

ReminderService::ReminderService(storage::Database& database, OrgDirectory& orgs,
                                 const WorkflowRegistry& workflows, const Clock& clock,
                                 DeadlineSettings deadlines)
    : database_(database),
      orgs_(orgs),
      workflows_(workflows),
      clock_(clock),
      deadlines_(std::move(deadlines)) {
    std::sort(deadlines_.days_before.begin(), deadlines_.days_before.end());
}

std::vector<ReminderService::DueReminder> ReminderService::find_due_reminders(
    const OrgTree& tree) {
    std::set<std::string> states;
    for (const auto& workflow : workflows_.all()) {
        for (const auto& state : workflow.states()) {
            if (state.remind_after_hours > 0) states.insert(state.id);
        }
    }
    std::vector<DueReminder> due;
    if (states.empty()) return due;
    const auto now = clock_.now();
    database_.read([&](storage::Stores& stores) {
        storage::ReportFilter filter;
        for (const auto& org : tree.all()) filter.orgs.push_back(org.id);
        filter.states.assign(states.begin(), states.end());
        filter.limit = 500;
        for (;;) {
            auto reports = stores.reports.list(filter);
            for (const auto& report : reports) {
                const Workflow* workflow = workflows_.find(report.workflow);
                const StateSpec* state = workflow ? workflow->state(report.state) : nullptr;
                if (state == nullptr || state->remind_after_hours <= 0) continue;
                auto decisions = stores.reports.decisions(report.id);
                // It has waited since it entered this state: the last decision, or creation.
                std::string entered = decisions.empty() ? report.created_at
                                                        : decisions.back().created_at;
                std::int64_t entry = decisions.empty() ? 0 : decisions.back().id;
                auto since = parse_iso8601(entered);
                if (!since) continue;
                auto waited = duration_cast<hours>(now - *since).count();
                long periods = waited / state->remind_after_hours;
                if (periods < 1) continue;
                due.push_back({report.id,
                               fmt::format("reminder:{}:{}:{}", report.id, entry, periods),
                               waited});
            }
            if (reports.size() < filter.limit) break;
            filter.before_id = reports.back().id;
        }
    });
    return due;
}

std::string ReminderService::due_of(const OrgTree& tree, const std::string& org) const {
    for (const auto& level : tree.self_and_ancestors(org)) {
        if (auto it = deadlines_.due_by_org.find(level); it != deadlines_.due_by_org.end()) {
            return it->second;
        }
    }
    return deadlines_.default_due;
}

std::vector<ReminderService::DueDeadline> ReminderService::find_due_deadlines(
    const OrgTree& tree) {
    std::vector<DueDeadline> due;
    if (deadlines_.days_before.empty()) return due;
    const int longest = deadlines_.days_before.back();
    const auto local = floor<days>(clock_.now() + hours(deadlines_.utc_offset_hours));
    const year_month_day today{local};
    database_.read([&](storage::Stores& stores) {
        for (const auto& org : tree.all()) {
            for (int report_year : {int(today.year()) - 1, int(today.year())}) {
                auto due_date = parse_month_day(due_of(tree, org.id), report_year + 1);
                if (!due_date) continue;
                int days_left = static_cast<int>((sys_days{*due_date} - local).count());
                if (days_left < 0 || days_left > longest) continue;
                if (stores.reports.has_published_annual_report(org.id, report_year)) continue;
                // The smallest threshold reached; larger ones that passed while the server
                // was down are not sent any more.
                auto threshold = std::find_if(deadlines_.days_before.begin(),
                                              deadlines_.days_before.end(),
                                              [&](int days) { return days_left <= days; });
                DueDeadline deadline{org.id, report_year, days_left, date_text(*due_date),
                                     fmt::format("deadline:{}:{}:{}", org.id, report_year,
                                                 *threshold),
                                     {}};
                for (auto larger = threshold + 1; larger != deadlines_.days_before.end();
                     ++larger) {
                    deadline.skipped_keys.push_back(
                        fmt::format("deadline:{}:{}:{}", org.id, report_year, *larger));
                }
                due.push_back(std::move(deadline));
            }
        }
    });
    return due;
}

std::size_t ReminderService::run_once() {
    auto tree = orgs_.reload();
    auto reminders = find_due_reminders(*tree);
    auto deadlines = find_due_deadlines(*tree);
    if (reminders.empty() && deadlines.empty()) return 0;

    std::size_t written = 0;
    std::promise<void> committed;
    database_.writer().submit(
        [&](storage::Stores& stores) {
            const auto now = format_iso8601(clock_.now());
            for (const auto& reminder : reminders) {
                auto report = stores.reports.find(reminder.report_id);
                const Workflow* workflow = report ? workflows_.find(report->workflow) : nullptr;
                if (!workflow || !stores.notifications.remember_sent(reminder.key, now)) continue;
                const StateSpec* state = workflow->state(report->state);
                auto revisions = stores.reports.revisions(report->id);
                auto decisions = stores.reports.decisions(report->id);
                auto recipients =
                    awaiting_users(stores, *tree, *workflow, {*report, revisions, decisions});
                auto text = fmt::format("《{}》已在“{}”环节等待 {} 小时，请尽快处理",
                                        report->title, state ? state->label : report->state,
                                        reminder.hours_waited);
                written += notify_users(stores, *tree, *report, recipients, "reminder", text,
                                        std::nullopt, 0, now);
            }
            for (const auto& deadline : deadlines) {
                bool fresh = stores.notifications.remember_sent(deadline.key, now);
                for (const auto& key : deadline.skipped_keys) {
                    stores.notifications.remember_sent(key, now);
                }
                if (!fresh) continue;
                const Org* org = tree->find(deadline.org);
                auto title = fmt::format("{}{}年政府信息公开工作年度报告",
                                         org ? org->name : deadline.org, deadline.year);
                auto text = fmt::format("《{}》尚未发布，距截止日期（{}）还有 {} 天", title,
                                        deadline.due_date, deadline.days_left);
                std::set<std::int64_t> seen;
                for (Role role : {Role::drafter, Role::leader}) {
                    for (const auto& user : stores.directory.users_with_role(deadline.org, role)) {
                        if (!seen.insert(user.id).second) continue;
                        storage::Notification notification;
                        notification.recipient_id = user.id;
                        notification.kind = "deadline";
                        notification.title = title;
                        notification.text = text;
                        notification.created_at = now;
                        stores.notifications.enqueue(notification);
                        ++written;
                    }
                }
            }
        },
        [&](std::exception_ptr error) {
            if (error) {
                committed.set_exception(error);
            } else {
                committed.set_value();
            }
        });
    committed.get_future().get();
    if (written > 0 && events_ != nullptr) events_->notifications_queued();
    return written;
}

}  // namespace gongkai::workflow

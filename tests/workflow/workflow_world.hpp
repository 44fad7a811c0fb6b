#pragma once

// A small organisation tree with one user per (role, place) and the real workflow files,
// driving ReportService over a real SQLite database.
//
//   city                 (the parent of the report's org)
//   ├── street           (the report's org: "own")
//   │   └── community    ("child")
//   └── other-street     ("sibling")

#include <gongkai/config/server_config.hpp>
#include <gongkai/core/error.hpp>
#include <gongkai/storage/database.hpp>
#include <gongkai/testing/annual_fixtures.hpp>
#include <gongkai/testing/checklist.hpp>
#include <gongkai/testing/test_database.hpp>
#include <gongkai/testing/test_server.hpp>
#include <gongkai/workflow/directory_admin.hpp>
#include <gongkai/workflow/report_service.hpp>

#include <future>
#include <map>
#include <string>

namespace gongkai::workflow::testing {

using gongkai::testing::kClearChecklist;
using gongkai::testing::TempDir;

inline const char* const kPlaces[] = {"street", "city", "community", "other-street"};
inline const Role kRoles[] = {Role::drafter, Role::reviewer, Role::leader, Role::auditor,
                              Role::admin};

// Waits for an asynchronous service call.
template <class T, class Start>
T wait_for(Start start) {
    std::promise<Outcome<T>> promise;
    start([&promise](Outcome<T> outcome) { promise.set_value(std::move(outcome)); });
    auto outcome = promise.get_future().get();
    return std::move(outcome.value());
}

class WorkflowWorld {
public:
    explicit WorkflowWorld(WorkflowAssignment assignment = {}) {
        database_ = gongkai::testing::open_test_database(dir_, "world.db", clock_);
        DirectoryAdmin admin(*database_, clock_, gongkai::testing::kFastHashing);
        admin.add_org({"city", "市", std::nullopt}, "system");
        admin.add_org({"street", "街道", "city"}, "system");
        admin.add_org({"community", "社区", "street"}, "system");
        admin.add_org({"other-street", "另一街道", "city"}, "system");
        for (const char* place : kPlaces) {
            for (Role role : kRoles) {
                add_user(user_name(role, place), place, role, admin);
            }
        }
        // The people who move reports along; each holds one role on the report's org.
        add_user("author", "street", Role::drafter, admin);
        add_user("reviewer2", "street", Role::reviewer, admin);
        add_user("approver", "street", Role::leader, admin);
        auto specs =
            config::load_workflows(gongkai::testing::source_dir() / "config" / "workflows");
        std::vector<Workflow> workflows;
        for (const auto& spec : specs)
            workflows.push_back(Workflow::compile(spec));
        registry_ = std::make_unique<WorkflowRegistry>(std::move(workflows), assignment);
        orgs_ = std::make_unique<OrgDirectory>(*database_, clock_);
        service_ = std::make_unique<ReportService>(*database_, *orgs_, *registry_, rules_, clock_);
    }

    static std::string user_name(Role role, const std::string& place) {
        return std::string(to_string(role)) + "." + place;
    }

    const Actor& actor(const std::string& username) const { return actors_.at(username); }
    ReportService& service() { return *service_; }
    storage::Database& database() { return *database_; }

    std::int64_t create(const std::string& org = "street", const std::string& by = "author") {
        CreateReport request{org, "notice", "测试通知", {{"body", "正文"}}};
        auto view = wait_for<ReportView>(
            [&](auto done) { service_->create(actor(by), request, std::move(done)); });
        return view.report.id;
    }

    ReportView get(std::int64_t id, const std::string& as = "author") {
        return service_->get(actor(as), id, std::nullopt);
    }

    // A second service over the same database, with caches of its own: another process
    // (the gongkai tool) deciding while the server runs.
    std::unique_ptr<ReportService> another_service() {
        return std::make_unique<ReportService>(*database_, *orgs_, *registry_, rules_, clock_);
    }

    // "ok", or the error code the attempt failed with.
    std::string act(const std::string& username, std::int64_t id, const std::string& action,
                    std::optional<std::int64_t> revision = std::nullopt) {
        return act_through(*service_, username, id, action, revision);
    }

    std::string act_through(ReportService& service, const std::string& username, std::int64_t id,
                            const std::string& action,
                            std::optional<std::int64_t> revision = std::nullopt) {
        TransitionCommand command;
        command.report_id = id;
        command.action = action;
        command.revision = revision.value_or(current_revision(id));
        command.comment = "意见";
        command.checklist = kClearChecklist;
        try {
            wait_for<TransitionResult>(
                [&](auto done) { service.transition(actor(username), command, std::move(done)); });
            return "ok";
        } catch (const Error& e) {
            return std::string(to_string(e.code()));
        }
    }

    // Moves a fresh report along `actions`, each by the usual person.
    std::int64_t report_after(const std::vector<std::string>& actions) {
        auto id = create();
        for (const auto& action : actions) {
            static const std::map<std::string, std::string> by{{"submit", "author"},
                                                               {"pass_review", "reviewer2"},
                                                               {"approve", "approver"},
                                                               {"publish", "approver"}};
            auto result = act(by.at(action), id, action);
            if (result != "ok") throw std::runtime_error(action + " failed: " + result);
        }
        return id;
    }

private:
    std::int64_t current_revision(std::int64_t id) {
        std::int64_t revision = 1;
        database_->read([&](storage::Stores& stores) {
            if (auto report = stores.reports.find(id)) revision = report->revision;
        });
        return revision;
    }

    void add_user(const std::string& username, const std::string& org, Role role,
                  DirectoryAdmin& admin) {
        admin.add_user(username, username, "password-123", "system");
        admin.grant_role(username, org, role, "system");
        database_->read([&](storage::Stores& stores) {
            actors_[username] = stores.directory.find_user_by_name(username)->actor();
        });
    }

    TempDir dir_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> database_;
    ContentRules rules_{gongkai::testing::annual_reports()};
    std::unique_ptr<WorkflowRegistry> registry_;
    std::unique_ptr<OrgDirectory> orgs_;
    std::unique_ptr<ReportService> service_;
    std::map<std::string, Actor> actors_;
};

}  // namespace gongkai::workflow::testing

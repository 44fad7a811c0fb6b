#include "commands.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/workflow/directory_admin.hpp>

#include <iostream>

namespace gongkai::cli {

namespace {

std::string read_password_line() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}

const char* describe(workflow::AdminOutcome outcome) {
    return outcome == workflow::AdminOutcome::created ? "created" : "unchanged";
}

}  // namespace

void add_admin_commands(CLI::App& app, Context& context) {
    struct Options {
        std::string db, password, username, display_name, org, role, id, name, parent;
        bool password_stdin = false;
        int bench_workers = 0;
    };
    auto options = std::make_shared<Options>();

    auto* init = app.add_subcommand("init", "Create or migrate a database (idempotent)");
    init->add_option("--db", options->db, "SQLite database file")->required();
    init->callback([&context, options] {
        context.action = [&context, options] {
            auto database = open_database(options->db, context.clock, false);
            std::cout << "database " << storage::printable_location(options->db)
                      << " at schema version " << database->schema_version() << "\n";
            return kExitOk;
        };
    });

    auto* seed =
        app.add_subcommand("seed-demo", "Create the demo organisations and users (idempotent)");
    seed->add_option("--db", options->db, "SQLite database file")->required();
    seed->add_option("--password", options->password, "Password for every demo user")->required();
    seed->add_option("--bench-workers", options->bench_workers,
                     "Also N benchmark offices bench-001… with their own drafter, reviewer "
                     "and leader (for gongkai-bench --per-worker-users)")
        ->check(CLI::Range(0, 999));
    seed->callback([&context, options] {
        context.action = [&context, options] {
            auto database = open_database(options->db, context.clock, false);
            workflow::DirectoryAdmin admin(*database, context.clock);
            int created = admin.seed_demo(options->password, tool_actor());
            created += admin.seed_bench(options->password, tool_actor(), options->bench_workers);
            std::cout << "demo data: " << created << " items created\n";
            return kExitOk;
        };
    });

    auto* user = app.add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    auto* user_add = user->add_subcommand("add", "Add a user; the password is read from stdin");
    user_add->add_option("--db", options->db, "SQLite database file")->required();
    user_add->add_option("--username", options->username, "Login name: a-z 0-9 . _ -")->required();
    user_add->add_option("--display-name", options->display_name, "Name shown to others")
        ->required();
    user_add
        ->add_flag("--password-stdin", options->password_stdin,
                   "Read the password from the first line of standard input")
        ->required();
    user_add->callback([&context, options] {
        context.action = [&context, options] {
            auto database = open_database(options->db, context.clock, true);
            workflow::DirectoryAdmin admin(*database, context.clock);
            admin.add_user(options->username, options->display_name, read_password_line(),
                           tool_actor());
            std::cout << "user " << options->username << " created\n";
            return kExitOk;
        };
    });

    auto* role = app.add_subcommand("role", "Manage role grants");
    role->require_subcommand(1);
    auto* grant = role->add_subcommand("grant", "Grant a role on an organisation");
    grant->add_option("--db", options->db, "SQLite database file")->required();
    grant->add_option("--username", options->username, "User to grant the role to")->required();
    grant->add_option("--org", options->org, "Organisation id")->required();
    grant->add_option("--role", options->role, "drafter, reviewer, leader, auditor or admin")
        ->required()
        ->check(CLI::IsMember({"drafter", "reviewer", "leader", "auditor", "admin"}));
    grant->callback([&context, options] {
        context.action = [&context, options] {
            auto database = open_database(options->db, context.clock, true);
            workflow::DirectoryAdmin admin(*database, context.clock);
            auto outcome = admin.grant_role(options->username, options->org,
                                            *parse_role(options->role), tool_actor());
            std::cout << "role " << options->role << "@" << options->org << " for "
                      << options->username << ": " << describe(outcome) << "\n";
            return kExitOk;
        };
    });

    auto* org = app.add_subcommand("org", "Manage organisations");
    org->require_subcommand(1);
    auto* org_add = org->add_subcommand("add", "Add an organisation");
    org_add->add_option("--db", options->db, "SQLite database file")->required();
    org_add->add_option("--id", options->id, "Organisation id: a-z 0-9 . _ -")->required();
    org_add->add_option("--name", options->name, "Official name")->required();
    org_add->add_option("--parent", options->parent, "Id of the parent organisation");
    org_add->callback([&context, options] {
        context.action = [&context, options] {
            auto database = open_database(options->db, context.clock, true);
            workflow::DirectoryAdmin admin(*database, context.clock);
            Org new_org{options->id, options->name,
                        options->parent.empty() ? std::nullopt : std::optional(options->parent)};
            admin.add_org(new_org, tool_actor());
            std::cout << "organisation " << options->id << " created\n";
            return kExitOk;
        };
    });
}

}  // namespace gongkai::cli

#include "gongkai/workflow/directory_admin.hpp"

#include <gongkai/core/error.hpp>
#include <gongkai/core/text_checks.hpp>
#include <gongkai/core/utf8.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace gongkai::workflow {

namespace {

void check_name(std::string_view name, std::string_view what) {
    if (!is_valid_utf8(name) || count_code_points(name) > 100) {
        throw Error(ErrorCode::validation_failed,
                    fmt::format("{}必须是 1 到 100 个字符的文本", what));
    }
    require_single_line(name, "name", what);
}

}  // namespace

DirectoryAdmin::DirectoryAdmin(storage::Database& database, const Clock& clock,
                               PasswordHashSettings password_hash)
    : database_(database), clock_(clock), hasher_(password_hash) {}

bool DirectoryAdmin::valid_identifier(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

AdminOutcome DirectoryAdmin::add_org(const Org& org, const std::string& actor, bool keep_existing) {
    if (!valid_identifier(org.id)) {
        throw Error(ErrorCode::validation_failed,
                    "单位编号只能由小写字母、数字和 . _ - 组成（1 到 64 个字符）");
    }
    check_name(org.name, "单位名称");
    AdminOutcome outcome = AdminOutcome::created;
    database_.write([&](storage::Stores& stores) {
        if (stores.directory.find_org(org.id)) {
            if (!keep_existing) {
                throw Error(ErrorCode::conflict, fmt::format("单位 {} 已存在", org.id));
            }
            outcome = AdminOutcome::unchanged;
            return;
        }
        if (org.parent && !stores.directory.find_org(*org.parent)) {
            throw Error(ErrorCode::not_found, fmt::format("上级单位 {} 不存在", *org.parent));
        }
        stores.directory.insert_org(org, format_iso8601(clock_.now()));
        boost::json::object details{{"id", org.id}, {"name", org.name}};
        details["parent"] = org.parent ? boost::json::value(*org.parent) : nullptr;
        stores.audit.append({actor, "org.add", std::nullopt, std::nullopt, std::nullopt,
                             std::nullopt, std::nullopt, std::move(details)});
    });
    return outcome;
}

AdminOutcome DirectoryAdmin::add_user(const std::string& username, const std::string& display_name,
                                      const std::string& password, const std::string& actor,
                                      bool keep_existing) {
    if (!valid_identifier(username)) {
        throw Error(ErrorCode::validation_failed,
                    "用户名只能由小写字母、数字和 . _ - 组成（1 到 64 个字符）");
    }
    check_name(display_name, "姓名");
    if (!is_valid_utf8(password) || count_code_points(password) < kMinPasswordChars ||
        password.size() > 1024) {
        throw Error(ErrorCode::validation_failed,
                    fmt::format("密码至少需要 {} 个字符", kMinPasswordChars));
    }
    bool exists = false;
    database_.read([&](storage::Stores& stores) {
        exists = stores.directory.find_user_by_name(username).has_value();
    });
    if (exists) {
        if (!keep_existing) {
            throw Error(ErrorCode::conflict, fmt::format("用户 {} 已存在", username));
        }
        return AdminOutcome::unchanged;
    }
    // Hash outside the transaction: it takes tens of milliseconds.
    const std::string hash = hasher_.hash(password);
    AdminOutcome outcome = AdminOutcome::created;
    database_.write([&](storage::Stores& stores) {
        if (stores.directory.find_user_by_name(username)) {
            if (!keep_existing) {
                throw Error(ErrorCode::conflict, fmt::format("用户 {} 已存在", username));
            }
            outcome = AdminOutcome::unchanged;
            return;
        }
        stores.directory.insert_user(username, display_name, hash, format_iso8601(clock_.now()));
        stores.audit.append({actor,
                             "user.add",
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             {{"username", username}, {"display_name", display_name}}});
    });
    return outcome;
}

AdminOutcome DirectoryAdmin::grant_role(const std::string& username, const std::string& org,
                                        Role role, const std::string& actor) {
    AdminOutcome outcome = AdminOutcome::created;
    database_.write([&](storage::Stores& stores) {
        auto user = stores.directory.find_user_by_name(username);
        if (!user) {
            throw Error(ErrorCode::not_found, fmt::format("用户 {} 不存在", username));
        }
        if (!stores.directory.find_org(org)) {
            throw Error(ErrorCode::not_found, fmt::format("单位 {} 不存在", org));
        }
        if (!stores.directory.insert_grant(user->id, {org, role}, format_iso8601(clock_.now()))) {
            outcome = AdminOutcome::unchanged;
            return;
        }
        stores.audit.append({actor,
                             "role.grant",
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             {{"username", username}, {"org", org}, {"role", to_string(role)}}});
    });
    return outcome;
}

int DirectoryAdmin::seed_demo(const std::string& password, const std::string& actor) {
    struct DemoUser {
        const char* username;
        const char* display_name;
        Role role;
        const char* org;
    };
    static const Org kOrgs[] = {
        {"yaodu", "临汾市尧都区", std::nullopt},
        {"shuita", "尧都区水塔街办事处", "yaodu"},
        {"longtan", "龙潭社区", "shuita"},
        {"fenze", "汾泽社区", "shuita"},
    };
    static const DemoUser kUsers[] = {
        {"drafter", "张伟", Role::drafter, "shuita"},
        {"reviewer", "李娜", Role::reviewer, "shuita"},
        {"leader", "王强", Role::leader, "shuita"},
        {"auditor", "赵敏", Role::auditor, "yaodu"},
        {"admin", "系统管理员", Role::admin, "yaodu"},
        {"lt.drafter", "刘洋", Role::drafter, "longtan"},
        {"lt.reviewer", "陈静", Role::reviewer, "longtan"},
    };
    int created = 0;
    auto count = [&](AdminOutcome outcome) { created += outcome == AdminOutcome::created; };
    for (const auto& org : kOrgs) {
        count(add_org(org, actor, true));
    }
    for (const auto& user : kUsers) {
        count(add_user(user.username, user.display_name, password, actor, true));
        count(grant_role(user.username, user.org, user.role, actor));
    }
    return created;
}

int DirectoryAdmin::seed_bench(const std::string& password, const std::string& actor, int workers) {
    int created = 0;
    auto count = [&](AdminOutcome outcome) { created += outcome == AdminOutcome::created; };
    for (int worker = 1; worker <= workers; ++worker) {
        const std::string org = fmt::format("bench-{:03}", worker);
        count(add_org({org, fmt::format("基准测试单位{:03}", worker), "yaodu"}, actor, true));
        const std::pair<const char*, Role> kRoles[] = {
            {"drafter", Role::drafter}, {"reviewer", Role::reviewer}, {"leader", Role::leader}};
        for (const auto& [suffix, role] : kRoles) {
            const std::string username = org + "." + suffix;
            count(add_user(username, username, password, actor, true));
            count(grant_role(username, org, role, actor));
        }
    }
    return created;
}

}  // namespace gongkai::workflow

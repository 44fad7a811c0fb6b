// audit.query and audit.verify: for auditors and administrators only.
#include "json_views.hpp"
#include "operations.hpp"

#include <gongkai/api/request_fields.hpp>
#include <gongkai/core/error.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace gongkai::api {

namespace {

// The orgs on which the caller is an auditor or an administrator; forbidden when none.
std::vector<RoleGrant> audit_grants(Services& services, const Actor& actor) {
    std::vector<RoleGrant> grants;
    services.database.read(
        [&](storage::Stores& stores) { grants = *stores.directory.grants_of(actor.user_id); });
    std::erase_if(grants, [](const RoleGrant& grant) {
        return grant.role != Role::auditor && grant.role != Role::admin;
    });
    if (grants.empty()) {
        throw Error(ErrorCode::forbidden, "只有审计人员和系统管理员可以查看审计日志");
    }
    return grants;
}

std::optional<std::string> time_bound(const RequestFields& fields, std::string_view key) {
    auto text = fields.optional_string(key, 64);
    if (!text) {
        return std::nullopt;
    }
    auto parsed = parse_iso8601(*text);
    if (!parsed) {
        throw Error(ErrorCode::bad_request,
                    "字段“" + std::string(key) +
                        "”必须是 ISO 8601 时间（如 2024-01-31 或 2024-01-31T08:00:00Z）",
                    {{"field", key}});
    }
    return format_iso8601(*parsed);  // the stored form, so text comparison is time order
}

// The display names of the people on one page of entries, for reading (the entries record
// the account; the name is not part of the chained entry). Entries by accounts that no
// longer exist, or by the system, have none.
std::map<std::string, std::string, std::less<>> display_names_of_actors(
    storage::Stores& stores, const std::vector<AuditEntry>& entries) {
    std::map<std::string, std::string, std::less<>> names;
    std::set<std::string_view> looked_up;
    for (const auto& entry : entries) {
        if (!looked_up.insert(entry.actor).second) continue;
        if (auto user = stores.directory.find_user_by_name(entry.actor)) {
            names.emplace(entry.actor, user->display_name);
        }
    }
    return names;
}

// A search by person names at most this many accounts (each is one index range).
constexpr std::size_t kActorsAtMost = 20;

// The accounts meant by the person searched for: the username, display names containing the
// text, and the text as it was recorded (a name tried at a failed login; 「系统」 for the
// entries of the tool and the server itself).
std::vector<std::string> accounts_searched(storage::Stores& stores, const std::string& text) {
    auto accounts = stores.audit.accounts_matching(text, kActorsAtMost);
    if (accounts.size() > kActorsAtMost) {
        throw Error(ErrorCode::bad_request,
                    "姓名包含“" + text + "”的人员超过 " + std::to_string(kActorsAtMost) +
                        " 位，请输入更完整的姓名或用户名",
                    {{"field", "actor"}});
    }
    accounts.push_back(text);
    if (text == "系统") accounts.push_back("system");
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    return accounts;
}

}  // namespace

void add_audit_operations(const AddOperation& add, Services& services) {
    add("audit.query", true, [&services](const std::shared_ptr<Call>& call) {
        auto grants = audit_grants(services, call->actor());
        RequestFields fields(call->request());
        storage::AuditFilter filter;
        filter.report_id = fields.optional_integer("report_id");
        auto actor = fields.optional_string("actor", 64);
        filter.action = fields.optional_string("action", 64);
        filter.title = fields.optional_string("title", 200);
        filter.since = time_bound(fields, "since");
        filter.until = time_bound(fields, "until");
        filter.limit = fields.limit("limit", 100, 1000);
        if (auto cursor = fields.optional_string("cursor", 32)) {
            std::int64_t seq = 0;
            auto end = cursor->data() + cursor->size();
            if (cursor->size() < 2 || (*cursor)[0] != 'a' ||
                std::from_chars(cursor->data() + 1, end, seq).ptr != end || seq <= 0) {
                throw Error(ErrorCode::bad_request,
                            "cursor 无效（请使用上一页返回的 next_cursor）");
            }
            filter.before_seq = seq;
        }
        // An auditor of the top of the tree sees everything; one further down sees the
        // entries about reports of their part of the tree.
        auto tree = services.orgs.tree();
        bool whole_tree = std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) {
            auto org = tree->find(g.org);
            return org != nullptr && !org->parent;
        });
        if (!whole_tree) {
            Access access(*tree, grants);
            filter.report_orgs = access.visible_orgs();
            filter.include_unscoped = false;
        }
        std::vector<AuditEntry> entries;
        std::map<std::string, std::string, std::less<>> names;
        std::map<std::int64_t, std::string> titles;
        services.database.read([&](storage::Stores& stores) {
            if (actor) filter.actors = accounts_searched(stores, *actor);
            entries = stores.audit.query(filter);
            names = display_names_of_actors(stores, entries);
            titles = stores.audit.report_titles(entries);
        });
        boost::json::array items;
        for (const auto& entry : entries) {
            auto item = audit_entry_json(entry);
            auto name = names.find(entry.actor);
            item["actor_name"] = name != names.end() ? boost::json::value(name->second) : nullptr;
            auto title = entry.report_id ? titles.find(*entry.report_id) : titles.end();
            item["report_title"] =
                title != titles.end() ? boost::json::value(title->second) : nullptr;
            items.push_back(std::move(item));
        }
        boost::json::value next = nullptr;
        if (entries.size() == filter.limit) {
            next = "a" + std::to_string(entries.back().seq);
        }
        call->succeed({{"entries", std::move(items)}, {"next_cursor", next}});
    });

    add("audit.verify", true, [&services](const std::shared_ptr<Call>& call) {
        audit_grants(services, call->actor());
        // Walking the whole chain takes a while on a big log: keep it off the I/O threads.
        net::post(services.blocking, [&services, call,
                                      done = call->then<storage::AuditVerification>(
                                          [](const storage::AuditVerification& result) {
                                              boost::json::object out{
                                                  {"ok", result.ok},
                                                  {"entries", result.entries},
                                                  {"head_hash", result.head_hash}};
                                              if (result.first_bad_seq) {
                                                  out["first_bad_seq"] = *result.first_bad_seq;
                                                  out["problem"] = result.problem;
                                              }
                                              return out;
                                          })]() mutable {
            try {
                done(services.database.verify_audit_log());
            } catch (...) {
                done(std::current_exception());
            }
        });
    });
}

}  // namespace gongkai::api

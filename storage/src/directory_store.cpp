#include "gongkai/storage/directory_store.hpp"

#include "connection.hpp"

namespace gongkai::storage {

namespace {

constexpr const char* kUserColumns =
    "SELECT id, username, display_name, password_hash, disabled, created_at FROM users ";

struct UserRow {
    long long id = 0;
    std::string username, display_name, password_hash, created_at;
    int disabled = 0;

    UserRecord record() const {
        return {id, username, display_name, password_hash, disabled != 0, created_at};
    }
};

}  // namespace

std::vector<Org> DirectoryStore::orgs() {
    auto& sql = connection_.sql();
    std::string id, name, parent;
    soci::indicator parent_indicator = soci::i_ok;
    soci::statement statement =
        (sql.prepare << "SELECT id, name, parent_id FROM orgs ORDER BY id", soci::into(id),
         soci::into(name), soci::into(parent, parent_indicator));
    statement.execute();
    std::vector<Org> result;
    while (statement.fetch()) {
        result.push_back({id, name,
                          parent_indicator == soci::i_ok ? std::optional(parent) : std::nullopt});
    }
    return result;
}

std::optional<Org> DirectoryStore::find_org(const std::string& id) {
    auto& sql = connection_.sql();
    std::string name, parent;
    soci::indicator parent_indicator = soci::i_ok;
    sql << "SELECT name, parent_id FROM orgs WHERE id = :id", soci::into(name),
        soci::into(parent, parent_indicator), soci::use(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return Org{id, name, parent_indicator == soci::i_ok ? std::optional(parent) : std::nullopt};
}

void DirectoryStore::insert_org(const Org& org, const std::string& at) {
    auto& sql = connection_.sql();
    std::string parent = org.parent.value_or("");
    soci::indicator parent_indicator = org.parent ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO orgs (id, name, parent_id, created_at) VALUES (:id, :name, :parent, :at)",
        soci::use(org.id), soci::use(org.name), soci::use(parent, parent_indicator),
        soci::use(at);
}

std::optional<UserRecord> DirectoryStore::find_user(std::int64_t id) {
    static const std::string text = std::string(kUserColumns) + "WHERE id = :id";
    UserRow row;
    long long key = id;
    auto statement = connection_.prepared(text);
    statement, soci::into(row.id), soci::into(row.username), soci::into(row.display_name),
        soci::into(row.password_hash), soci::into(row.disabled), soci::into(row.created_at),
        soci::use(key);
    if (!statement.execute(true)) {
        return std::nullopt;
    }
    return row.record();
}

std::optional<UserRecord> DirectoryStore::find_user_by_name(const std::string& username) {
    static const std::string text = std::string(kUserColumns) + "WHERE username = :name";
    UserRow row;
    auto statement = connection_.prepared(text);
    statement, soci::into(row.id), soci::into(row.username), soci::into(row.display_name),
        soci::into(row.password_hash), soci::into(row.disabled), soci::into(row.created_at),
        soci::use(username);
    if (!statement.execute(true)) {
        return std::nullopt;
    }
    return row.record();
}

std::vector<UserRecord> DirectoryStore::users_named_at_start_of(const std::string& text) {
    auto& sql = connection_.sql();
    UserRow row;
    // substr/length count characters (SQLite and PostgreSQL alike), so this compares the
    // first length(display_name) characters of the text with the name.
    auto query = (sql.prepare << std::string(kUserColumns) +
                                     "WHERE disabled = 0 AND display_name <> '' "
                                     "AND substr(:text, 1, length(display_name)) = display_name "
                                     "ORDER BY length(display_name) DESC, id",
                  soci::into(row.id), soci::into(row.username), soci::into(row.display_name),
                  soci::into(row.password_hash), soci::into(row.disabled),
                  soci::into(row.created_at), soci::use(text));
    soci::statement statement = query;
    statement.execute();
    std::vector<UserRecord> users;
    while (statement.fetch()) {
        if (!users.empty() && users.front().display_name.size() != row.display_name.size()) {
            break;  // only the longest matching name: 王强 is not 王
        }
        users.push_back(row.record());
    }
    return users;
}

std::int64_t DirectoryStore::insert_user(const std::string& username,
                                         const std::string& display_name,
                                         const std::string& password_hash,
                                         const std::string& at) {
    auto& sql = connection_.sql();
    sql << "INSERT INTO users (username, display_name, password_hash, disabled, created_at) "
           "VALUES (:username, :display_name, :hash, 0, :at)",
        soci::use(username), soci::use(display_name), soci::use(password_hash), soci::use(at);
    return connection_.dialect().last_insert_id(sql);
}

void DirectoryStore::set_password_hash(std::int64_t user_id, const std::string& password_hash) {
    auto& sql = connection_.sql();
    long long id = user_id;
    sql << "UPDATE users SET password_hash = :hash WHERE id = :id", soci::use(password_hash),
        soci::use(id);
}

std::int64_t DirectoryStore::directory_generation() {
    long long generation = 0;
    auto statement = connection_.prepared("SELECT value FROM directory_generation WHERE id = 1");
    statement, soci::into(generation);
    statement.execute(true);
    return generation;
}

Grants DirectoryStore::grants_of(std::int64_t user_id) {
    const auto generation = directory_generation();
    if (auto cached = grants_cache_.find(user_id, generation)) {
        return cached;
    }
    long long id = user_id;
    std::string org, role;
    auto statement = connection_.prepared(
        "SELECT g.org_id, g.role FROM role_grants g JOIN users u "
        "ON u.id = g.user_id WHERE g.user_id = :id AND u.disabled = 0 "
        "ORDER BY g.org_id, g.role");
    statement, soci::into(org), soci::into(role), soci::use(id);
    statement.execute();
    std::vector<RoleGrant> grants;
    while (statement.fetch()) {
        if (auto parsed = parse_role(role)) {
            grants.push_back({org, *parsed});
        }
    }
    auto shared = std::make_shared<const std::vector<RoleGrant>>(std::move(grants));
    grants_cache_.store(user_id, generation, shared);
    return shared;
}

bool DirectoryStore::insert_grant(std::int64_t user_id, const RoleGrant& grant,
                                  const std::string& at) {
    auto& sql = connection_.sql();
    long long id = user_id;
    std::string role(to_string(grant.role));
    int existing = 0;
    sql << "SELECT COUNT(*) FROM role_grants WHERE user_id = :id AND org_id = :org AND "
           "role = :role",
        soci::into(existing), soci::use(id), soci::use(grant.org), soci::use(role);
    if (existing > 0) {
        return false;
    }
    sql << "INSERT INTO role_grants (user_id, org_id, role, granted_at) "
           "VALUES (:id, :org, :role, :at)",
        soci::use(id), soci::use(grant.org), soci::use(role), soci::use(at);
    return true;
}

std::vector<UserRecord> DirectoryStore::users_with_role(const std::string& org, Role role) {
    std::string role_name(to_string(role));
    UserRow row;
    auto statement = connection_.prepared(
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.disabled, "
        "u.created_at FROM users u JOIN role_grants g ON g.user_id = u.id "
        "WHERE g.org_id = :org AND g.role = :role AND u.disabled = 0 ORDER BY u.id");
    statement, soci::into(row.id), soci::into(row.username), soci::into(row.display_name),
        soci::into(row.password_hash), soci::into(row.disabled), soci::into(row.created_at),
        soci::use(org), soci::use(role_name);
    statement.execute();
    std::vector<UserRecord> users;
    while (statement.fetch()) {
        users.push_back(row.record());
    }
    return users;
}

}  // namespace gongkai::storage

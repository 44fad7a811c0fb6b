#pragma once

#include "gongkai/config/server_config.hpp"

#include <toml++/toml.h>

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

namespace gongkai::config {

// Reads typed values out of one TOML table and remembers which keys it was asked about,
// so that whatever is left over can be reported as unknown.
class TableReader {
public:
    TableReader(const toml::table& table, std::string file, std::string prefix)
        : table_(table), file_(std::move(file)), prefix_(std::move(prefix)) {}

    template <class T>
    T get(std::string_view key, T fallback) {
        known_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if constexpr (std::is_same_v<T, std::string>) {
            if (auto value = node->value<std::string>()) return *value;
            fail(*node, key, "must be a string");
        } else if constexpr (std::is_same_v<T, bool>) {
            if (auto value = node->value<bool>()) return *value;
            fail(*node, key, "must be true or false");
        } else if constexpr (std::is_floating_point_v<T>) {
            if (auto value = node->value<double>()) return static_cast<T>(*value);
            fail(*node, key, "must be a number");
        } else {
            auto value = node->value<std::int64_t>();
            if (!value || *value < 0) fail(*node, key, "must be a non-negative integer");
            return static_cast<T>(*value);
        }
    }

    std::vector<int> get(std::string_view key, std::vector<int> fallback) {
        known_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) return fallback;
        const toml::array* array = node->as_array();
        if (array == nullptr) fail(*node, key, "must be an array of integers");
        std::vector<int> result;
        for (const auto& element : *array) {
            auto value = element.value<std::int64_t>();
            if (!value || *value < 0) fail(element, key, "must be an array of non-negative integers");
            result.push_back(static_cast<int>(*value));
        }
        return result;
    }

    std::vector<std::string> strings(std::string_view key) {
        known_.insert(std::string(key));
        std::vector<std::string> result;
        const toml::node* node = table_.get(key);
        if (node == nullptr) {
            return result;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            fail(*node, key, "must be an array of strings");
        }
        for (const auto& element : *array) {
            auto value = element.value<std::string>();
            if (!value) fail(element, key, "must be an array of strings");
            result.push_back(*value);
        }
        return result;
    }

    // A sub-table (empty when absent).
    TableReader table(std::string_view key) {
        known_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node != nullptr && !node->is_table()) {
            fail(*node, key, "must be a table");
        }
        static const toml::table empty;
        return TableReader(node ? *node->as_table() : empty, file_, name_of(key) + ".");
    }

    const toml::array* array_of_tables(std::string_view key) {
        known_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) return nullptr;
        if (!node->is_array_of_tables()) fail(*node, key, "must be an array of tables");
        return node->as_array();
    }

    const toml::table& raw() const { return table_; }
    const std::string& file() const { return file_; }

    // Every key of the table that nobody asked for is a mistake in the file.
    void reject_unknown() const {
        for (const auto& [key, node] : table_) {
            if (!known_.contains(std::string(key.str()))) {
                fail(node, key.str(), "unknown key");
            }
        }
    }

    [[noreturn]] void fail(const toml::node& node, std::string_view key,
                           std::string_view problem) const {
        throw ConfigError(fmt::format("{}:{}: {}{}: {}", file_, node.source().begin.line,
                                      prefix_, key, problem));
    }

private:
    std::string name_of(std::string_view key) const { return prefix_ + std::string(key); }

    const toml::table& table_;
    std::string file_;
    std::string prefix_;
    std::set<std::string> known_;
};

toml::table parse_toml_file(const std::filesystem::path& file);

}  // namespace gongkai::config

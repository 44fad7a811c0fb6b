#pragma once

#include "gongkai/annual/report_template.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual {

// Read-only access to what the renderers print. Content need not be valid: anything
// missing or of the wrong type reads as absent, so that drafts can be previewed.
class ReportView {
public:
    explicit ReportView(const boost::json::object& report) : report_(report) {}

    std::optional<std::int64_t> year() const;
    // sections.<key>, or empty.
    std::string_view section_text(std::string_view key) const;
    // notes.<key>, or empty.
    std::string_view note(std::string_view key) const;
    // The cell as printed ("12", "14.73万元"), or nothing when missing or unreadable.
    std::optional<std::string> cell(const SectionSpec& section, const DataRow& row,
                                    const ColumnSpec& column) const;

private:
    std::string_view string_member(std::string_view object_key, std::string_view key) const;

    const boost::json::object& report_;
};

// The paragraphs of a free text: its non-blank lines, trimmed (ASCII and full-width
// spaces). Paragraphs are separated by line breaks in the JSON.
std::vector<std::string_view> split_paragraphs(std::string_view text);

}  // namespace gongkai::annual

#include "text_cells.hpp"

#include "gongkai/annual/text_width.hpp"
#include "number_cell.hpp"
#include "text_folding.hpp"

namespace gongkai::annual {

namespace {

// A continued cell is a label broken over lines; a longer line is a paragraph of its own.
constexpr std::size_t kMaxContinuationWidth = 40;

}  // namespace

std::vector<TextCell> split_cells(const std::vector<std::string_view>& lines,
                                  std::size_t first_line) {
    std::vector<TextCell> cells;
    bool previous_tabbed = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        std::size_t number = first_line + i;
        bool tabbed = line.find('\t') != std::string_view::npos;
        std::string_view trimmed = trim_spaces(line);
        if (!tabbed) {
            if (trimmed.empty()) {
                cells.push_back({"", number, false, true});
                previous_tabbed = false;
                continue;
            }
            bool continues = previous_tabbed && !cells.empty() && !cells.back().row_end &&
                             !cells.back().text.empty() && !is_value_text(cells.back().text) &&
                             display_width(trimmed) <= kMaxContinuationWidth;
            if (continues) {
                cells.back().text += trimmed;
            } else {
                cells.push_back({std::string(trimmed), number, true, false});
                previous_tabbed = false;
            }
            continue;
        }
        std::size_t start = 0;
        bool first = true;
        while (true) {
            auto tab = line.find('\t', start);
            std::string_view part = trim_spaces(line.substr(start, tab - start));
            // The text before the first tab is a cell only if there is any.
            if (!first || !part.empty()) {
                cells.push_back({std::string(part), number, false, false});
            }
            first = false;
            if (tab == std::string_view::npos) {
                break;
            }
            start = tab + 1;
        }
        previous_tabbed = true;
    }
    return cells;
}

}  // namespace gongkai::annual

#include "text_table.hpp"

#include "gongkai/annual/text_width.hpp"

#include <algorithm>

namespace gongkai::annual {

namespace {

constexpr std::size_t kGap = 2;  // spaces between columns

std::vector<std::string> cell_lines(const TextTable::Cell& cell, std::size_t max_width) {
    std::vector<std::string> lines = cell.span == 1 && max_width > cell.indent
                                         ? wrap_to_width(cell.text, max_width - cell.indent)
                                         : std::vector<std::string>{cell.text};
    for (auto& line : lines) {
        line.insert(0, cell.indent, ' ');
    }
    return lines;
}

}  // namespace

TextTable::TextTable(std::size_t columns) : columns_(columns), max_widths_(columns, 0) {}

void TextTable::set_max_width(std::size_t column, std::size_t width) {
    max_widths_.at(column) = width;
}

void TextTable::add_row(std::vector<Cell> cells) {
    rows_.push_back({std::move(cells), false});
}

void TextTable::add_rule() {
    rows_.push_back({{}, true});
}

std::size_t TextTable::wrap_limit(std::size_t column) const {
    return max_widths_[column] == 0 ? std::size_t(-1) : max_widths_[column];
}

std::vector<std::size_t> TextTable::column_widths() const {
    std::vector<std::size_t> widths(columns_, 0);
    for (const auto& row : rows_) {
        std::size_t column = 0;
        for (const auto& cell : row.cells) {
            if (cell.span == 1 && column < columns_) {
                for (const auto& line : cell_lines(cell, wrap_limit(column))) {
                    widths[column] = std::max(widths[column], display_width(line));
                }
            }
            column += cell.span;
        }
    }
    // A spanning cell wider than the columns it covers widens the last of them.
    for (const auto& row : rows_) {
        std::size_t column = 0;
        for (const auto& cell : row.cells) {
            if (cell.span > 1 && column + cell.span <= columns_) {
                std::size_t available = kGap * (cell.span - 1);
                for (std::size_t i = column; i < column + cell.span; ++i) {
                    available += widths[i];
                }
                auto needed = display_width(cell.text) + cell.indent;
                if (needed > available) {
                    widths[column + cell.span - 1] += needed - available;
                }
            }
            column += cell.span;
        }
    }
    return widths;
}

std::string TextTable::render() const {
    auto widths = column_widths();
    std::size_t total = kGap * (columns_ > 0 ? columns_ - 1 : 0);
    for (auto width : widths) {
        total += width;
    }
    std::string out;
    for (const auto& row : rows_) {
        if (row.rule) {
            out.append(total, '-');
            out += '\n';
            continue;
        }
        // Each cell as lines, with the width it has on paper.
        std::vector<std::vector<std::string>> cells;
        std::vector<std::size_t> cell_widths;
        std::size_t height = 1;
        std::size_t column = 0;
        for (const auto& cell : row.cells) {
            std::size_t width = kGap * (cell.span - 1);
            for (std::size_t i = column; i < column + cell.span && i < columns_; ++i) {
                width += widths[i];
            }
            // Wrapped exactly as when the widths were measured, so every line fits.
            cells.push_back(cell_lines(
                cell, cell.span == 1 && column < columns_ ? wrap_limit(column) : std::size_t(-1)));
            cell_widths.push_back(width);
            height = std::max(height, cells.back().size());
            column += cell.span;
        }
        for (std::size_t line = 0; line < height; ++line) {
            std::string text;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                std::string_view content =
                    line < cells[i].size() ? std::string_view(cells[i][line]) : std::string_view();
                auto padding = cell_widths[i] - std::min(cell_widths[i], display_width(content));
                if (i > 0) {
                    text.append(kGap, ' ');
                }
                if (row.cells[i].align == Align::right) {
                    text.append(padding, ' ');
                    text.append(content);
                } else {
                    text.append(content);
                    text.append(padding, ' ');
                }
            }
            while (!text.empty() && text.back() == ' ') {
                text.pop_back();
            }
            out += text;
            out += '\n';
        }
    }
    return out;
}

}  // namespace gongkai::annual

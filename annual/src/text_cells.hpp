#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::annual {

// A piece of imported text: a table cell, a paragraph line, or the end of a row.
struct TextCell {
    std::string text;         // trimmed; continuation lines appended
    std::size_t line = 0;     // 1-based line number in the imported text
    bool standalone = false;  // a line of its own without tabs: a paragraph, not a cell
    bool row_end = false;     // a blank line (rows are separated by them); `text` is empty
};

// Cuts lines of word-processor text into cells. Two shapes are common: one cell per line,
// each starting with a tab (a line without a tab right after such a line is the rest of a
// cell broken inside, e.g. 「本年新」「制作数量」), and one row per line with tabs between
// the cells. `first_line` is the line number of lines[0].
std::vector<TextCell> split_cells(const std::vector<std::string_view>& lines,
                                  std::size_t first_line);

}  // namespace gongkai::annual

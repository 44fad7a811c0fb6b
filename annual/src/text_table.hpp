#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gongkai::annual {

// A plain-text table in aligned columns, widths measured with display_width (CJK counts
// two). Cells may span columns (merged headers) and wrap at a column's maximum width.
class TextTable {
public:
    enum class Align { left, right };
    struct Cell {
        std::string text;
        Align align = Align::left;
        std::size_t span = 1;
        std::size_t indent = 0;  // columns of leading space, kept on wrapped lines
    };

    explicit TextTable(std::size_t columns);

    // Cells wider than `width` wrap onto further lines (spanning cells never wrap).
    void set_max_width(std::size_t column, std::size_t width);
    // The cells of one row; their spans add up to at most the column count.
    void add_row(std::vector<Cell> cells);
    // A line of '-' across the table (under the header).
    void add_rule();

    std::string render() const;

private:
    struct Row {
        std::vector<Cell> cells;
        bool rule = false;
    };

    std::size_t wrap_limit(std::size_t column) const;  // no limit: SIZE_MAX
    std::vector<std::size_t> column_widths() const;

    std::size_t columns_;
    std::vector<std::size_t> max_widths_;
    std::vector<Row> rows_;
};

}  // namespace gongkai::annual

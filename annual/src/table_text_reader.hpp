#pragma once

#include "gongkai/annual/report_template.hpp"
#include "text_cells.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace gongkai::annual {

// What was read of one table section of imported text.
struct ImportedTable {
    boost::json::object rows;              // row key → column key → value
    std::vector<std::string> blank_paths;  // cells that were blank and are read as 0
    std::vector<std::string> notes;        // paragraphs beside the table
    std::vector<std::string> ignored;      // texts that fit nowhere, with their line
};

// Reads one table of the template out of the cells of its section: finds each data row by
// its label (matrix and blocks layouts) and takes the cells after it as the row's values,
// in column order; the grouped_row layout (表四) has no row labels, its values follow the
// last header cell. Throws ImportError(bad_table) rather than guess: a row missing or
// found twice, too few or too many values, a value that is no number.
class TableTextReader {
public:
    TableTextReader(const SectionSpec& section, const std::vector<TextCell>& cells);

    ImportedTable read();

private:
    enum class LabelKind { data_row, heading, header };
    struct Label {
        LabelKind kind;
        std::size_t row = 0;  // data_row: index into section.data_rows
    };

    void add_label(std::string_view text, LabelKind kind, std::size_t row = 0);
    void add_heading_rows(const std::vector<RowSpec>& rows);
    const Label* match(const std::string& key) const;
    const Label* match(const TextCell& cell) const;
    const Label* match_broken_label(std::size_t first, std::size_t& last) const;
    bool starts_a_label(const std::string& key) const;

    void read_labelled_rows();
    std::size_t read_row(std::size_t label_cell, std::size_t row_index);
    void read_grouped_row();
    void store_value(const DataRow& row, const ColumnSpec& column, const TextCell& cell);
    void set_aside(const TextCell& cell);
    void check_all_rows_found() const;

    const SectionSpec& section_;
    const std::vector<TextCell>& cells_;
    std::unordered_map<std::string, Label> labels_;
    std::vector<std::string> heading_keys_;
    std::vector<bool> found_;
    ImportedTable result_;
};

}  // namespace gongkai::annual

#include "table_text_reader.hpp"

#include "gongkai/annual/import_error.hpp"
#include "number_cell.hpp"
#include "text_folding.hpp"

#include <fmt/format.h>

namespace gongkai::annual {

namespace {

// Texts shown in messages are cut, so that a page of noise does not become the message.
std::string shown(std::string_view text) {
    constexpr std::size_t kMaxBytes = 60;
    if (text.size() <= kMaxBytes) {
        return std::string(text);
    }
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return std::string(text.substr(0, cut)) + "…";
}

}  // namespace

TableTextReader::TableTextReader(const SectionSpec& section, const std::vector<TextCell>& cells)
    : section_(section), cells_(cells), found_(section.data_rows.size(), false) {
    add_label(section.row_heading, LabelKind::header);
    add_label(section.column_heading, LabelKind::header);
    add_label(section.corner_note, LabelKind::header);
    for (const auto& block : section.blocks) {
        add_label(block.title, LabelKind::header);
        for (const auto& column : block.columns) {
            add_label(column.label, LabelKind::header);
            add_label(column.group, LabelKind::header);
        }
        add_heading_rows(block.rows);
    }
    for (std::size_t i = 0; i < section.data_rows.size(); ++i) {
        const DataRow& row = section.data_rows[i];
        // Table 四 has no row labels in its data: its row labels are column-group headers.
        auto kind =
            *section.layout == TableLayout::grouped_row ? LabelKind::header : LabelKind::data_row;
        add_label(row.label, kind, i);
        for (const auto& alias : row.aliases) {
            add_label(alias, kind, i);
        }
    }
    for (const auto& block : section.blocks) {
        for (const auto& row : block.rows) {
            add_label(row.group, LabelKind::header);
        }
    }
}

void TableTextReader::add_label(std::string_view text, LabelKind kind, std::size_t row) {
    auto key = label_key(text);
    if (!key.empty()) {
        labels_.emplace(std::move(key), Label{kind, row});
    }
}

void TableTextReader::add_heading_rows(const std::vector<RowSpec>& rows) {
    for (const auto& row : rows) {
        if (!row.holds_data()) {
            add_label(row.label, LabelKind::heading);
            heading_keys_.push_back(label_key(row.label));
            add_heading_rows(row.children);
        }
    }
}

// Exact match of the key, or a data-row label preceded by the labels of its heading rows
// in the same cell (「（三）不予公开 1.属于国家秘密」).
const TableTextReader::Label* TableTextReader::match(const std::string& key) const {
    if (auto found = labels_.find(key); found != labels_.end()) {
        return &found->second;
    }
    std::string_view rest = key;
    for (int depth = 0; depth < 4; ++depth) {
        bool stripped = false;
        for (const auto& heading : heading_keys_) {
            if (rest.size() > heading.size() && rest.starts_with(heading)) {
                rest.remove_prefix(heading.size());
                stripped = true;
                break;
            }
        }
        if (!stripped) {
            return nullptr;
        }
        if (auto found = labels_.find(std::string(rest)); found != labels_.end()) {
            return found->second.kind == LabelKind::data_row ? &found->second : nullptr;
        }
    }
    return nullptr;
}

const TableTextReader::Label* TableTextReader::match(const TextCell& cell) const {
    if (cell.row_end || cell.text.empty()) {
        return nullptr;
    }
    return match(label_key(cell.text));
}

ImportedTable TableTextReader::read() {
    if (*section_.layout == TableLayout::grouped_row) {
        read_grouped_row();
    } else {
        read_labelled_rows();
    }
    check_all_rows_found();
    // Rows in template order, whatever order the text had them in.
    boost::json::object ordered;
    for (const auto& row : section_.data_rows) {
        ordered[row.key] = result_.rows.at(row.key);
    }
    result_.rows = std::move(ordered);
    return std::move(result_);
}

void TableTextReader::read_labelled_rows() {
    for (std::size_t i = 0; i < cells_.size(); ++i) {
        const TextCell& cell = cells_[i];
        if (cell.row_end || cell.text.empty()) {
            continue;
        }
        std::size_t label_end = i;
        const Label* label = match(cell);
        if (label == nullptr) {
            label = match_broken_label(i, label_end);
        }
        if (label == nullptr) {
            set_aside(cell);
        } else if (label->kind == LabelKind::data_row) {
            i = read_row(label_end, label->row);
        } else {
            i = label_end;
        }
    }
}

// A label broken over two or three cells (a line break inside a cell, in a copy with one
// row per line): joins the cells while they still start a label.
const TableTextReader::Label* TableTextReader::match_broken_label(std::size_t first,
                                                                  std::size_t& last) const {
    constexpr std::size_t kMaxParts = 3;
    std::string key = label_key(cells_[first].text);
    for (std::size_t next = first + 1; next < cells_.size() && next < first + kMaxParts; ++next) {
        if (!starts_a_label(key) || cells_[next].row_end || cells_[next].text.empty()) {
            return nullptr;
        }
        key += label_key(cells_[next].text);
        if (const Label* label = match(key); label && label->kind == LabelKind::data_row) {
            last = next;
            return label;
        }
    }
    return nullptr;
}

bool TableTextReader::starts_a_label(const std::string& key) const {
    if (key.empty()) {
        return false;
    }
    for (const auto& [label, kind] : labels_) {
        if (kind.kind == LabelKind::data_row && label.size() > key.size() &&
            label.starts_with(key)) {
            return true;
        }
    }
    return false;
}

// Reads the values after the label at `label_cell`; returns the index of the last cell used.
std::size_t TableTextReader::read_row(std::size_t label_cell, std::size_t row_index) {
    const DataRow& row = section_.data_rows[row_index];
    const auto& columns = section_.columns_of(row);
    const TextCell& label = cells_[label_cell];
    if (found_[row_index]) {
        throw ImportError(ImportFailure::bad_table,
                          fmt::format("第 {} 行：{}“{}”一行出现了两次", label.line,
                                      section_.heading, row.qualified_label));
    }
    found_[row_index] = true;
    std::vector<const TextCell*> values;
    std::size_t next = label_cell + 1;
    for (; next < cells_.size() && values.size() < columns.size(); ++next) {
        const TextCell& cell = cells_[next];
        if (cell.row_end || cell.standalone || match(cell) != nullptr) {
            break;
        }
        values.push_back(&cell);
    }
    // Blank cells after a complete row are padding; another number there means the row has
    // more cells than the template, and which of them belong where cannot be known. Text
    // ends the row (the next label, perhaps broken over cells).
    std::size_t after = next;
    while (after < cells_.size() && !cells_[after].row_end && !cells_[after].standalone &&
           match(cells_[after]) == nullptr && is_value_text(cells_[after].text)) {
        if (!trim_spaces(cells_[after].text).empty()) {
            throw ImportError(ImportFailure::bad_table,
                              fmt::format("第 {} 行：{}“{}”一行的数值多于 {} 个（多出“{}”）",
                                          cells_[after].line, section_.heading, row.qualified_label,
                                          columns.size(), shown(cells_[after].text)));
        }
        ++after;
    }
    if (values.size() < columns.size()) {
        throw ImportError(
            ImportFailure::bad_table,
            fmt::format("第 {} 行：{}“{}”一行应有 {} 个数值，只找到 {} 个", label.line,
                        section_.heading, row.qualified_label, columns.size(), values.size()));
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        store_value(row, columns[c], *values[c]);
    }
    return after - 1;
}

void TableTextReader::read_grouped_row() {
    // The values follow the last header cell: one per column of every row group, in order.
    std::size_t start = 0;
    for (std::size_t i = 0; i < cells_.size(); ++i) {
        if (const Label* label = match(cells_[i]); label && label->kind == LabelKind::header) {
            start = i + 1;
        }
    }
    for (std::size_t i = 0; i < start; ++i) {
        if (!cells_[i].row_end && !cells_[i].text.empty() && match(cells_[i]) == nullptr) {
            set_aside(cells_[i]);
        }
    }
    std::vector<const TextCell*> values;
    std::size_t needed = 0;
    for (const auto& row : section_.data_rows) {
        needed += section_.columns_of(row).size();
    }
    std::size_t line =
        start < cells_.size() ? cells_[start].line : (cells_.empty() ? 0 : cells_.back().line);
    std::size_t i = start;
    for (; i < cells_.size(); ++i) {
        const TextCell& cell = cells_[i];
        if (cell.row_end) {
            continue;
        }
        if (cell.standalone && !is_value_text(cell.text)) {
            break;  // a paragraph after the table
        }
        if (values.size() == needed) {
            if (!trim_spaces(cell.text).empty()) {
                throw ImportError(ImportFailure::bad_table,
                                  fmt::format("第 {} 行：{}的数值多于 {} 个（多出“{}”）", cell.line,
                                              section_.heading, needed, shown(cell.text)));
            }
            continue;
        }
        values.push_back(&cell);
    }
    for (; i < cells_.size(); ++i) {
        if (!cells_[i].row_end && !cells_[i].text.empty()) {
            set_aside(cells_[i]);
        }
    }
    if (values.size() < needed) {
        throw ImportError(ImportFailure::bad_table,
                          fmt::format("第 {} 行起：{}应有 {} 个数值，只找到 {} 个", line,
                                      section_.heading, needed, values.size()));
    }
    std::size_t next = 0;
    for (std::size_t r = 0; r < section_.data_rows.size(); ++r) {
        found_[r] = true;
        for (const auto& column : section_.columns_of(section_.data_rows[r])) {
            store_value(section_.data_rows[r], column, *values[next++]);
        }
    }
}

void TableTextReader::store_value(const DataRow& row, const ColumnSpec& column,
                                  const TextCell& cell) {
    NumberCell number = read_number_cell(cell.text, column);
    auto& row_value = result_.rows[row.key];
    if (!row_value.is_object()) {
        row_value.emplace_object();
    }
    auto& target = row_value.get_object()[column.key];
    switch (number.kind) {
        case NumberCell::Kind::value:
            target = std::move(number.value);
            break;
        case NumberCell::Kind::blank:
            target =
                column.type == CellType::amount ? boost::json::value("0") : boost::json::value(0);
            result_.blank_paths.push_back(
                fmt::format("{}.{}.{}", section_.key, row.key, column.key));
            break;
        case NumberCell::Kind::not_a_number:
            throw ImportError(ImportFailure::bad_table,
                              fmt::format("第 {} 行：{}“{}”的“{}”应为数字，实际为“{}”", cell.line,
                                          section_.heading, row.qualified_label,
                                          column.qualified_label(), shown(cell.text)));
    }
}

void TableTextReader::set_aside(const TextCell& cell) {
    if (cell.standalone && !is_value_text(cell.text)) {
        result_.notes.push_back(cell.text);
    } else {
        result_.ignored.push_back(fmt::format("“{}”（第 {} 行）", shown(cell.text), cell.line));
    }
}

void TableTextReader::check_all_rows_found() const {
    std::string missing;
    std::size_t count = 0;
    for (std::size_t i = 0; i < found_.size(); ++i) {
        if (!found_[i]) {
            if (count < 5) {
                missing += fmt::format("{}“{}”", count == 0 ? "" : "、",
                                       section_.data_rows[i].qualified_label);
            }
            ++count;
        }
    }
    if (count > 0) {
        throw ImportError(ImportFailure::bad_table,
                          fmt::format("{}：找不到 {} 行：{}{}", section_.heading, count, missing,
                                      count > 5 ? "等" : ""));
    }
}

}  // namespace gongkai::annual

#pragma once

#include <gongkai/annual/report_template.hpp>

#include <string>
#include <string_view>

namespace gongkai::annual {

// What people read in place of a content path ("applications.new_received.natural_person"):
// the printed labels of the template, so that no message, note or printed record shows a
// path. The validator, the importer and the review record all name cells this way.
//
//   path_label(t, "applications.new_received.natural_person")
//       → 「三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 自然人」
//   path_label(t, "proactive.rules.issued")
//       → 「二、主动公开政府信息情况 第二十条第（一）项 规章 / 本年制发件数」
//   path_label(t, "sections.overview")   → 「一、总体情况」
//   path_label(t, "notes.applications")  → 「三、收到和处理政府信息公开申请情况（表格说明）」
//   path_label(t, "year")                → 「报告年度」
//
// A table, a row of a table and a cell are named by their section heading, block title,
// row label (with its parent rows: 「（三）不予公开/1.属于国家秘密」) and column label (with
// its group: 「法人或其他组织/商业企业」). A path the template does not know is named by
// the part it names (「三、收到和处理政府信息公开申请情况」 for an unknown row of that
// table), or 「报告内容」.
std::string path_label(const ReportTemplate& report_template, std::string_view path);

// The same without the section heading, for text that names the section already
// (「三、收到和处理政府信息公开申请情况：……」): 「一、本年新收政府信息公开申请数量 / 自然人」.
// The section heading itself for a path that names only the section.
std::string path_label_within_section(const ReportTemplate& report_template, std::string_view path);

// The template as people call it: its name and the document that issued it,
// 「《政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）」.
std::string template_title(const ReportTemplate& report_template);

}  // namespace gongkai::annual

#include "gongkai/core/text_checks.hpp"

#include "gongkai/core/error.hpp"
#include "gongkai/core/utf8.hpp"

#include <fmt/format.h>

namespace gongkai {

void require_single_line(std::string_view text, std::string_view field, std::string_view label) {
    auto problem = single_line_problem(text);
    if (!problem) return;
    std::string message;
    switch (*problem) {
        case SingleLineProblem::blank:
            message = fmt::format("{}不能为空", label);
            break;
        case SingleLineProblem::line_break:
            message = fmt::format("{}不能包含换行或控制字符", label);
            break;
        case SingleLineProblem::direction_control:
            message = fmt::format("{}不能包含改变文字方向的控制字符", label);
            break;
    }
    throw Error(ErrorCode::validation_failed, std::move(message), {{"field", field}});
}

}  // namespace gongkai

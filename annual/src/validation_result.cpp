#include "gongkai/annual/validation_result.hpp"

namespace gongkai::annual {

namespace {

boost::json::array to_array(const std::vector<Problem>& problems) {
    boost::json::array result;
    result.reserve(problems.size());
    for (const auto& problem : problems) {
        result.push_back(problem.to_json());
    }
    return result;
}

}  // namespace

boost::json::object Problem::to_json() const {
    boost::json::object result{{"rule", rule}, {"path", path}, {"message", message}};
    if (expected) {
        result["expected"] = *expected;
    }
    if (actual) {
        result["actual"] = *actual;
    }
    return result;
}

boost::json::array ValidationResult::errors_json() const {
    return to_array(errors);
}

boost::json::array ValidationResult::warnings_json() const {
    return to_array(warnings);
}

boost::json::object ValidationResult::to_json() const {
    return {{"ok", ok()}, {"errors", errors_json()}, {"warnings", warnings_json()}};
}

}  // namespace gongkai::annual

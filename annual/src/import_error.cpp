#include "gongkai/annual/import_error.hpp"

namespace gongkai::annual {

std::string_view to_string(ImportFailure failure) {
    switch (failure) {
        case ImportFailure::empty:
            return "empty";
        case ImportFailure::too_large:
            return "too_large";
        case ImportFailure::not_utf8:
            return "not_utf8";
        case ImportFailure::not_a_report:
            return "not_a_report";
        case ImportFailure::missing_section:
            return "missing_section";
        case ImportFailure::bad_table:
            return "bad_table";
        case ImportFailure::unknown_year:
            return "unknown_year";
        case ImportFailure::unknown_template:
            return "unknown_template";
    }
    return "bad_table";
}

ImportError::ImportError(ImportFailure failure, std::string message)
    : Error(
          failure == ImportFailure::too_large ? ErrorCode::too_large : ErrorCode::validation_failed,
          std::move(message), {{"import_failure", to_string(failure)}}),
      failure_(failure) {}

}  // namespace gongkai::annual

#pragma once

#include <string_view>

namespace gongkai {

// Refuses `text` as the value of the single-line field `field` (shown to people as `label`,
// e.g. 标题) unless it is one line of visible text: Error(validation_failed) with
// {"field": field} otherwise. Line breaks, control characters and direction overrides
// would make a title read differently in a list, a printout or the audit log.
void require_single_line(std::string_view text, std::string_view field, std::string_view label);

}  // namespace gongkai

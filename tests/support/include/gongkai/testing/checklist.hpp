#pragma once

#include <boost/json/object.hpp>

namespace gongkai::testing {

// The reviewer's checklist (保密审查清单) with every item answered 否: what a pass_review
// needs when the test is not about the checklist itself.
inline const boost::json::object kClearChecklist{{"state_secret", false},
                                                 {"work_secret", false},
                                                 {"personal_info", false},
                                                 {"commercial_secret", false},
                                                 {"security_stability", false}};

}  // namespace gongkai::testing

#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string_view>

namespace gongkai::workflow {

// Problems found in a report's content: each {rule, path, message, ...}; `message` is a
// Chinese sentence a drafter understands.
struct ContentCheck {
    boost::json::array errors;
    boost::json::array warnings;
    bool ok() const { return errors.empty(); }
};

// What a report's content must look like, per kind. Drafts may be incomplete, but they
// must have the right shape to be stored at all (check_storable); submission needs the
// full check (validate) to pass.
class ContentRules {
public:
    virtual ~ContentRules() = default;
    virtual bool knows_kind(std::string_view kind) const;
    // Throws Error(validation_failed) for content that cannot be stored as a draft.
    virtual void check_storable(std::string_view kind, const boost::json::object& content) const;
    virtual ContentCheck validate(std::string_view kind, const boost::json::object& content) const;
};

}  // namespace gongkai::workflow

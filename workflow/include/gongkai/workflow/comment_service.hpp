#pragma once

#include "gongkai/workflow/org_directory.hpp"
#include "gongkai/workflow/report_events.hpp"

#include <gongkai/core/access.hpp>
#include <gongkai/core/outcome.hpp>
#include <gongkai/storage/database.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gongkai::workflow {

struct AddComment {
    std::int64_t report_id = 0;
    std::int64_t revision = 0;
    std::string body;
    std::optional<std::string> anchor;  // a section key or table cell key, e.g. "sections.overview"
    std::optional<std::int64_t> reply_to;
};

struct CommentThread {
    storage::CommentRecord first;
    std::vector<storage::CommentRecord> replies;
};

// Discussion of a report. Anyone who may see a report may comment on it; every comment is
// audit-logged and tells everyone who took part in the report, and whoever it @-mentions.
class CommentService {
public:
    static constexpr std::size_t kMaxBodyChars = 2000;

    CommentService(storage::Database& database, OrgDirectory& orgs, const Clock& clock);

    void add(const Actor& actor, AddComment request, Completion<storage::CommentRecord> done);
    std::vector<CommentThread> list(const Actor& actor, std::int64_t report_id);
    // Resolves the thread the comment belongs to: its author, or a reviewer or leader of
    // the report's organisation (or above).
    void resolve(const Actor& actor, std::int64_t comment_id,
                 Completion<storage::CommentRecord> done);

    void set_events(ReportEvents* events) { events_ = events; }

    // "@username" mentions in a text, in order of appearance, without repeats.
    static std::vector<std::string> mentions(std::string_view body);
    // What follows each "@" that is not ASCII ("@李娜请看" → "李娜请看", at most 10
    // characters, up to a space or the next "@"): people are mentioned by their Chinese name
    // too, and the directory finds whose name the text starts with.
    static std::vector<std::string> name_mentions(std::string_view body);

private:
    storage::Database& database_;
    OrgDirectory& orgs_;
    const Clock& clock_;
    ReportEvents* events_ = nullptr;
};

}  // namespace gongkai::workflow

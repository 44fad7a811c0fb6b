#include "finding_builder.hpp"

#include "utf8_cursor.hpp"

#include <algorithm>
#include <tuple>

namespace gongkai::scanner {

namespace {

constexpr std::string_view kEllipsis = "\u2026";

bool is_ascii_alphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

FindingBuilder::FindingBuilder(std::string_view text, std::string_view field, FindingIdKey id_key,
                               std::size_t context_chars)
    : text_(text), field_(field), hasher_(id_key), context_chars_(context_chars) {}

FindingBuilder::Output FindingBuilder::build(std::vector<Candidate> candidates) {
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.begin, a.end, a.rule) < std::tie(b.begin, b.end, b.rule);
    });
    candidates.erase(std::unique(candidates.begin(), candidates.end(),
                                 [](const Candidate& a, const Candidate& b) {
                                     return a.begin == b.begin && a.end == b.end &&
                                            a.rule == b.rule;
                                 }),
                     candidates.end());

    std::vector<Located> located;
    located.reserve(candidates.size());
    std::size_t code_points = 0;
    std::size_t counted_to = 0;
    for (const Candidate& candidate : candidates) {
        code_points += utf8::count(text_.substr(counted_to, candidate.begin - counted_to));
        counted_to = candidate.begin;
        std::size_t length =
            utf8::count(text_.substr(candidate.begin, candidate.end - candidate.begin));
        located.push_back(
            {&candidate, code_points, code_points + length, candidate.begin, candidate.end});
    }

    Output output;
    output.masked.resize(located.size());
    std::vector<Located> maskable;
    std::vector<std::string> maskable_forms;
    for (std::size_t i = 0; i < located.size(); ++i) {
        if (is_maskable(located[i].candidate->rule)) {
            output.masked[i] = mask(*located[i].candidate, located[i]);
            maskable.push_back(located[i]);
            maskable_forms.push_back(output.masked[i]);
            longest_maskable_ =
                std::max(longest_maskable_, located[i].original_end - located[i].original_begin);
        }
    }

    const std::string_view original = text_;
    output.findings.reserve(located.size());
    for (const Located& at : located) {
        const Candidate& candidate = *at.candidate;
        Finding finding;
        finding.rule = candidate.rule;
        finding.severity = severity_of(candidate.rule);
        finding.field = std::string(field_);
        finding.start = at.start;
        finding.end = at.end;
        finding.excerpt = excerpt(at, maskable, maskable_forms);
        if (!candidate.suggestion.empty()) {
            finding.suggestion = std::string(candidate.suggestion);
        }
        finding.id =
            hasher_.id(candidate.rule, field_, at.start, at.end,
                       original.substr(at.original_begin, at.original_end - at.original_begin));
        output.findings.push_back(std::move(finding));
    }
    return output;
}

std::string FindingBuilder::mask(const Candidate& candidate, const Located& located) const {
    // Letters and digits (after normalisation) inside the mask region are significant.
    auto in_region = [&](std::size_t pos) {
        return pos >= candidate.mask_begin && pos < candidate.mask_end;
    };
    auto significant = [&](std::size_t pos, char32_t code) {
        return in_region(pos) && code < 0x80 && is_ascii_alphanumeric(static_cast<char>(code));
    };
    std::size_t total = 0;
    std::size_t length = 0;
    for (std::size_t pos = located.original_begin; pos < located.original_end; pos += length) {
        total += significant(pos, utf8::decode_normalised(text_, pos, length)) ? 1 : 0;
    }
    // A region with too few of them to keep some and mask the rest (an e-mail address whose
    // local part is one letter, or only symbols) is masked whole: a masked form is never the
    // identifier itself.
    const bool whole = total <= std::size_t{candidate.keep_first} + candidate.keep_last;
    std::string masked;
    masked.reserve(located.original_end - located.original_begin);
    std::size_t index = 0;
    for (std::size_t pos = located.original_begin; pos < located.original_end; pos += length) {
        char32_t code = utf8::decode_normalised(text_, pos, length);
        if (whole && in_region(pos)) {
            masked += '*';
            continue;
        }
        if (significant(pos, code)) {
            bool keep = index < candidate.keep_first || index + candidate.keep_last >= total;
            ++index;
            if (!keep) {
                masked += '*';  // one star for one character, full-width or not
                continue;
            }
        }
        masked.append(text_.substr(pos, length));
    }
    return masked;
}

std::string FindingBuilder::excerpt(const Located& located, const std::vector<Located>& maskable,
                                    const std::vector<std::string>& masked_forms) {
    const std::string_view original = text_;
    std::size_t begin = located.original_begin;
    std::size_t end = located.original_end;
    for (std::size_t taken = 0; taken < context_chars_ && begin > 0; ++taken) {
        std::size_t before = utf8::previous(original, begin);
        if (original[before] == '\n') {
            break;
        }
        begin = before;
    }
    for (std::size_t taken = 0; taken < context_chars_ && end < original.size(); ++taken) {
        if (original[end] == '\n') {
            break;
        }
        end = utf8::next(original, end);
    }

    // The identifiers inside the window, which is widened so that none is cut in half (half
    // an identifier shown raw is still too much).
    std::vector<std::size_t>& inside = inside_;
    for (bool widened = true; widened;) {
        widened = false;
        inside.clear();
        auto after = std::lower_bound(
            maskable.begin(), maskable.end(), end,
            [](const Located& m, std::size_t offset) { return m.original_begin < offset; });
        for (auto it = after; it != maskable.begin();) {
            --it;
            if (it->original_begin + longest_maskable_ < begin) {
                break;
            }
            if (it->original_end > begin) {
                inside.push_back(static_cast<std::size_t>(it - maskable.begin()));
                if (it->original_begin < begin || it->original_end > end) {
                    begin = std::min(begin, it->original_begin);
                    end = std::max(end, it->original_end);
                    widened = true;
                }
            }
        }
    }
    // By position; of two starting together the longer first, so that an e-mail address is
    // masked as a whole rather than the mobile number that is its local part.
    std::sort(inside.begin(), inside.end(), [&](std::size_t a, std::size_t b) {
        return std::tuple(maskable[a].original_begin, maskable[b].original_end) <
               std::tuple(maskable[b].original_begin, maskable[a].original_end);
    });

    std::string out;
    out.reserve(end - begin + 8);
    if (begin > 0 && original[begin - 1] != '\n') {
        out += kEllipsis;
    }
    std::size_t next_identifier = 0;
    for (std::size_t pos = begin; pos < end;) {
        while (next_identifier < inside.size() &&
               maskable[inside[next_identifier]].original_end <= pos) {
            ++next_identifier;
        }
        if (next_identifier < inside.size() &&
            maskable[inside[next_identifier]].original_begin <= pos) {
            const Located& identifier = maskable[inside[next_identifier]];
            if (identifier.original_begin == pos) {
                out += masked_forms[inside[next_identifier]];
                pos = identifier.original_end;
            } else {
                // Overlaps one already masked (a mobile number inside an e-mail address).
                for (; pos < identifier.original_end; pos = utf8::next(original, pos)) {
                    out += '*';
                }
            }
            ++next_identifier;
            continue;
        }
        // Plain text up to the next identifier, in one piece, with tabs and carriage returns
        // shown as spaces (the window stops at line feeds).
        std::size_t until = end;
        if (next_identifier < inside.size()) {
            until = std::min(until, maskable[inside[next_identifier]].original_begin);
        }
        std::size_t from = out.size();
        std::string_view piece = original.substr(pos, until - pos);
        out.append(piece);
        if (piece.find_first_of("\t\r") != std::string_view::npos) {
            std::replace_if(
                out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                [](char c) { return c == '\t' || c == '\r'; }, ' ');
        }
        pos = until;
    }
    if (end < original.size() && original[end] != '\n') {
        out += kEllipsis;
    }
    return out;
}

}  // namespace gongkai::scanner

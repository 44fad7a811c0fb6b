#pragma once

#include "candidate.hpp"
#include "finding_id_hasher.hpp"

#include <gongkai/scanner/finding.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::scanner {

// Turns the candidates of one field into findings: code point positions, masked forms,
// excerpts in which every identifier is masked, ids.
class FindingBuilder {
public:
    struct Output {
        std::vector<Finding> findings;    // by position
        std::vector<std::string> masked;  // masked form of findings[i]; empty if not maskable
    };

    FindingBuilder(std::string_view text, std::string_view field, FindingIdKey id_key,
                   std::size_t context_chars);

    Output build(std::vector<Candidate> candidates);

private:
    struct Located {
        const Candidate* candidate;
        std::size_t start;  // code points
        std::size_t end;
        std::size_t original_begin;  // bytes
        std::size_t original_end;
    };

    std::string mask(const Candidate& candidate, const Located& located) const;
    std::string excerpt(const Located& located, const std::vector<Located>& maskable,
                        const std::vector<std::string>& masked_forms);

    std::string_view text_;
    std::string_view field_;
    FindingIdHasher hasher_;
    std::size_t context_chars_;
    std::size_t longest_maskable_ = 0;
    std::vector<std::size_t> inside_;  // excerpt(): the identifiers in the window, reused
};

}  // namespace gongkai::scanner

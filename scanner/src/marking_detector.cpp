#include "marking_detector.hpp"

#include "utf8_cursor.hpp"

#include <algorithm>

namespace gongkai::scanner {

namespace {

constexpr char32_t kSecret = 0x5BC6;           // 密
constexpr char32_t kGrade = 0x7EA7;            // 级 (密级)
constexpr char32_t kTopSecret = 0x7EDD;        // 绝
constexpr char32_t kConfidential = 0x673A;     // 机
constexpr char32_t kSecretFirst = 0x79D8;      // 秘
constexpr char32_t kBlackStar = 0x2605;        // ★
constexpr char32_t kWhiteStar = 0x2606;        // ☆
constexpr char32_t kLong = 0x957F;             // 长 (长期)
constexpr char32_t kTerm = 0x671F;             // 期
constexpr char32_t kYear = 0x5E74;             // 年
constexpr char32_t kMonth = 0x6708;            // 月
constexpr char32_t kMeasureWord = 0x4E2A;      // 个 (个月)
constexpr char32_t kDay = 0x5929;              // 天
constexpr char32_t kDate = 0x65E5;             // 日
constexpr char32_t kUnlock = 0x89E3;           // 解 (解密)
constexpr std::size_t kDeclassifiedReach = 8;  // characters around a marking

bool is_level_first(char32_t c) {
    return c == kTopSecret || c == kConfidential || c == kSecretFirst;
}

bool is_blank(char32_t c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool is_chinese_numeral(char32_t c) {
    // 一二三四五六七八九十两
    constexpr char32_t numerals[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                     0x4E03, 0x516B, 0x4E5D, 0x5341, 0x4E24};
    return std::find(std::begin(numerals), std::end(numerals), c) != std::end(numerals);
}

}  // namespace

MarkingDetector::MarkingDetector(std::string_view text) : text_(text) {}

std::size_t MarkingDetector::skip_blanks(std::size_t pos, int most) const {
    std::size_t length = 0;
    for (int skipped = 0; skipped < most && pos < text_.size() &&
                          is_blank(utf8::decode_normalised(text_, pos, length));
         ++skipped) {
        pos += length;
    }
    return pos;
}

// A level word starting at `pos` (秘密, 秘 密, ...): the offset past it, or `pos`.
std::size_t MarkingDetector::level_word_end(std::size_t pos) const {
    if (pos >= text_.size() || !is_level_first(utf8::decode_normalised(text_, pos))) {
        return pos;
    }
    std::size_t second = skip_blanks(utf8::next(text_, pos), 3);
    if (second >= text_.size() || utf8::decode_normalised(text_, second) != kSecret) {
        return pos;
    }
    return utf8::next(text_, second);
}

// ★ and its period after a level word ending at `pos`: the offset past them, or `pos`.
std::size_t MarkingDetector::star_and_period_end(std::size_t pos, bool glued_to_word) const {
    std::size_t star = skip_blanks(pos, 2);
    if (star >= text_.size()) {
        return pos;
    }
    std::size_t length = 0;
    char32_t c = utf8::decode_normalised(text_, star, length);
    if (c == '*' || c == kWhiteStar) {
        // 国家秘密** in a Markdown-like text is emphasis, not a marking.
        bool doubled = c == '*' && star + length < text_.size() &&
                       utf8::decode_normalised(text_, star + length) == '*';
        if (glued_to_word || doubled) {
            return pos;
        }
    } else if (c != kBlackStar) {
        return pos;
    }
    return period_end(star + length);
}

// 1年, 10年, 6个月, 三年, 长期 after the star: the offset past it, or `pos`.
std::size_t MarkingDetector::period_end(std::size_t pos) const {
    std::size_t start = skip_blanks(pos, 2);
    std::size_t cursor = start;
    std::size_t length = 0;
    if (cursor < text_.size() && utf8::decode_normalised(text_, cursor, length) == kLong) {
        std::size_t after = cursor + length;
        if (after < text_.size() && utf8::decode_normalised(text_, after, length) == kTerm) {
            return after + length;
        }
        return pos;
    }
    int count = 0;
    while (cursor < text_.size() && count < 4) {
        char32_t c = utf8::decode_normalised(text_, cursor, length);
        if (!((c >= '0' && c <= '9') || is_chinese_numeral(c))) {
            break;
        }
        cursor += length;
        ++count;
    }
    if (count == 0 || cursor >= text_.size()) {
        return pos;
    }
    char32_t unit = utf8::decode_normalised(text_, cursor, length);
    if (unit == kYear || unit == kMonth || unit == kDay || unit == kDate) {
        return cursor + length;
    }
    if (unit == kMeasureWord && cursor + length < text_.size()) {
        std::size_t month_length = 0;
        if (utf8::decode_normalised(text_, cursor + length, month_length) == kMonth) {
            return cursor + length + month_length;
        }
    }
    return pos;
}

bool MarkingDetector::alone_on_line(std::size_t begin, std::size_t end) const {
    for (std::size_t pos = begin; pos > 0;) {
        pos = utf8::previous(text_, pos);
        char32_t c = utf8::decode_normalised(text_, pos);
        if (c == '\n') {
            break;
        }
        if (!is_blank(c)) {
            return false;
        }
    }
    std::size_t length = 0;
    for (std::size_t pos = end; pos < text_.size(); pos += length) {
        char32_t c = utf8::decode_normalised(text_, pos, length);
        if (c == '\n') {
            break;
        }
        if (!is_blank(c)) {
            return false;
        }
    }
    return true;
}

bool MarkingDetector::at_text_start(std::size_t begin, std::size_t end) const {
    // Backwards, so that only the white space before the level word is looked at. A byte
    // order mark counts as nothing.
    const std::size_t start = text_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    if (begin < start) {
        return false;
    }
    for (std::size_t pos = begin; pos > start;) {
        pos = utf8::previous(text_, pos);
        char32_t c = utf8::decode_normalised(text_, pos);
        if (!is_blank(c) && c != '\n') {
            return false;
        }
    }
    if (end == text_.size()) {
        return true;
    }
    char32_t after = utf8::decode_normalised(text_, end);
    return is_blank(after) || after == '\n';
}

bool MarkingDetector::declassified(std::size_t begin, std::size_t end) const {
    auto is_unlock_secret = [&](std::size_t pos) {
        std::size_t length = 0;
        if (utf8::decode_normalised(text_, pos, length) != kUnlock ||
            pos + length >= text_.size()) {
            return false;
        }
        return utf8::decode_normalised(text_, pos + length) == kSecret;
    };
    std::size_t pos = begin;
    for (std::size_t steps = 0; steps < kDeclassifiedReach + 1 && pos > 0; ++steps) {
        pos = utf8::previous(text_, pos);
        if (text_[pos] == '\n') {
            break;
        }
        if (is_unlock_secret(pos)) {
            return true;
        }
    }
    pos = end;
    for (std::size_t steps = 0; steps < kDeclassifiedReach && pos < text_.size(); ++steps) {
        if (text_[pos] == '\n') {
            break;
        }
        if (is_unlock_secret(pos)) {
            return true;
        }
        pos = utf8::next(text_, pos);
    }
    return false;
}

void MarkingDetector::inspect(std::size_t pos) {
    const std::size_t after = utf8::next(text_, pos);
    std::size_t length = 0;
    // 密级：秘密★1年
    if (after < text_.size() && utf8::decode_normalised(text_, after, length) == kGrade) {
        std::size_t cursor = skip_blanks(after + length, 4);
        std::size_t colon_length = 0;
        if (cursor < text_.size() &&
            utf8::decode_normalised(text_, cursor, colon_length) == ':') {  // ： or :
            cursor = skip_blanks(cursor + colon_length, 4);
        }
        std::size_t level_end = level_word_end(cursor);
        if (level_end != cursor) {
            spans_.push_back({pos, star_and_period_end(level_end, false)});
        }
        return;
    }
    // The level word ending at this 密: 秘密, 秘 密.
    std::size_t first = pos;
    for (int blanks = 0; first > 0 && blanks <= 3; ++blanks) {
        std::size_t before = utf8::previous(text_, first);
        char32_t c = utf8::decode_normalised(text_, before);
        if (is_level_first(c)) {
            first = before;
            break;
        }
        if (!is_blank(c)) {
            return;
        }
        first = before;
    }
    if (first == pos || !is_level_first(utf8::decode_normalised(text_, first))) {
        return;
    }
    bool glued_to_word = first > 0 && utf8::is_ideograph(utf8::decode_normalised(
                                          text_, utf8::previous(text_, first)));
    std::size_t end = star_and_period_end(after, glued_to_word);
    if (end != after || alone_on_line(first, after) || at_text_start(first, after)) {
        spans_.push_back({first, end});
    }
}

void MarkingDetector::emit(std::vector<Candidate>& out) const {
    std::vector<Span> spans = spans_;
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    std::vector<Span> merged;
    for (const Span& span : spans) {
        if (!merged.empty() && span.begin < merged.back().end) {
            merged.back().end = std::max(merged.back().end, span.end);
        } else {
            merged.push_back(span);
        }
    }
    for (const Span& span : merged) {
        Rule rule = declassified(span.begin, span.end) ? Rule::declassified_marking
                                                       : Rule::classification_marking;
        out.push_back({rule, span.begin, span.end});
    }
}

}  // namespace gongkai::scanner

#include "gongkai/core/html.hpp"

namespace gongkai {

void append_html_escaped(std::string& out, std::string_view text) {
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view entity;
        switch (text[i]) {
            case '&':
                entity = "&amp;";
                break;
            case '<':
                entity = "&lt;";
                break;
            case '>':
                entity = "&gt;";
                break;
            case '"':
                entity = "&quot;";
                break;
            case '\'':
                entity = "&#39;";
                break;
            default:
                // Control characters other than tab and line feed: dropped.
                if (static_cast<unsigned char>(text[i]) >= 0x20 || text[i] == '\n' ||
                    text[i] == '\t') {
                    continue;
                }
                entity = "";
        }
        out.append(text.substr(plain_from, i - plain_from));
        out.append(entity);
        plain_from = i + 1;
    }
    out.append(text.substr(plain_from));
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    append_html_escaped(out, text);
    return out;
}

}  // namespace gongkai

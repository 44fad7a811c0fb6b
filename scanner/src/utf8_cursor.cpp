#include "utf8_cursor.hpp"

namespace gongkai::scanner::utf8 {

std::string normalised(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
        append(out, decode_normalised(text, pos, length));
    }
    return out;
}

}  // namespace gongkai::scanner::utf8

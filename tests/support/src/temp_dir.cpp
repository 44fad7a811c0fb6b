#include "gongkai/testing/temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>

namespace gongkai::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gongkai-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::filesystem::path source_dir() { return GONGKAI_SOURCE_DIR; }
std::filesystem::path bin_dir() { return GONGKAI_BIN_DIR; }

}  // namespace gongkai::testing

#pragma once

#include <filesystem>
#include <string>

namespace gongkai::testing {

// A fresh folder under the system's temporary directory, removed with everything in it
// when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// The repository's folders, for tests that read config/ or run build/bin/.
std::filesystem::path source_dir();
std::filesystem::path bin_dir();

}  // namespace gongkai::testing

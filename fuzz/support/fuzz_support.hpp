#pragma once

// What every harness of fuzz/ shares: where the repository's data is, scratch folders, and
// how a finding is reported. A harness reports a bug by aborting: libFuzzer then keeps the
// input that caused it (crash-<sha1>) and prints the stack.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>

namespace gongkai::fuzz {

// The source tree (config/, tests/…/data): $GONGKAI_SOURCE_DIR, else the tree this build
// was configured from.
std::filesystem::path source_dir();

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, std::string_view content);

// A fresh folder under the system's temporary directory ($TMPDIR), removed with everything
// in it when the object goes away.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// `content` as a file of its own in `dir` (named <stem>-<n><extension>), removed when the
// object goes away. A new file for each input: ext4 writes a file that is truncated and
// written again through to the disk when it is closed (auto_da_alloc), so rewriting one file
// made every input wait for the disk.
class InputFile {
public:
    InputFile(const std::filesystem::path& dir, std::string_view stem, std::string_view extension,
              std::string_view content);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Prints "gongkai fuzz finding: <what>" and `detail` (shortened) to stderr, then aborts.
[[noreturn]] void report_bug(std::string_view what, std::string_view detail = {});

// For use inside catch (...): the exception in flight is not one the API documents for bad
// input, so it is a bug: reports its type and what() (as report_bug, naming `step`).
[[noreturn]] void report_unexpected_exception(std::string_view step);

// Whether the exception in flight (inside catch (...)) is one of `Allowed`.
template <class... Allowed>
bool exception_is_one_of() {
    bool matched = false;
    (
        [&] {
            if (matched) return;
            try {
                throw;
            } catch (const Allowed&) {
                matched = true;
            } catch (...) {
            }
        }(),
        ...);
    return matched;
}

// Runs `step`; an exception of one of the `Allowed` types is the API's documented answer to
// bad input and ends the step (returns false), anything else is reported as a bug.
template <class... Allowed, class Step>
bool expect_only(std::string_view name, Step&& step) {
    try {
        step();
        return true;
    } catch (...) {
        if (exception_is_one_of<Allowed...>()) return false;
        report_unexpected_exception(name);
    }
}

}  // namespace gongkai::fuzz

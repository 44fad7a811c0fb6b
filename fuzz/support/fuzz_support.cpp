#include "fuzz_support.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace gongkai::fuzz {

namespace fs = std::filesystem;

namespace {

// Enough of a reply or an input to recognise it; libFuzzer keeps the whole input anyway.
constexpr std::size_t kMaxDetailBytes = 2000;

std::string current_exception_type() {
    const std::type_info* type = abi::__cxa_current_exception_type();
    if (type == nullptr) return "(none)";
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> name(
        abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), std::free);
    return status == 0 && name ? std::string(name.get()) : std::string(type->name());
}

}  // namespace

fs::path source_dir() {
    if (const char* dir = std::getenv("GONGKAI_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
        return dir;
    }
    return GONGKAI_SOURCE_DIR;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_file(const fs::path& file, std::string_view content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

ScratchDir::ScratchDir() {
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = fs::temp_directory_path() / ("gongkai-fuzz-" + std::to_string(::getpid()) +
                                                      "-" + std::to_string(random()));
        if (fs::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a scratch folder");
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

InputFile::InputFile(const fs::path& dir, std::string_view stem, std::string_view extension,
                     std::string_view content) {
    static std::atomic<std::uint64_t> made{0};
    path_ = dir / (std::string(stem) + "-" + std::to_string(++made) + std::string(extension));
    write_file(path_, content);
}

InputFile::~InputFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
}

void report_bug(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "\ngongkai fuzz finding: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    if (!detail.empty()) {
        const auto shown = detail.substr(0, kMaxDetailBytes);
        std::fprintf(stderr, "  %.*s%s\n", static_cast<int>(shown.size()), shown.data(),
                     shown.size() < detail.size() ? " [...]" : "");
    }
    std::fflush(stderr);
    std::abort();
}

void report_unexpected_exception(std::string_view step) {
    std::string message = current_exception_type();
    try {
        throw;
    } catch (const std::exception& e) {
        message += ": ";
        message += e.what();
    } catch (...) {
    }
    report_bug("undocumented exception from " + std::string(step), message);
}

}  // namespace gongkai::fuzz

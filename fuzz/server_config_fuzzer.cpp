// The server's configuration reader (config/gongkai.toml, config::load_server_config): the
// input is the file, in a scratch folder that holds copies of the shipped workflows,
// templates and lexicons, so that a file the reader accepts is loaded all the way
// (workflows, annual-report templates, the compiled scanner) as at the server's start.
//
// Bugs: crashes, sanitizer reports, exceptions other than config::ConfigError.
#include "support/fuzz_support.hpp"

#include <gongkai/config/server_config.hpp>

#include <filesystem>
#include <memory>

namespace gongkai::fuzz {
namespace {

namespace fs = std::filesystem;

struct Folder {
    ScratchDir dir;

    Folder() {
        for (const char* name : {"workflows", "templates", "lexicons"}) {
            fs::copy(source_dir() / "config" / name, dir.path() / name,
                     fs::copy_options::recursive);
        }
    }
};

Folder& folder() {
    static Folder shared;
    return shared;
}

void load(std::string_view text) {
    InputFile file(folder().dir.path(), "gongkai", ".toml", text);
    expect_only<config::ConfigError>("load_server_config",
                                     [&] { config::load_server_config(file.path()); });
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    gongkai::fuzz::folder();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gongkai::fuzz::load(gongkai::fuzz::as_text(data, size));
    return 0;
}

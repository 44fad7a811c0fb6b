#pragma once

// The scanner in use, reloaded from config/lexicons/ at run time (SIGHUP, an admin operation)
// with an atomic swap: see ScannerHolder below and the overview in scanner.hpp.

#include <gongkai/scanner/lexicon.hpp>
#include <gongkai/scanner/scanner.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace gongkai::scanner {

struct ReloadOutcome {
    bool reloaded = false;
    std::string error;   // why not, when !reloaded (names files and lines, not content)
    LexiconStats stats;  // of the scanner in use after the call
};

// Owns the scanner in use and replaces it when the lexicon files change, without a restart
// (SIGHUP, an admin operation). Scans in flight keep the scanner they started with: each
// caller takes current() once per scan and holds that shared_ptr.
//
// Thread-safe. reload() reads files and compiles patterns (tens of milliseconds for
// thousands of terms): call it from a normal thread (e.g. an asio signal_set handler), not
// from inside a signal handler.
class ScannerHolder {
public:
    // Loads the lexicons in `lexicon_dir`. Throws gongkai::Error if they cannot be loaded:
    // at start-up there is no previous scanner to fall back on.
    explicit ScannerHolder(std::filesystem::path lexicon_dir, ScannerSettings settings = {});

    std::shared_ptr<const Scanner> current() const;

    // Reloads from the current folder / from `lexicon_dir` (which becomes the current folder
    // on success). On any failure the scanner in use stays as it is.
    ReloadOutcome reload();
    ReloadOutcome reload(const std::filesystem::path& lexicon_dir);

    std::filesystem::path lexicon_dir() const;

private:
    ScannerSettings settings_;
    mutable std::mutex reload_mutex_;  // one reload at a time; guards lexicon_dir_
    std::filesystem::path lexicon_dir_;
    std::atomic<std::shared_ptr<const Scanner>> current_;
};

}  // namespace gongkai::scanner

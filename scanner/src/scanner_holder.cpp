#include "gongkai/scanner/scanner_holder.hpp"

#include <exception>

namespace gongkai::scanner {

ScannerHolder::ScannerHolder(std::filesystem::path lexicon_dir, ScannerSettings settings)
    : settings_(std::move(settings)), lexicon_dir_(std::move(lexicon_dir)) {
    current_.store(Scanner::create(Lexicon::load(lexicon_dir_), settings_));
}

std::shared_ptr<const Scanner> ScannerHolder::current() const {
    return current_.load();
}

ReloadOutcome ScannerHolder::reload() {
    return reload(lexicon_dir());
}

ReloadOutcome ScannerHolder::reload(const std::filesystem::path& lexicon_dir) {
    std::lock_guard lock(reload_mutex_);
    ReloadOutcome outcome;
    try {
        auto scanner = Scanner::create(Lexicon::load(lexicon_dir), settings_);
        current_.store(scanner);
        lexicon_dir_ = lexicon_dir;
        outcome.reloaded = true;
    } catch (const std::exception& e) {
        // The scanner in use stays; the caller logs why (file and line, never content).
        outcome.error = e.what();
    }
    outcome.stats = current_.load()->lexicon_stats();
    return outcome;
}

std::filesystem::path ScannerHolder::lexicon_dir() const {
    std::lock_guard lock(reload_mutex_);
    return lexicon_dir_;
}

}  // namespace gongkai::scanner

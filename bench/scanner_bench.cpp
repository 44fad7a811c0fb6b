// gongkai-scanner-bench: the secrecy scanner on a generated Chinese corpus, against GNU grep's
// multi-string search on the same files (issue #5, "Performance").
//
// Generates, with a fixed seed, a UTF-8 corpus (mostly Chinese text with numbers, punctuation,
// full-width digits and some identifiers) and a lexicon of distinct terms into a temporary
// folder; scans the corpus with every rule enabled (the lexicon as sensitive terms); times
// `grep -F -o -f LEXICON CORPUS` (output counted through a pipe) under LC_ALL=C and under
// C.UTF-8; prints MB/s (1 MB = 10^6 bytes) of each and the ratio against the faster grep. Then
// times the literal matcher alone against Hyperscan on the same terms (when built with libhs).
//
//   build/bin/gongkai-scanner-bench                 100 MB, 10,000 terms, best of 3
//   build/bin/gongkai-scanner-bench --mb 0.5 --runs 1  (what the smoke test runs)
#include "literal_matcher.hpp"  // scanner/src: the matcher alone, against Hyperscan
#include "utf8_cursor.hpp"

#include <gongkai/scanner/scanner.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#ifdef GONGKAI_BENCH_HYPERSCAN
#include <hs/hs.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using gongkai::scanner::Rule;

// Common characters of Chinese official writing (and of the sample report). The level words'
// own characters (密 秘 绝 机 解) come in only through real words below, as in real text.
constexpr std::string_view kCharacters =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条"
    "只没结问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品"
    "式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九"
    "区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志"
    "世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身"
    "车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传"
    "土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深"
    "难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号"
    "率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包"
    "火住调满县局照参红细引听该铁价严龙飞尧塔街息告临汾室印推椎范施案善视终项抓负责协"
    "职健送互措举依序升优微潭泽落梳录试域廊栏屏喇叭宣益疫防控环攻坚障创城份渠答审核执"
    "申请暂媒谁态网泄涉章减服罚费购额勾稽企予禁止危稳护卷询供掌握另补仍访投诉版获继续"
    "讼纠尚未困差距站尽待针足培训途径围监督";

// Real words with the characters above left out, so that the marking detector sees its
// usual near misses (保密审查, 国家秘密, 机关).
constexpr std::string_view kFixedWords[] = {
    "保密审查", "国家秘密",   "涉密信息", "机关",     "机构",      "秘书",
    "密切",     "保密",       "解决",     "机制",     "政务公开",  "信息公开",
    "主动公开", "依申请公开", "行政复议", "行政诉讼", "规范性文件"};

constexpr std::string_view kPunctuation[] = {"，", "，", "，", "、", "；", "："};
constexpr std::string_view kIssuers[] = {"尧政办发", "临政发", "国办公开办函", "晋政办发",
                                         "尧政发"};

// xorshift64*: the same corpus on every machine for the same seed.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed * 2685821657736338717ULL + 1) {}
    std::uint64_t next() {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 2685821657736338717ULL;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

private:
    std::uint64_t state_;
};

std::vector<std::string> split_characters(std::string_view text) {
    std::vector<std::string> characters;
    for (std::size_t i = 0; i < text.size(); i += 3) {
        characters.emplace_back(text.substr(i, 3));
    }
    return characters;
}

std::string digits(Random& random, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        out += static_cast<char>('0' + random.below(10));
    }
    return out;
}

std::string resident_id(Random& random) {
    static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr std::string_view kProvinces[] = {"11", "14", "35", "44", "51", "61"};
    std::string id = std::string(kProvinces[random.below(6)]) + digits(random, 4);
    id += fmt::format("{}{:02}{:02}", 1950 + random.below(60), 1 + random.below(12),
                      1 + random.below(28));
    id += digits(random, 3);
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        sum += (id[i] - '0') * kWeights[i];
    }
    return id + "10X98765432"[sum % 11];
}

std::string luhn_card(Random& random) {
    std::string card = "62" + digits(random, 16);
    int sum = 0;
    for (std::size_t i = 0; i < card.size(); ++i) {
        int digit = card[card.size() - 1 - i] - '0';
        if (i % 2 == 0) {
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        }
        sum += digit;
    }
    return card + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string full_width(std::string_view ascii_digits) {
    std::string out;
    for (char c : ascii_digits) {
        out += "\xEF\xBC";
        out += static_cast<char>(0x90 + (c - '0'));  // U+FF10..U+FF19
    }
    return out;
}

struct Vocabulary {
    std::vector<std::string> words;  // by rank
    std::vector<double> cumulative;  // Zipf weights

    const std::string& pick(Random& random) const {
        double target = static_cast<double>(random.next() >> 11) * 0x1.0p-53 * cumulative.back();
        auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
        return words[static_cast<std::size_t>(it - cumulative.begin())];
    }
};

Vocabulary make_vocabulary(Random& random, const std::vector<std::string>& characters) {
    Vocabulary vocabulary;
    std::set<std::string> seen;
    for (std::string_view word : kFixedWords) {
        seen.emplace(word);
        vocabulary.words.emplace_back(word);
    }
    while (vocabulary.words.size() < 8000) {
        std::size_t length = 1 + random.below(4);  // 1–4 characters
        if (length == 1 && random.chance(0.7)) {
            length = 2;
        }
        std::string word;
        for (std::size_t i = 0; i < length; ++i) {
            word += characters[random.below(characters.size())];
        }
        if (seen.insert(word).second) {
            vocabulary.words.push_back(std::move(word));
        }
    }
    // Rank r has weight 1 / (r + 10): a long tail, as in real text. The fixed words get random
    // ranks like the others.
    std::shuffle(vocabulary.words.begin(), vocabulary.words.end(), [&] {
        struct Adapter {
            Random& r;
            using result_type = std::uint64_t;
            static constexpr result_type min() { return 0; }
            static constexpr result_type max() { return ~0ULL; }
            result_type operator()() { return r.next(); }
        };
        return Adapter{random};
    }());
    double total = 0;
    for (std::size_t rank = 0; rank < vocabulary.words.size(); ++rank) {
        total += 1.0 / static_cast<double>(rank + 10);
        vocabulary.cumulative.push_back(total);
    }
    return vocabulary;
}

// One sentence: words, clause punctuation, now and then a number or an identifier.
void append_sentence(std::string& out, Random& random, const Vocabulary& vocabulary) {
    std::size_t words = 6 + random.below(20);
    for (std::size_t w = 0; w < words; ++w) {
        out += vocabulary.pick(random);
        if (w + 1 < words && random.chance(0.12)) {
            out += kPunctuation[random.below(std::size(kPunctuation))];
        }
    }
    double roll = static_cast<double>(random.below(1000000)) / 1e6;
    if (roll < 0.20) {
        out += fmt::format("{}条", random.below(1000));
    } else if (roll < 0.28) {
        out += fmt::format("{}年{}月{}日", 2015 + random.below(10), 1 + random.below(12),
                           1 + random.below(28));
    } else if (roll < 0.33) {
        out += fmt::format("{}.{}万元", random.below(500), random.below(100));
    } else if (roll < 0.35) {
        out += "共" + full_width(std::to_string(random.below(10000))) + "件";
    } else if (roll < 0.36) {
        out += fmt::format("（{}〔{}〕{}号）", kIssuers[random.below(std::size(kIssuers))],
                           2015 + random.below(10), 1 + random.below(200));
    } else if (roll < 0.364) {
        out += "联系电话：1" + std::string(1, static_cast<char>('3' + random.below(7))) +
               digits(random, 9);
    } else if (roll < 0.366) {
        out += "，身份证号" + resident_id(random);
    } else if (roll < 0.367) {
        out += "，银行卡号" + luhn_card(random);
    } else if (roll < 0.369) {
        out += fmt::format("，电话0357-{}", 2000000 + random.below(8000000));
    } else if (roll < 0.371) {
        out += fmt::format("，邮箱office{}@yaodu.gov.cn", random.below(1000));
    } else if (roll < 0.372) {
        out += "，内部资料";
    } else if (roll < 0.373) {
        out += "标椎化";
    }
    out += "。";
}

std::string make_corpus(std::size_t bytes, Random& random, const Vocabulary& vocabulary) {
    std::string corpus;
    corpus.reserve(bytes + 4096);
    while (corpus.size() < bytes) {
        corpus += "\u3000\u3000";  // paragraphs start with two ideographic spaces
        std::size_t sentences = 2 + random.below(7);
        for (std::size_t s = 0; s < sentences; ++s) {
            append_sentence(corpus, random, vocabulary);
        }
        corpus += '\n';
        if (random.chance(0.00002)) {
            corpus += "秘密★1年\n";  // a pasted classified first page, very rarely
        }
    }
    return corpus;
}

// Distinct terms: short random ones (frequent, many overlaps), some real words of the
// corpus's long tail, and longer random ones (rare), like an office's list.
std::vector<std::string> make_lexicon(std::size_t count, Random& random,
                                      const std::vector<std::string>& characters,
                                      const Vocabulary& vocabulary) {
    std::set<std::string> seen;
    std::vector<std::string> terms;
    auto add = [&](std::string term) {
        if (seen.insert(term).second) {
            terms.push_back(std::move(term));
        }
    };
    std::size_t from_vocabulary = count * 3 / 100;
    std::size_t short_random = count / 5;
    while (terms.size() < from_vocabulary) {
        std::size_t rank = 3000 + random.below(vocabulary.words.size() - 3000);
        if (vocabulary.words[rank].size() >= 6) {
            add(vocabulary.words[rank]);
        }
    }
    while (terms.size() < from_vocabulary + short_random) {
        add(characters[random.below(characters.size())] +
            characters[random.below(characters.size())]);
    }
    while (terms.size() < count) {
        std::string term;
        std::size_t length = 3 + random.below(4);
        for (std::size_t i = 0; i < length; ++i) {
            term += characters[random.below(characters.size())];
        }
        add(std::move(term));
    }
    std::shuffle(terms.begin(), terms.end(), [&] {
        struct Adapter {
            Random& r;
            using result_type = std::uint64_t;
            static constexpr result_type min() { return 0; }
            static constexpr result_type max() { return ~0ULL; }
            result_type operator()() { return r.next(); }
        };
        return Adapter{random};
    }());
    return terms;
}

void write_file(const fs::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string content(fs::file_size(path), '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return content;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct GrepRun {
    double seconds = 0;
    double cpu_seconds = 0;  // user + system time of grep
    std::size_t lines = 0;   // grep -o prints one match a line
    int status = -1;
};

// grep -F -o -f LEXICON CORPUS under the given locale, its output read through a pipe and
// counted. Not > /dev/null: GNU grep notices that its output is /dev/null and stops at the first
// match (as with -q), which would time nothing. posix_spawn, not fork: fork would mark this
// process's (large) memory copy-on-write, and the scanner's next run would pay for thousands of
// page faults that have nothing to do with it.
GrepRun run_grep(const fs::path& lexicon, const fs::path& corpus, const std::string& locale) {
    int pipe_fds[2] = {-1, -1};
    if (pipe(pipe_fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    std::string lexicon_path = lexicon.string();
    std::string corpus_path = corpus.string();
    std::vector<std::string> arguments{"grep", "-F", "-o", "-f", lexicon_path, corpus_path};
    std::vector<char*> argv;
    for (std::string& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    // The environment with LC_ALL replaced.
    std::vector<std::string> environment{"LC_ALL=" + locale};
    for (char** variable = environ; *variable != nullptr; ++variable) {
        if (std::string_view(*variable).substr(0, 7) != "LC_ALL=") {
            environment.emplace_back(*variable);
        }
    }
    std::vector<char*> envp;
    for (std::string& variable : environment) {
        envp.push_back(variable.data());
    }
    envp.push_back(nullptr);

    auto start = Clock::now();
    pid_t child = -1;
    int spawned = posix_spawnp(&child, "grep", &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        throw std::runtime_error("cannot run grep");
    }
    GrepRun run;
    std::array<char, 1 << 16> buffer;
    ssize_t got;
    while ((got = read(pipe_fds[0], buffer.data(), buffer.size())) > 0) {
        run.lines +=
            static_cast<std::size_t>(std::count(buffer.begin(), buffer.begin() + got, '\n'));
    }
    close(pipe_fds[0]);
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    run.seconds = seconds_since(start);
    run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return run;
}

// CPU time of this thread: on a busy machine the wall time of a run depends on what else
// runs, its CPU time much less.
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

double mb_per_second(std::size_t bytes, double seconds) {
    return static_cast<double>(bytes) / 1e6 / seconds;
}

// The literal matchers alone, on the lexicon's terms only (no rules, no findings): the
// scanner's trie (which also validates UTF-8 and notes where ASCII runs start) against
// Hyperscan's literal API. Both collect every occurrence, overlapping ones included, as
// (term, begin, end), so they do the same work and must find the same number.
struct MatcherTiming {
    double compile_seconds = 0;
    double seconds = 1e300;  // best run
    double cpu_seconds = 1e300;
    std::size_t hits = 0;
};

template <class Scan>
void time_matcher_run(MatcherTiming& timing, Scan&& scan) {
    auto start = Clock::now();
    double cpu_start = thread_cpu_seconds();
    timing.hits = scan();
    timing.cpu_seconds = std::min(timing.cpu_seconds, thread_cpu_seconds() - cpu_start);
    timing.seconds = std::min(timing.seconds, seconds_since(start));
}

#ifdef GONGKAI_BENCH_HYPERSCAN
class HyperscanMatcher {
public:
    explicit HyperscanMatcher(const std::vector<std::string>& terms) {
        std::vector<const char*> expressions;
        std::vector<unsigned> flags(terms.size(), 0);
        std::vector<unsigned> ids;
        for (const std::string& term : terms) {
            expressions.push_back(term.data());
            lengths_.push_back(term.size());
            ids.push_back(static_cast<unsigned>(ids.size()));
        }
        hs_compile_error_t* error = nullptr;
        if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths_.data(),
                                 static_cast<unsigned>(terms.size()), HS_MODE_BLOCK, nullptr,
                                 &database_, &error) != HS_SUCCESS) {
            std::string message = error != nullptr ? error->message : "unknown error";
            hs_free_compile_error(error);
            throw std::runtime_error("hs_compile_lit_multi: " + message);
        }
        if (hs_alloc_scratch(database_, &scratch_) != HS_SUCCESS) {
            throw std::runtime_error("hs_alloc_scratch failed");
        }
    }
    ~HyperscanMatcher() {
        hs_free_scratch(scratch_);
        hs_free_database(database_);
    }
    HyperscanMatcher(const HyperscanMatcher&) = delete;
    HyperscanMatcher& operator=(const HyperscanMatcher&) = delete;

    std::vector<gongkai::scanner::LiteralHit> scan(std::string_view text) const {
        Context context{this, {}};
        hs_scan(database_, text.data(), static_cast<unsigned>(text.size()), 0, scratch_,
                &HyperscanMatcher::on_match, &context);
        return std::move(context.hits);
    }

private:
    struct Context {
        const HyperscanMatcher* matcher;
        std::vector<gongkai::scanner::LiteralHit> hits;
    };

    static int on_match(unsigned id, unsigned long long /*from*/, unsigned long long to,
                        unsigned /*flags*/, void* data) {
        auto* context = static_cast<Context*>(data);
        auto end = static_cast<std::size_t>(to);
        context->hits.push_back({id, end - context->matcher->lengths_[id], end});
        return 0;
    }

    std::vector<std::size_t> lengths_;
    hs_database_t* database_ = nullptr;
    hs_scratch_t* scratch_ = nullptr;
};
#endif

void compare_matchers(const std::vector<std::string>& terms, std::string_view corpus, int runs) {
    std::vector<std::string> literals;
    for (const std::string& term : terms) {
        literals.push_back(gongkai::scanner::utf8::normalised(term));
    }
    MatcherTiming trie;
    auto start = Clock::now();
    gongkai::scanner::LiteralMatcher matcher(literals);
    trie.compile_seconds = seconds_since(start);
#ifdef GONGKAI_BENCH_HYPERSCAN
    MatcherTiming hyperscan;
    start = Clock::now();
    HyperscanMatcher hs_matcher(literals);
    hyperscan.compile_seconds = seconds_since(start);
#endif
    for (int run = 0; run < runs; ++run) {
        time_matcher_run(trie, [&] { return matcher.scan(corpus).hits.size(); });
#ifdef GONGKAI_BENCH_HYPERSCAN
        time_matcher_run(hyperscan, [&] { return hs_matcher.scan(corpus).size(); });
#endif
    }
    auto print = [&](std::string_view name, const MatcherTiming& timing) {
        std::cout << fmt::format(
            "matcher  {:<9} lexicon only, best of {}: {:.3f} s = {:.1f} MB/s (CPU {:.3f} s = "
            "{:.1f} MB/s); compile {:.0f} ms; {} occurrences\n",
            name, runs, timing.seconds, mb_per_second(corpus.size(), timing.seconds),
            timing.cpu_seconds, mb_per_second(corpus.size(), timing.cpu_seconds),
            timing.compile_seconds * 1e3, timing.hits);
    };
    print("trie", trie);
#ifdef GONGKAI_BENCH_HYPERSCAN
    print("hyperscan", hyperscan);
#else
    std::cout << "matcher  hyperscan: not built (libhs not found by pkg-config)\n";
#endif
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Secrecy scanner benchmark: all rules vs grep -F -o -f on a generated corpus"};
    double megabytes = 100;
    std::size_t terms = 10000;
    std::uint64_t seed = 20240630;
    int runs = 3;
    std::string dir_option;
    bool keep = false;
    app.add_option("--mb", megabytes, "Corpus size in MB (10^6 bytes)")
        ->check(CLI::Range(0.01, 4000.0));
    app.add_option("--terms", terms, "Lexicon size")->check(CLI::Range(1, 1000000));
    app.add_option("--seed", seed, "Generator seed");
    app.add_option("--runs", runs, "Timed runs of each; the best counts")->check(CLI::Range(1, 20));
    app.add_option("--dir", dir_option,
                   "Folder for the generated files (default: a new temp folder)");
    app.add_flag("--keep", keep, "Keep the generated files");
    bool compare = true;
    app.add_flag("!--no-matchers", compare,
                 "Skip timing the literal matchers alone (trie vs Hyperscan)");
    CLI11_PARSE(app, argc, argv);

    fs::path dir;
    if (dir_option.empty()) {
        std::string pattern = (fs::temp_directory_path() / "gongkai-scanner-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            std::cerr << "cannot create a temporary folder\n";
            return 2;
        }
        dir = pattern;
    } else {
        dir = dir_option;
        fs::create_directories(dir);
    }
    const fs::path corpus_path = dir / "corpus.txt";
    const fs::path lexicon_dir = dir / "lexicons";
    const fs::path lexicon_path = lexicon_dir / "sensitive.txt";
    fs::create_directories(lexicon_dir);

    // Generate.
    auto generation_start = Clock::now();
    Random random(seed);
    auto characters = split_characters(kCharacters);
    auto vocabulary = make_vocabulary(random, characters);
    auto lexicon_terms = make_lexicon(terms, random, characters, vocabulary);
    std::string lexicon_text;
    for (const std::string& term : lexicon_terms) {
        lexicon_text += term + "\n";
    }
    write_file(lexicon_path, lexicon_text);
    write_file(
        lexicon_dir / "typos.txt",
        "标椎 标准\n标椎化 标准化\n给与 给予\n显着 显著\n条丽 条例\n国务园 国务院\n按装 安装\n");
    {
        std::string corpus =
            make_corpus(static_cast<std::size_t>(megabytes * 1e6), random, vocabulary);
        write_file(corpus_path, corpus);
    }
    std::cout << fmt::format("generated in {:.1f} s into {} (seed {})\n",
                             seconds_since(generation_start), dir.string(), seed);

    // The scanner: load and compile, read the corpus, scan.
    auto read_start = Clock::now();
    std::string corpus = read_file(corpus_path);
    double read_seconds = seconds_since(read_start);
    auto compile_start = Clock::now();
    gongkai::scanner::ScannerSettings settings;
    settings.max_field_bytes = std::max<std::size_t>(settings.max_field_bytes, corpus.size());
    auto scanner =
        gongkai::scanner::Scanner::create(gongkai::scanner::Lexicon::load(lexicon_dir), settings);
    double compile_seconds = seconds_since(compile_start);
    std::size_t code_points = 0;
    for (char c : corpus) {
        code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    std::cout << fmt::format(
        "corpus: {:.1f} MB ({} bytes, {:.1f} M characters); lexicon: {} terms "
        "(+ 7 typo pairs)\n",
        static_cast<double>(corpus.size()) / 1e6, corpus.size(),
        static_cast<double>(code_points) / 1e6, scanner->lexicon_stats().sensitive_terms);

    const std::chrono::year_month_day today{std::chrono::year(2024), std::chrono::month(6),
                                            std::chrono::day(30)};
    // The runs of the scanner and of both greps take turns, so that a change in the machine's
    // load while the benchmark runs affects all three alike; the best run of each counts.
    const std::array<std::string, 2> locales{"C", "C.UTF-8"};
    std::array<double, 2> grep_seconds{1e300, 1e300};
    std::array<double, 2> grep_cpu{1e300, 1e300};
    std::array<std::size_t, 2> grep_lines{0, 0};
    double scan_seconds = 1e300;
    double scan_cpu = 1e300;
    gongkai::scanner::ScanResult result;
    for (int run = 0; run < runs; ++run) {
        result = {};
        auto start = Clock::now();
        double cpu_start = thread_cpu_seconds();
        result = scanner->scan_text(corpus, "body", today);
        scan_cpu = std::min(scan_cpu, thread_cpu_seconds() - cpu_start);
        scan_seconds = std::min(scan_seconds, seconds_since(start));
        for (std::size_t l = 0; l < locales.size(); ++l) {
            GrepRun grep = run_grep(lexicon_path, corpus_path, locales[l]);
            if (grep.status > 1) {
                std::cerr << "grep failed (status " << grep.status << ")\n";
                return 1;
            }
            grep_seconds[l] = std::min(grep_seconds[l], grep.seconds);
            grep_cpu[l] = std::min(grep_cpu[l], grep.cpu_seconds);
            grep_lines[l] = grep.lines;
        }
    }
    auto counts = result.counts();
    std::map<std::string_view, std::size_t> by_rule;
    for (const auto& finding : result.findings) {
        ++by_rule[to_string(finding.rule)];
    }
    std::cout << fmt::format(
        "scanner  all rules, best of {}: {:.3f} s = {:.1f} MB/s (CPU {:.3f} s = {:.1f} MB/s); {} "
        "findings ({} block, {} review, {} info)\n",
        runs, scan_seconds, mb_per_second(corpus.size(), scan_seconds), scan_cpu,
        mb_per_second(corpus.size(), scan_cpu), result.findings.size(), counts.block, counts.review,
        counts.info);
    std::string rules_line = "         by rule:";
    for (const auto& [rule, count] : by_rule) {
        rules_line += fmt::format(" {} {}", rule, count);
    }
    std::cout << rules_line << "\n";
    double end_to_end = read_seconds + compile_seconds + scan_seconds;
    std::cout << fmt::format(
        "scanner  end to end (read {:.3f} s + lexicon load/compile {:.3f} s + scan): "
        "{:.1f} MB/s\n",
        read_seconds, compile_seconds, mb_per_second(corpus.size(), end_to_end));
    double fastest_grep = 1e300;
    double fastest_grep_cpu = 1e300;
    std::string fastest_locale;
    for (std::size_t l = 0; l < locales.size(); ++l) {
        std::cout << fmt::format(
            "grep -F -o -f LEXICON CORPUS | (counted), LC_ALL={}, best of {}: {:.3f} s = "
            "{:.1f} MB/s (CPU {:.3f} s = {:.1f} MB/s); {} matches\n",
            locales[l], runs, grep_seconds[l], mb_per_second(corpus.size(), grep_seconds[l]),
            grep_cpu[l], mb_per_second(corpus.size(), grep_cpu[l]), grep_lines[l]);
        if (grep_seconds[l] < fastest_grep) {
            fastest_grep = grep_seconds[l];
            fastest_locale = locales[l];
        }
        fastest_grep_cpu = std::min(fastest_grep_cpu, grep_cpu[l]);
    }
    if (compare) {
        compare_matchers(lexicon_terms, corpus, runs);
    }
    std::cout << fmt::format("grep matches: {} lines; scanner sensitive_term findings: {}\n",
                             grep_lines[0], by_rule["sensitive_term"]);
    std::cout << fmt::format(
        "ratio scanner / grep (speed; above 1: the scanner is faster; against the faster grep): "
        "{:.2f}x wall ({}), {:.2f}x CPU, {:.2f}x wall end to end\n",
        fastest_grep / scan_seconds, fastest_locale, fastest_grep_cpu / scan_cpu,
        fastest_grep / end_to_end);

    if (!keep && dir_option.empty()) {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    return 0;
}

// gongkai report validate|render|import: see the annual-report issue (#4); being built.
#include "commands.hpp"

namespace gongkai::cli {

void add_report_commands(CLI::App&, Context&) {}

}  // namespace gongkai::cli

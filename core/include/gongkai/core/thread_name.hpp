#pragma once

#include <string_view>

namespace gongkai {

// Names the calling thread for `top -H`, `ps -L`, perf and gdb (Linux keeps the first 15
// bytes). The server's threads do different work (I/O, the database writer, the Redis
// relay and consumer), and an operator looking at a busy process should see which one.
void name_this_thread(std::string_view name);

}  // namespace gongkai

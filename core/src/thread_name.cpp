#include "gongkai/core/thread_name.hpp"

#include <pthread.h>
#include <string>

namespace gongkai {

void name_this_thread(std::string_view name) {
    constexpr std::size_t kMaxBytes = 15;  // the kernel's limit, without the terminating NUL
    std::string truncated(name.substr(0, kMaxBytes));
    pthread_setname_np(pthread_self(), truncated.c_str());
}

}  // namespace gongkai

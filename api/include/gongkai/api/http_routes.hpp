#pragma once

#include "gongkai/api/net.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::api {

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Plain HTTP on the WebSocket's port: health, and later the public pages and metrics.
// A route answers a GET for paths starting with its prefix.
class HttpRoutes {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    void add(std::string prefix, Handler handler);
    HttpResponse handle(const HttpRequest& request) const;

    static HttpResponse text(const HttpRequest& request, http::status status,
                             std::string_view content_type, std::string body);

private:
    std::vector<std::pair<std::string, Handler>> routes_;
};

}  // namespace gongkai::api

#pragma once

#include "gongkai/api/net.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::api {

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Plain HTTP on the WebSocket's port: health, metrics, the public pages and the front-end.
// A route answers a GET for paths starting with its prefix (ending in '/'), or for exactly
// its path; the longest match wins. The fallback answers what no route matches, so the
// front-end's files can never shadow a route (a route "/" would match everything).
class HttpRoutes {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    void add(std::string prefix, Handler handler);
    // Without a fallback, what no route matches is 404.
    void set_fallback(Handler handler);
    HttpResponse handle(const HttpRequest& request) const;

    static HttpResponse text(const HttpRequest& request, http::status status,
                             std::string_view content_type, std::string body);

private:
    const Handler* match(std::string_view target) const;

    std::vector<std::pair<std::string, Handler>> routes_;
    Handler fallback_;
};

}  // namespace gongkai::api

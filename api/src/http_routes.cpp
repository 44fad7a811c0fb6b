#include "gongkai/api/http_routes.hpp"

namespace gongkai::api {

void HttpRoutes::add(std::string prefix, Handler handler) {
    routes_.emplace_back(std::move(prefix), std::move(handler));
}

void HttpRoutes::set_fallback(Handler handler) {
    fallback_ = std::move(handler);
}

HttpResponse HttpRoutes::text(const HttpRequest& request, http::status status,
                              std::string_view content_type, std::string body) {
    HttpResponse response{status, request.version()};
    response.set(http::field::server, "gongkai");
    response.set(http::field::content_type, content_type);
    response.set("X-Content-Type-Options", "nosniff");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

const HttpRoutes::Handler* HttpRoutes::match(std::string_view target) const {
    // The longest matching prefix wins.
    const std::pair<std::string, Handler>* best = nullptr;
    for (const auto& route : routes_) {
        bool matches = route.first.ends_with('/') ? target.starts_with(route.first)
                                                  : target == route.first;
        if (matches && (best == nullptr || route.first.size() > best->first.size())) {
            best = &route;
        }
    }
    if (best != nullptr) return &best->second;
    return fallback_ ? &fallback_ : nullptr;
}

HttpResponse HttpRoutes::handle(const HttpRequest& request) const {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto response = text(request, http::status::method_not_allowed,
                             "text/plain; charset=utf-8", "method not allowed\n");
        response.set(http::field::allow, "GET, HEAD");
        return response;
    }
    std::string_view target = request.target();
    const Handler* handler = match(target.substr(0, target.find('?')));
    if (handler == nullptr) {
        return text(request, http::status::not_found, "text/plain; charset=utf-8",
                    "not found\n");
    }
    auto response = (*handler)(request);
    if (request.method() == http::verb::head) {
        auto length = response.body().size();
        response.body().clear();
        response.content_length(length);
    }
    return response;
}

}  // namespace gongkai::api

#include "public_pages.hpp"

#include <gongkai/annual/annual_reports.hpp>
#include <gongkai/core/clock.hpp>
#include <gongkai/core/html.hpp>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <charconv>

namespace gongkai::api {

namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";

std::string org_name(workflow::OrgDirectory& orgs, const std::string& id) {
    auto tree = orgs.tree();
    auto org = tree->find(id);
    return org ? org->name : id;
}

// A plain page for what is not in a national format (notices), and for the lists.
std::string simple_page(std::string_view title, std::string_view body_html) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>{0}</title><style>body{{font-family:\"SimSun\",\"Songti SC\",serif;"
        "max-width:48em;margin:2em auto;padding:0 1em;line-height:1.8}}"
        "h1{{font-size:1.4em;text-align:center}}.notice{{border:1px solid #a00;color:#a00;"
        "padding:1em}}li{{margin:.3em 0}}</style></head><body><h1>{0}</h1>\n{1}\n</body></html>\n",
        html_escape(title), body_html);
}

// Dates on public pages are Beijing dates (the stored timestamps are UTC).
std::string date_of(const std::string& iso_timestamp) {
    return beijing_date_text(iso_timestamp);
}

std::string retraction_text(const storage::DecisionRecord* retraction) {
    if (retraction == nullptr) return "本报告已撤回。";
    return fmt::format("本报告已于 {} 撤回。撤回原因：{}", date_of(retraction->created_at),
                       retraction->comment.value_or("未说明"));
}

std::string notice_page(const workflow::PublicReport& found) {
    if (found.report.state == "retracted") {
        return simple_page(
            found.report.title,
            "<p class=\"notice\">" +
                html_escape(retraction_text(found.retraction ? &*found.retraction : nullptr)) +
                "</p>");
    }
    std::string body;
    if (found.revision) {
        auto content = boost::json::parse(found.revision->content).as_object();
        if (auto text = content.if_contains("body"); text && text->is_string()) {
            for (std::string_view rest = text->get_string(); !rest.empty();) {
                auto end = rest.find('\n');
                auto line = rest.substr(0, end);
                if (!line.empty()) body += "<p>" + html_escape(line) + "</p>\n";
                rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
            }
        }
    }
    return simple_page(found.report.title, body);
}

std::string annual_page(const annual::AnnualReports& annual, const workflow::PublicReport& found,
                        const std::string& org) {
    annual::RenderOptions options{.org_name = org};
    if (found.report.state == "retracted") {
        options.banner = annual::StatusBanner{
            .text = retraction_text(found.retraction ? &*found.retraction : nullptr),
            .watermark = "已撤回",
            .replaces_content = true};
    }
    auto content = boost::json::parse(found.revision->content).as_object();
    return annual.render(content, annual::RenderFormat::html, options);
}

// 更正: what a published annual report says about its correction, at the top of its page.
// The corrected report stays published (its readers and links keep working) and points to
// the correction, which points back.
std::string correction_note(const storage::ReportRecord& report) {
    constexpr std::string_view style =
        "max-width:42em;margin:1em auto;padding:10px 14px;border:2px solid #8d6e00;"
        "background:#fffbe6;color:#5d4300;font-size:1.05em";
    if (report.state == "published" && report.corrected_by) {
        return fmt::format(
            "<div class=\"correction\" role=\"note\" style=\"{}\">"
            "本报告已更正，以更正后的版本为准。"
            "<a href=\"/public/reports/{}\">查看更正后的版本</a></div>\n",
            style, *report.corrected_by);
    }
    if (report.corrects) {
        return fmt::format(
            "<div class=\"correction\" role=\"note\" style=\"{}\">"
            "本报告是对此前发布的报告的更正。"
            "<a href=\"/public/reports/{}\">查看原报告</a></div>\n",
            style, *report.corrects);
    }
    return {};
}

// Puts `note` first in the body of a rendered page.
std::string with_note(std::string page, const std::string& note) {
    if (note.empty()) return page;
    auto body = page.find("<body");
    auto at = body == std::string::npos ? std::string::npos : page.find('>', body);
    if (at == std::string::npos) return page;
    page.insert(at + 1, "\n" + note);
    return page;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

HttpResponse not_found(const HttpRequest& request) {
    return HttpRoutes::text(request, http::status::not_found, kHtml,
                            simple_page("未找到", "<p>没有这份已公开的报告。</p>"));
}

}  // namespace

void add_public_pages(HttpRoutes& routes, workflow::ReportService& reports,
                      workflow::OrgDirectory& orgs, storage::Database& database,
                      ReplyCache& pages) {
    routes.add("/public/reports/", [&](const HttpRequest& request) {
        std::string_view target = request.target();
        target =
            target.substr(0, target.find('?')).substr(std::string_view("/public/reports/").size());
        auto id = parse_id(target);
        if (!id) return not_found(request);
        auto page = answer_through(
            pages, database, fmt::format("public|report|{}", *id),
            [&]() -> std::optional<std::string> {
                auto found = reports.public_report(*id);
                if (!found || !found->revision) return std::nullopt;
                const auto* annual = reports.content_rules().annual();
                return with_note(
                    found->report.kind == "annual_report" && annual != nullptr
                        ? annual_page(*annual, *found, org_name(orgs, found->report.org))
                        : notice_page(*found),
                    correction_note(found->report));
            });
        if (!page) return not_found(request);
        auto response = HttpRoutes::text(request, http::status::ok, kHtml, *page);
        // The page is self-contained: nothing external may load into it.
        response.set("Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        return response;
    });

    routes.add("/public/orgs/", [&](const HttpRequest& request) {
        std::string_view target = request.target();
        target =
            target.substr(0, target.find('?')).substr(std::string_view("/public/orgs/").size());
        auto slash = target.find('/');
        if (slash == std::string_view::npos || target.substr(slash) != "/reports") {
            return not_found(request);
        }
        std::string org(target.substr(0, slash));
        auto page = answer_through(
            pages, database, fmt::format("public|org|{}:{}", org.size(), org),
            [&]() -> std::optional<std::string> {
                if (!orgs.tree()->find(org)) return std::nullopt;
                std::string items;
                for (const auto& report : reports.public_reports(org)) {
                    items += fmt::format("<li><a href=\"/public/reports/{}\">{}</a> {}{}</li>\n",
                                         report.id, html_escape(report.title),
                                         date_of(report.updated_at),
                                         report.state == "retracted" ? "（已撤回）"
                                         : report.corrected_by       ? "（已更正）"
                                         : report.corrects           ? "（更正）"
                                                                     : "");
                }
                std::string body =
                    items.empty() ? "<p>尚无公开的报告。</p>" : "<ul>\n" + items + "</ul>";
                return simple_page(org_name(orgs, org) + " 公开的报告", body);
            });
        if (!page) return not_found(request);
        return HttpRoutes::text(request, http::status::ok, kHtml, *page);
    });
}

}  // namespace gongkai::api

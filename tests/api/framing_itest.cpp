// What the server puts on the wire, read byte by byte from a plain socket: each reply and
// each pushed event is one complete WebSocket frame, however large (a message cut into
// fragments costs a write per fragment, and the client has to put it back together).
#include <gongkai/testing/test_server.hpp>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

namespace gongkai::testing {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Frame {
    bool fin = false;
    int opcode = 0;
    std::string payload;
};

// A client that speaks RFC 6455 by hand, so that frame boundaries stay visible.
class RawWebSocket {
public:
    RawWebSocket(const std::string& host, std::uint16_t port) : socket_(io_) {
        socket_.connect({net::ip::make_address(host), port});
        const std::string upgrade = "GET /ws HTTP/1.1\r\nHost: " + host + ":" +
                                    std::to_string(port) +
                                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\n\r\n";
        net::write(socket_, net::buffer(upgrade));
        net::read_until(socket_, net::dynamic_buffer(pending_), "\r\n\r\n");
        const auto end = pending_.find("\r\n\r\n");
        EXPECT_EQ(pending_.rfind("HTTP/1.1 101", 0), 0u) << pending_.substr(0, end);
        pending_.erase(0, end + 4);
    }

    // A masked text frame, as a client must send.
    void send_text(const std::string& text) {
        std::string frame{'\x81'};
        if (text.size() < 126) {
            frame += static_cast<char>(0x80 | text.size());
        } else {
            frame += static_cast<char>(0x80 | 126);
            frame += static_cast<char>((text.size() >> 8) & 0xff);
            frame += static_cast<char>(text.size() & 0xff);
        }
        const std::array<char, 4> mask{'\x12', '\x34', '\x56', '\x78'};
        frame.append(mask.begin(), mask.end());
        for (std::size_t i = 0; i < text.size(); ++i) {
            frame += static_cast<char>(text[i] ^ mask[i % 4]);
        }
        net::write(socket_, net::buffer(frame));
    }

    Frame read_frame() {
        auto header = take(2);
        Frame frame;
        frame.fin = (header[0] & 0x80) != 0;
        frame.opcode = header[0] & 0x0f;
        EXPECT_EQ(header[1] & 0x80, 0) << "a server's frames are not masked";
        std::uint64_t length = header[1] & 0x7f;
        if (length == 126 || length == 127) {
            auto extended = take(length == 126 ? 2 : 8);
            length = 0;
            for (unsigned char byte : extended)
                length = (length << 8) | byte;
        }
        frame.payload = take(length);
        return frame;
    }

    // The next frame that is not a pushed event.
    Frame read_reply_frame() {
        for (;;) {
            auto frame = read_frame();
            if (frame.opcode != 0x1 || !frame.fin ||
                !boost::json::parse(frame.payload).as_object().contains("event")) {
                return frame;
            }
        }
    }

private:
    std::string take(std::size_t bytes) {
        if (pending_.size() < bytes) {
            net::read(socket_, net::dynamic_buffer(pending_),
                      net::transfer_at_least(bytes - pending_.size()));
        }
        auto out = pending_.substr(0, bytes);
        pending_.erase(0, bytes);
        return out;
    }

    net::io_context io_;
    tcp::socket socket_;
    std::string pending_;
};

TEST(Framing, AReplyLargerThanBeastsWriteBufferIsOneFrame) {
    SystemClock clock;
    TestServer server(clock);
    RawWebSocket client(server.host(), server.port());
    client.send_text(boost::json::serialize(boost::json::object{
        {"id", 1}, {"op", "auth.login"}, {"username", "drafter"}, {"password", kDemoPassword}}));
    ASSERT_TRUE(boost::json::parse(client.read_reply_frame().payload).at("ok").as_bool());

    // About 9 KB of body, returned in the reply: more than twice the 4 KiB at which Beast
    // cuts messages into fragments by default.
    std::string body;
    for (int i = 0; i < 3000; ++i)
        body += "公";
    client.send_text(boost::json::serialize(boost::json::object{{"id", 2},
                                                                {"op", "report.create"},
                                                                {"org", "shuita"},
                                                                {"kind", "notice"},
                                                                {"title", "关于帧的测试"},
                                                                {"content", {{"body", body}}}}));
    auto frame = client.read_reply_frame();
    EXPECT_TRUE(frame.fin) << "the reply was fragmented";
    EXPECT_EQ(frame.opcode, 0x1);
    EXPECT_GT(frame.payload.size(), 9000u);
    auto reply = boost::json::parse(frame.payload).as_object();
    EXPECT_EQ(reply.at("id"), 2);
    EXPECT_EQ(reply.at("result").at("report").at("content").at("body").as_string(), body);
}

}  // namespace
}  // namespace gongkai::testing

#include "net/udp/udp_listener.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace waggle::net::udp {
namespace {

namespace asio = boost::asio;

TEST(UdpListenerTest, DeliversDatagramsInOrderAndStops) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> got;
  UdpListener listener({}, [&](std::string_view d) {
    std::lock_guard lock(mu);
    got.emplace_back(d);
    cv.notify_all();
  });
  ASSERT_TRUE(listener.Start().ok());
  ASSERT_NE(listener.port(), 0);
  EXPECT_FALSE(listener.Start().ok());

  asio::io_context io;
  asio::ip::udp::socket sender(io, asio::ip::udp::v4());
  asio::ip::udp::endpoint to(asio::ip::make_address("127.0.0.1"), listener.port());
  std::string big(60000, 'x');
  sender.send_to(asio::buffer(std::string("one")), to);
  sender.send_to(asio::buffer(std::string()), to);
  sender.send_to(asio::buffer(big), to);
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return got.size() == 3; }));
  }
  EXPECT_EQ(got[0], "one");
  EXPECT_EQ(got[1], "");
  EXPECT_EQ(got[2], big);
  EXPECT_EQ(listener.received(), 3u);
  listener.Stop();
  listener.Stop();
}

TEST(UdpListenerTest, BadAddressAndPortInUse) {
  UdpListener bad({.address = "not-an-ip"}, [](std::string_view) {});
  EXPECT_TRUE(absl::IsInvalidArgument(bad.Start()));
  UdpListener first({}, [](std::string_view) {});
  ASSERT_TRUE(first.Start().ok());
  UdpListener second({.port = first.port()}, [](std::string_view) {});
  EXPECT_TRUE(absl::IsUnavailable(second.Start()));
}

}  // namespace
}  // namespace waggle::net::udp

// Realistic Rollbar payloads shaped like rollbar.js 3.x and pyrollbar 1.x
// send them (specs/rollbar.md §1.3, §4), for the unit tests of this folder.
#pragma once

#include <string>
#include <string_view>

namespace waggle::ingest::rollbar::testing {

// A rollbar.js (Node) error: trace_chain with one trace, thrown at `line`.
inline std::string NodeErrorData(std::string_view message, int line,
                                 std::string_view method = "handler") {
  return std::string(R"({"environment":"production","level":"error","timestamp":1700000000,)") +
         R"("language":"javascript","framework":"node-js","uuid":"d4c7f3a1-0b2e-4c55-9a1e-1f2e3d4c5b6a",)" +
         R"("notifier":{"name":"node_rollbar","version":"3.1.0"},)" +
         R"("server":{"host":"web-1","argv":["node","app.js"],"pid":4242},)" +
         R"("request":{"url":"http://shop.test/cart?id=7&password=hunter2","method":"POST",)" +
         R"("headers":{"Authorization":"Bearer abc","Cookie":"sid=1","traceparent":)" +
         R"("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},"user_ip":"10.0.0.9"},)" +
         R"("person":{"id":"42","username":"ada"},"custom":{"password":"s3cret","order":17},)" +
         R"("body":{"trace_chain":[{"frames":[{"filename":"/srv/app/node_modules/express/router.js",)" +
         R"("lineno":10,"colno":3,"method":"next"},{"filename":"/srv/app/cart.js","lineno":)" +
         std::to_string(line) + R"(,"colno":11,"method":")" + std::string(method) +
         R"("}],"exception":{"class":"TypeError","message":")" + std::string(message) + R"("}}]}})";
}

// A pyrollbar report_message payload.
inline std::string PyMessageData(std::string_view text, std::string_view level = "warning") {
  return std::string(R"({"environment":"production","level":")") + std::string(level) +
         R"(","language":"python 3.11.2","notifier":{"name":"pyrollbar","version":"1.0.0"},)" +
         R"("framework":"flask","context":"/rollbar/test","body":{"message":{"body":")" +
         std::string(text) + R"("}}})";
}

}  // namespace waggle::ingest::rollbar::testing

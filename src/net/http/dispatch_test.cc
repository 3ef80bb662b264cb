#include "net/http/dispatch.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace waggle::net::http {
namespace {

std::string ZlibCompress(const std::string& data) {
  uLongf size = compressBound(data.size());
  std::string out(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                      reinterpret_cast<const Bytef*>(data.data()), data.size(), 6),
            Z_OK);
  out.resize(size);
  return out;
}

// Signatures such as AWS SigV4 cover the bytes as sent, so a handler sees
// both the decoded body and, when an encoding was undone, the original.
TEST(DispatchTest, KeepsTheEncodedBodyBesideTheDecodedOne) {
  Router router;
  std::string seen_body, seen_encoded;
  router.Add("POST", "/in", [&](const Request& r) {
    seen_body = r.body;
    seen_encoded = r.encoded_body;
    return Response{};
  });
  CorsPolicy cors({}, {});
  const std::string plain = R"({"logGroupName":"g"})";
  const std::string compressed = ZlibCompress(plain);

  Request encoded;
  encoded.method = "POST";
  encoded.path = "/in";
  encoded.headers = {{"content-encoding", "deflate"}};
  encoded.body = compressed;
  EXPECT_EQ(Dispatch(router, cors, 1 << 20, &encoded).status, 200);
  EXPECT_EQ(seen_body, plain);
  EXPECT_EQ(seen_encoded, compressed);

  Request identity;
  identity.method = "POST";
  identity.path = "/in";
  identity.body = plain;
  EXPECT_EQ(Dispatch(router, cors, 1 << 20, &identity).status, 200);
  EXPECT_EQ(seen_body, plain);
  EXPECT_EQ(seen_encoded, "");
}

}  // namespace
}  // namespace waggle::net::http

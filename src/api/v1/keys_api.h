// File: api/v1/keys_api.h
//
// API keys over HTTP (docs/api.md, "Keys"), the same operations as
// `waggle keys`: list, create (the key and its AWS credentials are in the
// answer, and never again), revoke. Every route needs the admin scope —
// with no keys yet, any caller on the (loopback) listener may create the
// first one, exactly as whoever can run `waggle keys create` on the data
// directory could. Thread-safe.
#pragma once

#include <string>

#include "api/common/principal.h"
#include "auth/key_store.h"
#include "net/http/router.h"

namespace waggle::api::v1 {

class KeysApi {
 public:
  // `keys` and `principals` must outlive this object; `aws_master` derives
  // each key's AWS secret access key.
  KeysApi(auth::KeyStore& keys, const PrincipalResolver& principals, std::string aws_master)
      : keys_(keys), principals_(principals), aws_master_(std::move(aws_master)) {}
  // GET/POST /api/v1/keys, DELETE /api/v1/keys/{id}.
  void AddRoutes(net::http::Router& router);

 private:
  net::http::Response List(const net::http::Request& req) const;
  net::http::Response Create(const net::http::Request& req) const;
  net::http::Response Revoke(const net::http::Request& req) const;

  auth::KeyStore& keys_;
  const PrincipalResolver& principals_;
  std::string aws_master_;
};

}  // namespace waggle::api::v1

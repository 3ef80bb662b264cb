// The read side of Waggle's own API (docs/api.md): traces by id, recent
// traces, logs, datasets, columns and "who am I". Every route needs a key
// with the read scope when keys are on. Thread-safe.
#pragma once

#include "api/common/principal.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api::v1 {

class ReadApi {
 public:
  ReadApi(const store::Store& store, const PrincipalResolver& principals)
      : store_(store), principals_(principals) {}
  // Adds the GET /api/v1/... routes.
  void AddRoutes(net::http::Router& router);

 private:
  net::http::Response GetTrace(const net::http::Request& req) const;
  net::http::Response ListTraces(const net::http::Request& req) const;
  net::http::Response ListLogs(const net::http::Request& req) const;
  net::http::Response ListDatasets(const net::http::Request& req) const;
  net::http::Response ListColumns(const net::http::Request& req) const;
  net::http::Response WhoAmI(const net::http::Request& req) const;
  absl::StatusOr<Principal> Reader(const net::http::Request& req) const;

  const store::Store& store_;
  const PrincipalResolver& principals_;
};

}  // namespace waggle::api::v1

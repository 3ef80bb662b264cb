// The query API (docs/query.md): Waggle's synchronous POST /api/v1/query and
// Honeycomb's query paths — POST /1/queries/{dataset} (store a spec),
// POST /1/query_results/{dataset} (run it), GET
// /1/query_results/{dataset}/{id} (fetch the complete result) — over one
// dataset or `__all__` of the key's environment. Every route needs a key
// with the read scope when keys are on. Created queries and results live in
// memory, bounded (least recently used dropped first). Thread-safe.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "api/common/principal.h"
#include "core/thread_pool.h"
#include "net/http/router.h"
#include "query/exec/executor.h"
#include "query/spec/spec.h"
#include "store/catalog/store.h"

namespace waggle::api::v1 {

class QueryApi {
 public:
  // Scans parts on `scan_threads` threads of its own.
  QueryApi(const store::Store& store, const PrincipalResolver& principals, int scan_threads);
  // Adds the query routes.
  void AddRoutes(net::http::Router& router);

 private:
  struct Entry {
    std::string environment;
    std::string dataset;
    std::string body;  // the stored spec JSON or the rendered result
  };
  // A bounded id -> Entry map, least recently used evicted first.
  class Lru {
   public:
    explicit Lru(size_t capacity) : capacity_(capacity) {}
    void Put(const std::string& id, Entry e);
    std::optional<Entry> Get(const std::string& id);

   private:
    size_t capacity_;
    std::list<std::pair<std::string, Entry>> items_;
    std::unordered_map<std::string, std::list<std::pair<std::string, Entry>>::iterator> index_;
  };

  net::http::Response PostQuery(const net::http::Request& req);
  net::http::Response CreateQuery(const net::http::Request& req);
  net::http::Response CreateResult(const net::http::Request& req);
  net::http::Response GetResult(const net::http::Request& req);
  absl::StatusOr<query::exec::QueryResult> Run(const std::string& environment,
                                               const std::string& dataset, std::string_view signal,
                                               const query::QuerySpec& spec);
  std::string NewId();

  const store::Store& store_;
  const PrincipalResolver& principals_;
  core::ThreadPool pool_;
  std::mutex mu_;
  Lru queries_ ABSL_GUARDED_BY(mu_);
  Lru results_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace waggle::api::v1

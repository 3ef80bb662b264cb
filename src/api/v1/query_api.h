// The query API (docs/query.md): Waggle's synchronous POST /api/v1/query and
// POST /api/v1/bubbleup (BubbleUp over a query's events), and Honeycomb's
// query paths — POST /1/queries/{dataset} (store a spec),
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
#include "meta/meta_store.h"
#include "net/http/router.h"
#include "query/exec/executor.h"
#include "query/spec/spec.h"
#include "store/catalog/store.h"

namespace waggle::api::v1 {

class QueryApi {
 public:
  // Scans parts on `scan_threads` threads of its own. With `history`, runs
  // of POST /api/v1/query?history=true are appended to the query history.
  QueryApi(const store::Store& store, const PrincipalResolver& principals, int scan_threads,
           meta::MetaStore* history = nullptr);
  // Adds the query routes.
  void AddRoutes(net::http::Router& router);

 private:
  struct Entry {
    std::string environment;
    std::string dataset;
    std::string body;  // the stored spec JSON or the rendered result
  };
  // An id -> Entry map bounded by entries and by body bytes, least
  // recently used evicted first (an entry larger than the byte bound is
  // not kept).
  class Lru {
   public:
    Lru(size_t capacity, size_t max_bytes) : capacity_(capacity), max_bytes_(max_bytes) {}
    void Put(const std::string& id, Entry e);
    std::optional<Entry> Get(const std::string& id);

   private:
    size_t capacity_;
    size_t max_bytes_;
    size_t bytes_ = 0;
    std::list<std::pair<std::string, Entry>> items_;
    std::unordered_map<std::string, std::list<std::pair<std::string, Entry>>::iterator> index_;
  };

  net::http::Response PostQuery(const net::http::Request& req);
  net::http::Response CreateQuery(const net::http::Request& req);
  net::http::Response CreateResult(const net::http::Request& req);
  net::http::Response GetResult(const net::http::Request& req);
  net::http::Response PostBubbleUp(const net::http::Request& req);
  // Runs `spec` over the dataset's tables (one signal when not empty);
  // `series` false skips computing the series.
  absl::StatusOr<query::exec::QueryResult> Run(const std::string& environment,
                                               const std::string& dataset, std::string_view signal,
                                               bool series, const query::QuerySpec& spec);
  std::string NewId();
  // Appends a run to the query history.
  absl::Status Remember(const std::string& environment, const std::string& dataset,
                        const query::QuerySpec& spec, const query::exec::QueryResult& r);

  const store::Store& store_;
  const PrincipalResolver& principals_;
  meta::MetaStore* history_;
  core::ThreadPool pool_;
  std::mutex mu_;
  Lru queries_ ABSL_GUARDED_BY(mu_);
  Lru results_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace waggle::api::v1

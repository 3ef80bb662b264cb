// POST /api/1/item/ (and /api/1/): one Rollbar occurrence per request,
// answered per specs/rollbar.md §1.4. The flow: parse the envelope (400),
// authenticate (401/403), rate-limit (429), validate the item (422), scrub,
// group; then, in one control-plane transaction, assign the item and
// occurrence ids and append the WAL record carrying them (503 when the
// store is behind; the transaction rolls back), and only then reply
// {"err":0,"result":{"id":null,"uuid":...}}. A uuid seen before is
// answered the same way without storing anything. Every reply carries the
// X-Rate-Limit-* headers. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "api/common/principal.h"
#include "api/common/span_error_sink.h"
#include "core/clock.h"
#include "ingest/rollbar/scrub.h"
#include "meta/meta_store.h"
#include "net/http/request.h"
#include "store/catalog/store.h"

namespace waggle::api::rollbar {

// A fixed one-minute window of accepted calls per access token.
class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    int64_t limit = 0;
    int64_t remaining = 0;
    int64_t reset_unix_s = 0;  // when the window ends
  };
  explicit RateLimiter(int64_t per_minute) : per_minute_(per_minute) {}
  // Counts one call by `token` at `now_ns` (if allowed) and says whether it is.
  Decision Take(const std::string& token, int64_t now_ns);

 private:
  struct Window {
    int64_t start_s = 0;
    int64_t used = 0;
  };
  const int64_t per_minute_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_ ABSL_GUARDED_BY(mu_);
};

class ItemIngest : public SpanErrorSink {
 public:
  // All references must outlive this object.
  ItemIngest(store::Store& store, meta::MetaStore& meta, const PrincipalResolver& principals,
             const core::Clock& clock, const ingest::rollbar::ScrubFields& scrub,
             int64_t rate_limit_per_minute)
      : store_(store),
        meta_(meta),
        principals_(principals),
        clock_(clock),
        scrub_(scrub),
        limiter_(rate_limit_per_minute) {}

  // Handles one item POST.
  net::http::Response Post(const net::http::Request& request);
  // Stores the exception events of `batch` as occurrences of `environment`
  // (ingest/rollbar/span_errors.h); failures are logged, not returned.
  void OnSpansStored(std::string_view environment, std::string_view source,
                     const model::EventBatch& batch) override;

 private:
  // Assigns and stores one valid occurrence; returns its uuid.
  absl::StatusOr<std::string> Store(const std::string& tenant, const std::string& data_json);

  store::Store& store_;
  meta::MetaStore& meta_;
  const PrincipalResolver& principals_;
  const core::Clock& clock_;
  const ingest::rollbar::ScrubFields& scrub_;
  RateLimiter limiter_;
};

}  // namespace waggle::api::rollbar

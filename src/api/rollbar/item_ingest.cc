#include "api/rollbar/item_ingest.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include "api/rollbar/access.h"
#include "api/rollbar/envelope.h"
#include "core/hash.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "ingest/record_types.h"
#include "ingest/rollbar/grouping.h"
#include "ingest/rollbar/record.h"
#include "ingest/rollbar/request.h"
#include "ingest/rollbar/span_errors.h"
#include "meta/error_items_table.h"

namespace waggle::api::rollbar {
namespace {

using net::http::Request;
using net::http::Response;
namespace rb = ingest::rollbar;

constexpr size_t kMaxUuidLength = 36;
constexpr size_t kMaxTrackedTokens = 10000;

std::string NewUuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) {
    // Fall back on the clock-seeded libc generator; uniqueness matters, not secrecy.
    for (unsigned char& c : b) c = static_cast<unsigned char>(std::rand());
  }
  b[6] = (b[6] & 0x0F) | 0x40;  // version 4
  b[8] = (b[8] & 0x3F) | 0x80;  // RFC 4122 variant
  std::string hex =
      model::IdToHex(std::array<uint8_t, 16>{b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
                                             b[9], b[10], b[11], b[12], b[13], b[14], b[15]});
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20));
}

void AddRateHeaders(const RateLimiter::Decision& d, int64_t now_ns, Response* r) {
  r->headers.emplace_back("X-Rate-Limit-Limit", std::to_string(d.limit));
  r->headers.emplace_back("X-Rate-Limit-Remaining", std::to_string(d.remaining));
  r->headers.emplace_back("X-Rate-Limit-Reset", std::to_string(d.reset_unix_s));
  int64_t left = std::max<int64_t>(0, d.reset_unix_s - now_ns / 1'000'000'000);
  r->headers.emplace_back("X-Rate-Limit-Remaining-Seconds", std::to_string(left));
}

meta::NewOccurrence Describe(const std::string& tenant, const rb::Occurrence& occ, std::string uuid,
                             int64_t now_ns) {
  meta::NewOccurrence n;
  n.tenant = tenant;
  n.environment = occ.environment;
  n.fingerprint = rb::Fingerprint(occ);
  n.title = rb::ItemTitle(occ);
  n.level = rb::LevelRank(rb::EffectiveLevel(occ));
  n.uuid = std::move(uuid);
  n.person = !occ.person_id.empty() ? occ.person_id : occ.user_ip;
  n.code_version = occ.code_version;
  n.platform = occ.platform;
  n.language = occ.language;
  n.framework = occ.framework;
  n.timestamp_ns = now_ns;
  return n;
}

}  // namespace

RateLimiter::Decision RateLimiter::Take(const std::string& token, int64_t now_ns) {
  int64_t now_s = now_ns / 1'000'000'000;
  int64_t start = now_s - now_s % 60;
  std::lock_guard<std::mutex> lock(mu_);
  if (windows_.size() >= kMaxTrackedTokens && !windows_.contains(token)) windows_.clear();
  Window& w = windows_[token];
  if (w.start_s != start) w = Window{start, 0};
  Decision d;
  d.limit = per_minute_;
  d.reset_unix_s = start + 60;
  d.allowed = w.used < per_minute_;
  if (d.allowed) ++w.used;
  d.remaining = per_minute_ - w.used;
  return d;
}

Response ItemIngest::Post(const Request& req) {
  absl::StatusOr<rb::ItemEnvelope> envelope = rb::ParseItemEnvelope(req.body, scrub_);
  if (!envelope.ok()) return Error(envelope.status());
  std::string token = TokenOf(req, envelope->access_token);
  absl::StatusOr<Principal> who = Authorize(principals_, token, auth::Scope::kIngest);
  if (!who.ok()) return Error(who.status());
  int64_t now_ns = clock_.NowNanos();
  // With keys off any token is accepted, so the limiter keys on a digest:
  // a client's tokens can be of any length, its memory must not be.
  std::string limit_key =
      who->key_id.empty() ? fmt::format("t:{:016x}", core::Hash64(token)) : who->key_id;
  RateLimiter::Decision rate = limiter_.Take(limit_key, now_ns);
  Response r;
  if (!rate.allowed) {
    r = Error(429, "rate limit exceeded");
  } else if (absl::StatusOr<std::string> uuid = Store(who->environment, envelope->data_json);
             !uuid.ok()) {
    r = Error(uuid.status());
  } else {
    core::JsonWriter w;
    w.BeginObject().Key("id").Null().Key("uuid").String(*uuid).EndObject();
    r = Ok(w.str());
  }
  AddRateHeaders(rate, now_ns, &r);
  return r;
}

void ItemIngest::OnSpansStored(std::string_view environment, std::string_view source,
                               const model::EventBatch& batch) {
  if (!rb::HasSpanErrors(batch)) return;
  const std::string tenant(environment);
  for (const std::string& data : rb::SpanErrorOccurrences(batch, environment, source)) {
    absl::StatusOr<std::string> stored = Store(tenant, data);
    if (!stored.ok()) {
      core::LogWarn("an error from a {} span was not recorded: {}", source,
                    stored.status().message());
    }
  }
}

absl::StatusOr<std::string> ItemIngest::Store(const std::string& tenant,
                                              const std::string& data_json) {
  ASSIGN_OR_RETURN(rb::Occurrence occ, rb::ParseOccurrenceJson(data_json));
  std::string uuid = occ.uuid;
  if (uuid.empty() || uuid.size() > kMaxUuidLength) uuid = NewUuid();
  int64_t now_ns = clock_.NowNanos();
  meta::NewOccurrence described = Describe(tenant, occ, uuid, now_ns);
  absl::Status stored = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(meta::OccurrenceAssignment a, meta::RecordOccurrence(c, described));
    if (a.duplicate) return absl::OkStatus();
    rb::RecordHeader header{a.occurrence_id,       a.item_id, a.item_counter, now_ns,
                            described.fingerprint, uuid};
    std::string payload = rb::EncodeRecord(header, data_json);
    // The row from the occurrence parsed above: replay decodes the same
    // record to the same row (rb::DecodeOccurrenceRecord).
    thread_local model::EventBatch batch;
    batch.Clear();
    rb::AppendOccurrenceRow(header, occ, data_json, &batch);
    // Appending inside the transaction: if the WAL refuses, SQLite rolls back too.
    absl::Status appended = store_.Append(
        tenant, static_cast<uint8_t>(ingest::RecordType::kRollbarOccurrence), payload, batch);
    if (absl::IsResourceExhausted(appended)) {
      return absl::UnavailableError("the store is behind; retry shortly");
    }
    return appended;
  });
  if (!stored.ok()) return stored;
  return uuid;
}

}  // namespace waggle::api::rollbar

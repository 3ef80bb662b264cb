#include "ingest/rollbar/record.h"

#include <fmt/format.h>

#include "core/coding.h"
#include "ingest/rollbar/grouping.h"
#include "ingest/rollbar/request.h"

namespace waggle::ingest::rollbar {
namespace {

constexpr uint8_t kRecordVersion = 1;

uint8_t SeverityNumber(std::string_view level) {
  switch (LevelRank(level)) {
    case 10:
      return 5;  // DEBUG
    case 20:
      return 9;  // INFO
    case 30:
      return 13;  // WARN
    case 50:
      return 21;  // FATAL
    default:
      return 17;  // ERROR
  }
}

// Appends attributes to the batch, copying strings into its arena.
class AttributeSink {
 public:
  explicit AttributeSink(model::EventBatch* batch) : batch_(batch) {}
  void Str(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    batch_->attributes.push_back({key, model::Value::String(batch_->arena.Copy(value))});
  }
  void Int(std::string_view key, int64_t value) {
    batch_->attributes.push_back({key, model::Value::Int(value)});
  }
  void Json(std::string_view key, std::string_view json) {
    batch_->attributes.push_back({key, model::Value::Kvlist(batch_->arena.Copy(json))});
  }

 private:
  model::EventBatch* batch_;
};

void AppendExceptionAttributes(const Occurrence& occ, AttributeSink& out) {
  if (occ.traces.empty()) return;
  const Trace& t = occ.traces.front();
  out.Str("exception.type", t.exception_class);
  out.Str("exception.message", t.exception_message);
  out.Str("exception.stacktrace", RenderStackTrace(occ));
  out.Str("error.class", t.exception_class);
}

void AppendContextAttributes(const Occurrence& occ, AttributeSink& out) {
  out.Str("environment", occ.environment);
  out.Str("code_version", occ.code_version);
  out.Str("platform", occ.platform);
  out.Str("language", occ.language);
  out.Str("framework", occ.framework);
  out.Str("context", occ.context);
  out.Str("person.id", occ.person_id);
  out.Str("person.username", occ.person_username);
  out.Str("person.email", occ.person_email);
  out.Str("request.url", occ.request_url);
  out.Str("request.method", occ.request_method);
  out.Str("request.user_ip", occ.user_ip);
  out.Str("server.host", occ.server_host);
  out.Str("rollbar.notifier", occ.notifier);
  if (occ.client_timestamp > 0) {
    out.Int("rollbar.customer_timestamp", static_cast<int64_t>(occ.client_timestamp));
  }
}

}  // namespace

std::string EncodeRecord(const RecordHeader& h, std::string_view data_json) {
  std::string out;
  out.reserve(data_json.size() + h.fingerprint.size() + h.uuid.size() + 48);
  out.push_back(static_cast<char>(kRecordVersion));
  core::PutVarint64(&out, static_cast<uint64_t>(h.occurrence_id));
  core::PutVarint64(&out, static_cast<uint64_t>(h.item_id));
  core::PutVarint64(&out, static_cast<uint64_t>(h.item_counter));
  core::PutFixed64(&out, static_cast<uint64_t>(h.ingest_ns));
  core::PutLengthPrefixed(&out, h.fingerprint);
  core::PutLengthPrefixed(&out, h.uuid);
  out.append(data_json);
  return out;
}

absl::Status DecodeRecordHeader(std::string_view payload, RecordHeader* h,
                                std::string_view* data_json) {
  core::Reader r(payload);
  std::string_view version, fingerprint, uuid;
  uint64_t occurrence_id, item_id, counter, ingest_ns;
  if (!r.GetBytes(1, &version) || static_cast<uint8_t>(version[0]) != kRecordVersion ||
      !r.GetVarint64(&occurrence_id) || !r.GetVarint64(&item_id) || !r.GetVarint64(&counter) ||
      !r.GetFixed64(&ingest_ns) || !r.GetLengthPrefixed(&fingerprint) ||
      !r.GetLengthPrefixed(&uuid)) {
    return absl::DataLossError("malformed Rollbar occurrence record");
  }
  h->occurrence_id = static_cast<int64_t>(occurrence_id);
  h->item_id = static_cast<int64_t>(item_id);
  h->item_counter = static_cast<int64_t>(counter);
  h->ingest_ns = static_cast<int64_t>(ingest_ns);
  h->fingerprint = std::string(fingerprint);
  h->uuid = std::string(uuid);
  *data_json = payload.substr(payload.size() - r.remaining());
  return absl::OkStatus();
}

absl::Status DecodeOccurrenceRecord(std::string_view payload, model::EventBatch* batch) {
  RecordHeader h;
  std::string_view data_json;
  RETURN_IF_ERROR(DecodeRecordHeader(payload, &h, &data_json));
  ASSIGN_OR_RETURN(Occurrence occ, ParseOccurrenceJson(data_json));
  AppendOccurrenceRow(h, occ, data_json, batch);
  return absl::OkStatus();
}

void AppendOccurrenceRow(const RecordHeader& h, const Occurrence& occ, std::string_view data_json,
                         model::EventBatch* batch) {
  model::Resource resource;
  resource.span_dataset = kErrorsDataset;
  resource.log_dataset = kErrorsDataset;
  batch->resources.push_back(resource);
  batch->scopes.push_back(model::Scope{.name = "rollbar"});

  model::LogRecord log;
  log.time_ns = h.ingest_ns;
  log.observed_time_ns = h.ingest_ns;
  // LevelName returns a static string, which outlives the batch.
  std::string_view level = LevelName(LevelRank(EffectiveLevel(occ)));
  log.severity_text = level;
  log.severity_number = SeverityNumber(level);
  log.body = model::Value::String(batch->arena.Copy(ItemTitle(occ)));
  log.trace_id = occ.trace_id;
  log.span_id = occ.span_id;
  log.event_name = "rollbar.occurrence";
  log.resource = static_cast<uint32_t>(batch->resources.size() - 1);
  log.scope = static_cast<uint32_t>(batch->scopes.size() - 1);
  log.attributes.begin = static_cast<uint32_t>(batch->attributes.size());
  AttributeSink out(batch);
  out.Int("rollbar.occurrence_id", h.occurrence_id);
  out.Int("rollbar.item_id", h.item_id);
  out.Int("rollbar.item_counter", h.item_counter);
  out.Str("rollbar.fingerprint", h.fingerprint);
  out.Str("rollbar.uuid", h.uuid);
  out.Str("rollbar.level", level);
  out.Str("rollbar.body_kind", BodyKindName(occ.kind));
  AppendExceptionAttributes(occ, out);
  AppendContextAttributes(occ, out);
  out.Json("rollbar.payload", data_json);
  log.attributes.end = static_cast<uint32_t>(batch->attributes.size());
  batch->logs.push_back(log);
}

std::string RenderStackTrace(const Occurrence& occ) {
  std::string out;
  for (size_t i = 0; i < occ.traces.size(); ++i) {
    const Trace& t = occ.traces[i];
    if (i > 0) out.append("\nCaused by: ");
    out.append(t.exception_class);
    if (!t.exception_message.empty()) out.append(": ").append(t.exception_message);
    out.push_back('\n');
    for (const Frame& f : t.frames) {
      fmt::format_to(std::back_inserter(out), "  File \"{}\", line {}, in {}\n", f.filename,
                     f.lineno, f.method.empty() ? "<unknown>" : f.method);
    }
  }
  return out;
}

}  // namespace waggle::ingest::rollbar

// PutLogEvents: validate, classify, make the accepted events durable in the
// store (one WAL record), then fold the request into the stream statistics.
#include <fmt/format.h>

#include "api/cloudwatch/input.h"
#include "api/cloudwatch/operations.h"
#include "core/json_writer.h"
#include "ingest/cloudwatch/log_events_record.h"
#include "ingest/cloudwatch/put_log_events.h"
#include "ingest/record_types.h"

namespace waggle::api::cloudwatch {
namespace {

namespace cw = ingest::cloudwatch;

// The group's retention and the stream's existence, in one meta call.
absl::StatusOr<std::optional<int>> CheckTarget(LogsContext& ctx, const Call& call,
                                               const cw::PutLogEventsInput& in) {
  std::optional<int> retention;
  RETURN_IF_ERROR(ctx.meta.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto group, meta::FindLogGroup(c, call.environment, in.log_group_name));
    if (!group) return absl::NotFoundError(std::string(kNoSuchGroup));
    retention = group->retention_days;
    ASSIGN_OR_RETURN(auto stream, meta::FindLogStream(c, call.environment, in.log_group_name,
                                                      in.log_stream_name));
    if (!stream) return absl::NotFoundError(std::string(kNoSuchStream));
    return absl::OkStatus();
  }));
  return retention;
}

// Stores events [begin, end) and returns the stream's new upload count.
absl::StatusOr<int64_t> StoreAccepted(LogsContext& ctx, const Call& call,
                                      const cw::PutLogEventsInput& in, size_t begin, size_t end) {
  const size_t count = end - begin;
  cw::LogEventsRecordHeader header;
  header.group = in.log_group_name;
  header.stream = in.log_stream_name;
  header.ingestion_ms = call.now_ms;
  header.first_sequence =
      static_cast<uint64_t>(ctx.sequences.Allocate(static_cast<int64_t>(count)));
  std::string payload = cw::EncodeLogEventsRecord(header, in.events.data() + begin, count);
  thread_local model::EventBatch batch;
  batch.Clear();
  RETURN_IF_ERROR(cw::DecodeLogEventsRecord(payload, &batch));
  RETURN_IF_ERROR(ctx.store.Append(call.environment,
                                   static_cast<uint8_t>(ingest::RecordType::kCloudWatchLogEvents),
                                   payload, batch));
  meta::StreamPut put;
  put.first_event_ms = in.events[begin].timestamp_ms;
  put.last_event_ms = in.events[end - 1].timestamp_ms;
  put.ingestion_ms = call.now_ms;
  put.last_sequence = static_cast<int64_t>(header.first_sequence + count - 1);
  for (size_t i = begin; i < end; ++i)
    put.bytes += static_cast<int64_t>(in.events[i].message.size());
  // The stream's and the group's statistics commit together, in one fsync.
  int64_t uploads = 0;
  RETURN_IF_ERROR(ctx.meta.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(uploads, meta::RecordStreamPut(c, call.environment, in.log_group_name,
                                                    in.log_stream_name, put));
    return absl::OkStatus();
  }));
  return uploads;
}

std::string Reply(const cw::Classification& c, std::optional<int64_t> uploads) {
  core::JsonWriter json;
  json.BeginObject();
  if (uploads) json.Key("nextSequenceToken").String(fmt::format("{:056d}", *uploads));
  if (c.any_rejected()) {
    json.Key("rejectedLogEventsInfo").BeginObject();
    if (c.too_new_start) json.Key("tooNewLogEventStartIndex").Uint(*c.too_new_start);
    if (c.too_old_end) json.Key("tooOldLogEventEndIndex").Uint(*c.too_old_end);
    if (c.expired_end) json.Key("expiredLogEventEndIndex").Uint(*c.expired_end);
    json.EndObject();
  }
  json.EndObject();
  return json.Release();
}

}  // namespace

absl::StatusOr<std::string> PutLogEvents(LogsContext& ctx, const Call& call) {
  cw::PutLogEventsInput in;
  RETURN_IF_ERROR(cw::ParsePutLogEvents(call.input, &in));
  RETURN_IF_ERROR(ValidateGroupName("logGroupName", in.log_group_name));
  RETURN_IF_ERROR(ValidateStreamName("logStreamName", in.log_stream_name));
  ASSIGN_OR_RETURN(std::optional<int> retention, CheckTarget(ctx, call, in));
  RETURN_IF_ERROR(cw::ValidateBatch(in.events));
  cw::Classification c = cw::Classify(in.events, call.now_ms, retention);
  RETURN_IF_ERROR(cw::CheckSpan(in.events, c));
  std::optional<int64_t> uploads;
  if (c.accepted_end > c.accepted_begin) {
    ASSIGN_OR_RETURN(uploads, StoreAccepted(ctx, call, in, c.accepted_begin, c.accepted_end));
  }
  return Reply(c, uploads);
}

}  // namespace waggle::api::cloudwatch

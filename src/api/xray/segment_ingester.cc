#include "api/xray/segment_ingester.h"

#include <span>

#include "ingest/record_types.h"
#include "ingest/xray/segment_record.h"

namespace waggle::api::xray {
namespace {

// A cheap test before paying for a second parse: only documents that
// mention "subsegment" can be independent subsegments.
bool MayBeSubsegment(std::string_view doc) {
  return doc.find("\"subsegment\"") != std::string_view::npos;
}

}  // namespace

absl::StatusOr<IngestOutcome> SegmentIngester::Ingest(
    std::string_view environment, const std::vector<std::string_view>& documents) {
  thread_local ingest::xray::SegmentDecoder decoder;
  thread_local model::EventBatch batch;
  batch.Clear();
  ingest::xray::SegmentRecordBuilder record;
  IngestOutcome outcome;
  std::vector<ingest::xray::DocumentInfo> info;
  for (size_t i = 0; i < documents.size(); ++i) {
    std::string_view doc = documents[i];
    std::string hint;
    absl::StatusOr<ingest::xray::DocumentInfo> peek = absl::InvalidArgumentError("");
    if (MayBeSubsegment(doc)) {
      peek = decoder.Peek(doc);
      if (peek.ok() && peek->subsegment) hint = recent_.Lookup(peek->parent_id, peek->trace_id);
    }
    size_t first_span = batch.spans.size();
    info.clear();
    absl::Status st = decoder.Decode(doc, hint, &batch, &info);
    if (!st.ok()) {
      if (!peek.ok()) peek = decoder.Peek(doc);
      std::string id = peek.ok() ? model::IdToHex(peek->id) : "";
      outcome.rejected.push_back({i, std::move(id), std::string(st.message())});
      continue;
    }
    std::span<const model::Span> added =
        std::span<const model::Span>(batch.spans).subspan(first_span);
    for (const auto& d : info)
      recent_.Remember(d.service, added, d.subsegment ? nullptr : &d.trace_id);
    record.Add(hint, doc);
    ++outcome.accepted;
  }
  metrics_.Add(metrics_.xray_segments_rejected, outcome.rejected.size());
  if (outcome.accepted == 0) return outcome;
  RETURN_IF_ERROR(store_.Append(environment,
                                static_cast<uint8_t>(ingest::RecordType::kXraySegments),
                                record.payload(), batch));
  metrics_.Add(metrics_.xray_segments_accepted, outcome.accepted);
  metrics_.Add(metrics_.accepted_items[0], batch.spans.size());
  if (span_errors_ != nullptr) span_errors_->OnSpansStored(environment, "xray", batch);
  return outcome;
}

}  // namespace waggle::api::xray

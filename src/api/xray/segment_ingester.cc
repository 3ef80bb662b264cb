#include "api/xray/segment_ingester.h"

#include <cstring>

#include "ingest/record_types.h"
#include "ingest/xray/segment_record.h"

namespace waggle::api::xray {
namespace {

std::string Key(char kind, const uint8_t* bytes, size_t n) {
  std::string key(1, kind);
  key.append(reinterpret_cast<const char*>(bytes), n);
  return key;
}

// A cheap test before paying for a second parse: only documents that
// mention "subsegment" can be independent subsegments.
bool MayBeSubsegment(std::string_view doc) {
  return doc.find("\"subsegment\"") != std::string_view::npos;
}

}  // namespace

std::string SegmentIngester::ServiceHint(const ingest::xray::DocumentInfo& peek) const {
  std::lock_guard lock(mu_);
  for (const std::string& key :
       {Key('s', peek.parent_id.data(), 8), Key('t', peek.trace_id.data(), 16)}) {
    for (const auto& generation : services_) {
      auto it = generation.find(key);
      if (it != generation.end()) return it->second;
    }
  }
  return "";
}

void SegmentIngester::Remember(const model::EventBatch& batch, size_t first_span,
                               const ingest::xray::DocumentInfo& doc) {
  if (doc.service.empty()) return;
  std::lock_guard lock(mu_);
  if (services_[0].size() >= kMaxRemembered) {
    services_[1] = std::move(services_[0]);
    services_[0].clear();
  }
  for (size_t i = first_span; i < batch.spans.size(); ++i) {
    services_[0][Key('s', batch.spans[i].span_id.data(), 8)] = doc.service;
  }
  if (!doc.subsegment) services_[0][Key('t', doc.trace_id.data(), 16)] = doc.service;
}

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
      if (peek.ok() && peek->subsegment) hint = ServiceHint(*peek);
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
    for (const auto& d : info) Remember(batch, first_span, d);
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

#include "ingest/xray/trace_id.h"

namespace waggle::ingest::xray {

std::optional<model::TraceId> ParseXrayTraceId(std::string_view text) {
  if (text.size() != 35 || text[0] != '1' || text[1] != '-' || text[10] != '-') return std::nullopt;
  std::string hex;
  hex.reserve(32);
  hex.append(text.substr(2, 8));
  hex.append(text.substr(11, 24));
  std::optional<model::TraceId> id = model::IdFromHex<16>(hex);
  if (!id || model::IsZeroId(*id)) return std::nullopt;
  return id;
}

std::string FormatXrayTraceId(const model::TraceId& id) {
  std::string hex = model::IdToHex(id);
  return "1-" + hex.substr(0, 8) + "-" + hex.substr(8);
}

std::optional<model::SpanId> ParseSegmentId(std::string_view text) {
  std::optional<model::SpanId> id = model::IdFromHex<8>(text);
  if (!id || model::IsZeroId(*id)) return std::nullopt;
  return id;
}

}  // namespace waggle::ingest::xray

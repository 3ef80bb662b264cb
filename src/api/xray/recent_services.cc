#include "api/xray/recent_services.h"

#include <absl/strings/string_view.h>

#include <cstring>

namespace waggle::api::xray {
namespace {

uint64_t Word(const uint8_t* bytes) {
  uint64_t w;
  std::memcpy(&w, bytes, sizeof w);
  return w;
}

std::pair<uint64_t, uint64_t> TraceKey(const model::TraceId& t) {
  return {Word(t.data()), Word(t.data() + 8)};
}

}  // namespace

uint32_t RecentServices::Generation::NameId(std::string_view service) {
  auto it = name_ids.find(absl::string_view(service.data(), service.size()));
  if (it != name_ids.end()) return it->second;
  auto id = static_cast<uint32_t>(names.size());
  names.emplace_back(service);
  name_ids.emplace(names.back(), id);
  return id;
}

void RecentServices::Remember(std::string_view service, std::span<const model::Span> spans,
                              const model::TraceId* trace) {
  if (service.empty()) return;
  std::lock_guard lock(mu_);
  if (generations_[0].size() >= max_) {
    generations_[1] = std::move(generations_[0]);
    generations_[0] = Generation();
  }
  Generation& g = generations_[0];
  uint32_t id = g.NameId(service);
  for (const model::Span& s : spans) g.spans.insert_or_assign(Word(s.span_id.data()), id);
  if (trace != nullptr) g.traces.insert_or_assign(TraceKey(*trace), id);
}

std::string RecentServices::Lookup(const model::SpanId& parent, const model::TraceId& trace) const {
  std::lock_guard lock(mu_);
  for (const Generation& g : generations_) {
    auto it = g.spans.find(Word(parent.data()));
    if (it != g.spans.end()) return g.names[it->second];
  }
  for (const Generation& g : generations_) {
    auto it = g.traces.find(TraceKey(trace));
    if (it != g.traces.end()) return g.names[it->second];
  }
  return "";
}

}  // namespace waggle::api::xray

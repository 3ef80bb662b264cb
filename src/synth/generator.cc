#include "synth/generator.h"

#include <cmath>

#include "synth/cruddur.h"
#include "synth/otlp_fields.h"
#include "synth/proto_writer.h"

namespace waggle::synth {
namespace {

namespace f = otlp_field;

std::string EncodeResource(const cruddur::ResourceInfo& info, int index) {
  std::string out;
  ProtoWriter w(&out);
  constexpr uint32_t kAttr = f::kResourceAttributes;
  PutStringAttr(&w, kAttr, "service.name", info.service_name);
  PutStringAttr(&w, kAttr, "service.version", info.service_version);
  PutStringAttr(&w, kAttr, "service.instance.id", info.instance_id);
  PutStringAttr(&w, kAttr, "deployment.environment.name", cruddur::kEnvironment);
  PutStringAttr(&w, kAttr, "telemetry.sdk.name", "opentelemetry");
  PutStringAttr(&w, kAttr, "telemetry.sdk.language", info.sdk_language);
  PutStringAttr(&w, kAttr, "telemetry.sdk.version", info.sdk_version);
  PutStringAttr(&w, kAttr, "host.name", info.host_name);
  if (info.sdk_language == "python") {
    PutIntAttr(&w, kAttr, "process.pid", 7 + index);
    PutStringAttr(&w, kAttr, "process.runtime.name", "cpython");
    PutStringAttr(&w, kAttr, "process.runtime.version", "3.10.13");
    PutStringAttr(&w, kAttr, "cloud.provider", "aws");
    PutStringAttr(&w, kAttr, "cloud.region", "us-east-1");
  }
  return out;
}

std::string EncodeScope(const cruddur::ScopeInfo& info) {
  std::string out;
  ProtoWriter w(&out);
  w.PutString(f::kScopeName, info.name);
  if (!info.version.empty()) w.PutString(f::kScopeVersion, info.version);
  return out;
}

}  // namespace

std::string_view SlowRoute() { return cruddur::kSlowRoute; }

std::string SlowUserId() { return cruddur::UserId(cruddur::kSlowUserRank); }

Generator::Generator(const Options& options)
    : options_(options),
      rng_(options.seed),
      buffers_(cruddur::kNumResources * cruddur::kNumScopes) {
  if (!(options_.spans_per_second > 0)) options_.spans_per_second = 1;
  std::span<const cruddur::ResourceInfo> resources = cruddur::Resources();
  for (size_t i = 0; i < resources.size(); ++i) {
    resource_messages_.push_back(EncodeResource(resources[i], static_cast<int>(i)));
  }
  for (const cruddur::ScopeInfo& scope : cruddur::Scopes()) {
    scope_messages_.push_back(EncodeScope(scope));
  }
  plan_.spans.reserve(kMaxTraceSpans);
}

size_t Generator::NextTracesRequest(size_t min_spans, std::string* out) {
  out->clear();
  for (std::string& buffer : buffers_) buffer.clear();
  size_t spans = 0;
  while (spans < min_spans) {
    // Start times follow the span count, so the rate holds without drift.
    double offset_ns = static_cast<double>(spans_generated_) * 1e9 / options_.spans_per_second;
    PlanTrace(&rng_, options_.start_ns + static_cast<int64_t>(std::llround(offset_ns)), &plan_);
    EncodePlan();
    spans += plan_.spans.size();
    spans_generated_ += plan_.spans.size();
  }
  AssembleRequest(out);
  return spans;
}

size_t Generator::NextTraces(std::span<const int64_t> starts, std::string* out,
                             std::vector<TracePlan>* plans) {
  out->clear();
  for (std::string& buffer : buffers_) buffer.clear();
  size_t spans = 0;
  for (int64_t start_ns : starts) {
    PlanTrace(&rng_, start_ns, &plan_);
    EncodePlan();
    spans += plan_.spans.size();
    if (plans != nullptr) plans->push_back(plan_);
  }
  spans_generated_ += spans;
  AssembleRequest(out);
  return spans;
}

void Generator::EncodePlan() {
  for (const PlannedSpan& span : plan_.spans) {
    std::string& buffer = buffers_[span.resource * cruddur::kNumScopes + span.scope];
    ProtoWriter w(&buffer);
    encoder_.Encode(plan_, span, &rng_, &w);
  }
}

void Generator::AssembleRequest(std::string* out) {
  size_t total = 0;
  for (const std::string& buffer : buffers_) total += buffer.size() + 128;
  out->reserve(total + 1024);
  ProtoWriter w(out);
  for (int r = 0; r < cruddur::kNumResources; ++r) {
    // ResourceSpans size = resource + each non-empty ScopeSpans; known up front.
    size_t body = LenFieldSize(f::kResource, resource_messages_[r].size());
    for (int s = 0; s < cruddur::kNumScopes; ++s) {
      const std::string& spans = buffers_[r * cruddur::kNumScopes + s];
      if (spans.empty()) continue;
      body += LenFieldSize(f::kScopeSpans,
                           LenFieldSize(f::kScope, scope_messages_[s].size()) + spans.size());
    }
    if (body == LenFieldSize(f::kResource, resource_messages_[r].size())) continue;
    w.PutLenHeader(f::kResourceSpans, body);
    w.PutBytes(f::kResource, resource_messages_[r]);
    for (int s = 0; s < cruddur::kNumScopes; ++s) {
      const std::string& spans = buffers_[r * cruddur::kNumScopes + s];
      if (spans.empty()) continue;
      w.PutLenHeader(f::kScopeSpans,
                     LenFieldSize(f::kScope, scope_messages_[s].size()) + spans.size());
      w.PutBytes(f::kScope, scope_messages_[s]);
      out->append(spans);
    }
  }
}

}  // namespace waggle::synth

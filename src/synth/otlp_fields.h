// Field numbers of the OTLP trace messages the generator writes
// (shared/specs/otlp.md §3) and encoders for KeyValue attributes whose
// sizes are computed up front, so attributes never need backpatching.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "synth/proto_writer.h"

namespace waggle::synth::otlp_field {

// ExportTraceServiceRequest
inline constexpr uint32_t kResourceSpans = 1;
// ResourceSpans
inline constexpr uint32_t kResource = 1;
inline constexpr uint32_t kScopeSpans = 2;
// Resource
inline constexpr uint32_t kResourceAttributes = 1;
// ScopeSpans
inline constexpr uint32_t kScope = 1;
inline constexpr uint32_t kSpans = 2;
// InstrumentationScope
inline constexpr uint32_t kScopeName = 1;
inline constexpr uint32_t kScopeVersion = 2;
// Span
inline constexpr uint32_t kTraceId = 1;
inline constexpr uint32_t kSpanId = 2;
inline constexpr uint32_t kParentSpanId = 4;
inline constexpr uint32_t kName = 5;
inline constexpr uint32_t kKind = 6;
inline constexpr uint32_t kStartTime = 7;
inline constexpr uint32_t kEndTime = 8;
inline constexpr uint32_t kAttributes = 9;
inline constexpr uint32_t kEvents = 11;
inline constexpr uint32_t kStatus = 15;
inline constexpr uint32_t kFlags = 16;
// Span.Event
inline constexpr uint32_t kEventTime = 1;
inline constexpr uint32_t kEventName = 2;
inline constexpr uint32_t kEventAttributes = 3;
// Status
inline constexpr uint32_t kStatusMessage = 2;
inline constexpr uint32_t kStatusCode = 3;
// KeyValue
inline constexpr uint32_t kKey = 1;
inline constexpr uint32_t kValue = 2;
// AnyValue
inline constexpr uint32_t kStringValue = 1;
inline constexpr uint32_t kBoolValue = 2;
inline constexpr uint32_t kIntValue = 3;
inline constexpr uint32_t kDoubleValue = 4;
inline constexpr uint32_t kArrayValue = 5;
// ArrayValue
inline constexpr uint32_t kArrayValues = 1;

// SpanFlags bits.
inline constexpr uint32_t kFlagSampled = 0x01;
inline constexpr uint32_t kFlagRemoteKnown = 0x100;
inline constexpr uint32_t kFlagParentRemote = 0x200;

}  // namespace waggle::synth::otlp_field

namespace waggle::synth {

// Writes KeyValue{key, AnyValue{<payload>}} as field `field`, where the
// AnyValue body (`any_size` bytes) is written by `write_any`.
template <typename WriteAny>
void PutKeyValue(ProtoWriter* w, uint32_t field, std::string_view key, size_t any_size,
                 WriteAny write_any) {
  size_t kv_size =
      LenFieldSize(otlp_field::kKey, key.size()) + LenFieldSize(otlp_field::kValue, any_size);
  w->PutLenHeader(field, kv_size);
  w->PutString(otlp_field::kKey, key);
  w->PutLenHeader(otlp_field::kValue, any_size);
  write_any();
}

// A string attribute. The hottest encoder: one append for the whole field.
inline void PutStringAttr(ProtoWriter* w, uint32_t field, std::string_view key,
                          std::string_view value) {
  size_t any_size = LenFieldSize(otlp_field::kStringValue, value.size());
  size_t kv_size =
      LenFieldSize(otlp_field::kKey, key.size()) + LenFieldSize(otlp_field::kValue, any_size);
  size_t total = LenFieldSize(field, kv_size);
  char* p = w->AppendUninitialized(total);
  p = EncodeTag(p, field, WireType::kLen);
  p = EncodeVarint(p, kv_size);
  p = EncodeBytes(p, otlp_field::kKey, key);
  p = EncodeTag(p, otlp_field::kValue, WireType::kLen);
  p = EncodeVarint(p, any_size);
  EncodeBytes(p, otlp_field::kStringValue, value);
}

// An int attribute (negative values take 10 bytes, as on the wire).
inline void PutIntAttr(ProtoWriter* w, uint32_t field, std::string_view key, int64_t value) {
  uint64_t bits = static_cast<uint64_t>(value);
  size_t any_size = 1 + VarintSize(bits);
  size_t kv_size =
      LenFieldSize(otlp_field::kKey, key.size()) + LenFieldSize(otlp_field::kValue, any_size);
  char* p = w->AppendUninitialized(LenFieldSize(field, kv_size));
  p = EncodeTag(p, field, WireType::kLen);
  p = EncodeVarint(p, kv_size);
  p = EncodeBytes(p, otlp_field::kKey, key);
  p = EncodeTag(p, otlp_field::kValue, WireType::kLen);
  p = EncodeVarint(p, any_size);
  p = EncodeTag(p, otlp_field::kIntValue, WireType::kVarint);
  EncodeVarint(p, bits);
}

// A double attribute.
inline void PutDoubleAttr(ProtoWriter* w, uint32_t field, std::string_view key, double value) {
  PutKeyValue(w, field, key, 9, [&] { w->PutDouble(otlp_field::kDoubleValue, value); });
}

// A bool attribute.
inline void PutBoolAttr(ProtoWriter* w, uint32_t field, std::string_view key, bool value) {
  PutKeyValue(w, field, key, 2, [&] { w->PutVarint(otlp_field::kBoolValue, value ? 1 : 0); });
}

// An attribute holding an array of strings.
inline void PutStringArrayAttr(ProtoWriter* w, uint32_t field, std::string_view key,
                               std::initializer_list<std::string_view> values) {
  size_t array_size = 0;
  for (std::string_view v : values) {
    array_size +=
        LenFieldSize(otlp_field::kArrayValues, LenFieldSize(otlp_field::kStringValue, v.size()));
  }
  PutKeyValue(w, field, key, LenFieldSize(otlp_field::kArrayValue, array_size), [&] {
    w->PutLenHeader(otlp_field::kArrayValue, array_size);
    for (std::string_view v : values) {
      w->PutLenHeader(otlp_field::kArrayValues, LenFieldSize(otlp_field::kStringValue, v.size()));
      w->PutString(otlp_field::kStringValue, v);
    }
  });
}

}  // namespace waggle::synth

// File: api/xray/request_members.h
//
// Reading members of the X-Ray API's JSON request bodies (internal to
// api/xray), as the SDKs and the CLI send them.
#pragma once

#include <simdjson.h>

#include <optional>

namespace waggle::api::xray {

// The epoch-seconds timestamp member `key` of `obj` (a number, or a numeric
// string as some clients send); nullopt when absent, non-numeric or not
// finite.
std::optional<double> EpochSecondsMember(simdjson::dom::element obj, const char* key);

}  // namespace waggle::api::xray

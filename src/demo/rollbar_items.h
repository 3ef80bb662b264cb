// The backend's errors as pyrollbar reports them from Flask: every request
// that failed with an exception (a 500) is an item with the exception and
// its frames, the request, the person, the server and the request's trace
// id in `custom`; every /rollbar/test call reports the warning message
// "Hello World!". Pure functions; demo.cc POSTs the payloads.
#pragma once

#include <string>
#include <string_view>

#include "synth/trace_plan.h"

namespace waggle::demo {

// True if the backend reports `plan` to Rollbar.
bool RollbarReported(const synth::TracePlan& plan);

// Writes to *out the JSON body pyrollbar POSTs to /api/1/item/ for
// backend request `plan`, with `access_token` inside as the SDK puts it.
void EncodeRollbarItem(const synth::TracePlan& plan, std::string_view access_token,
                       std::string* out);

}  // namespace waggle::demo

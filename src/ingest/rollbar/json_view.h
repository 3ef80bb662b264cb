// Internal to ingest/rollbar: by-value views of simdjson DOM containers.
// A range-for over `e.get_object()` iterates a temporary result that is
// destroyed before the loop body runs; these return the object or array
// itself (empty when `e` is not one), so loops over them are safe.
#pragma once

#include <simdjson.h>

namespace waggle::ingest::rollbar {

// `e` as an object, or an empty object if it is not one.
inline simdjson::dom::object AsObject(simdjson::dom::element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return {};
  return o;
}

// `e` as an array, or an empty array if it is not one.
inline simdjson::dom::array AsArray(simdjson::dom::element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return {};
  return a;
}

}  // namespace waggle::ingest::rollbar

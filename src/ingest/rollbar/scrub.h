// Server-side scrubbing of Rollbar payloads (specs/rollbar.md §4.3): before
// anything is stored, the value of every object member whose key names a
// secret (a configured field name or a sensitive header such as
// Authorization or Cookie) is replaced with "********", at any depth, and
// `name=value` query parameters with such names are masked inside URL and
// query-string values. Pure functions; thread-safe.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace waggle::ingest::rollbar {

// What replaces a scrubbed value.
inline constexpr std::string_view kScrubbedValue = "********";

// The field names scrubbed by default: the union of pyrollbar's and
// rollbar.js's default lists, their sensitive headers, plus auth_token and
// csrf_token.
const std::vector<std::string>& DefaultScrubFields();

// A set of field names matched case-insensitively against object keys. A
// key also matches when its last bracketed part does (`user[password]`,
// `user%5Bpassword%5D`).
class ScrubFields {
 public:
  // Builds the set from `names` (any case).
  explicit ScrubFields(const std::vector<std::string>& names);
  // True if the object key `key` names a field to scrub.
  bool Matches(std::string_view key) const;

 private:
  std::unordered_set<std::string> lower_;
};

// Writes `value` as compact JSON with every matching field scrubbed.
// Recursion follows the document, whose depth simdjson already bounds.
std::string ScrubToJson(simdjson::dom::element value, const ScrubFields& fields);

// Masks the values of query parameters named in `fields` inside `text`
// (a URL or a query string): `a=1&password=x` -> `a=1&password=********`.
std::string ScrubQueryParams(std::string_view text, const ScrubFields& fields);

}  // namespace waggle::ingest::rollbar

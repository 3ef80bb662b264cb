#include "api/xray/request_members.h"

#include <cmath>
#include <string_view>

#include "core/strings.h"

namespace waggle::api::xray {

std::optional<double> EpochSecondsMember(simdjson::dom::element obj, const char* key) {
  simdjson::dom::element v;
  if (obj[key].get(v)) return std::nullopt;
  double d = 0;
  if (!v.get_double().get(d) && std::isfinite(d)) return d;
  std::string_view s;
  if (!v.get_string().get(s) && core::ParseNumber(s, &d) && std::isfinite(d)) return d;
  return std::nullopt;
}

}  // namespace waggle::api::xray

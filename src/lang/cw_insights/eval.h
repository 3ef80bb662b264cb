// File: lang/cw_insights/eval.h
//
// Evaluates Insights expressions over one event (EventView) or one result
// row: fields come from a FieldSource. Comparisons with a null side are
// false; arithmetic with a null or non-numeric side is null; `like` reads a
// null as "". Each event's JSON message is parsed at most once.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lang/cw_insights/query.h"
#include "lang/cw_insights/value.h"

namespace waggle::lang::cw_insights {

// Where an expression's fields come from.
class FieldSource {
 public:
  virtual ~FieldSource() = default;
  // The field's value, null when absent.
  virtual Value Field(std::string_view name) = 0;
};

// `e`'s value with fields from `fields`.
Value Eval(const Expr& e, FieldSource& fields);

struct LogEvent {
  int64_t timestamp_ms = 0;
  int64_t ingestion_ms = 0;
  std::string_view message;
  std::string_view stream;
  std::string_view group;
};

// One event's fields: those set by the query's commands (parse, fields
// aliases) first, then the built-ins (@timestamp, @message, @logStream,
// @log, @ingestionTime), then a JSON message's keys by dotted path
// (`user.id`, `items.0.sku`), parsed on first need.
class EventView : public FieldSource {
 public:
  EventView(const LogEvent& e, simdjson::dom::parser& parser) : e_(e), parser_(parser) {}

  Value Field(std::string_view name) override;
  // Sets the command-made field `name` (replacing an earlier value).
  void Set(std::string_view name, Value v);

 private:
  Value JsonField(std::string_view path);

  const LogEvent& e_;
  simdjson::dom::parser& parser_;
  bool parsed_ = false;
  bool json_ = false;
  simdjson::dom::element root_;
  std::vector<std::pair<std::string, Value>> set_;
};

// Runs a parse stage's regex over its source field, setting the named groups
// (fields stay unset when it does not match).
void RunParse(const Stage& stage, EventView& ev);

}  // namespace waggle::lang::cw_insights

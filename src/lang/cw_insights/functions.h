// File: lang/cw_insights/functions.h
//
// The functions Insights expressions call (specs/cloudwatch-logs.md §7):
// their names and arities for the parser, and their results over
// evaluated arguments for the runner. Strings count code points (UTF-8);
// case mapping is ASCII. A null argument gives null unless the function
// is about presence (ispresent, isempty, isblank, coalesce, concat).
#pragma once

#include <string_view>
#include <vector>

#include "lang/cw_insights/query.h"
#include "lang/cw_insights/value.h"

namespace waggle::lang::cw_insights {

struct FunctionInfo {
  std::string_view name;  // lower case
  Fn fn;
  int min_args;
  int max_args;         // -1: any number
  int period_arg = -1;  // the argument written as a period (5m), if any
};

// The function named `name` (any case), or nullptr.
const FunctionInfo* FindFunction(std::string_view name);

// `fn` over `args` (bin takes the event's @timestamp first, then the period).
Value CallFunction(Fn fn, const std::vector<Value>& args);

}  // namespace waggle::lang::cw_insights

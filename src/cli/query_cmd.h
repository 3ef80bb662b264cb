// `waggle query`: runs a query on a running server (POST /api/v1/query) from
// a JSON spec (--json FILE or - for stdin) or the compact text form, and
// prints the results as an aligned table (or the raw JSON with --output json).
#pragma once

#include <string>

#include "query/spec/text_form.h"

namespace waggle::cli {

struct QueryFlags {
  std::string server;  // http://host:port of the edge port
  std::string key;     // read key, when keys are on
  std::string dataset;
  std::string json_file;  // "" = text form; "-" = stdin
  bool output_json = false;
  std::string signal;  // "", "spans" or "logs"
  query::TextQuery text;
};

// Runs the query and prints it; returns the exit code (2 for a bad query).
int RunQuery(const QueryFlags& flags);

}  // namespace waggle::cli

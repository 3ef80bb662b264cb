// Plans one synthetic Cruddur trace: which spans it has, how they nest and
// when each starts and ends, before anything is encoded. Planning and
// encoding are split so the trace shape can be tested on its own and the
// encoder stays a straight walk over the plan.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "synth/prng.h"

namespace waggle::synth {

// What a span stands for; decides its name, kind, scope and attributes.
enum class SpanRole : uint8_t {
  kBrowserClick,  // frontend user-interaction span, a trace of its own
  kBrowserFetch,  // frontend fetch() of a backend route (CLIENT)
  kServer,        // Flask request span (SERVER)
  kHandler,       // the route's own span, e.g. home-activities-mock-data
  kSql,           // psycopg query against Postgres (CLIENT)
  kDynamoDb,      // botocore call to DynamoDB (CLIENT)
  kRollbar,       // requests call to the Rollbar API (CLIENT)
};

struct PlannedSpan {
  SpanRole role = SpanRole::kServer;
  uint8_t resource = 0;  // index into cruddur::Resources()
  uint8_t scope = 0;     // cruddur::ScopeIndex
  bool error = false;    // status ERROR with an `exception` event
  int16_t parent = -1;   // index within the trace; -1 = root
  uint16_t detail = 0;   // kSql: index into cruddur::SqlTemplates()
  std::array<uint8_t, 8> span_id{};
  int64_t start_ns = 0;
  int64_t end_ns = 0;
};

// One request (or click) through the app.
struct TracePlan {
  std::array<uint8_t, 16> trace_id{};
  int route = 0;             // index into cruddur::Routes()
  uint32_t user_rank = 0;    // the signed-in user
  uint32_t handle_rank = 0;  // the user named in a @handle path
  int http_status = 200;
  int failure_layer = -1;          // cruddur::FailureFor() layer when status is 500
  int64_t result_length = 0;       // items returned (app.result_length)
  uint16_t client_port = 0;        // the caller's ephemeral port
  uint32_t session = 0;            // browser session number
  std::vector<PlannedSpan> spans;  // parents come before their children
};

// Largest number of spans in one trace.
inline constexpr int kMaxTraceSpans = 50;

// Replaces *plan with a new trace starting at `start_ns`, drawing every
// choice from `rng` (so a seed fixes the whole sequence). Reuses plan's
// capacity. The plan has 1 to kMaxTraceSpans spans.
void PlanTrace(Prng* rng, int64_t start_ns, TracePlan* plan);

}  // namespace waggle::synth

// The static shape of "Cruddur", the reference app the generator imitates
// (shared/SCENARIOS.md): its processes (OTLP resources), instrumentation
// scopes, backend routes, SQL statement templates and users. Everything
// here is constant data or a pure function of its arguments.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace waggle::synth::cruddur {

// One process exporting spans: an OTLP Resource.
struct ResourceInfo {
  std::string_view service_name;
  std::string_view service_version;
  std::string_view sdk_language;
  std::string_view sdk_version;
  std::string_view host_name;
  std::string_view instance_id;
};

// Indexes into Resources(): the browser apps first, then the Flask hosts.
inline constexpr int kFrontendResources = 2;
inline constexpr int kBackendResources = 3;
inline constexpr int kFirstBackendResource = kFrontendResources;
inline constexpr int kNumResources = kFrontendResources + kBackendResources;

// Every resource has the same environment.
inline constexpr std::string_view kEnvironment = "production";

std::span<const ResourceInfo> Resources();

// Instrumentation scopes (tracers), indexes into Scopes().
enum ScopeIndex : int {
  kScopeFetch = 0,
  kScopeUserInteraction,
  kScopeFlask,
  kScopeHomeActivities,
  kScopeNotificationsActivities,
  kScopeUserActivities,
  kScopeMessageGroups,
  kScopeMessages,
  kScopePsycopg,
  kScopeBotocore,
  kScopeRequests,
  kNumScopes,
};

struct ScopeInfo {
  std::string_view name;
  std::string_view version;  // empty for the app's own tracers
};

std::span<const ScopeInfo> Scopes();

// Which outside service a route calls, besides Postgres.
enum class External : uint8_t { kNone, kDynamoDb, kRollbar };

struct RouteInfo {
  std::string_view route;         // http.route, e.g. "/api/messages/@<handle>"
  std::string_view path_prefix;   // url.path up to the handle (whole path if no handle)
  std::string_view server_span;   // "GET /api/activities/home"
  std::string_view handler_span;  // the app's own span; empty = none
  int handler_scope;              // ScopeIndex of the app's tracer
  std::string_view page;          // frontend page that calls it
  double weight;                  // share of requests
  bool has_handle;                // url.path ends with a user handle
  External external;
  double sql_scale;  // multiplies every SQL duration
};

std::span<const RouteInfo> Routes();

// The route whose requests are slow (its SQL runs without an index).
inline constexpr std::string_view kSlowRoute = "/api/activities/notifications";

struct SqlTemplate {
  std::string_view statement;  // db.statement
  std::string_view span_name;  // "SELECT cruddur"
  std::string_view operation;  // db.operation
  std::string_view table;      // db.sql.table
  double median_ms;            // typical duration
};

std::span<const SqlTemplate> SqlTemplates();

// Users: ranks 0..kNumUsers-1, rank 0 the most active.
inline constexpr uint32_t kNumUsers = 100000;
// The rank of the user whose requests are slow (a huge follower graph).
inline constexpr uint32_t kSlowUserRank = 7;

// The user.id of a rank: a UUID-shaped string, stable across runs.
// Writes exactly 36 characters to `out`.
void FormatUserId(uint32_t rank, char out[36]);
std::string UserId(uint32_t rank);

// Appends the handle (without '@') of user `rank` to `out`, e.g.
// "andrewbrown" or "londo42".
void AppendHandle(uint32_t rank, std::string* out);

// A failure the app can hit: the exception recorded on the failing span.
struct Failure {
  std::string_view type;
  std::string_view message;
  std::string_view stacktrace;
};

// Failures per layer: 0 = handler code, 1 = SQL, 2 = external call.
const Failure& FailureFor(int layer);

// Small pools for attributes with realistic low cardinality.
std::span<const std::string_view> UserAgents();
std::span<const std::string_view> ThreadNames();

}  // namespace waggle::synth::cruddur

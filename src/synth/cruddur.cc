#include "synth/cruddur.h"

#include <array>

#include "synth/prng.h"

namespace waggle::synth::cruddur {

std::span<const ResourceInfo> Resources() {
  static constexpr std::array<ResourceInfo, kNumResources> kResources = {{
      {"frontend-react-js", "0.1.0", "webjs", "1.21.0", "cruddur-frontend-a1",
       "7d3f0c1e-5b2a-4c8e-9f10-2a6b3c4d5e01"},
      {"frontend-react-js", "0.1.0", "webjs", "1.21.0", "cruddur-frontend-b2",
       "7d3f0c1e-5b2a-4c8e-9f10-2a6b3c4d5e02"},
      {"backend-flask", "1.4.2", "python", "1.22.0", "ip-10-0-1-23",
       "c0a80117-0001-4000-8000-00000000a001"},
      {"backend-flask", "1.4.2", "python", "1.22.0", "ip-10-0-2-41",
       "c0a80117-0001-4000-8000-00000000a002"},
      {"backend-flask", "1.4.3", "python", "1.22.0", "ip-10-0-3-77",
       "c0a80117-0001-4000-8000-00000000a003"},
  }};
  return kResources;
}

std::span<const ScopeInfo> Scopes() {
  static constexpr std::array<ScopeInfo, kNumScopes> kScopes = {{
      {"@opentelemetry/instrumentation-fetch", "0.45.1"},
      {"@opentelemetry/instrumentation-user-interaction", "0.34.1"},
      {"opentelemetry.instrumentation.flask", "0.43b0"},
      {"home.activities", ""},
      {"notifications.activities", ""},
      {"user.activities", ""},
      {"message_groups", ""},
      {"messages", ""},
      {"opentelemetry.instrumentation.psycopg", "0.43b0"},
      {"opentelemetry.instrumentation.botocore", "0.43b0"},
      {"opentelemetry.instrumentation.requests", "0.43b0"},
  }};
  return kScopes;
}

std::span<const RouteInfo> Routes() {
  static constexpr std::array<RouteInfo, 6> kRoutes = {{
      {"/api/activities/home", "/api/activities/home", "GET /api/activities/home",
       "home-activities-mock-data", kScopeHomeActivities, "/", 0.40, false, External::kNone, 1.0},
      {"/api/activities/notifications", "/api/activities/notifications",
       "GET /api/activities/notifications", "notifications-activities",
       kScopeNotificationsActivities, "/notifications", 0.15, false, External::kNone, 4.0},
      {"/api/activities/@<handle>", "/api/activities/@", "GET /api/activities/@<handle>",
       "user-activities", kScopeUserActivities, "/@handle", 0.15, true, External::kNone, 1.0},
      {"/api/message_groups", "/api/message_groups", "GET /api/message_groups", "message-groups",
       kScopeMessageGroups, "/messages", 0.12, false, External::kDynamoDb, 1.0},
      {"/api/messages/@<handle>", "/api/messages/@", "GET /api/messages/@<handle>", "messages",
       kScopeMessages, "/messages/@handle", 0.12, true, External::kDynamoDb, 1.0},
      {"/rollbar/test", "/rollbar/test", "GET /rollbar/test", "", kScopeFlask, "/", 0.06, false,
       External::kRollbar, 1.0},
  }};
  return kRoutes;
}

// Section: SQL ------------------------------------------------------------

std::span<const SqlTemplate> SqlTemplates() {
  static constexpr std::array<SqlTemplate, 30> kSql = {{
      {"SELECT activities.uuid, users.display_name, users.handle, activities.message, "
       "activities.replies_count, activities.reposts_count, activities.likes_count, "
       "activities.reply_to_activity_uuid, activities.expires_at, activities.created_at FROM "
       "public.activities LEFT JOIN public.users ON users.uuid = activities.user_uuid ORDER BY "
       "activities.created_at DESC",
       "SELECT cruddur", "SELECT", "activities", 2.5},
      {"SELECT uuid, display_name, handle, cognito_user_id FROM public.users WHERE "
       "users.cognito_user_id = %(cognito_user_id)s LIMIT 1",
       "SELECT cruddur", "SELECT", "users", 0.6},
      {"SELECT users.uuid, users.display_name, users.handle, users.bio FROM public.users WHERE "
       "users.handle = %(handle)s",
       "SELECT cruddur", "SELECT", "users", 0.5},
      {"SELECT activities.uuid, activities.message, activities.created_at, activities.expires_at "
       "FROM public.activities WHERE activities.user_uuid = %(user_uuid)s ORDER BY "
       "activities.created_at DESC LIMIT 40",
       "SELECT cruddur", "SELECT", "activities", 1.8},
      {"SELECT COUNT(*) FROM public.activities WHERE activities.user_uuid = %(user_uuid)s",
       "SELECT cruddur", "SELECT", "activities", 0.9},
      {"SELECT n.uuid, n.kind, n.activity_uuid, n.created_at FROM public.notifications n WHERE "
       "n.user_uuid = %(user_uuid)s AND n.seen = false ORDER BY n.created_at DESC LIMIT 50",
       "SELECT cruddur", "SELECT", "notifications", 3.0},
      {"SELECT COUNT(*) FROM public.notifications WHERE user_uuid = %(user_uuid)s AND seen = "
       "false",
       "SELECT cruddur", "SELECT", "notifications", 1.2},
      {"UPDATE public.notifications SET seen = true WHERE user_uuid = %(user_uuid)s AND uuid = "
       "ANY(%(uuids)s)",
       "UPDATE cruddur", "UPDATE", "notifications", 1.5},
      {"SELECT likes.activity_uuid FROM public.likes WHERE likes.user_uuid = %(user_uuid)s AND "
       "likes.activity_uuid = ANY(%(uuids)s)",
       "SELECT cruddur", "SELECT", "likes", 0.8},
      {"SELECT reposts.activity_uuid FROM public.reposts WHERE reposts.user_uuid = "
       "%(user_uuid)s AND reposts.activity_uuid = ANY(%(uuids)s)",
       "SELECT cruddur", "SELECT", "reposts", 0.8},
      {"SELECT replies.uuid, replies.message, replies.created_at FROM public.activities replies "
       "WHERE replies.reply_to_activity_uuid = %(activity_uuid)s ORDER BY replies.created_at",
       "SELECT cruddur", "SELECT", "activities", 1.1},
      {"SELECT followers.follower_uuid FROM public.followers WHERE followers.user_uuid = "
       "%(user_uuid)s",
       "SELECT cruddur", "SELECT", "followers", 1.4},
      {"SELECT users.handle, users.display_name FROM public.users WHERE users.uuid = "
       "ANY(%(uuids)s)",
       "SELECT cruddur", "SELECT", "users", 0.7},
      {"SELECT message_groups.uuid, message_groups.other_user_uuid, message_groups.last_message, "
       "message_groups.last_message_at FROM public.message_groups WHERE message_groups.user_uuid "
       "= %(user_uuid)s ORDER BY message_groups.last_message_at DESC",
       "SELECT cruddur", "SELECT", "message_groups", 1.6},
      {"SELECT uuid FROM public.users WHERE users.handle = %(handle)s LIMIT 1", "SELECT cruddur",
       "SELECT", "users", 0.4},
      {"SELECT sessions.user_uuid, sessions.expires_at FROM public.sessions WHERE sessions.token "
       "= %(token)s",
       "SELECT cruddur", "SELECT", "sessions", 0.3},
      {"UPDATE public.sessions SET last_seen_at = now() WHERE token = %(token)s", "UPDATE cruddur",
       "UPDATE", "sessions", 0.6},
      {"INSERT INTO public.activities (user_uuid, message, expires_at) VALUES (%(user_uuid)s, "
       "%(message)s, %(expires_at)s) RETURNING uuid",
       "INSERT cruddur", "INSERT", "activities", 1.9},
      {"INSERT INTO public.notifications (user_uuid, kind, activity_uuid) VALUES (%(user_uuid)s, "
       "%(kind)s, %(activity_uuid)s)",
       "INSERT cruddur", "INSERT", "notifications", 1.3},
      {"INSERT INTO public.likes (user_uuid, activity_uuid) VALUES (%(user_uuid)s, "
       "%(activity_uuid)s) ON CONFLICT DO NOTHING",
       "INSERT cruddur", "INSERT", "likes", 1.0},
      {"UPDATE public.activities SET likes_count = likes_count + 1 WHERE uuid = "
       "%(activity_uuid)s",
       "UPDATE cruddur", "UPDATE", "activities", 0.9},
      {"UPDATE public.activities SET replies_count = replies_count + 1 WHERE uuid = "
       "%(activity_uuid)s",
       "UPDATE cruddur", "UPDATE", "activities", 0.9},
      {"DELETE FROM public.activities WHERE expires_at < now() AND user_uuid = %(user_uuid)s",
       "DELETE cruddur", "DELETE", "activities", 2.2},
      {"SELECT users.uuid, users.display_name, users.handle FROM public.users WHERE "
       "users.display_name ILIKE %(term)s LIMIT 20",
       "SELECT cruddur", "SELECT", "users", 4.5},
      {"SELECT activities.uuid, activities.message FROM public.activities WHERE "
       "activities.message ILIKE %(term)s ORDER BY activities.created_at DESC LIMIT 20",
       "SELECT cruddur", "SELECT", "activities", 6.0},
      {"SELECT settings.key, settings.value FROM public.user_settings settings WHERE "
       "settings.user_uuid = %(user_uuid)s",
       "SELECT cruddur", "SELECT", "user_settings", 0.4},
      {"SELECT blocks.blocked_uuid FROM public.blocks WHERE blocks.user_uuid = %(user_uuid)s",
       "SELECT cruddur", "SELECT", "blocks", 0.4},
      {"SELECT 1", "SELECT cruddur", "SELECT", "", 0.1},
      {"BEGIN", "BEGIN cruddur", "BEGIN", "", 0.05},
      {"COMMIT", "COMMIT cruddur", "COMMIT", "", 0.4},
  }};
  return kSql;
}

// Section: users ----------------------------------------------------------

void FormatUserId(uint32_t rank, char out[36]) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t state = 0xC0DDu ^ (uint64_t{rank} << 20);
  uint64_t words[2] = {SplitMix64(&state), SplitMix64(&state)};
  int pos = 0;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out[pos++] = '-';
    uint64_t w = words[i / 16];
    out[pos++] = kHex[(w >> (4 * (i % 16))) & 0xF];
  }
}

std::string UserId(uint32_t rank) {
  char buf[36];
  FormatUserId(rank, buf);
  return std::string(buf, 36);
}

void AppendHandle(uint32_t rank, std::string* out) {
  static constexpr std::array<std::string_view, 16> kBases = {
      "andrewbrown", "bayko", "londo", "altbrown", "garek", "worf",  "jadzia", "kira",
      "odo",         "quark", "sisko", "nog",      "rom",   "leeta", "vic",    "ezri"};
  out->append(kBases[rank % kBases.size()]);
  uint32_t suffix = rank / static_cast<uint32_t>(kBases.size());
  if (suffix == 0) return;
  char buf[10];
  int n = 0;
  while (suffix > 0) {
    buf[n++] = static_cast<char>('0' + suffix % 10);
    suffix /= 10;
  }
  while (n > 0) out->push_back(buf[--n]);
}

// Section: failures and pools ---------------------------------------------

const Failure& FailureFor(int layer) {
  static constexpr std::array<Failure, 3> kFailures = {{
      {"KeyError", "'handle'",
       "Traceback (most recent call last):\n"
       "  File \"/backend-flask/app.py\", line 184, in data_handle\n"
       "    model = UserActivities.run(handle)\n"
       "  File \"/backend-flask/services/user_activities.py\", line 21, in run\n"
       "    results = db.query_array_json(sql, {'handle': kwargs['handle']})\n"
       "KeyError: 'handle'\n"},
      {"psycopg.errors.UndefinedColumn", "column \"expires_at\" does not exist",
       "Traceback (most recent call last):\n"
       "  File \"/backend-flask/lib/db.py\", line 74, in query_array_json\n"
       "    cur.execute(wrapped_sql, params)\n"
       "  File \"/usr/local/lib/python3.10/site-packages/psycopg/cursor.py\", line 723, in "
       "execute\n"
       "    raise ex.with_traceback(None)\n"
       "psycopg.errors.UndefinedColumn: column \"expires_at\" does not exist\n"},
      {"botocore.exceptions.ClientError",
       "An error occurred (ProvisionedThroughputExceededException) when calling the Query "
       "operation: The level of configured provisioned throughput for the table was exceeded.",
       "Traceback (most recent call last):\n"
       "  File \"/backend-flask/lib/ddb.py\", line 39, in list_message_groups\n"
       "    response = client.query(**query_params)\n"
       "  File \"/usr/local/lib/python3.10/site-packages/botocore/client.py\", line 960, in "
       "_make_api_call\n"
       "    raise error_class(parsed_response, operation_name)\n"
       "botocore.exceptions.ClientError: An error occurred "
       "(ProvisionedThroughputExceededException)\n"},
  }};
  return kFailures[layer < 0 || layer > 2 ? 0 : layer];
}

std::span<const std::string_view> UserAgents() {
  static constexpr std::array<std::string_view, 8> kAgents = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/122.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
      "Version/17.3 Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
      "Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/122.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/122.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0",
      "curl/7.88.1",
  };
  return kAgents;
}

std::span<const std::string_view> ThreadNames() {
  static constexpr std::array<std::string_view, 8> kThreads = {
      "Thread-1 (process_request_thread)", "Thread-2 (process_request_thread)",
      "Thread-3 (process_request_thread)", "Thread-4 (process_request_thread)",
      "Thread-5 (process_request_thread)", "Thread-6 (process_request_thread)",
      "Thread-7 (process_request_thread)", "Thread-8 (process_request_thread)"};
  return kThreads;
}

}  // namespace waggle::synth::cruddur

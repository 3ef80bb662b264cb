// File: meta/error_items_table.h
//
// Rollbar-style error items (specs/rollbar.md §2): one row per
// (tenant, environment, fingerprint) in `error_items`, one small row per
// accepted occurrence in `error_occurrences` (for duplicate uuids, paging
// an item's instances and finding an occurrence's row in the column store),
// and the distinct people/IPs seen per item in `error_item_people` (for
// unique_occurrences). The occurrence itself — payload and all — lives in
// the column store (dataset "errors"); this file only keeps the index and
// the item aggregates.
//
// `tenant` is the Waggle environment of the key that sent the occurrence;
// `environment` is Rollbar's data.environment. Counters are project-wide:
// one sequence over every item. Functions take a Connection and run under
// the MetaStore's lock (use MetaStore::Transact to group them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 8: occurrence counts over a time window read an index range.
inline constexpr std::string_view kOccurrenceTimeIndexes =
    "CREATE INDEX error_occurrences_by_item_time ON error_occurrences(item_id, timestamp_ns);"
    "CREATE INDEX error_occurrences_by_tenant_time ON error_occurrences(tenant, timestamp_ns);";

// Migration 5.
inline constexpr std::string_view kErrorItemsSchemaV1 =
    "CREATE TABLE error_items ("
    " id INTEGER PRIMARY KEY,"
    " tenant TEXT NOT NULL,"
    " environment TEXT NOT NULL,"
    " fingerprint TEXT NOT NULL,"
    " counter INTEGER NOT NULL UNIQUE,"
    " title TEXT NOT NULL,"
    " level INTEGER NOT NULL,"
    " status TEXT NOT NULL,"
    " platform TEXT NOT NULL,"
    " language TEXT NOT NULL,"
    " framework TEXT NOT NULL,"
    " first_occurrence_id INTEGER NOT NULL,"
    " first_occurrence_ns INTEGER NOT NULL,"
    " last_occurrence_id INTEGER NOT NULL,"
    " last_occurrence_ns INTEGER NOT NULL,"
    " total_occurrences INTEGER NOT NULL,"
    " unique_occurrences INTEGER NOT NULL,"
    " last_activated_ns INTEGER,"
    " last_resolved_ns INTEGER,"
    " resolved_in_version TEXT,"
    " activating_occurrence_id INTEGER,"
    " UNIQUE (tenant, environment, fingerprint));"
    "CREATE INDEX error_items_by_last ON error_items(tenant, last_occurrence_ns);"
    "CREATE TABLE error_occurrences ("
    " id INTEGER PRIMARY KEY,"
    " item_id INTEGER NOT NULL REFERENCES error_items(id),"
    " tenant TEXT NOT NULL,"
    " uuid TEXT NOT NULL,"
    " timestamp_ns INTEGER NOT NULL,"
    " UNIQUE (tenant, uuid));"
    "CREATE INDEX error_occurrences_by_item ON error_occurrences(item_id, id);"
    "CREATE INDEX error_occurrences_by_tenant ON error_occurrences(tenant, id);"
    "CREATE TABLE error_item_people ("
    " item_id INTEGER NOT NULL REFERENCES error_items(id),"
    " person TEXT NOT NULL,"
    " PRIMARY KEY (item_id, person)) WITHOUT ROWID";

enum class ItemStatus { kActive, kResolved, kMuted };

// "active", "resolved", "muted".
std::string_view ItemStatusName(ItemStatus status);
// Parses a status name; nullopt for anything else.
std::optional<ItemStatus> ParseItemStatus(std::string_view name);

struct ItemRow {
  int64_t id = 0;
  std::string tenant;
  std::string environment;
  std::string fingerprint;
  int64_t counter = 0;
  std::string title;
  int level = 40;  // rank: debug 10, info 20, warning 30, error 40, critical 50
  ItemStatus status = ItemStatus::kActive;
  std::string platform, language, framework;
  int64_t first_occurrence_id = 0, first_occurrence_ns = 0;
  int64_t last_occurrence_id = 0, last_occurrence_ns = 0;
  int64_t total_occurrences = 0;
  int64_t unique_occurrences = 0;
  std::optional<int64_t> last_activated_ns, last_resolved_ns, activating_occurrence_id;
  std::optional<std::string> resolved_in_version;
};

// What the ingest path knows about one new occurrence.
struct NewOccurrence {
  std::string tenant;
  std::string environment;
  std::string fingerprint;
  std::string title;
  int level = 40;
  std::string uuid;
  std::string person;  // person.id, else the user IP, else ""
  std::string code_version;
  std::string platform, language, framework;
  int64_t timestamp_ns = 0;
};

struct OccurrenceAssignment {
  bool duplicate = false;  // the uuid was seen before: nothing changed
  int64_t occurrence_id = 0;
  int64_t item_id = 0;
  int64_t item_counter = 0;
  bool new_item = false;
  bool reactivated = false;
};

// Records `occ`: finds or creates its item (a new item takes the next
// counter, its title and level from `occ`, status active), inserts the
// occurrence and updates the item's counts and last-seen fields. A resolved
// item is reactivated (status active, title replaced) unless `occ` runs an
// older code version than the item's resolved_in_version; a muted item
// stays muted. An occurrence whose uuid the tenant already sent returns
// duplicate=true (with the earlier assignment's ids) and changes nothing.
// Call inside a transaction.
absl::StatusOr<OccurrenceAssignment> RecordOccurrence(Connection& conn, const NewOccurrence& occ);

// True if `version` is older than `resolved` (integers numerically, dotted
// versions component-wise; anything else is never older).
bool IsOlderVersion(std::string_view version, std::string_view resolved);

struct ItemFilter {
  std::string tenant;
  std::vector<ItemStatus> statuses;       // empty = any
  std::vector<int> levels;                // ranks; empty = any
  std::vector<std::string> environments;  // empty = any
  int page = 1;                           // 1-based
  int per_page = 100;
};

struct ItemPage {
  std::vector<ItemRow> items;  // most recently seen first
  int64_t total_count = 0;     // rows matching the filter, over all pages
};

// Items of filter.tenant matching every non-empty filter list.
absl::StatusOr<ItemPage> ListItems(Connection& conn, const ItemFilter& filter);
// Item `id` of `tenant`; NotFound if absent (or another tenant's).
absl::StatusOr<ItemRow> GetItem(Connection& conn, std::string_view tenant, int64_t id);
// The item whose counter is `counter`; NotFound if absent.
absl::StatusOr<ItemRow> GetItemByCounter(Connection& conn, std::string_view tenant,
                                         int64_t counter);

struct ItemPatch {
  std::optional<ItemStatus> status;
  std::optional<std::string> resolved_in_version;  // only with status resolved
  std::optional<int> level;
  std::optional<std::string> title;
};

// Applies `patch` to item `id` at `now_ns` (resolving records the time and
// version; un-resolving clears the version) and returns the updated row.
// NotFound if absent. Validation of values is the caller's.
absl::StatusOr<ItemRow> UpdateItem(Connection& conn, std::string_view tenant, int64_t id,
                                   const ItemPatch& patch, int64_t now_ns);

struct OccurrenceRow {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string uuid;
  int64_t timestamp_ns = 0;
};

// Page `page` (1-based) of item `item_id`'s occurrences, newest first, or of
// every occurrence of `tenant` when item_id is 0.
absl::StatusOr<std::vector<OccurrenceRow>> ListOccurrences(Connection& conn,
                                                           std::string_view tenant, int64_t item_id,
                                                           int page, int per_page);
// Occurrence `id` of `tenant`; NotFound if absent.
absl::StatusOr<OccurrenceRow> GetOccurrence(Connection& conn, std::string_view tenant, int64_t id);

struct OccurrenceCountFilter {
  std::string tenant;
  int64_t item_id = 0;                    // 0 = every item
  std::vector<std::string> environments;  // empty = any
  int min_level = 0;                      // ranks, inclusive
  int max_level = 1000;
  int64_t start_ns = 0;   // first bucket's start
  int64_t bucket_ns = 0;  // > 0
  int buckets = 0;        // > 0
};

// Occurrences of filter.tenant's items matching the filter in each of
// `buckets` consecutive buckets of `bucket_ns` from `start_ns` (zeros
// included), oldest first.
absl::StatusOr<std::vector<int64_t>> CountOccurrences(Connection& conn,
                                                      const OccurrenceCountFilter& filter);

}  // namespace waggle::meta

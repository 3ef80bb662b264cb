#include "meta/error_items_table.h"

#include <fmt/format.h>

#include "core/strings.h"

namespace waggle::meta {
namespace {

constexpr std::string_view kItemColumns =
    "id, tenant, environment, fingerprint, counter, title, level, status, platform, language,"
    " framework, first_occurrence_id, first_occurrence_ns, last_occurrence_id,"
    " last_occurrence_ns, total_occurrences, unique_occurrences, last_activated_ns,"
    " last_resolved_ns, resolved_in_version, activating_occurrence_id";

ItemRow ReadItem(const Statement& st) {
  ItemRow r;
  r.id = st.ColumnInt64(0);
  r.tenant = st.ColumnText(1);
  r.environment = st.ColumnText(2);
  r.fingerprint = st.ColumnText(3);
  r.counter = st.ColumnInt64(4);
  r.title = st.ColumnText(5);
  r.level = static_cast<int>(st.ColumnInt64(6));
  r.status = ParseItemStatus(st.ColumnText(7)).value_or(ItemStatus::kActive);
  r.platform = st.ColumnText(8);
  r.language = st.ColumnText(9);
  r.framework = st.ColumnText(10);
  r.first_occurrence_id = st.ColumnInt64(11);
  r.first_occurrence_ns = st.ColumnInt64(12);
  r.last_occurrence_id = st.ColumnInt64(13);
  r.last_occurrence_ns = st.ColumnInt64(14);
  r.total_occurrences = st.ColumnInt64(15);
  r.unique_occurrences = st.ColumnInt64(16);
  r.last_activated_ns = st.ColumnOptionalInt64(17);
  r.last_resolved_ns = st.ColumnOptionalInt64(18);
  r.resolved_in_version = st.ColumnOptionalText(19);
  r.activating_occurrence_id = st.ColumnOptionalInt64(20);
  return r;
}

constexpr std::string_view kOccurrenceColumns = "id, item_id, uuid, timestamp_ns";

// Reads a row selected with kOccurrenceColumns.
OccurrenceRow ReadOccurrence(const Statement& st) {
  return {st.ColumnInt64(0), st.ColumnInt64(1), st.ColumnText(2), st.ColumnInt64(3)};
}

absl::StatusOr<int64_t> NextId(Connection& conn, std::string_view table, std::string_view column) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT COALESCE(MAX({}), 0) + 1 FROM {}",
                                                          column, table)));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 1;
}

// The existing assignment of a duplicate uuid, if any.
absl::StatusOr<std::optional<OccurrenceAssignment>> FindDuplicate(Connection& conn,
                                                                  const NewOccurrence& occ) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT o.id, o.item_id, i.counter FROM error_occurrences o"
                                " JOIN error_items i ON i.id = o.item_id"
                                " WHERE o.tenant = ?1 AND o.uuid = ?2"));
  st.BindText(1, occ.tenant).BindText(2, occ.uuid);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::nullopt;
  return OccurrenceAssignment{true, st.ColumnInt64(0), st.ColumnInt64(1), st.ColumnInt64(2)};
}

absl::StatusOr<std::optional<ItemRow>> FindItem(Connection& conn, const NewOccurrence& occ) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM error_items WHERE tenant = ?1 AND "
                                            "environment = ?2 AND fingerprint = ?3",
                                            kItemColumns)));
  st.BindText(1, occ.tenant).BindText(2, occ.environment).BindText(3, occ.fingerprint);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::nullopt;
  return ReadItem(st);
}

absl::Status InsertItem(Connection& conn, const NewOccurrence& occ, int64_t id, int64_t counter,
                        int64_t occurrence_id) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare("INSERT INTO error_items (id, tenant, environment, fingerprint, counter, title,"
                   " level, status, platform, language, framework, first_occurrence_id,"
                   " first_occurrence_ns, last_occurrence_id, last_occurrence_ns,"
                   " total_occurrences, unique_occurrences)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', ?8, ?9, ?10, ?11, ?12, ?11,"
                   " ?12, 0, 0)"));
  st.BindInt64(1, id).BindText(2, occ.tenant).BindText(3, occ.environment);
  st.BindText(4, occ.fingerprint).BindInt64(5, counter).BindText(6, occ.title);
  st.BindInt64(7, occ.level).BindText(8, occ.platform).BindText(9, occ.language);
  st.BindText(10, occ.framework).BindInt64(11, occurrence_id).BindInt64(12, occ.timestamp_ns);
  return st.Run();
}

// Adds `person` to the item's distinct people; true if it was new.
absl::StatusOr<bool> AddPerson(Connection& conn, int64_t item_id, std::string_view person) {
  if (person.empty()) return false;
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("INSERT OR IGNORE INTO error_item_people"
                                              " (item_id, person) VALUES (?1, ?2)"));
  st.BindInt64(1, item_id).BindText(2, person);
  RETURN_IF_ERROR(st.Run());
  return conn.Changes() > 0;
}

absl::Status CountOccurrence(Connection& conn, const NewOccurrence& occ, int64_t item_id,
                             int64_t occurrence_id, bool new_person, bool reactivate) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare("UPDATE error_items SET total_occurrences = total_occurrences + 1,"
                   " unique_occurrences = unique_occurrences + ?3,"
                   " last_occurrence_id = ?2, last_occurrence_ns = MAX(last_occurrence_ns, ?4),"
                   " status = CASE WHEN ?5 THEN 'active' ELSE status END,"
                   " title = CASE WHEN ?5 THEN ?6 ELSE title END,"
                   " last_activated_ns = CASE WHEN ?5 THEN ?4 ELSE last_activated_ns END,"
                   " activating_occurrence_id = CASE WHEN ?5 THEN ?2"
                   " ELSE activating_occurrence_id END"
                   " WHERE id = ?1"));
  st.BindInt64(1, item_id).BindInt64(2, occurrence_id).BindInt64(3, new_person ? 1 : 0);
  st.BindInt64(4, occ.timestamp_ns).BindInt64(5, reactivate ? 1 : 0).BindText(6, occ.title);
  return st.Run();
}

bool ShouldReactivate(const ItemRow& item, const NewOccurrence& occ) {
  if (item.status != ItemStatus::kResolved) return false;
  if (!item.resolved_in_version || item.resolved_in_version->empty()) return true;
  return !IsOlderVersion(occ.code_version, *item.resolved_in_version);
}

// Splits "1.2.3" / "42" into numbers; false if any part is not a number.
bool VersionParts(std::string_view v, std::vector<int64_t>* parts) {
  if (v.starts_with('v') || v.starts_with('V')) v.remove_prefix(1);
  if (v.empty()) return false;
  for (std::string_view p : core::Split(v, '.')) {
    int64_t n;
    if (!core::ParseNumber(p, &n)) return false;
    parts->push_back(n);
  }
  return true;
}

}  // namespace

std::string_view ItemStatusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kActive:
      return "active";
    case ItemStatus::kResolved:
      return "resolved";
    case ItemStatus::kMuted:
      return "muted";
  }
  return "active";
}

std::optional<ItemStatus> ParseItemStatus(std::string_view name) {
  if (name == "active") return ItemStatus::kActive;
  if (name == "resolved") return ItemStatus::kResolved;
  if (name == "muted") return ItemStatus::kMuted;
  return std::nullopt;
}

bool IsOlderVersion(std::string_view version, std::string_view resolved) {
  std::vector<int64_t> a, b;
  if (!VersionParts(version, &a) || !VersionParts(resolved, &b)) return false;
  return a < b;
}

absl::StatusOr<OccurrenceAssignment> RecordOccurrence(Connection& conn, const NewOccurrence& occ) {
  ASSIGN_OR_RETURN(std::optional<OccurrenceAssignment> dup, FindDuplicate(conn, occ));
  if (dup) return *dup;
  OccurrenceAssignment out;
  ASSIGN_OR_RETURN(out.occurrence_id, NextId(conn, "error_occurrences", "id"));
  ASSIGN_OR_RETURN(std::optional<ItemRow> item, FindItem(conn, occ));
  bool reactivate = false;
  if (item) {
    out.item_id = item->id;
    out.item_counter = item->counter;
    reactivate = ShouldReactivate(*item, occ);
  } else {
    ASSIGN_OR_RETURN(out.item_id, NextId(conn, "error_items", "id"));
    ASSIGN_OR_RETURN(out.item_counter, NextId(conn, "error_items", "counter"));
    RETURN_IF_ERROR(InsertItem(conn, occ, out.item_id, out.item_counter, out.occurrence_id));
    out.new_item = true;
  }
  ASSIGN_OR_RETURN(Statement ins, conn.Prepare("INSERT INTO error_occurrences (id, item_id, tenant,"
                                               " uuid, timestamp_ns) VALUES (?1, ?2, ?3, ?4, ?5)"));
  ins.BindInt64(1, out.occurrence_id).BindInt64(2, out.item_id).BindText(3, occ.tenant);
  ins.BindText(4, occ.uuid).BindInt64(5, occ.timestamp_ns);
  RETURN_IF_ERROR(ins.Run());
  ASSIGN_OR_RETURN(bool new_person, AddPerson(conn, out.item_id, occ.person));
  RETURN_IF_ERROR(
      CountOccurrence(conn, occ, out.item_id, out.occurrence_id, new_person, reactivate));
  out.reactivated = reactivate;
  return out;
}

absl::StatusOr<ItemPage> ListItems(Connection& conn, const ItemFilter& f) {
  std::string where = "tenant = ?1";
  auto add_in = [&](std::string_view column, size_t n, int first_param) {
    if (n == 0) return;
    where += fmt::format(" AND {} IN (", column);
    for (size_t i = 0; i < n; ++i) where += fmt::format("{}?{}", i ? ", " : "", first_param + i);
    where += ")";
  };
  int param = 2;
  add_in("status", f.statuses.size(), param);
  param += static_cast<int>(f.statuses.size());
  add_in("level", f.levels.size(), param);
  param += static_cast<int>(f.levels.size());
  add_in("environment", f.environments.size(), param);
  auto bind = [&](Statement& st) {
    int p = 1;
    st.BindText(p++, f.tenant);
    for (ItemStatus s : f.statuses) st.BindText(p++, ItemStatusName(s));
    for (int l : f.levels) st.BindInt64(p++, l);
    for (const std::string& e : f.environments) st.BindText(p++, e);
  };
  ItemPage page;
  ASSIGN_OR_RETURN(Statement count,
                   conn.Prepare("SELECT COUNT(*) FROM error_items WHERE " + where));
  bind(count);
  ASSIGN_OR_RETURN(bool row, count.Step());
  page.total_count = row ? count.ColumnInt64(0) : 0;
  int64_t offset = int64_t{std::max(f.page, 1) - 1} * f.per_page;
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM error_items WHERE {} ORDER BY "
                                            "last_occurrence_ns DESC, id DESC LIMIT {} OFFSET {}",
                                            kItemColumns, where, f.per_page, offset)));
  bind(st);
  ASSIGN_OR_RETURN(page.items, CollectRows(st, ReadItem));
  return page;
}

absl::StatusOr<ItemRow> GetItem(Connection& conn, std::string_view tenant, int64_t id) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format(
                       "SELECT {} FROM error_items WHERE tenant = ?1 AND id = ?2", kItemColumns)));
  st.BindText(1, tenant).BindInt64(2, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return absl::NotFoundError(fmt::format("item {} not found", id));
  return ReadItem(st);
}

absl::StatusOr<ItemRow> GetItemByCounter(Connection& conn, std::string_view tenant,
                                         int64_t counter) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare(fmt::format("SELECT {} FROM error_items WHERE tenant = ?1 AND counter = ?2",
                               kItemColumns)));
  st.BindText(1, tenant).BindInt64(2, counter);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return absl::NotFoundError(fmt::format("no item has counter {}", counter));
  return ReadItem(st);
}

absl::StatusOr<ItemRow> UpdateItem(Connection& conn, std::string_view tenant, int64_t id,
                                   const ItemPatch& patch, int64_t now_ns) {
  ASSIGN_OR_RETURN(ItemRow item, GetItem(conn, tenant, id));
  if (patch.status) {
    if (*patch.status == ItemStatus::kResolved && item.status != ItemStatus::kResolved) {
      item.last_resolved_ns = now_ns;
    }
    if (*patch.status == ItemStatus::kActive && item.status != ItemStatus::kActive) {
      item.last_activated_ns = now_ns;
    }
    item.resolved_in_version =
        *patch.status == ItemStatus::kResolved ? patch.resolved_in_version : std::nullopt;
    item.status = *patch.status;
  }
  if (patch.level) item.level = *patch.level;
  if (patch.title) item.title = *patch.title;
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("UPDATE error_items SET status = ?2, level = ?3, title = ?4,"
                                " last_resolved_ns = ?5, last_activated_ns = ?6,"
                                " resolved_in_version = ?7 WHERE id = ?1"));
  st.BindInt64(1, id).BindText(2, ItemStatusName(item.status)).BindInt64(3, item.level);
  st.BindText(4, item.title).BindOptionalInt64(5, item.last_resolved_ns);
  st.BindOptionalInt64(6, item.last_activated_ns).BindOptionalText(7, item.resolved_in_version);
  RETURN_IF_ERROR(st.Run());
  return item;
}

absl::StatusOr<std::vector<OccurrenceRow>> ListOccurrences(Connection& conn,
                                                           std::string_view tenant, int64_t item_id,
                                                           int page, int per_page) {
  int64_t offset = int64_t{std::max(page, 1) - 1} * per_page;
  // Two shapes, so each walks an index in id order (error_occurrences_by_item
  // or _by_tenant) and stops after the page, rather than sorting them all.
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format(
                                     "SELECT {} FROM error_occurrences WHERE tenant = ?1{}"
                                     " ORDER BY id DESC LIMIT {} OFFSET {}",
                                     kOccurrenceColumns, item_id != 0 ? " AND item_id = ?2" : "",
                                     per_page, offset)));
  st.BindText(1, tenant);
  if (item_id != 0) st.BindInt64(2, item_id);
  return CollectRows(st, ReadOccurrence);
}

absl::StatusOr<OccurrenceRow> GetOccurrence(Connection& conn, std::string_view tenant, int64_t id) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM error_occurrences"
                                                          " WHERE tenant = ?1 AND id = ?2",
                                                          kOccurrenceColumns)));
  st.BindText(1, tenant).BindInt64(2, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return absl::NotFoundError(fmt::format("instance {} not found", id));
  return ReadOccurrence(st);
}

absl::StatusOr<std::vector<int64_t>> CountOccurrences(Connection& conn,
                                                      const OccurrenceCountFilter& f) {
  const int64_t end_ns = f.start_ns + f.bucket_ns * f.buckets;
  std::string where = f.item_id != 0 ? "o.item_id = ?4 AND i.tenant = ?1" : "o.tenant = ?1";
  for (size_t i = 0; i < f.environments.size(); ++i) {
    where += fmt::format("{}?{}", i ? ", " : " AND i.environment IN (", 8 + i);
  }
  if (!f.environments.empty()) where += ")";
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format(
                       "SELECT (o.timestamp_ns - ?2) / ?3, COUNT(*) FROM error_occurrences o"
                       " JOIN error_items i ON i.id = o.item_id WHERE {}"
                       " AND o.timestamp_ns >= ?2 AND o.timestamp_ns < ?7"
                       " AND i.level BETWEEN ?5 AND ?6 GROUP BY 1",
                       where)));
  st.BindText(1, f.tenant).BindInt64(2, f.start_ns).BindInt64(3, f.bucket_ns);
  st.BindInt64(4, f.item_id).BindInt64(5, f.min_level).BindInt64(6, f.max_level);
  st.BindInt64(7, end_ns);
  for (size_t i = 0; i < f.environments.size(); ++i) {
    st.BindText(static_cast<int>(8 + i), f.environments[i]);
  }
  std::vector<int64_t> counts(static_cast<size_t>(f.buckets), 0);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    int64_t bucket = st.ColumnInt64(0);
    if (bucket >= 0 && bucket < f.buckets) counts[static_cast<size_t>(bucket)] = st.ColumnInt64(1);
  }
  return counts;
}

}  // namespace waggle::meta

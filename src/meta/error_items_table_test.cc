#include "meta/error_items_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

class ErrorItemsTableTest : public MetaTableTest {
 protected:
  OccurrenceAssignment Record(NewOccurrence occ) {
    OccurrenceAssignment out;
    absl::Status s = store_->Transact([&](Connection& c) -> absl::Status {
      ASSIGN_OR_RETURN(out, RecordOccurrence(c, occ));
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }
  template <typename T, typename Fn>
  T Get(Fn fn) {
    T out{};
    absl::Status s = store_->Run([&](Connection& c) -> absl::Status {
      ASSIGN_OR_RETURN(out, fn(c));
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }
  ItemRow Item(int64_t id) {
    return Get<ItemRow>([&](Connection& c) { return GetItem(c, "default", id); });
  }
};

NewOccurrence Occ(std::string fingerprint, std::string uuid, int64_t ts, std::string person = "") {
  NewOccurrence o;
  o.tenant = "default";
  o.environment = "production";
  o.fingerprint = std::move(fingerprint);
  o.title = "TypeError: boom";
  o.level = 40;
  o.uuid = std::move(uuid);
  o.person = std::move(person);
  o.timestamp_ns = ts;
  o.language = "javascript";
  return o;
}

TEST_F(ErrorItemsTableTest, GroupsCountsAndDeduplicates) {
  OccurrenceAssignment a = Record(Occ("fp1", "u1", 100, "alice"));
  EXPECT_TRUE(a.new_item);
  EXPECT_EQ(a.item_counter, 1);
  OccurrenceAssignment b = Record(Occ("fp1", "u2", 200, "alice"));
  EXPECT_FALSE(b.new_item);
  EXPECT_EQ(b.item_id, a.item_id);
  EXPECT_NE(b.occurrence_id, a.occurrence_id);
  Record(Occ("fp1", "u3", 300, "bob"));
  OccurrenceAssignment dup = Record(Occ("fp1", "u2", 400, "carol"));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.occurrence_id, b.occurrence_id);
  OccurrenceAssignment other = Record(Occ("fp2", "u4", 500));
  EXPECT_EQ(other.item_counter, 2);
  NewOccurrence staging = Occ("fp1", "u5", 600);
  staging.environment = "staging";
  EXPECT_TRUE(Record(staging).new_item);

  ItemRow item = Item(a.item_id);
  EXPECT_EQ(item.total_occurrences, 3);
  EXPECT_EQ(item.unique_occurrences, 2);
  EXPECT_EQ(item.first_occurrence_ns, 100);
  EXPECT_EQ(item.last_occurrence_ns, 300);
  EXPECT_EQ(item.first_occurrence_id, a.occurrence_id);
  EXPECT_EQ(item.language, "javascript");

  ItemPage all = Get<ItemPage>([](Connection& c) { return ListItems(c, {.tenant = "default"}); });
  ASSERT_EQ(all.total_count, 3);
  EXPECT_EQ(all.items[0].environment, "staging");  // most recently seen first
  ItemPage prod = Get<ItemPage>([](Connection& c) {
    return ListItems(c, {.tenant = "default", .environments = {"production"}, .per_page = 1});
  });
  EXPECT_EQ(prod.total_count, 2);
  EXPECT_EQ(prod.items.size(), 1u);
  ItemPage none = Get<ItemPage>([](Connection& c) {
    return ListItems(c, {.tenant = "default", .statuses = {ItemStatus::kResolved}});
  });
  EXPECT_EQ(none.total_count, 0);
  ItemPage other_tenant =
      Get<ItemPage>([](Connection& c) { return ListItems(c, {.tenant = "prod"}); });
  EXPECT_EQ(other_tenant.total_count, 0);

  auto occs = Get<std::vector<OccurrenceRow>>(
      [&](Connection& c) { return ListOccurrences(c, "default", a.item_id, 1, 2); });
  ASSERT_EQ(occs.size(), 2u);
  EXPECT_EQ(occs[0].uuid, "u3");  // newest first
  EXPECT_EQ(Get<OccurrenceRow>([&](Connection& c) { return GetOccurrence(c, "default", 1); }).uuid,
            "u1");
}

TEST_F(ErrorItemsTableTest, ResolveReactivateMuteAndVersions) {
  OccurrenceAssignment a = Record(Occ("fp", "u1", 100));
  ItemPatch resolve{.status = ItemStatus::kResolved, .resolved_in_version = "1.4.0"};
  ItemRow resolved = Get<ItemRow>(
      [&](Connection& c) { return UpdateItem(c, "default", a.item_id, resolve, 150); });
  EXPECT_EQ(resolved.status, ItemStatus::kResolved);
  EXPECT_EQ(resolved.last_resolved_ns, 150);

  NewOccurrence old = Occ("fp", "u2", 200);
  old.code_version = "1.3.9";
  EXPECT_FALSE(Record(old).reactivated);
  EXPECT_EQ(Item(a.item_id).status, ItemStatus::kResolved);

  NewOccurrence fresh = Occ("fp", "u3", 300);
  fresh.code_version = "1.4.1";
  fresh.title = "TypeError: new title";
  OccurrenceAssignment r = Record(fresh);
  EXPECT_TRUE(r.reactivated);
  ItemRow item = Item(a.item_id);
  EXPECT_EQ(item.status, ItemStatus::kActive);
  EXPECT_EQ(item.title, "TypeError: new title");
  EXPECT_EQ(item.activating_occurrence_id, r.occurrence_id);
  EXPECT_EQ(item.last_activated_ns, 300);
  EXPECT_EQ(item.total_occurrences, 3);

  ItemPatch mute{.status = ItemStatus::kMuted, .level = 50, .title = "renamed"};
  Get<ItemRow>([&](Connection& c) { return UpdateItem(c, "default", a.item_id, mute, 400); });
  Record(Occ("fp", "u4", 500));
  item = Item(a.item_id);
  EXPECT_EQ(item.status, ItemStatus::kMuted);
  EXPECT_EQ(item.level, 50);
  EXPECT_EQ(item.title, "renamed");
  EXPECT_EQ(item.total_occurrences, 4);

  absl::Status missing =
      store_->Run([](Connection& c) { return GetItem(c, "default", 99).status(); });
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
}

TEST_F(ErrorItemsTableTest, ListsEveryOccurrenceOfATenantNewestFirst) {
  Record(Occ("fp1", "u1", 100));
  Record(Occ("fp2", "u2", 200));
  NewOccurrence other = Occ("fp1", "u3", 300);
  other.tenant = "prod";
  Record(other);
  Record(Occ("fp1", "u4", 400));
  auto uuids = [&](std::string_view tenant, int64_t item_id, int page, int per_page) {
    std::vector<std::string> out;
    for (const OccurrenceRow& r : Get<std::vector<OccurrenceRow>>(
             [&](Connection& c) { return ListOccurrences(c, tenant, item_id, page, per_page); })) {
      out.push_back(r.uuid);
    }
    return out;
  };
  using Uuids = std::vector<std::string>;
  EXPECT_EQ(uuids("default", 0, 1, 10), (Uuids{"u4", "u2", "u1"}));
  EXPECT_EQ(uuids("default", 0, 2, 2), (Uuids{"u1"}));
  EXPECT_EQ(uuids("prod", 0, 1, 10), (Uuids{"u3"}));
  EXPECT_EQ(uuids("default", 1, 1, 10), (Uuids{"u4", "u1"}));  // item 1 only
  EXPECT_EQ(uuids("prod", 1, 1, 10), (Uuids{}));               // item 1 is default's
}

TEST_F(ErrorItemsTableTest, CountsOccurrencesPerBucket) {
  int64_t item = Record(Occ("fp1", "u1", 1'000)).item_id;
  Record(Occ("fp1", "u2", 1'500));
  Record(Occ("fp1", "u3", 3'200));
  NewOccurrence staging = Occ("fp2", "u4", 1'100);
  staging.environment = "staging";
  staging.level = 30;
  Record(staging);
  Record(Occ("fp1", "u5", 9'000));  // after the window
  auto counts = [&](OccurrenceCountFilter f) {
    f.tenant = "default";
    f.start_ns = 1'000;
    f.bucket_ns = 1'000;
    f.buckets = 4;
    return Get<std::vector<int64_t>>([&](Connection& c) { return CountOccurrences(c, f); });
  };
  using Counts = std::vector<int64_t>;
  EXPECT_EQ(counts({}), (Counts{3, 0, 1, 0}));
  EXPECT_EQ(counts({.item_id = item}), (Counts{2, 0, 1, 0}));
  EXPECT_EQ(counts({.environments = {"staging"}}), (Counts{1, 0, 0, 0}));
  EXPECT_EQ(counts({.min_level = 40}), (Counts{2, 0, 1, 0}));
  EXPECT_EQ(counts({.max_level = 30}), (Counts{1, 0, 0, 0}));
  EXPECT_EQ(counts({.environments = {"production", "staging"}, .min_level = 10}),
            (Counts{3, 0, 1, 0}));
  OccurrenceCountFilter other{
      .tenant = "prod", .item_id = item, .start_ns = 0, .bucket_ns = 10'000, .buckets = 1};
  EXPECT_EQ(Get<std::vector<int64_t>>([&](Connection& c) { return CountOccurrences(c, other); }),
            (Counts{0}));  // another tenant's item
}

TEST(VersionTest, IsOlderVersion) {
  EXPECT_TRUE(IsOlderVersion("1.2.3", "1.10.0"));
  EXPECT_TRUE(IsOlderVersion("9", "10"));
  EXPECT_FALSE(IsOlderVersion("1.10", "1.9"));
  EXPECT_FALSE(IsOlderVersion("abc123", "def456"));
  EXPECT_FALSE(IsOlderVersion("", "1.0"));
  EXPECT_TRUE(IsOlderVersion("v1.0", "v1.1"));
}

}  // namespace
}  // namespace waggle::meta

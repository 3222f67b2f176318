// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// UserNameCache: one lookup per uid within the TTL, a new one after it; the
// passwd lookup on this machine's root and on a uid with no entry.

#include "platform_linux/user_name_cache.h"

#include <pwd.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pm::procfs {
namespace {

// A lookup that answers "user<uid>#<n>" for its n-th call and records uids.
struct FakeLookup {
  std::vector<Uid> calls;
  std::string operator()(Uid uid) {
    calls.push_back(uid);
    return absl::StrCat("user", uid, "#", calls.size());
  }
};

class UserNameCacheTest : public ::testing::Test {
 protected:
  UserNameCache MakeCache(absl::Duration ttl) {
    return UserNameCache(
        ttl, [this](Uid uid) { return lookup_(uid); }, [this] { return now_; });
  }

  FakeLookup lookup_;
  absl::Time now_ = absl::FromUnixSeconds(1767225600);
};

TEST_F(UserNameCacheTest, LooksEachUidUpOnceWithinTheTtl) {
  UserNameCache cache = MakeCache(absl::Seconds(5));
  EXPECT_EQ(cache.Name(1000), "user1000#1");
  EXPECT_EQ(cache.Name(0), "user0#2");
  now_ += absl::Milliseconds(4999);
  EXPECT_EQ(cache.Name(1000), "user1000#1");
  EXPECT_EQ(cache.Name(0), "user0#2");
  EXPECT_EQ(lookup_.calls, (std::vector<Uid>{1000, 0}));
}

TEST_F(UserNameCacheTest, LooksAgainOnceTheTtlHasPassed) {
  UserNameCache cache = MakeCache(absl::Seconds(5));
  EXPECT_EQ(cache.Name(1000), "user1000#1");
  now_ += absl::Seconds(5);
  EXPECT_EQ(cache.Name(1000), "user1000#2");
  EXPECT_EQ(cache.Name(1000), "user1000#2");
  EXPECT_EQ(lookup_.calls, (std::vector<Uid>{1000, 1000}));
}

TEST_F(UserNameCacheTest, ClockSteppedBackLooksAgain) {
  UserNameCache cache = MakeCache(absl::Seconds(5));
  EXPECT_EQ(cache.Name(7), "user7#1");
  now_ -= absl::Hours(1);
  EXPECT_EQ(cache.Name(7), "user7#2");
  EXPECT_EQ(lookup_.calls, (std::vector<Uid>{7, 7}));
}

TEST_F(UserNameCacheTest, ZeroTtlNeverReuses) {
  UserNameCache cache = MakeCache(absl::ZeroDuration());
  EXPECT_EQ(cache.Name(1), "user1#1");
  EXPECT_EQ(cache.Name(1), "user1#2");
}

TEST(PasswdUserNameTest, NamesRootAsThePasswdDatabaseDoes) {
  struct passwd* root = getpwuid(0);
  ASSERT_NE(root, nullptr) << "no passwd entry for uid 0 here";
  EXPECT_EQ(PasswdUserName(0), std::string(root->pw_name));
}

TEST(PasswdUserNameTest, UidWithoutEntryIsItsNumber) {
  // Far from any range that systems allocate (nobody is 65534 or 4294967294).
  const Uid unused = 4000000123u;
  ASSERT_EQ(getpwuid(static_cast<uid_t>(unused)), nullptr);
  EXPECT_EQ(PasswdUserName(unused), "4000000123");
}

}  // namespace
}  // namespace pm::procfs

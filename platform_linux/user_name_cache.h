// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// UserNameCache: uid -> passwd name, asking the passwd database once per uid
// for a while instead of once per process.

#ifndef PM_PLATFORM_LINUX_USER_NAME_CACHE_H_
#define PM_PLATFORM_LINUX_USER_NAME_CACHE_H_

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "core/process.h"

namespace pm::procfs {

// Returns the passwd name of `uid` (getpwuid_r), or the uid in decimal when
// the database has no entry or cannot be read. Never fails. Thread-safe.
std::string PasswdUserName(Uid uid);

// Remembers user names by uid. A name is looked up again once it is older
// than `ttl`, so a user added or renamed in the passwd database shows within
// `ttl` in a long-lived process, while a listing of 300 processes of one user
// asks the database once (each getpwuid_r opens and parses /etc/passwd or
// asks NSS).
//
// Example:
//   UserNameCache users;
//   users.Name(0);  // "root", from getpwuid_r
//   users.Name(0);  // "root", from the cache
//
// Thread-compatible. `lookup` and `clock` are for tests.
class UserNameCache {
 public:
  using Lookup = std::function<std::string(Uid)>;
  using Clock = std::function<absl::Time()>;

  static constexpr absl::Duration kDefaultTtl = absl::Seconds(5);

  explicit UserNameCache(absl::Duration ttl = kDefaultTtl,
                         Lookup lookup = PasswdUserName,
                         Clock clock = absl::Now);

  // The name of `uid` (see PasswdUserName), from the cache when it was
  // looked up less than `ttl` ago.
  const std::string& Name(Uid uid);

 private:
  struct Entry {
    std::string name;
    absl::Time looked_up;
  };

  absl::Duration ttl_;
  Lookup lookup_;
  Clock clock_;
  absl::flat_hash_map<Uid, Entry> entries_;
};

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_USER_NAME_CACHE_H_

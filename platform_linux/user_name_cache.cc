// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// UserNameCache and the getpwuid_r lookup behind it.

#include "platform_linux/user_name_cache.h"

#include <pwd.h>
#include <sys/types.h>

#include <cerrno>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace pm::procfs {

std::string PasswdUserName(Uid uid) {
  std::vector<char> buf(16384);
  while (true) {
    struct passwd pwd;
    struct passwd* result = nullptr;
    const int rc = getpwuid_r(static_cast<uid_t>(uid), &pwd, buf.data(),
                              buf.size(), &result);
    if (rc == ERANGE && buf.size() < (1u << 20)) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc == 0 && result != nullptr) return result->pw_name;
    return absl::StrCat(uid);
  }
}

UserNameCache::UserNameCache(absl::Duration ttl, Lookup lookup, Clock clock)
    : ttl_(ttl), lookup_(std::move(lookup)), clock_(std::move(clock)) {}

const std::string& UserNameCache::Name(Uid uid) {
  const absl::Time now = clock_();
  auto [it, inserted] = entries_.try_emplace(uid);
  Entry& entry = it->second;
  // Why: a clock stepped back would otherwise keep a name for as long.
  if (inserted || now < entry.looked_up || now - entry.looked_up >= ttl_) {
    entry.name = lookup_(uid);
    entry.looked_up = now;
  }
  return entry.name;
}

}  // namespace pm::procfs

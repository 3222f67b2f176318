// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Helpers for the live owner tests: loopback listeners, child processes that
// hold inherited sockets, and a deliberately naive /proc scan as the oracle.

#ifndef PM_PLATFORM_LINUX_OWNER_TEST_UTIL_H_
#define PM_PLATFORM_LINUX_OWNER_TEST_UTIL_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "core/process.h"

namespace pm::procfs::testing {

// A TCP socket listening on 127.0.0.1:<any>, or -1 (the test then fails on
// its own ASSERT). `fsuid`, when set (root only), is the socket's owning uid:
// the socket is created under setfsuid(fsuid).
int ListenLoopback(std::optional<Uid> fsuid = std::nullopt);
uint16_t PortOf(int fd);
uint64_t InodeOf(int fd);

// A forked child that holds every descriptor it inherited until the object is
// destroyed (then it is released, exits and is reaped). With `uid` (root
// only) it first becomes that user, and stays dumpable so that /proc/<pid>
// belongs to that uid as it would after an exec. Construction returns once
// the child is ready. Thread-compatible.
class HoldingChild {
 public:
  explicit HoldingChild(std::optional<Uid> uid = std::nullopt);
  ~HoldingChild();
  HoldingChild(const HoldingChild&) = delete;
  HoldingChild& operator=(const HoldingChild&) = delete;

  Pid pid() const { return pid_; }
  // False when fork or the uid change failed.
  bool ok() const { return ok_; }

 private:
  pid_t pid_ = -1;
  int release_fd_ = -1;
  bool ok_ = false;
};

// Socket inode -> the PIDs holding it, by readdir of /proc and /proc/<pid>/fd
// and readlink of every fd with std::string paths: no shortcut pm takes.
std::map<uint64_t, std::set<Pid>> NaiveSocketOwners();

}  // namespace pm::procfs::testing

#endif  // PM_PLATFORM_LINUX_OWNER_TEST_UTIL_H_

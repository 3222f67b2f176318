// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The order in which a first-owner scan visits processes: the processes of the
// socket's uid first, newest first, so the usual holder is met early.

#ifndef PM_PLATFORM_LINUX_OWNER_CANDIDATES_H_
#define PM_PLATFORM_LINUX_OWNER_CANDIDATES_H_

#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "core/process.h"

namespace pm::procfs {

// Sorts `pids` newest first, as far as PIDs tell: PIDs are handed out upwards
// from the last one allocated and wrap at pid_max, so the newest are those at
// or below `last_pid` in descending order, then those above it (allocated
// before the counter wrapped), also descending. Without `last_pid` the order is
// plain descending. Why: /proc/<pid>/stat's start time would be exact but
// costs a file read per process, more than the scan it is meant to shorten.
//
// Example: OrderNewestFirst({3, 7, 9, 100, 200}, 9) -> {9, 7, 3, 200, 100}.
// Thread-safe.
void OrderNewestFirst(std::vector<Pid>& pids, std::optional<Pid> last_pid);

// Returns the last PID allocated in the caller's PID namespace, from
// <root_fd>/sys/kernel/ns_last_pid, or nullopt when that file is missing
// (fixture trees) or garbled. Thread-safe.
std::optional<Pid> ReadLastPid(int root_fd);

// Returns true when `uid` is one of `preferred`. Thread-safe.
bool IsPreferredUid(std::optional<Uid> uid, absl::Span<const Uid> preferred);

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_OWNER_CANDIDATES_H_

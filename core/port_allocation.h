// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The PortManager's records: an allocation as the state directory keeps it
// (AllocationRecord), and the answer to an allocation request (PortAllocation).

#ifndef PM_CORE_PORT_ALLOCATION_H_
#define PM_CORE_PORT_ALLOCATION_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm {

// A port given to a service, as stored. A value type.
struct AllocationRecord {
  std::string service;
  uint16_t port = 0;            // The port allocated.
  uint16_t requested_port = 0;  // The service's default port at the time.
  Protocol protocol = Protocol::kTcp;
  std::string host = "localhost";
  absl::Time allocated_at = absl::UnixEpoch();
  // The process that allocated it. Unless `persistent`, the allocation lapses
  // when that process is gone (its PID no longer names the process started at
  // `start_token`); 0 when unknown.
  Pid pid = 0;
  uint64_t start_token = 0;
  // Kept until released, whoever made it (what `pm port alloc` makes, since
  // the pm process exits right after).
  bool persistent = false;

  friend bool operator==(const AllocationRecord& a, const AllocationRecord& b) {
    return a.service == b.service && a.port == b.port &&
           a.requested_port == b.requested_port && a.protocol == b.protocol &&
           a.host == b.host && a.allocated_at == b.allocated_at &&
           a.pid == b.pid && a.start_token == b.start_token &&
           a.persistent == b.persistent;
  }
};

// The outcome of an allocation request (the seeds' three statuses).
enum class AllocationStatus {
  kAllocated,  // `allocated_port` is the service's.
  kInUse,      // The default port and every port of the range are taken.
  kError,      // Unknown service, or the OS / the state directory failed.
};

// "allocated", "in_use", "error".
absl::string_view AllocationStatusName(AllocationStatus status);

// The answer to PortManager::Allocate. A value type.
struct PortAllocation {
  std::string service;
  uint16_t requested_port = 0;  // The default port (0 for an unknown service).
  uint16_t allocated_port = 0;  // 0 unless status is kAllocated.
  AllocationStatus status = AllocationStatus::kError;
  std::string message;  // For people: what happened and why.
};

}  // namespace pm

#endif  // PM_CORE_PORT_ALLOCATION_H_

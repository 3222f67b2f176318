// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// AllocationStore: where the PortManager keeps its allocations, and how it
// changes them without racing other threads or other processes.

#ifndef PM_CORE_PORT_ALLOCATION_STORE_H_
#define PM_CORE_PORT_ALLOCATION_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/port_allocation.h"
#include "core/port_state_io.h"

namespace pm {

// A set of allocations with read-modify-write transactions.
//
// Contract for implementations:
//  * Load() returns one consistent snapshot (never a half-written one).
//  * Update(mutate) runs `mutate` on the current records while holding the
//    store exclusively against every other Update, in any thread and (for the
//    file store) any process; when `mutate` returns true the records are
//    stored before the exclusion ends. `mutate` returning an error, or false,
//    leaves the store as it was; its error is returned.
//  * Thread-safe.
class AllocationStore {
 public:
  using Mutation =
      std::function<absl::StatusOr<bool>(std::vector<AllocationRecord>&)>;

  virtual ~AllocationStore() = default;

  virtual absl::StatusOr<std::vector<AllocationRecord>> Load() = 0;
  virtual absl::Status Update(const Mutation& mutate) = 0;
  // Where the records live, for messages: "memory" or the file's path.
  virtual std::string where() const = 0;
};

// Records in this process's memory, guarded by a std::mutex: allocations are
// shared by the PortManagers using this store, and by no other process.
std::unique_ptr<AllocationStore> NewMemoryAllocationStore();

// Records in `<state_dir>/allocations.json` (a ports document holding only
// "allocations", see core/port_json.h), shared by every process that uses the
// same directory. Update() creates the directory if needed, takes
// StateIo::LockFile on `<state_dir>/allocations.lock` (flock; the kernel
// drops it if the process dies), reads the file, runs the mutation, replaces
// the file atomically (temp, fsync, rename) and unlocks; Load() reads without
// the lock, which the atomic replace makes safe. A file that does not parse
// fails both with InvalidArgument naming the file and the field, and is left
// as it is. `io` must outlive the store.
std::unique_ptr<AllocationStore> NewFileAllocationStore(std::string state_dir,
                                                        StateIo* io);

}  // namespace pm

#endif  // PM_CORE_PORT_ALLOCATION_STORE_H_

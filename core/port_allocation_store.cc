// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The memory and file AllocationStores.

#include "core/port_allocation_store.h"

#include <mutex>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/port_json.h"
#include "core/status_macros.h"

namespace pm {
namespace {

class MemoryAllocationStore final : public AllocationStore {
 public:
  absl::StatusOr<std::vector<AllocationRecord>> Load() override {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
  }

  absl::Status Update(const Mutation& mutate) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<AllocationRecord> records = records_;
    PM_ASSIGN_OR_RETURN(bool changed, mutate(records));
    if (changed) records_ = std::move(records);
    return absl::OkStatus();
  }

  std::string where() const override { return "memory"; }

 private:
  std::mutex mu_;
  std::vector<AllocationRecord> records_;  // Guarded by mu_.
};

class FileAllocationStore final : public AllocationStore {
 public:
  FileAllocationStore(std::string state_dir, StateIo* io)
      : state_dir_(std::move(state_dir)),
        path_(absl::StrCat(state_dir_, "/allocations.json")),
        lock_path_(absl::StrCat(state_dir_, "/allocations.lock")),
        io_(*io) {}

  absl::StatusOr<std::vector<AllocationRecord>> Load() override {
    absl::StatusOr<PortsDocument> document = LoadPortsFile(io_, path_);
    if (absl::IsNotFound(document.status())) {
      return std::vector<AllocationRecord>();
    }
    if (!document.ok()) return document.status();
    return std::move(document->allocations);
  }

  absl::Status Update(const Mutation& mutate) override {
    PM_RETURN_IF_ERROR(io_.CreateDirectories(state_dir_));
    PM_ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock,
                        io_.LockFile(lock_path_));
    PM_ASSIGN_OR_RETURN(std::vector<AllocationRecord> records, Load());
    PM_ASSIGN_OR_RETURN(bool changed, mutate(records));
    if (!changed) return absl::OkStatus();
    PortsDocument document;
    document.allocations = std::move(records);
    return SavePortsFile(io_, path_, document);
  }

  std::string where() const override { return path_; }

 private:
  const std::string state_dir_;
  const std::string path_;
  const std::string lock_path_;
  StateIo& io_;
};

}  // namespace

std::unique_ptr<AllocationStore> NewMemoryAllocationStore() {
  return std::make_unique<MemoryAllocationStore>();
}

std::unique_ptr<AllocationStore> NewFileAllocationStore(std::string state_dir,
                                                        StateIo* io) {
  return std::make_unique<FileAllocationStore>(std::move(state_dir), io);
}

}  // namespace pm

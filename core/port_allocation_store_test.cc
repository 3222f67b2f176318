// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The memory and file AllocationStores: transactions, files left untouched on
// error, and exclusion across threads and processes (read-modify-write of a
// counter loses no update).

#include "core/port_allocation_store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "platform_posix/state_io.h"

namespace pm {
namespace {

std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/store_", name, "_",
                      getpid());
}

AllocationRecord Record(const std::string& service, uint16_t port) {
  AllocationRecord r;
  r.service = service;
  r.port = port;
  r.requested_port = port;
  return r;
}

AllocationStore::Mutation Append(AllocationRecord record) {
  return
      [record](std::vector<AllocationRecord>& records) -> absl::StatusOr<bool> {
        records.push_back(record);
        return true;
      };
}

// Adds one to the start_token of the record "counter" (creating it).
absl::Status Increment(AllocationStore& store) {
  return store.Update(
      [](std::vector<AllocationRecord>& records) -> absl::StatusOr<bool> {
        if (records.empty()) records.push_back(Record("counter", 1));
        ++records[0].start_token;
        return true;
      });
}

void ExpectTransactions(AllocationStore& store) {
  EXPECT_TRUE(store.Load()->empty());
  ASSERT_TRUE(store.Update(Append(Record("a", 5000))).ok());
  ASSERT_TRUE(store.Update(Append(Record("b", 5001))).ok());
  // An error, or "unchanged", stores nothing.
  absl::Status failed = store.Update(
      [](std::vector<AllocationRecord>& records) -> absl::StatusOr<bool> {
        records.clear();
        return absl::NotFoundError("nope");
      });
  EXPECT_EQ(failed, absl::NotFoundError("nope"));
  ASSERT_TRUE(store
                  .Update([](std::vector<AllocationRecord>& records)
                              -> absl::StatusOr<bool> {
                    records.clear();
                    return false;
                  })
                  .ok());
  absl::StatusOr<std::vector<AllocationRecord>> records = store.Load();
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].service, "a");
  EXPECT_EQ((*records)[1].port, 5001);
}

TEST(MemoryAllocationStoreTest, Transactions) {
  std::unique_ptr<AllocationStore> store = NewMemoryAllocationStore();
  ExpectTransactions(*store);
  EXPECT_EQ(store->where(), "memory");
}

TEST(FileAllocationStoreTest, TransactionsAndSharingThroughTheDirectory) {
  posix::PosixStateIo io;
  const std::string dir = TestDir("tx") + "/nested/state";
  std::unique_ptr<AllocationStore> store = NewFileAllocationStore(dir, &io);
  ExpectTransactions(*store);
  EXPECT_EQ(store->where(), dir + "/allocations.json");
  std::unique_ptr<AllocationStore> other = NewFileAllocationStore(dir, &io);
  EXPECT_EQ(other->Load()->size(), 2u);
}

TEST(FileAllocationStoreTest, AnInvalidFileIsReportedAndLeftAsItIs) {
  posix::PosixStateIo io;
  const std::string dir = TestDir("invalid");
  ASSERT_TRUE(io.CreateDirectories(dir).ok());
  const std::string path = dir + "/allocations.json";
  const std::string bad = R"({"allocations": [{"service": "a", "port": 0}]})";
  ASSERT_TRUE(io.WriteFileAtomically(path, bad).ok());
  std::unique_ptr<AllocationStore> store = NewFileAllocationStore(dir, &io);
  absl::Status status = store->Update(Append(Record("b", 5001)));
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_EQ(status.message(),
            absl::StrCat(path, ": allocations[0].port: 0 is not a port"));
  EXPECT_EQ(store->Load().status(), status);
  EXPECT_EQ(*io.ReadFile(path), bad);
}

TEST(FileAllocationStoreTest, ThreadsAndProcessesLoseNoUpdate) {
  posix::PosixStateIo io;
  const std::string dir = TestDir("exclusion");
  constexpr int kProcesses = 4;
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      posix::PosixStateIo child_io;
      std::unique_ptr<AllocationStore> store =
          NewFileAllocationStore(dir, &child_io);
      for (int i = 0; i < kIncrements; ++i) {
        if (!Increment(*store).ok()) _exit(1);
      }
      _exit(0);
    }
    children.push_back(child);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::unique_ptr<AllocationStore> store = NewFileAllocationStore(dir, &io);
      for (int i = 0; i < kIncrements; ++i) {
        absl::Status status = Increment(*store);
        EXPECT_TRUE(status.ok()) << status;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::unique_ptr<AllocationStore> store = NewFileAllocationStore(dir, &io);
  absl::StatusOr<std::vector<AllocationRecord>> records = store->Load();
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].start_token,
            uint64_t{(kProcesses + kThreads) * kIncrements});
}

}  // namespace
}  // namespace pm

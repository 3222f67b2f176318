// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for PID file staleness and the PidFile owner, over an in-memory
// LocalSystem and process table (platform_posix/pid_file_test.cc runs the
// same operations on the real OS).

#include "core/pid_file.h"

#include <map>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

// Files in a map; everything else is Unimplemented.
class MemoryFiles : public LocalSystem {
 public:
  std::map<std::string, std::string> files;

  Pid CurrentPid() override { return 1; }
  absl::StatusOr<std::string> HostName() override { return Unimplemented(); }
  absl::StatusOr<std::string> CurrentDirectory() override {
    return Unimplemented();
  }
  absl::StatusOr<std::string> DefaultStateDirectory() override {
    return Unimplemented();
  }
  absl::Status EnsurePrivateDirectory(const std::string&) override {
    return Unimplemented();
  }
  absl::StatusOr<std::string> ReadFile(const std::string& path,
                                       size_t max_bytes) override {
    auto it = files.find(path);
    if (it == files.end()) return absl::NotFoundError(path);
    if (it->second.size() > max_bytes) return absl::InvalidArgumentError(path);
    return it->second;
  }
  absl::Status ReplaceFile(const std::string& path,
                           absl::string_view contents) override {
    files[path] = std::string(contents);
    return absl::OkStatus();
  }
  absl::Status RemoveFile(const std::string& path) override {
    return files.erase(path) == 1 ? absl::OkStatus()
                                  : absl::NotFoundError(path);
  }
  absl::StatusOr<std::unique_ptr<HeldFileLock>> TryLockFile(
      const std::string&) override {
    return Unimplemented();
  }
  absl::StatusOr<std::unique_ptr<ChannelListener>> Listen(
      const std::string&, ChannelHandler) override {
    return Unimplemented();
  }
  absl::StatusOr<std::string> Call(const std::string&, absl::string_view,
                                   absl::Duration) override {
    return Unimplemented();
  }

 private:
  static absl::Status Unimplemented() {
    return absl::UnimplementedError("not in this fake");
  }
};

class FakeDiscovery : public ProcessDiscovery {
 public:
  std::map<Pid, absl::StatusOr<ProcessInfo>> table;

  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override {
    auto it = table.find(pid);
    if (it == table.end()) return absl::NotFoundError("no such process");
    return it->second;
  }
  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override {
    return absl::UnimplementedError("not in this fake");
  }
};

ProcessInfo Process(Pid pid, uint64_t token) {
  ProcessInfo info;
  info.pid = pid;
  info.start_token = token;
  info.name = "server";
  return info;
}

TEST(CheckPidFileTest, SameIdentityIsRunningAndVerified) {
  MemoryFiles files;
  FakeDiscovery discovery;
  discovery.table[42] = Process(42, 1000);
  ASSERT_TRUE(WritePidFile(files, "/r/a.pid", {42, 1000}).ok());
  EXPECT_EQ(files.files["/r/a.pid"], "42\n1000\n");
  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(files, discovery, "/r/a.pid");
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->path, "/r/a.pid");
  EXPECT_EQ(check->state, PidFileState::kRunning);
  EXPECT_TRUE(check->verified);
  EXPECT_FALSE(check->stale());
  ASSERT_TRUE(check->process.has_value());
  EXPECT_EQ(check->process->name, "server");
}

TEST(CheckPidFileTest, GoneProcessIsExited) {
  MemoryFiles files;
  FakeDiscovery discovery;
  files.files["/r/a.pid"] = "42\n1000\n";
  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(files, discovery, "/r/a.pid");
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->state, PidFileState::kExited);
  EXPECT_TRUE(check->stale());
  EXPECT_FALSE(check->process.has_value());
}

TEST(CheckPidFileTest, OtherStartTokenIsPidReused) {
  MemoryFiles files;
  FakeDiscovery discovery;
  discovery.table[42] = Process(42, 2000);
  files.files["/r/a.pid"] = "42\n1000\n";
  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(files, discovery, "/r/a.pid");
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->state, PidFileState::kPidReused);
  EXPECT_TRUE(check->stale());
  EXPECT_EQ(check->process->start_token, 2000u);
}

TEST(CheckPidFileTest, OneLineFileIsRunningUnverified) {
  MemoryFiles files;
  FakeDiscovery discovery;
  discovery.table[42] = Process(42, 2000);
  files.files["/r/a.pid"] = "42\n";
  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(files, discovery, "/r/a.pid");
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->state, PidFileState::kRunning);
  EXPECT_FALSE(check->verified);
}

TEST(CheckPidFileTest, DiscoveryErrorsOtherThanNotFoundAreReturned) {
  MemoryFiles files;
  FakeDiscovery discovery;
  discovery.table[42] = absl::PermissionDeniedError("proc_pidinfo(42)");
  files.files["/r/a.pid"] = "42\n1000\n";
  EXPECT_EQ(CheckPidFile(files, discovery, "/r/a.pid").status(),
            absl::PermissionDeniedError("proc_pidinfo(42)"));
}

TEST(CheckPidFileTest, InvalidContentIsInvalidArgumentAndKept) {
  MemoryFiles files;
  FakeDiscovery discovery;
  files.files["/r/a.pid"] = "abc";
  EXPECT_EQ(CheckPidFile(files, discovery, "/r/a.pid").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(files.files["/r/a.pid"], "abc");
}

TEST(WritePidFileTest, RefusesPidsNoProcessHas) {
  MemoryFiles files;
  EXPECT_EQ(WritePidFile(files, "/r/a.pid", {0, 1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(files.files.empty());
}

TEST(PidFileTest, RemovesItsFileOnDestruction) {
  MemoryFiles files;
  {
    absl::StatusOr<std::unique_ptr<PidFile>> owner =
        PidFile::Create(files, "/r/a.pid", {42, 1000});
    ASSERT_TRUE(owner.ok()) << owner.status();
    EXPECT_EQ(files.files.count("/r/a.pid"), 1u);
  }
  EXPECT_EQ(files.files.count("/r/a.pid"), 0u);
}

TEST(PidFileTest, LeavesAFileThatNamesAnotherProcess) {
  MemoryFiles files;
  absl::StatusOr<std::unique_ptr<PidFile>> owner =
      PidFile::Create(files, "/r/a.pid", {42, 1000});
  ASSERT_TRUE(owner.ok()) << owner.status();
  files.files["/r/a.pid"] = "43\n5\n";  // A newer instance took over.
  EXPECT_EQ((*owner)->Remove().code(), absl::StatusCode::kFailedPrecondition);
  owner->reset();
  EXPECT_EQ(files.files["/r/a.pid"], "43\n5\n");
}

TEST(PidFileTest, RemoveOfAGoneFileIsOk) {
  MemoryFiles files;
  absl::StatusOr<std::unique_ptr<PidFile>> owner =
      PidFile::Create(files, "/r/a.pid", {42, 1000});
  ASSERT_TRUE(owner.ok()) << owner.status();
  files.files.clear();
  EXPECT_TRUE((*owner)->Remove().ok());
}

TEST(PidFileStateNameTest, StableNames) {
  EXPECT_EQ(PidFileStateName(PidFileState::kRunning), "running");
  EXPECT_EQ(PidFileStateName(PidFileState::kExited), "exited");
  EXPECT_EQ(PidFileStateName(PidFileState::kPidReused), "pid_reused");
}

}  // namespace
}  // namespace pm

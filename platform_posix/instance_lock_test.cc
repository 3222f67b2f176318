// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The single-instance lock across real processes: a helper holds the lock, this
// test is the second instance (and the reverse); SIGKILL frees the lock.

#include "core/instance_lock.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/backend.h"
#include "core/local_system.h"
#include "gtest/gtest.h"
#include "platform_posix/test_child.h"

namespace pm {
namespace {

using posix::testing::MakeShortTempDir;
using posix::testing::ReadFileOrEmpty;
using posix::testing::RemoveFlatDir;
using posix::testing::RunfilePath;
using posix::testing::TestChild;
using posix::testing::WaitForFileContaining;

constexpr char kApp[] = "test-app";
constexpr absl::Duration kTimeout = absl::Seconds(60);

std::string HostName() {
  char name[256] = {};
  gethostname(name, sizeof(name) - 1);
  return name;
}

std::string Cwd() {
  char buffer[4096];
  return getcwd(buffer, sizeof(buffer)) != nullptr ? buffer : "";
}

class InstanceLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeShortTempDir("pm-il-");
    absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = *std::move(backend);
    absl::StatusOr<std::unique_ptr<LocalSystem>> system =
        CreateDefaultLocalSystem();
    ASSERT_TRUE(system.ok()) << system.status();
    system_ = *std::move(system);
    absl::StatusOr<std::string> helper =
        RunfilePath("pm/platform_posix/instance_lock_helper");
    ASSERT_TRUE(helper.ok()) << helper.status();
    helper_ = *helper;
  }
  void TearDown() override { RemoveFlatDir(dir_); }

  InstanceLockOptions Options() {
    InstanceLockOptions options;
    options.app_name = kApp;
    options.state_dir = dir_;
    options.notify_timeout = kTimeout;
    return options;
  }

  // Starts the helper as the first instance and waits until it holds the lock.
  std::unique_ptr<TestChild> StartFirst(const std::string& reply) {
    absl::StatusOr<std::unique_ptr<TestChild>> child = TestChild::Start(
        {helper_, "--state_dir=" + dir_, absl::StrCat("--app=", kApp),
         "--events=" + Events(), "--reply=" + reply},
        Out(), Err());
    EXPECT_TRUE(child.ok()) << child.status();
    if (!child.ok()) return nullptr;
    absl::StatusOr<std::string> out =
        WaitForFileContaining(Out(), "acquired", kTimeout);
    EXPECT_TRUE(out.ok()) << out.status() << ReadFileOrEmpty(Err());
    EXPECT_EQ(ReadFileOrEmpty(Out()),
              absl::StrCat("acquired pid=", (*child)->pid(), "\n"));
    return *std::move(child);
  }

  std::string Out() const { return dir_ + "/out"; }
  std::string Err() const { return dir_ + "/err"; }
  std::string Events() const { return dir_ + "/events"; }

  std::string dir_;
  std::string helper_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<LocalSystem> system_;
};

TEST_F(InstanceLockTest, SecondIsRefusedWhileFirstRunsAndWinsOnceItIsKilled) {
  std::unique_ptr<TestChild> first = StartFirst("hello from the first");
  ASSERT_NE(first, nullptr);

  absl::StatusOr<SingleInstanceResult> second =
      RequestSingleInstanceLock(*system_, backend_->processes(), Options(),
                                {"second", "--open", "file with space.txt"});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(second->acquired());
  ASSERT_TRUE(second->holder.ok()) << second->holder.status();
  EXPECT_EQ(second->holder->pid, first->pid());
  EXPECT_EQ(second->holder->app, kApp);
  EXPECT_EQ(second->holder->host, HostName());
  absl::StatusOr<ProcessInfo> info =
      backend_->processes().GetProcess(first->pid());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(second->holder->start_token, info->start_token);
  ASSERT_TRUE(second->reply.ok()) << second->reply.status();
  EXPECT_EQ(*second->reply, "hello from the first");
  EXPECT_EQ(ReadFileOrEmpty(Events()),
            absl::StrCat("pid=", getpid(), " cwd=", Cwd(),
                         " argv=second|--open|file with space.txt\n"));

  ASSERT_TRUE(first->Signal(SIGKILL).ok());
  absl::StatusOr<int> status = first->Wait(kTimeout);
  ASSERT_TRUE(status.ok()) << status.status();
  ASSERT_TRUE(WIFSIGNALED(*status));
  EXPECT_EQ(WTERMSIG(*status), SIGKILL);

  InstanceLockOptions no_wait = Options();
  no_wait.notify_timeout = absl::ZeroDuration();
  absl::StatusOr<SingleInstanceResult> now = RequestSingleInstanceLock(
      *system_, backend_->processes(), no_wait, {"now"});
  ASSERT_TRUE(now.ok()) << now.status();
  ASSERT_TRUE(now->acquired());
  EXPECT_EQ(now->lock->holder().pid, getpid());
  absl::StatusOr<std::string> record =
      system_->ReadFile(now->lock->paths().lock_file, 4096);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(*record, FormatLockRecord(now->lock->holder()));
}

TEST_F(InstanceLockTest, FirstInThisProcessGetsTheHelpersArgvAndCwd) {
  std::mutex mu;
  std::vector<SecondInstanceRequest> received;
  InstanceLockOptions options = Options();
  options.on_second_instance = [&](const SecondInstanceRequest& request) {
    std::lock_guard<std::mutex> lock(mu);
    received.push_back(request);
    return std::string("welcome, second");
  };
  absl::StatusOr<SingleInstanceResult> first = RequestSingleInstanceLock(
      *system_, backend_->processes(), options, {"first"});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->acquired());

  const std::string cwd = MakeShortTempDir("pm-cwd-");
  absl::StatusOr<std::unique_ptr<TestChild>> second = TestChild::Start(
      {helper_, "--state_dir=" + dir_, absl::StrCat("--app=", kApp),
       "--cwd=" + cwd, "an argument"},
      Out(), Err());
  ASSERT_TRUE(second.ok()) << second.status();
  absl::StatusOr<int> status = (*second)->Wait(kTimeout);
  ASSERT_TRUE(status.ok()) << status.status();
  ASSERT_TRUE(WIFEXITED(*status)) << *status;
  EXPECT_EQ(WEXITSTATUS(*status), 1) << ReadFileOrEmpty(Err());
  EXPECT_EQ(ReadFileOrEmpty(Out()), absl::StrCat("refused holder=", getpid(),
                                                 " reply=welcome, second\n"));

  std::lock_guard<std::mutex> lock(mu);
  char resolved[4096];
  ASSERT_NE(realpath(cwd.c_str(), resolved), nullptr);  // macOS: /private/tmp.
  RemoveFlatDir(cwd);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].pid, (*second)->pid());
  EXPECT_EQ(received[0].cwd, resolved);
  EXPECT_EQ(received[0].argv, (*second)->argv());
}

TEST_F(InstanceLockTest, StatusIsHeldThenStaleAfterSigkillThenFree) {
  std::unique_ptr<TestChild> first = StartFirst("");
  ASSERT_NE(first, nullptr);
  absl::StatusOr<InstanceLockStatus> held =
      GetInstanceLockStatus(*system_, backend_->processes(), kApp, dir_);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->state, LockState::kHeld);
  ASSERT_TRUE(held->holder.has_value());
  EXPECT_EQ(held->holder->pid, first->pid());
  EXPECT_EQ(held->paths.lock_file, dir_ + "/test-app.lock");
  EXPECT_EQ(held->paths.socket, dir_ + "/test-app.sock");

  ASSERT_TRUE(first->Signal(SIGKILL).ok());
  ASSERT_TRUE(first->Wait(kTimeout).ok());
  absl::StatusOr<InstanceLockStatus> stale =
      GetInstanceLockStatus(*system_, backend_->processes(), kApp, dir_);
  ASSERT_TRUE(stale.ok()) << stale.status();
  EXPECT_EQ(stale->state, LockState::kStale);
  EXPECT_EQ(stale->holder->pid, first->pid());

  {
    absl::StatusOr<SingleInstanceResult> mine = RequestSingleInstanceLock(
        *system_, backend_->processes(), Options(), {"mine"});
    ASSERT_TRUE(mine.ok() && mine->acquired());
    absl::StatusOr<InstanceLockStatus> ours =
        GetInstanceLockStatus(*system_, backend_->processes(), kApp, dir_);
    ASSERT_TRUE(ours.ok()) << ours.status();
    EXPECT_EQ(ours->state, LockState::kHeld);
    EXPECT_EQ(ours->holder->pid, getpid());
  }
  absl::StatusOr<InstanceLockStatus> free =
      GetInstanceLockStatus(*system_, backend_->processes(), kApp, dir_);
  ASSERT_TRUE(free.ok()) << free.status();
  EXPECT_EQ(free->state, LockState::kFree);
  EXPECT_FALSE(free->holder.has_value());
  struct stat st;
  EXPECT_NE(lstat((dir_ + "/test-app.sock").c_str(), &st), 0);  // Removed.
  EXPECT_EQ(lstat((dir_ + "/test-app.lock").c_str(), &st), 0);  // Kept.
}

TEST_F(InstanceLockTest, LockFileAndSocketAreMode0600) {
  absl::StatusOr<SingleInstanceResult> mine = RequestSingleInstanceLock(
      *system_, backend_->processes(), Options(), {"mine"});
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_TRUE(mine->acquired());
  struct stat st;
  ASSERT_EQ(lstat(mine->lock->paths().lock_file.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(lstat(mine->lock->paths().socket.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(InstanceLockTest, ASecondRequestInTheSameProcessIsRefusedToo) {
  InstanceLockOptions options = Options();
  options.on_second_instance = [](const SecondInstanceRequest& r) {
    return absl::StrCat("argc=", r.argv.size());
  };
  absl::StatusOr<SingleInstanceResult> first = RequestSingleInstanceLock(
      *system_, backend_->processes(), options, {"a"});
  ASSERT_TRUE(first.ok() && first->acquired());
  absl::StatusOr<SingleInstanceResult> again = RequestSingleInstanceLock(
      *system_, backend_->processes(), Options(), {"b", "c"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->acquired());
  ASSERT_TRUE(again->reply.ok()) << again->reply.status();
  EXPECT_EQ(*again->reply, "argc=2");
}

TEST_F(InstanceLockTest, SymlinkedLockFileIsRefusedAndItsTargetUntouched) {
  const std::string target = dir_ + "/target";
  ASSERT_EQ(symlink(target.c_str(), (dir_ + "/test-app.lock").c_str()), 0);
  absl::StatusOr<SingleInstanceResult> result = RequestSingleInstanceLock(
      *system_, backend_->processes(), Options(), {"x"});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  struct stat st;
  EXPECT_NE(lstat(target.c_str(), &st), 0);  // Not created through the link.
}

TEST_F(InstanceLockTest, StateDirectoryOthersCanEnterIsRefused) {
  ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
  absl::StatusOr<SingleInstanceResult> result = RequestSingleInstanceLock(
      *system_, backend_->processes(), Options(), {"x"});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(result.status().message(),
            absl::StrCat("state directory ", dir_,
                         " has mode 0755: group or others have access (chmod "
                         "700 it)"));
}

TEST_F(InstanceLockTest, BadAppNameIsInvalidArgument) {
  InstanceLockOptions options = Options();
  options.app_name = "../escape";
  EXPECT_EQ(
      RequestSingleInstanceLock(*system_, backend_->processes(), options, {"x"})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pm

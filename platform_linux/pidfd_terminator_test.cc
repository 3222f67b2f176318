// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for PidfdTerminator with real child processes.

#include "platform_linux/pidfd_terminator.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "gtest/gtest.h"
#include "platform_linux/procfs_process_discovery.h"

namespace pm::procfs {
namespace {

// A forked child that pauses until signalled; optionally ignores SIGTERM.
// Reaped (killed first if needed) on destruction.
class Child {
 public:
  explicit Child(bool ignore_term = false) {
    int ready[2];
    EXPECT_EQ(pipe(ready), 0);
    pid_ = fork();
    if (pid_ == 0) {
      if (ignore_term) signal(SIGTERM, SIG_IGN);
      close(ready[0]);
      (void)!write(ready[1], "x", 1);
      while (true) pause();
    }
    close(ready[1]);
    char c;
    EXPECT_EQ(read(ready[0], &c, 1), 1);  // Signal dispositions are set.
    close(ready[0]);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      Reap();
    }
  }
  // Waits for the child and returns its wait status.
  int Reap() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  pid_t pid() const { return pid_; }
  ProcessIdentity identity() const {
    ProcfsProcessDiscovery discovery;
    absl::StatusOr<ProcessInfo> info = discovery.GetProcess(pid_);
    EXPECT_TRUE(info.ok()) << info.status();
    return info.ok() ? info->identity() : ProcessIdentity{pid_, 0};
  }

 private:
  pid_t pid_ = -1;
};

TEST(PidfdTerminatorTest, TermStopsAChildAndWaitSeesTheExit) {
  Child child;
  ProcessIdentity id = child.identity();
  PidfdTerminator terminator;
  ASSERT_TRUE(terminator.Signal(id, TerminationSignal::kTerminate).ok());
  // The child is our own and unreaped: a zombie counts as exited.
  absl::Status waited =
      terminator.WaitForExit(id, absl::Now() + absl::Seconds(10));
  EXPECT_TRUE(waited.ok()) << waited;
  int status = child.Reap();
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

TEST(PidfdTerminatorTest, WaitTimesOutOnAChildThatIgnoresTerm) {
  Child child(/*ignore_term=*/true);
  ProcessIdentity id = child.identity();
  PidfdTerminator terminator;
  ASSERT_TRUE(terminator.Signal(id, TerminationSignal::kTerminate).ok());
  absl::Status waited =
      terminator.WaitForExit(id, absl::Now() + absl::Milliseconds(50));
  EXPECT_EQ(waited.code(), absl::StatusCode::kDeadlineExceeded) << waited;
  ASSERT_TRUE(terminator.Signal(id, TerminationSignal::kKill).ok());
  EXPECT_TRUE(terminator.WaitForExit(id, absl::Now() + absl::Seconds(10)).ok());
  int status = child.Reap();
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(PidfdTerminatorTest, StaleIdentityIsRefusedAndTheProcessUntouched) {
  Child child;
  ProcessIdentity stale = child.identity();
  stale.start_token += 1;  // Same PID, another incarnation.
  PidfdTerminator terminator;
  absl::Status s = terminator.Signal(stale, TerminationSignal::kKill);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  // Still alive: signal 0 probes existence.
  EXPECT_EQ(kill(child.pid(), 0), 0);
  int status = 0;
  EXPECT_EQ(waitpid(child.pid(), &status, WNOHANG), 0);
}

TEST(PidfdTerminatorTest, ReapedProcessIsNotFoundAndWaitSucceeds) {
  ProcessIdentity id;
  {
    Child child;
    id = child.identity();
  }  // Killed and reaped.
  PidfdTerminator terminator;
  EXPECT_EQ(terminator.Signal(id, TerminationSignal::kTerminate).code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(terminator.WaitForExit(id, absl::Now()).ok());
}

TEST(PidfdTerminatorTest, NonPositivePidIsInvalid) {
  PidfdTerminator terminator;
  EXPECT_EQ(terminator.Signal({0, 0}, TerminationSignal::kKill).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(terminator.Signal({-1, 0}, TerminationSignal::kKill).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PidfdTerminatorTest, UnprivilegedCallerGetsPermissionDeniedNamingTarget) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to drop to another user";
  Child target;  // Runs as root.
  ProcessIdentity id = target.identity();
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  pid_t probe = fork();
  if (probe == 0) {
    close(report[0]);
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    PidfdTerminator terminator;
    absl::Status s = terminator.Signal(id, TerminationSignal::kTerminate);
    std::string msg(s.message());
    (void)!write(report[1], msg.data(), msg.size());
    _exit(s.code() == absl::StatusCode::kPermissionDenied ? 0 : 1);
  }
  close(report[1]);
  char buf[512];
  ssize_t n = read(report[0], buf, sizeof(buf));
  close(report[0]);
  int status = 0;
  waitpid(probe, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << std::string(buf, n > 0 ? n : 0);
  std::string expected_prefix =
      "kill pid " + std::to_string(target.pid()) + " (";
  EXPECT_EQ(std::string(buf, n > 0 ? n : 0).rfind(expected_prefix, 0), 0u)
      << std::string(buf, n > 0 ? n : 0);
  EXPECT_EQ(kill(target.pid(), 0), 0);  // Untouched.
}

}  // namespace
}  // namespace pm::procfs

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Live tests of ProcfsProcessDiscovery on the real /proc: this test process,
// its parent, a zombie child and a reaped one.

#include "platform_linux/procfs_process_discovery.h"

#include <limits.h>
#include <pwd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm::procfs {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Field `n` (1-based) of /proc/self/stat, read without the parser under test.
std::string SelfStatField(int n) {
  const std::string stat = ReadWholeFile("/proc/self/stat");
  const std::vector<std::string> fields =
      absl::StrSplit(stat.substr(stat.rfind(')') + 2), ' ');
  return fields.at(static_cast<size_t>(n - 3));
}

uint64_t BootTimeFromProcStat() {
  for (absl::string_view line :
       absl::StrSplit(ReadWholeFile("/proc/stat"), '\n')) {
    uint64_t btime = 0;
    if (absl::ConsumePrefix(&line, "btime ") &&
        absl::SimpleAtoi(line, &btime)) {
      return btime;
    }
  }
  ADD_FAILURE() << "no btime in /proc/stat";
  return 0;
}

std::string SelfExe() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf));
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

std::string ExpectedUser() {
  const struct passwd* pw = getpwuid(getuid());
  return pw != nullptr ? pw->pw_name : absl::StrCat(getuid());
}

TEST(ProcfsProcessDiscoveryTest, DescribesThisProcess) {
  ProcfsProcessDiscovery discovery;
  absl::StatusOr<ProcessInfo> self = discovery.GetProcess(getpid());
  ASSERT_TRUE(self.ok()) << self.status();
  EXPECT_EQ(self->pid, getpid());
  EXPECT_EQ(self->ppid, getppid());
  // comm is the executable's base name cut to 15 characters.
  EXPECT_EQ(self->name, "procfs_process_");
  EXPECT_EQ(self->exe, SelfExe());
  // The argv gtest_main received, before it removed its own flags.
  EXPECT_EQ(self->cmdline, ::testing::internal::GetArgvs());
  ASSERT_TRUE(self->uid.has_value());
  EXPECT_EQ(*self->uid, getuid());
  EXPECT_EQ(self->user, ExpectedUser());
  EXPECT_TRUE(self->details_visible);
}

TEST(ProcfsProcessDiscoveryTest, KernelThreadsAreMarkedAndThisProcessIsNot) {
  ProcfsProcessDiscovery discovery;
  absl::StatusOr<ProcessInfo> self = discovery.GetProcess(getpid());
  ASSERT_TRUE(self.ok()) << self.status();
  EXPECT_FALSE(self->kernel_thread);
  // kthreadd is PID 2 with parent 0 in the initial PID namespace; in another
  // namespace PID 2 is an ordinary process, or none.
  absl::StatusOr<ProcessInfo> kthreadd = discovery.GetProcess(2);
  if (!kthreadd.ok() || kthreadd->name != "kthreadd" || kthreadd->ppid != 0) {
    GTEST_SKIP() << "kthreadd is not visible as PID 2 here";
  }
  EXPECT_TRUE(kthreadd->kernel_thread);
  EXPECT_TRUE(kthreadd->cmdline.empty());
}

TEST(ProcfsProcessDiscoveryTest, StartTokenIsField22AndStartTimeFollows) {
  ProcfsProcessDiscovery discovery;
  absl::StatusOr<ProcessInfo> self = discovery.GetProcess(getpid());
  ASSERT_TRUE(self.ok()) << self.status();
  uint64_t ticks = 0;
  ASSERT_TRUE(absl::SimpleAtoi(SelfStatField(22), &ticks));
  EXPECT_EQ(self->start_token, ticks);
  EXPECT_EQ(self->identity(), (ProcessIdentity{getpid(), ticks}));
  const int64_t hz = sysconf(_SC_CLK_TCK);
  EXPECT_EQ(
      self->start_time,
      absl::FromUnixSeconds(static_cast<int64_t>(BootTimeFromProcStat())) +
          absl::Seconds(1) * static_cast<int64_t>(ticks) / hz);
}

TEST(ProcfsProcessDiscoveryTest, ZombieHasNoCmdlineAndNoExe) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  // Wait for the exit but leave the child unreaped: a zombie.
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT),
            0);

  ProcfsProcessDiscovery discovery;
  absl::StatusOr<ProcessInfo> zombie = discovery.GetProcess(child);
  ASSERT_TRUE(zombie.ok()) << zombie.status();
  EXPECT_EQ(zombie->pid, child);
  EXPECT_EQ(zombie->ppid, getpid());
  EXPECT_EQ(zombie->name, "procfs_process_");
  EXPECT_THAT(zombie->cmdline, IsEmpty());
  EXPECT_EQ(zombie->exe, "");
  EXPECT_TRUE(zombie->details_visible);

  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
}

TEST(ProcfsProcessDiscoveryTest, ReapedChildIsNotFound) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);

  ProcfsProcessDiscovery discovery;
  absl::StatusOr<ProcessInfo> gone = discovery.GetProcess(child);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(gone.status().message(),
            absl::StrCat("process ", child, " not found: open(/proc/", child,
                         "): No such file or directory (ENOENT)"));
}

TEST(ProcfsProcessDiscoveryTest, NonPositivePidIsInvalidArgument) {
  ProcfsProcessDiscovery discovery;
  for (Pid pid : {Pid{0}, Pid{-1}}) {
    absl::StatusOr<ProcessInfo> info = discovery.GetProcess(pid);
    EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(info.status().message(), HasSubstr(absl::StrCat(pid)));
  }
}

TEST(ProcfsProcessDiscoveryTest, ListIsSortedAndHoldsSelfAndParent) {
  ProcfsProcessDiscovery discovery;
  absl::StatusOr<std::vector<ProcessInfo>> all = discovery.ListProcesses();
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<Pid> pids;
  for (const ProcessInfo& p : *all) pids.push_back(p.pid);
  EXPECT_TRUE(std::adjacent_find(pids.begin(), pids.end(),
                                 std::greater_equal<Pid>()) == pids.end())
      << "not strictly ascending";
  EXPECT_TRUE(std::binary_search(pids.begin(), pids.end(), Pid{getpid()}));
  EXPECT_TRUE(std::binary_search(pids.begin(), pids.end(), Pid{getppid()}));

  auto self = std::find_if(all->begin(), all->end(), [](const ProcessInfo& p) {
    return p.pid == getpid();
  });
  ASSERT_NE(self, all->end());
  EXPECT_EQ(self->ppid, getppid());
  EXPECT_EQ(self->name, "procfs_process_");
  EXPECT_EQ(self->exe, SelfExe());
  EXPECT_EQ(self->user, ExpectedUser());
}

TEST(ProcfsProcessDiscoveryTest, MissingRootFailsTheList) {
  ProcfsProcessDiscovery discovery("/nonexistent-proc-root");
  absl::StatusOr<std::vector<ProcessInfo>> all = discovery.ListProcesses();
  EXPECT_EQ(all.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(all.status().message(),
            "open(/nonexistent-proc-root/stat): No such file or directory "
            "(ENOENT)");
}

}  // namespace
}  // namespace pm::procfs

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// 1,000 terminations of real child processes through the native backend leave
// this process with exactly the zombies and open descriptors it had before:
// no pidfd, /proc file or socket leaks, no unreaped children.

#include <dirent.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/backend.h"
#include "core/terminate.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

constexpr int kCycles = 1000;

// The number of entries in /proc/self/fd (the one opendir uses included,
// every time).
int OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

// The number of this process's children that are zombies, read from
// /proc/<pid>/stat without pm's parsers.
int ZombieChildren() {
  DIR* dir = opendir("/proc");
  if (dir == nullptr) return -1;
  int zombies = 0;
  while (const dirent* entry = readdir(dir)) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid)) continue;
    std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
    std::stringstream text;
    text << in.rdbuf();
    const std::string stat = text.str();
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid == getpid() && state == 'Z') ++zombies;
  }
  closedir(dir);
  return zombies;
}

// Forks a child that sleeps until a signal ends it.
pid_t SpawnSleeper() {
  const pid_t pid = fork();
  if (pid == 0) {
    while (true) pause();
  }
  return pid;
}

// One cycle: spawn, terminate through pm, reap. Returns the outcome.
TerminationOutcome Cycle(Backend& backend) {
  const pid_t pid = SpawnSleeper();
  EXPECT_GT(pid, 0);
  absl::StatusOr<ProcessInfo> info = backend.processes().GetProcess(pid);
  EXPECT_TRUE(info.ok()) << info.status();
  TerminationPolicy policy;
  policy.grace = absl::Seconds(30);
  TerminationOutcome outcome = TerminationOutcome::kFailed;
  if (info.ok()) {
    absl::StatusOr<TerminationReport> report =
        Terminate(backend, info->identity(), policy);
    EXPECT_TRUE(report.ok()) << report.status();
    if (report.ok() && report->processes.size() == 1) {
      outcome = report->processes[0].outcome;
    }
  }
  if (outcome != TerminationOutcome::kExitedAfterSignal) kill(pid, SIGKILL);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  return outcome;
}

TEST(TerminateLeakTest, AThousandKillCyclesLeakNoZombiesAndNoFds) {
  absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
  ASSERT_TRUE(backend.ok()) << backend.status();
  // One cycle first, so that what is opened once and kept (the cached boot
  // time, a netlink socket) is counted in "before".
  ASSERT_EQ(Cycle(**backend), TerminationOutcome::kExitedAfterSignal);
  const int fds_before = OpenFds();
  const int zombies_before = ZombieChildren();
  ASSERT_GT(fds_before, 0);
  ASSERT_EQ(zombies_before, 0);

  int exited = 0;
  for (int i = 0; i < kCycles; ++i) {
    if (Cycle(**backend) == TerminationOutcome::kExitedAfterSignal) ++exited;
  }
  EXPECT_EQ(exited, kCycles);
  EXPECT_EQ(OpenFds(), fds_before);
  EXPECT_EQ(ZombieChildren(), zombies_before);
}

}  // namespace
}  // namespace pm

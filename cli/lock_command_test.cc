// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm lock hold` and `pm lock status` with the real binary: a holder, a
// refused second instance that reaches the holder, SIGINT releasing the lock,
// SIGKILL leaving a stale record.

#include "cli/lock_command.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "core/backend.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "platform_posix/test_child.h"

namespace pm::cli {
namespace {

using posix::testing::MakeShortTempDir;
using posix::testing::ReadFileOrEmpty;
using posix::testing::RemoveFlatDir;
using posix::testing::RunfilePath;
using posix::testing::TestChild;
using posix::testing::WaitForFileContaining;

constexpr absl::Duration kTimeout = absl::Seconds(60);

struct PmResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs pm in this process (the native backend and local system).
PmResult Pm(std::vector<std::string> args) {
  args.insert(args.begin(), "pm");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err, std::nullopt};
  PmResult result;
  result.code = RunPm(
      static_cast<int>(argv.size()), argv.data(),
      [] { return CreateDefaultBackend(); }, output);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string HostName() {
  char name[256] = {};
  gethostname(name, sizeof(name) - 1);
  return name;
}

class LockCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeShortTempDir("pm-lk-");
    absl::StatusOr<std::string> pm = RunfilePath("pm/cli/pm");
    ASSERT_TRUE(pm.ok()) << pm.status();
    pm_ = *pm;
  }
  void TearDown() override { RemoveFlatDir(dir_); }

  std::unique_ptr<TestChild> Start(const std::string& name,
                                   std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {pm_,    "lock",        "hold",
                                     "demo", "--state-dir", dir_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    absl::StatusOr<std::unique_ptr<TestChild>> child =
        TestChild::Start(argv, Path(name + ".out"), Path(name + ".err"));
    EXPECT_TRUE(child.ok()) << child.status();
    return child.ok() ? *std::move(child) : nullptr;
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
  std::string pm_;
};

TEST_F(LockCommandTest, HoldStatusSecondInstanceAndRelease) {
  std::unique_ptr<TestChild> first = Start("first");
  ASSERT_NE(first, nullptr);
  absl::StatusOr<std::string> held = WaitForFileContaining(
      Path("first.out"), "press Ctrl-C to release\n", kTimeout);
  ASSERT_TRUE(held.ok()) << held.status() << ReadFileOrEmpty(Path("first.err"));
  const std::string lock_file = Path("demo.lock");
  EXPECT_EQ(*held,
            absl::StrCat("holding demo (pid ", first->pid(), "); lock file ",
                         lock_file, "; press Ctrl-C to release\n"));

  PmResult status = Pm({"lock", "status", "demo", "--state-dir", dir_});
  EXPECT_EQ(status.code, kExitOk) << status.err;
  EXPECT_TRUE(absl::StartsWith(
      status.out, absl::StrCat("demo: held by pid ", first->pid(), " (pm) on ",
                               HostName(), ", started ")))
      << status.out;
  EXPECT_TRUE(absl::EndsWith(status.out,
                             absl::StrCat("\nlock file: ", lock_file, "\n")))
      << status.out;

  PmResult json = Pm({"lock", "status", "demo", "--state-dir", dir_, "--json"});
  EXPECT_EQ(json.code, kExitOk) << json.err;
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["app"], "demo");
  EXPECT_EQ(doc["lock_file"], lock_file);
  EXPECT_EQ(doc["state"], "held");
  EXPECT_EQ(doc["holder"]["pid"], first->pid());
  EXPECT_EQ(doc["holder"]["host"], HostName());
  EXPECT_EQ(doc["holder"]["alive"], true);
  EXPECT_EQ(doc["holder"]["process"]["name"], "pm");

  std::unique_ptr<TestChild> second = Start("second", {"--json"});
  ASSERT_NE(second, nullptr);
  absl::StatusOr<int> second_status = second->Wait(kTimeout);
  ASSERT_TRUE(second_status.ok()) << second_status.status();
  ASSERT_TRUE(WIFEXITED(*second_status));
  EXPECT_EQ(WEXITSTATUS(*second_status), kExitNotFound)
      << ReadFileOrEmpty(Path("second.err"));
  nlohmann::json refused =
      nlohmann::json::parse(ReadFileOrEmpty(Path("second.out")));
  EXPECT_EQ(refused["event"], "refused");
  EXPECT_EQ(refused["holder"]["pid"], first->pid());
  EXPECT_EQ(refused["reply"],
            absl::StrCat("pid ", first->pid(), " holds demo (pm lock hold)"));
  absl::StatusOr<std::string> seen =
      WaitForFileContaining(Path("first.out"), "second instance:", kTimeout);
  ASSERT_TRUE(seen.ok()) << seen.status();
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  EXPECT_TRUE(absl::EndsWith(
      *seen, absl::StrCat("second instance: pid ", second->pid(), ", cwd ", cwd,
                          ", argv: ", pm_, " lock hold demo --state-dir ", dir_,
                          " --json\n")))
      << *seen;

  ASSERT_TRUE(first->Signal(SIGINT).ok());
  absl::StatusOr<int> first_status = first->Wait(kTimeout);
  ASSERT_TRUE(first_status.ok()) << first_status.status();
  ASSERT_TRUE(WIFEXITED(*first_status)) << *first_status;
  EXPECT_EQ(WEXITSTATUS(*first_status), kExitOk);
  EXPECT_TRUE(
      absl::EndsWith(ReadFileOrEmpty(Path("first.out")), "\nreleased demo\n"));

  PmResult free = Pm({"lock", "status", "demo", "--state-dir", dir_});
  EXPECT_EQ(free.code, kExitNotFound);
  EXPECT_EQ(free.out, absl::StrCat("demo: free\nlock file: ", lock_file, "\n"));
}

TEST_F(LockCommandTest, KilledHolderLeavesAStaleRecord) {
  std::unique_ptr<TestChild> holder = Start("holder");
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(
      WaitForFileContaining(Path("holder.out"), "holding", kTimeout).ok());
  ASSERT_TRUE(holder->Signal(SIGKILL).ok());
  ASSERT_TRUE(holder->Wait(kTimeout).ok());
  PmResult status = Pm({"lock", "status", "demo", "--state-dir", dir_});
  EXPECT_EQ(status.code, kExitNotFound);
  EXPECT_TRUE(absl::StartsWith(
      status.out, absl::StrCat("demo: stale: pid ", holder->pid(), " on ",
                               HostName(), " (started ")))
      << status.out;
  EXPECT_TRUE(
      absl::StrContains(status.out, ") no longer runs; the lock is free\n"));
  PmResult json = Pm({"lock", "status", "demo", "--state-dir", dir_, "--json"});
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["state"], "stale");
  EXPECT_EQ(doc["holder"]["alive"], false);
  EXPECT_TRUE(doc["holder"]["process"].is_null());
}

TEST_F(LockCommandTest, BadApplicationNameIsUsage) {
  PmResult r = Pm({"lock", "status", "../x"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "pm lock: '../x' is not an application name: use 1 to 64 "
            "characters of A-Z a-z 0-9 . _ - (not starting with '.')\n");
}

TEST_F(LockCommandTest, LockNeedsASubcommand) {
  EXPECT_EQ(Pm({"lock"}).code, kExitUsage);
  EXPECT_EQ(Pm({"lock", "status"}).code, kExitUsage);
}

}  // namespace
}  // namespace pm::cli

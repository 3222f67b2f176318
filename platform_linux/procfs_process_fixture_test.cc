// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Runs ProcfsProcessDiscovery and ScanSocketOwners on the captured process
// trees under testdata/proc/tree_*/ and compares the result with each
// expected.txt.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/process.h"
#include "gtest/gtest.h"
#include "platform_linux/procfs_process_discovery.h"
#include "platform_linux/socket_owner_scanner.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace pm::procfs {
namespace {

namespace fs = std::filesystem;
using ::bazel::tools::cpp::runfiles::Runfiles;

// The rate the trees were captured at (USER_HZ on x86_64).
constexpr int64_t kCapturedClockTicks = 100;

std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The non-comment lines of a links file, each split into `fields` parts (the
// last part keeps its spaces).
std::vector<std::vector<std::string>> LinkLines(const fs::path& path,
                                                int fields) {
  std::vector<std::vector<std::string>> lines;
  for (absl::string_view line : absl::StrSplit(ReadWholeFile(path), '\n')) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> parts =
        absl::StrSplit(line, absl::MaxSplits(' ', fields - 1));
    EXPECT_EQ(parts.size(), static_cast<size_t>(fields)) << line;
    lines.push_back(std::move(parts));
  }
  return lines;
}

bool IsPidName(const std::string& name) {
  Pid pid = 0;
  return absl::SimpleAtoi(name, &pid) && pid > 0;
}

std::string Quote(absl::string_view s) {
  return absl::StrCat("\"", absl::CEscape(s), "\"");
}

// The golden-file form of a process (see the trees' README files).
std::string FormatProcess(const ProcessInfo& p) {
  std::vector<std::string> argv;
  for (const std::string& arg : p.cmdline) argv.push_back(Quote(arg));
  return absl::StrCat(
      "process ", p.pid, "\n",                                    //
      "  ppid: ", p.ppid, "\n",                                   //
      "  name: ", Quote(p.name), "\n",                            //
      "  exe: ", Quote(p.exe), "\n",                              //
      "  cmdline: [", absl::StrJoin(argv, ", "), "]\n",           //
      "  uid: ", p.uid.has_value() ? absl::StrCat(*p.uid) : "-",  //
      "\n  user: ", Quote(p.user), "\n",                          //
      "  start_token: ", p.start_token, "\n",                     //
      "  start_time: ",
      absl::FormatTime("%Y-%m-%d %H:%M:%E2S UTC", p.start_time,
                       absl::UTCTimeZone()),
      "\n",  //
      "  details_visible: ", p.details_visible ? "true" : "false", "\n");
}

std::string FormatScan(const SocketOwnerScan& scan) {
  std::vector<uint64_t> inodes;
  for (const auto& entry : scan.owners_by_inode) inodes.push_back(entry.first);
  std::sort(inodes.begin(), inodes.end());
  std::string text;
  for (uint64_t inode : inodes) {
    absl::StrAppend(&text, "socket ", inode, " owners: ",
                    absl::StrJoin(scan.owners_by_inode.at(inode), " "), "\n");
  }
  absl::StrAppend(&text, "unreadable:");
  for (Pid pid : scan.unreadable_pids) absl::StrAppend(&text, " ", pid);
  return absl::StrCat(text, "\n");
}

class ProcTreeFixtureTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Copies testdata/proc/tree_<scenario>/ into $TEST_TMPDIR and creates the
  // symlinks its fd_links.txt and exe_links.txt describe (see the README).
  void SetUp() override {
    std::string error;
    std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
    ASSERT_NE(runfiles, nullptr) << error;
    const fs::path expected = runfiles->Rlocation(
        absl::StrCat("pm/testdata/proc/tree_", GetParam(), "/expected.txt"));
    source_ = expected.parent_path();
    ASSERT_TRUE(fs::is_regular_file(expected)) << expected;

    root_ = fs::path(std::getenv("TEST_TMPDIR")) / ("tree_" + GetParam());
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy_file(source_ / "stat", root_ / "stat");
    for (const fs::directory_entry& pid_dir : fs::directory_iterator(source_)) {
      const std::string pid = pid_dir.path().filename().string();
      if (!IsPidName(pid)) continue;
      fs::create_directory(root_ / pid);
      for (const fs::directory_entry& file :
           fs::directory_iterator(pid_dir.path())) {
        fs::copy_file(file.path(), root_ / pid / file.path().filename());
      }
      // Every process has an fd directory, unless the tree puts a file there.
      if (!fs::exists(root_ / pid / "fd")) {
        fs::create_directory(root_ / pid / "fd");
      }
    }
    for (const auto& l : LinkLines(source_ / "fd_links.txt", 3)) {
      fs::create_symlink(l[2], root_ / l[0] / "fd" / l[1]);
    }
    for (const auto& l : LinkLines(source_ / "exe_links.txt", 2)) {
      fs::create_symlink(l[1], root_ / l[0] / "exe");
    }
  }

  fs::path source_;
  fs::path root_;
};

TEST_P(ProcTreeFixtureTest, MatchesExpected) {
  ProcfsProcessDiscovery discovery(root_.string(), kCapturedClockTicks);
  absl::StatusOr<std::vector<ProcessInfo>> processes =
      discovery.ListProcesses();
  ASSERT_TRUE(processes.ok()) << processes.status();
  absl::StatusOr<SocketOwnerScan> scan = ScanSocketOwners(root_.string());
  ASSERT_TRUE(scan.ok()) << scan.status();

  std::string actual;
  for (const ProcessInfo& p : *processes) actual += FormatProcess(p);
  actual += FormatScan(*scan);
  EXPECT_EQ(actual, ReadWholeFile(source_ / "expected.txt"));
}

TEST_P(ProcTreeFixtureTest, GetProcessAgreesWithTheList) {
  ProcfsProcessDiscovery discovery(root_.string(), kCapturedClockTicks);
  absl::StatusOr<std::vector<ProcessInfo>> processes =
      discovery.ListProcesses();
  ASSERT_TRUE(processes.ok()) << processes.status();
  ASSERT_FALSE(processes->empty());
  for (const ProcessInfo& listed : *processes) {
    absl::StatusOr<ProcessInfo> got = discovery.GetProcess(listed.pid);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(FormatProcess(*got), FormatProcess(listed));
  }
}

TEST_P(ProcTreeFixtureTest, AbsentPidIsNotFound) {
  ProcfsProcessDiscovery discovery(root_.string(), kCapturedClockTicks);
  absl::StatusOr<ProcessInfo> info = discovery.GetProcess(999999);
  EXPECT_EQ(info.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(info.status().message(),
            absl::StrCat("process 999999 not found: open(", root_.string(),
                         "/999999): No such file or directory (ENOENT)"));
}

INSTANTIATE_TEST_SUITE_P(
    Trees, ProcTreeFixtureTest,
    ::testing::Values("comm_parens", "fd_unreadable", "forked_listener",
                      "kernel_thread", "many_sockets"),
    [](const ::testing::TestParamInfo<std::string>& param_info) {
      return param_info.param;
    });

}  // namespace
}  // namespace pm::procfs

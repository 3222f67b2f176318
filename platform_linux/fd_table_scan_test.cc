// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ForEachDirEntry (getdents64 with a small buffer), ReadSocketFds,
// ProcessDirUid and ProcessStartTicks on fake trees and on this process.

#include "platform_linux/fd_table_scan.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform_linux/dir_entries.h"
#include "platform_linux/fake_proc_tree.h"

namespace pm::procfs {
namespace {

using ::pm::procfs::testing::FakeProcTree;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Opens `path` as a directory fd, closed at scope exit.
class DirFd {
 public:
  explicit DirFd(const std::string& path)
      : fd_(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}
  ~DirFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::vector<SocketFd> Sorted(std::vector<SocketFd> fds) {
  std::sort(fds.begin(), fds.end(),
            [](const SocketFd& a, const SocketFd& b) { return a.fd < b.fd; });
  return fds;
}

TEST(ForEachDirEntryTest, ReadsEveryEntryThroughASmallBuffer) {
  FakeProcTree tree;
  std::set<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    tree.File(absl::StrCat("entry", i), "");
    expected.insert(absl::StrCat("entry", i));
  }
  DirFd dir(tree.root());
  ASSERT_GE(dir.get(), 0);
  alignas(8) char buffer[1024];  // About 30 entries per getdents64 call.
  std::set<std::string> seen;
  EXPECT_EQ(ForEachDirEntry(dir.get(), buffer, sizeof(buffer),
                            [&](const char* name) {
                              seen.insert(name);
                              return true;
                            }),
            0);
  EXPECT_EQ(seen, expected);
}

TEST(ForEachDirEntryTest, StopsWhenVisitSaysSo) {
  FakeProcTree tree;
  for (int i = 0; i < 10; ++i) tree.File(absl::StrCat(i), "");
  DirFd dir(tree.root());
  alignas(8) char buffer[kDirBufferSize];
  int visited = 0;
  EXPECT_EQ(ForEachDirEntry(dir.get(), buffer, sizeof(buffer),
                            [&](const char*) { return ++visited < 4; }),
            0);
  EXPECT_EQ(visited, 4);
}

TEST(ForEachDirEntryTest, ReturnsTheErrnoOfAFileFd) {
  FakeProcTree tree;
  tree.File("plain", "x");
  const int fd = open(tree.Path("plain").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  alignas(8) char buffer[kDirBufferSize];
  EXPECT_EQ(ForEachDirEntry(fd, buffer, sizeof(buffer),
                            [](const char*) { return true; }),
            ENOTDIR);
  close(fd);
}

class ReadSocketFdsFakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.Process(10, 12345);
    tree_.Link("10/fd/0", "/dev/null");
    tree_.SocketFd(10, 3, 500);
    tree_.SocketFd(10, 4, 501);
    tree_.Link("10/fd/5", "pipe:[7]");
    tree_.SocketFd(10, 7, 500);  // dup() of fd 3.
    tree_.Dir("12");
    tree_.File("12/fd", "");  // ENOTDIR: stands for a refused fd table.
  }

  FdTableRead Read(Pid pid, const absl::flat_hash_set<uint64_t>* wanted) {
    DirFd root(tree_.root());
    found_.clear();
    return ReadSocketFds(root.get(), pid, wanted, buffer_, sizeof(buffer_),
                         found_);
  }

  FakeProcTree tree_;
  alignas(8) char buffer_[kDirBufferSize];
  std::vector<SocketFd> found_;
};

TEST_F(ReadSocketFdsFakeTest, FindsEverySocketFdWithItsNumber) {
  EXPECT_EQ(Read(10, nullptr), FdTableRead::kRead);
  EXPECT_THAT(Sorted(found_), ElementsAre(SocketFd{500, 3}, SocketFd{501, 4},
                                          SocketFd{500, 7}));
}

TEST_F(ReadSocketFdsFakeTest, WantedNarrowsTheInodes) {
  const absl::flat_hash_set<uint64_t> wanted = {501, 999};
  EXPECT_EQ(Read(10, &wanted), FdTableRead::kRead);
  EXPECT_THAT(found_, ElementsAre(SocketFd{501, 4}));
}

TEST_F(ReadSocketFdsFakeTest, GoneAndUnreadableTables) {
  EXPECT_EQ(Read(11, nullptr), FdTableRead::kGone);
  EXPECT_EQ(Read(12, nullptr), FdTableRead::kUnreadable);
  EXPECT_THAT(found_, IsEmpty());
}

TEST_F(ReadSocketFdsFakeTest, StartTicksAndUidOfTheTree) {
  DirFd root(tree_.root());
  EXPECT_EQ(ProcessStartTicks(root.get(), 10), uint64_t{12345});
  EXPECT_EQ(ProcessStartTicks(root.get(), 11), std::nullopt);  // No such pid.
  tree_.Dir("13");
  tree_.File("13/stat", "13 (short) S 1");
  EXPECT_EQ(ProcessStartTicks(root.get(), 13), std::nullopt);  // Truncated.
  EXPECT_EQ(ProcessDirUid(root.get(), 10), std::optional<Uid>(geteuid()));
  EXPECT_EQ(ProcessDirUid(root.get(), 11), std::nullopt);
}

TEST(ReadSocketFdsLiveTest, FindsThisProcessSocketAtItsFd) {
  const int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  struct stat st {};
  ASSERT_EQ(fstat(sock, &st), 0);
  const absl::flat_hash_set<uint64_t> wanted = {st.st_ino};
  DirFd proc("/proc");
  alignas(8) char buffer[kDirBufferSize];
  std::vector<SocketFd> found;
  EXPECT_EQ(ReadSocketFds(proc.get(), getpid(), &wanted, buffer, sizeof(buffer),
                          found),
            FdTableRead::kRead);
  EXPECT_THAT(found, ElementsAre(SocketFd{st.st_ino, sock}));
  EXPECT_EQ(ProcessDirUid(proc.get(), getpid()), std::optional<Uid>(geteuid()));
  close(sock);
}

TEST(PidNameTest, WritesDecimal) {
  char name[24];
  EXPECT_STREQ(PidName(42, name), "42");
  EXPECT_STREQ(PidName(4194304, name), "4194304");
}

}  // namespace
}  // namespace pm::procfs

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ParseSocketLink (literals), ScanSocketOwners on a small tree built
// in $TEST_TMPDIR, and ScanSocketOwners on the real /proc with this process's
// sockets and a forked child's.

#include "platform_linux/socket_owner_scanner.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm::procfs {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(ParseSocketLinkTest, ReadsSocketInodes) {
  EXPECT_EQ(ParseSocketLink("socket:[12345]"), uint64_t{12345});
  EXPECT_EQ(ParseSocketLink("socket:[0]"), uint64_t{0});
  EXPECT_EQ(ParseSocketLink("socket:[18446744073709551615]"),
            uint64_t{18446744073709551615u});
}

TEST(ParseSocketLinkTest, RejectsEverythingElse) {
  for (const char* target :
       {"", "pipe:[1]", "/dev/null", "socket:[x]", "socket:[]", "socket:[12",
        "socket:12]", "socket:[1]x", " socket:[1]", "socket:[+1]",
        "socket:[-1]", "socket:[1 ]", "anon_inode:[eventpoll]",
        "socket:[18446744073709551616]", "/tmp/socket:[1]"}) {
    EXPECT_EQ(ParseSocketLink(target), std::nullopt) << target;
  }
}

// A procfs-shaped tree under $TEST_TMPDIR, removed with the test's tmpdir.
class FakeProcTree {
 public:
  FakeProcTree() {
    std::string templ = std::string(std::getenv("TEST_TMPDIR")) + "/procXXXXXX";
    root_ = mkdtemp(templ.data());
  }
  const std::string& root() const { return root_; }

  void Dir(const std::string& rel) const {
    ASSERT_EQ(mkdir((root_ + "/" + rel).c_str(), 0755), 0) << rel;
  }
  void File(const std::string& rel) const {
    const int fd = open((root_ + "/" + rel).c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << rel;
    close(fd);
  }
  void Link(const std::string& rel, const std::string& target) const {
    ASSERT_EQ(symlink(target.c_str(), (root_ + "/" + rel).c_str()), 0) << rel;
  }

 private:
  std::string root_;
};

class ScanFakeTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.Dir("10");
    tree_.Dir("10/fd");
    tree_.Link("10/fd/0", "/dev/null");
    tree_.Link("10/fd/3", "socket:[500]");
    tree_.Link("10/fd/4", "socket:[501]");
    tree_.Link("10/fd/5", "socket:[500]");  // dup() of fd 3.
    tree_.Link("10/fd/6", "pipe:[7]");
    tree_.Dir("11");
    tree_.Dir("11/fd");
    tree_.Link("11/fd/3", "socket:[500]");
    tree_.File("11/fd/9");  // Not a link (EINVAL from readlinkat): skipped.
    tree_.Dir("12");
    tree_.File("12/fd");  // ENOTDIR: stands for a refused fd table.
    tree_.Dir("13");      // No fd at all (ENOENT): read as "exited".
    tree_.Dir("0");       // Not a PID.
    tree_.Dir("0/fd");
    tree_.Link("0/fd/3", "socket:[777]");
    tree_.Link("self", "10");  // Not numeric: never followed.
    tree_.Dir("net");
  }
  FakeProcTree tree_;
};

TEST_F(ScanFakeTreeTest, RecordsEveryOwnerAndTheUnreadable) {
  absl::StatusOr<SocketOwnerScan> scan = ScanSocketOwners(tree_.root());
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(scan->owners_by_inode,
              UnorderedElementsAre(Pair(500, ElementsAre(10, 11)),
                                   Pair(501, ElementsAre(10))));
  EXPECT_THAT(scan->unreadable_pids, ElementsAre(12));
}

TEST_F(ScanFakeTreeTest, WantedNarrowsInodesButNotUnreadable) {
  const absl::flat_hash_set<uint64_t> wanted = {501, 777};
  absl::StatusOr<SocketOwnerScan> scan =
      ScanSocketOwners(tree_.root(), &wanted);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(scan->owners_by_inode,
              UnorderedElementsAre(Pair(501, ElementsAre(10))));
  EXPECT_THAT(scan->unreadable_pids, ElementsAre(12));

  const absl::flat_hash_set<uint64_t> none;
  scan = ScanSocketOwners(tree_.root(), &none);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(scan->owners_by_inode, IsEmpty());
  EXPECT_THAT(scan->unreadable_pids, ElementsAre(12));
}

TEST(ScanSocketOwnersTest, MissingRootIsTheOnlyFailure) {
  absl::StatusOr<SocketOwnerScan> scan =
      ScanSocketOwners("/nonexistent-proc-root");
  EXPECT_EQ(scan.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(scan.status().message(),
            "open(/nonexistent-proc-root): No such file or directory (ENOENT)");
}

// A TCP socket and its inode, closed at scope exit.
class TestSocket {
 public:
  TestSocket() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    struct stat st {};
    if (fd_ >= 0 && fstat(fd_, &st) == 0) inode_ = st.st_ino;
  }
  ~TestSocket() {
    if (fd_ >= 0) close(fd_);
  }
  uint64_t inode() const { return inode_; }

 private:
  int fd_;
  uint64_t inode_ = 0;
};

TEST(ScanLiveProcTest, FindsThisProcessAsTheOwner) {
  TestSocket sock;
  ASSERT_NE(sock.inode(), 0u);
  const absl::flat_hash_set<uint64_t> wanted = {sock.inode()};
  absl::StatusOr<SocketOwnerScan> scan = ScanSocketOwners("/proc", &wanted);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(scan->owners_by_inode,
              UnorderedElementsAre(Pair(sock.inode(), ElementsAre(getpid()))));
}

TEST(ScanLiveProcTest, WithoutWantedRecordsEverySocket) {
  TestSocket a;
  TestSocket b;
  ASSERT_NE(a.inode(), 0u);
  ASSERT_NE(b.inode(), 0u);
  absl::StatusOr<SocketOwnerScan> scan = ScanSocketOwners("/proc");
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(scan->owners_by_inode[a.inode()], ElementsAre(getpid()));
  EXPECT_THAT(scan->owners_by_inode[b.inode()], ElementsAre(getpid()));

  const absl::flat_hash_set<uint64_t> only_b = {b.inode()};
  scan = ScanSocketOwners("/proc", &only_b);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_THAT(scan->owners_by_inode,
              UnorderedElementsAre(Pair(b.inode(), ElementsAre(getpid()))));
}

TEST(ScanLiveProcTest, ForkedChildSharesTheSocket) {
  TestSocket sock;
  ASSERT_NE(sock.inode(), 0u);
  int release[2];
  ASSERT_EQ(pipe2(release, O_CLOEXEC), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Hold the inherited socket until the parent closes its end of the pipe.
    close(release[1]);
    char byte;
    while (read(release[0], &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }
  close(release[0]);

  // fork() copied the fd table before returning, so no waiting is needed.
  const absl::flat_hash_set<uint64_t> wanted = {sock.inode()};
  absl::StatusOr<SocketOwnerScan> scan = ScanSocketOwners("/proc", &wanted);
  close(release[1]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(scan.ok()) << scan.status();
  const Pid parent_pid = getpid();
  const Pid child_pid = child;
  EXPECT_THAT(scan->owners_by_inode,
              UnorderedElementsAre(Pair(
                  sock.inode(), ElementsAre(std::min(parent_pid, child_pid),
                                            std::max(parent_pid, child_pid)))));
}

}  // namespace
}  // namespace pm::procfs

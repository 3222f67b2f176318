// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PosixStateIo on real files under $TEST_TMPDIR: atomic replace, directories,
// and the flock that a dead holder gives up.

#include "platform_posix/state_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace pm::posix {
namespace {

// A fresh directory for one test.
std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/state_io_",
                                 name, "_", getpid());
  PosixStateIo io;
  EXPECT_TRUE(io.CreateDirectories(dir).ok());
  return dir;
}

std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.insert(name);
  }
  closedir(d);
  return names;
}

// True when another descriptor can take the lock on `path` right now.
bool LockIsFree(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  bool free = flock(fd, LOCK_EX | LOCK_NB) == 0;
  close(fd);
  return free;
}

TEST(PosixStateIoTest, ReadingAMissingFileIsNotFound) {
  PosixStateIo io;
  const std::string path = TestDir("missing") + "/nothing.json";
  absl::StatusOr<std::string> read = io.ReadFile(path);
  EXPECT_TRUE(absl::IsNotFound(read.status())) << read.status();
  EXPECT_EQ(
      read.status().message(),
      absl::StrCat("open(", path, "): No such file or directory (ENOENT)"));
}

TEST(PosixStateIoTest, ReplaceWritesAndOverwritesLeavingNoTemporaryFile) {
  PosixStateIo io;
  const std::string dir = TestDir("replace");
  const std::string path = dir + "/ports.json";
  ASSERT_TRUE(io.WriteFileAtomically(path, "{\"a\": 1}\n").ok());
  EXPECT_EQ(*io.ReadFile(path), "{\"a\": 1}\n");
  const std::string big(100000, 'x');
  ASSERT_TRUE(io.WriteFileAtomically(path, big).ok());
  EXPECT_EQ(*io.ReadFile(path), big);
  ASSERT_TRUE(io.WriteFileAtomically(path, "").ok());
  EXPECT_EQ(*io.ReadFile(path), "");
  EXPECT_EQ(Entries(dir), std::set<std::string>{"ports.json"});
}

TEST(PosixStateIoTest, ReplaceIntoAMissingDirectoryFailsAndLeavesNothing) {
  PosixStateIo io;
  const std::string dir = TestDir("nodir");
  absl::Status status =
      io.WriteFileAtomically(dir + "/absent/ports.json", "{}");
  EXPECT_TRUE(absl::IsNotFound(status)) << status;
  EXPECT_EQ(Entries(dir), std::set<std::string>{});
}

TEST(PosixStateIoTest, ReplaceOverADirectoryFailsAndKeepsIt) {
  PosixStateIo io;
  const std::string dir = TestDir("overdir");
  ASSERT_TRUE(io.CreateDirectories(dir + "/ports.json").ok());
  absl::Status status = io.WriteFileAtomically(dir + "/ports.json", "{}");
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("rename("), absl::string_view::npos)
      << status;
  EXPECT_EQ(Entries(dir), std::set<std::string>{"ports.json"});
}

TEST(PosixStateIoTest, CreateDirectoriesMakesParentsAndAcceptsExisting) {
  PosixStateIo io;
  const std::string dir = TestDir("mkdir");
  ASSERT_TRUE(io.CreateDirectories(dir + "/a/b/c").ok());
  EXPECT_EQ(Entries(dir + "/a/b"), std::set<std::string>{"c"});
  EXPECT_TRUE(io.CreateDirectories(dir + "/a/b/c").ok());
  EXPECT_TRUE(io.CreateDirectories(dir + "/a/b/c/").ok());
  ASSERT_TRUE(io.WriteFileAtomically(dir + "/file", "x").ok());
  absl::Status status = io.CreateDirectories(dir + "/file");
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
}

TEST(PosixStateIoTest, LockIsExclusiveUntilReleased) {
  PosixStateIo io;
  const std::string path = TestDir("lock") + "/ports.lock";
  {
    absl::StatusOr<std::unique_ptr<FileLock>> lock = io.LockFile(path);
    ASSERT_TRUE(lock.ok()) << lock.status();
    EXPECT_FALSE(LockIsFree(path));
  }
  EXPECT_TRUE(LockIsFree(path));
}

TEST(PosixStateIoTest, LockOfAKilledHolderIsReleased) {
  PosixStateIo io;
  const std::string path = TestDir("lock_dead") + "/ports.lock";
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    absl::StatusOr<std::unique_ptr<FileLock>> lock = io.LockFile(path);
    char byte = lock.ok() ? 'y' : 'n';
    (void)!write(ready[1], &byte, 1);
    pause();  // Holds the lock until killed.
    _exit(0);
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  close(ready[0]);
  EXPECT_EQ(byte, 'y');
  EXPECT_FALSE(LockIsFree(path));
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(LockIsFree(path));
  absl::StatusOr<std::unique_ptr<FileLock>> lock = io.LockFile(path);
  EXPECT_TRUE(lock.ok()) << lock.status();
}

TEST(PosixStateIoTest, CurrentProcessIdIsGetpid) {
  PosixStateIo io;
  EXPECT_EQ(io.CurrentProcessId(), getpid());
}

TEST(PosixStateIoTest, DefaultStateIoIsPosix) {
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  ASSERT_NE(io, nullptr);
  EXPECT_NE(dynamic_cast<PosixStateIo*>(io.get()), nullptr);
}

}  // namespace
}  // namespace pm::posix

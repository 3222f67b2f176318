// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the private state directory checks.

#include "platform_posix/state_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace pm::posix {
namespace {

std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", name);
}

TEST(EnsurePrivateDirectoryTest, CreatesWithMode0700) {
  const std::string dir = TestDir("fresh");
  ASSERT_TRUE(EnsurePrivateDirectory(dir).ok());
  struct stat st;
  ASSERT_EQ(lstat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_TRUE(EnsurePrivateDirectory(dir).ok());  // Existing is fine.
}

TEST(EnsurePrivateDirectoryTest, RefusesOpenModesLinksAndFiles) {
  const std::string open = TestDir("open");
  ASSERT_EQ(mkdir(open.c_str(), 0700), 0);
  ASSERT_EQ(chmod(open.c_str(), 0711), 0);
  EXPECT_EQ(EnsurePrivateDirectory(open),
            absl::PermissionDeniedError(absl::StrCat(
                "state directory ", open,
                " has mode 0711: group or others have access (chmod 700 "
                "it)")));

  const std::string real = TestDir("real");
  const std::string link = TestDir("link");
  ASSERT_EQ(mkdir(real.c_str(), 0700), 0);
  ASSERT_EQ(symlink(real.c_str(), link.c_str()), 0);
  EXPECT_EQ(EnsurePrivateDirectory(link).code(),
            absl::StatusCode::kFailedPrecondition);

  const std::string file = TestDir("file");
  ASSERT_EQ(close(creat(file.c_str(), 0600)), 0);
  EXPECT_EQ(EnsurePrivateDirectory(file),
            absl::FailedPreconditionError(
                absl::StrCat("state directory ", file, " is not a directory")));
}

TEST(EnsurePrivateDirectoryTest, RefusesAnotherUsersDirectory) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to make a foreign directory";
  const std::string dir = TestDir("foreign");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(chown(dir.c_str(), 65534, 65534), 0);
  EXPECT_EQ(EnsurePrivateDirectory(dir),
            absl::PermissionDeniedError(
                absl::StrCat("state directory ", dir,
                             " belongs to uid 65534, not to uid 0; "
                             "refusing to use it")));
}

TEST(DefaultStateDirectoryTest, UsesXdgRuntimeDirWhenAbsolute) {
  const std::string runtime = TestDir("runtime");
  ASSERT_EQ(mkdir(runtime.c_str(), 0700), 0);
  ASSERT_EQ(setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1), 0);
  absl::StatusOr<std::string> dir = DefaultStateDirectory();
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_EQ(*dir, runtime + "/pm");

  // The fallback is the real per-user directory; remove it again if this
  // test is what created it.
  const std::string fallback = absl::StrCat("/tmp/pm-", geteuid());
  struct stat st;
  const bool existed = lstat(fallback.c_str(), &st) == 0;
  ASSERT_EQ(setenv("XDG_RUNTIME_DIR", "relative", 1), 0);
  dir = DefaultStateDirectory();
  unsetenv("XDG_RUNTIME_DIR");
  if (!existed) rmdir(fallback.c_str());
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_EQ(*dir, fallback);
}

}  // namespace
}  // namespace pm::posix

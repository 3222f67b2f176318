// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for reading, replacing and removing files without following links.

#include "platform_posix/nofollow_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm::posix {
namespace {

class NofollowFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = std::string(tmp != nullptr ? tmp : "/tmp") + "/nofollow-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
  }
  std::string Path(const std::string& name) { return dir_ + "/" + name; }
  static void Spit(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }

  std::string dir_;
};

TEST(SplitPathTest, Splits) {
  using Parts = std::pair<std::string, std::string>;
  EXPECT_EQ(*SplitPath("a/b/c"), Parts("a/b", "c"));
  EXPECT_EQ(*SplitPath("c"), Parts(".", "c"));
  EXPECT_EQ(*SplitPath("/c"), Parts("/", "c"));
  for (const char* bad : {"", "a/", "a/..", "."}) {
    EXPECT_EQ(SplitPath(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST_F(NofollowFileTest, ReplaceCreatesWithModeAndReadReturnsIt) {
  const std::string path = Path("f");
  ASSERT_TRUE(ReplaceFileNoFollow(path, "one", 0640).ok());
  EXPECT_EQ(*ReadFileNoFollow(path, 100), "one");
  struct stat st;
  ASSERT_EQ(lstat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  ASSERT_TRUE(ReplaceFileNoFollow(path, "two", 0640).ok());
  EXPECT_EQ(*ReadFileNoFollow(path, 100), "two");
}

TEST_F(NofollowFileTest, ReadRefusesLinksNonFilesAndLongFiles) {
  Spit(Path("target"), "secret");
  ASSERT_EQ(symlink(Path("target").c_str(), Path("link").c_str()), 0);
  EXPECT_EQ(ReadFileNoFollow(Path("link"), 100).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadFileNoFollow(dir_, 100).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_EQ(mkfifo(Path("fifo").c_str(), 0600), 0);
  EXPECT_EQ(ReadFileNoFollow(Path("fifo"), 100).status().code(),
            absl::StatusCode::kFailedPrecondition);  // Without blocking.
  EXPECT_EQ(ReadFileNoFollow(Path("target"), 5).status(),
            absl::InvalidArgumentError(Path("target") +
                                       " is longer than 5 bytes; not read"));
  EXPECT_EQ(ReadFileNoFollow(Path("missing"), 5).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(NofollowFileTest, ReplaceRefusesALinkAndLeavesItsTarget) {
  Spit(Path("target"), "keep");
  ASSERT_EQ(symlink(Path("target").c_str(), Path("link").c_str()), 0);
  absl::Status status = ReplaceFileNoFollow(Path("link"), "evil", 0644);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*ReadFileNoFollow(Path("target"), 100), "keep");
}

TEST_F(NofollowFileTest, ReplaceRefusesAGroupWritableDirectory) {
  ASSERT_EQ(chmod(dir_.c_str(), 0770), 0);
  absl::Status status = ReplaceFileNoFollow(Path("f"), "x", 0644);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(std::string(status.message()).find("without the sticky bit"),
            std::string::npos)
      << status;
}

TEST_F(NofollowFileTest, RemoveOnlyRegularFiles) {
  Spit(Path("f"), "x");
  ASSERT_EQ(symlink(Path("f").c_str(), Path("link").c_str()), 0);
  EXPECT_EQ(RemoveFileNoFollow(Path("link")).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(RemoveFileNoFollow(Path("f")).ok());
  EXPECT_EQ(RemoveFileNoFollow(Path("f")).code(), absl::StatusCode::kNotFound);
}

TEST_F(NofollowFileTest, PrivateModeCheck) {
  Spit(Path("f"), "x");
  ASSERT_EQ(chmod(Path("f").c_str(), 0644), 0);
  absl::StatusOr<ScopedFd> fd =
      OpenCheckedFile(Path("f"), O_RDONLY, 0, Owner::kCaller, true);
  EXPECT_EQ(fd.status(),
            absl::PermissionDeniedError(
                Path("f") + " has mode 0644: group or others have access"));
  ASSERT_EQ(chmod(Path("f").c_str(), 0600), 0);
  EXPECT_TRUE(
      OpenCheckedFile(Path("f"), O_RDONLY, 0, Owner::kCaller, true).ok());
}

}  // namespace
}  // namespace pm::posix

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PID files on the real OS: a dead process and a reused PID are stale; planted
// symbolic links are refused for reading and writing; bad content is
// InvalidArgument and the file stays as it was.

#include "core/pid_file.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/backend.h"
#include "core/local_system.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

class PidFilePosixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(
        tmp != nullptr ? tmp : "/tmp", "/pidfiles-",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
    absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = *std::move(backend);
    absl::StatusOr<std::unique_ptr<LocalSystem>> system =
        CreateDefaultLocalSystem();
    ASSERT_TRUE(system.ok()) << system.status();
    system_ = *std::move(system);
    absl::StatusOr<ProcessInfo> self =
        backend_->processes().GetProcess(getpid());
    ASSERT_TRUE(self.ok()) << self.status();
    self_ = self->identity();
  }

  std::string Path(const std::string& name) const {
    return absl::StrCat(dir_, "/", name);
  }

  std::string dir_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<LocalSystem> system_;
  ProcessIdentity self_;
};

TEST_F(PidFilePosixTest, WritesAtomicallyAndReadsBackRunning) {
  const std::string path = Path("app.pid");
  ASSERT_TRUE(WritePidFile(*system_, path, self_).ok());
  EXPECT_EQ(Slurp(path),
            absl::StrCat(self_.pid, "\n", self_.start_token, "\n"));
  struct stat st;
  ASSERT_EQ(lstat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  // Replacing leaves no temporary file behind.
  ASSERT_TRUE(WritePidFile(*system_, path, self_).ok());
  EXPECT_EQ(Slurp(path),
            absl::StrCat(self_.pid, "\n", self_.start_token, "\n"));

  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(*system_, backend_->processes(), path);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->state, PidFileState::kRunning);
  EXPECT_TRUE(check->verified);
  EXPECT_EQ(check->process->pid, self_.pid);
}

TEST_F(PidFilePosixTest, ExitedProcessIsStale) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);  // Reaped: the PID is free.
  const std::string path = Path("dead.pid");
  Spit(path, absl::StrCat(child, "\n12345\n"));
  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(*system_, backend_->processes(), path);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->state, PidFileState::kExited);
  EXPECT_TRUE(check->stale());
}

TEST_F(PidFilePosixTest, ReusedPidIsStale) {
  // This process's PID with another start token: what a PID file of an
  // earlier process looks like once the kernel hands its PID to us.
  const std::string path = Path("reused.pid");
  Spit(path, absl::StrCat(self_.pid, "\n", self_.start_token + 1, "\n"));
  absl::StatusOr<PidFileCheck> check =
      CheckPidFile(*system_, backend_->processes(), path);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->state, PidFileState::kPidReused);
  EXPECT_EQ(check->process->start_token, self_.start_token);
}

TEST_F(PidFilePosixTest, SymlinkIsRefusedForReadAndWrite) {
  const std::string target = Path("target.pid");
  const std::string link = Path("link.pid");
  Spit(target, "1\n");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);

  absl::StatusOr<PidFileRecord> read = ReadPidFile(*system_, link);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(read.status().message(),
            absl::StrCat(link,
                         " is a symbolic link; refusing to follow it "
                         "(another user may have planted it)"));
  absl::Status write = WritePidFile(*system_, link, self_);
  EXPECT_EQ(write.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Slurp(target), "1\n");  // Not redirected.
  struct stat st;
  ASSERT_EQ(lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));  // Not replaced either.
  EXPECT_EQ(system_->RemoveFile(link).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(PidFilePosixTest, BadContentIsInvalidArgumentAndTheFileStays) {
  const std::string cases[] = {"abc", "", "-5", "99999999999999999999",
                               "4294967296\n"};
  for (const std::string& text : cases) {
    const std::string path = Path("bad.pid");
    Spit(path, text);
    absl::StatusOr<PidFileCheck> check =
        CheckPidFile(*system_, backend_->processes(), path);
    EXPECT_EQ(check.status().code(), absl::StatusCode::kInvalidArgument)
        << "'" << text << "'";
    EXPECT_NE(std::string(check.status().message()).find(path),
              std::string::npos)
        << check.status();
    EXPECT_EQ(Slurp(path), text);
    struct stat st;
    EXPECT_EQ(lstat(path.c_str(), &st), 0);
  }
}

TEST_F(PidFilePosixTest, OwnerRemovesItsFileButNotASuccessors) {
  const std::string path = Path("owned.pid");
  {
    absl::StatusOr<std::unique_ptr<PidFile>> owner =
        PidFile::Create(*system_, path, self_);
    ASSERT_TRUE(owner.ok()) << owner.status();
  }
  struct stat st;
  EXPECT_NE(lstat(path.c_str(), &st), 0);
  {
    absl::StatusOr<std::unique_ptr<PidFile>> owner =
        PidFile::Create(*system_, path, self_);
    ASSERT_TRUE(owner.ok()) << owner.status();
    Spit(path, "1\n1\n");
  }
  EXPECT_EQ(Slurp(path), "1\n1\n");
}

TEST_F(PidFilePosixTest, OtherUsersFileIsNotTrusted) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to make a foreign file";
  const std::string path = Path("foreign.pid");
  Spit(path, "1\n");
  ASSERT_EQ(chown(path.c_str(), 65534, 65534), 0);
  EXPECT_EQ(ReadPidFile(*system_, path).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(WritePidFile(*system_, path, self_).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Slurp(path), "1\n");
}

TEST_F(PidFilePosixTest, DirectoryOthersMayWriteWithoutStickyIsRefused) {
  ASSERT_EQ(chmod(dir_.c_str(), 0777), 0);
  const std::string path = Path("open.pid");
  absl::Status write = WritePidFile(*system_, path, self_);
  EXPECT_EQ(write.code(), absl::StatusCode::kPermissionDenied);
  struct stat st;
  EXPECT_NE(lstat(path.c_str(), &st), 0);
  ASSERT_EQ(chmod(dir_.c_str(), 01777), 0);  // Sticky, like /tmp: allowed.
  EXPECT_TRUE(WritePidFile(*system_, path, self_).ok());
}

}  // namespace
}  // namespace pm

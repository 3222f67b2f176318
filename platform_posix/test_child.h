// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// TestChild: a helper program started by a test (posix_spawn), with stdout and
// stderr in files, waited for with a deadline and killed if the test leaves
// it running. Plus small file helpers for such tests.

#ifndef PM_PLATFORM_POSIX_TEST_CHILD_H_
#define PM_PLATFORM_POSIX_TEST_CHILD_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace pm::posix::testing {

// The path of a runfile such as "pm/platform_posix/shutdown_helper".
// NotFound when the test's runfiles do not have it.
absl::StatusOr<std::string> RunfilePath(absl::string_view name);

class TestChild {
 public:
  // Starts `argv` (argv[0] is the program's path) with stdout appended to
  // `stdout_path` and stderr to `stderr_path`. Internal when posix_spawn
  // fails.
  static absl::StatusOr<std::unique_ptr<TestChild>> Start(
      std::vector<std::string> argv, const std::string& stdout_path,
      const std::string& stderr_path);

  TestChild(const TestChild&) = delete;
  TestChild& operator=(const TestChild&) = delete;
  // SIGKILLs and reaps the child if it was not reaped.
  ~TestChild();

  pid_t pid() const { return pid_; }
  const std::vector<std::string>& argv() const { return argv_; }

  // Sends `signal_number` to the child.
  absl::Status Signal(int signal_number);
  // Reaps the child once it exits and returns its wait status;
  // DeadlineExceeded if it still runs after `timeout`.
  absl::StatusOr<int> Wait(absl::Duration timeout);

 private:
  TestChild() = default;

  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// The whole file, or "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

// Polls `path` until its content contains `needle`; returns the content.
// DeadlineExceeded (with the content so far) after `timeout`.
absl::StatusOr<std::string> WaitForFileContaining(const std::string& path,
                                                  absl::string_view needle,
                                                  absl::Duration timeout);

// Makes a fresh directory "/tmp/<prefix>XXXXXX" with mode 0700 (short, so
// Unix socket paths in it fit sun_path); aborts the test binary on failure.
std::string MakeShortTempDir(absl::string_view prefix);

// Removes `dir` and the files and symbolic links directly in it.
void RemoveFlatDir(const std::string& dir);

}  // namespace pm::posix::testing

#endif  // PM_PLATFORM_POSIX_TEST_CHILD_H_

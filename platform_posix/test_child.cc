// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// TestChild and test file helpers.

#include "platform_posix/test_child.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tools/cpp/runfiles/runfiles.h"

extern char** environ;

namespace pm::posix::testing {

using ::bazel::tools::cpp::runfiles::Runfiles;

absl::StatusOr<std::string> RunfilePath(absl::string_view name) {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  if (runfiles == nullptr) {
    return absl::NotFoundError(absl::StrCat("runfiles: ", error));
  }
  std::string path = runfiles->Rlocation(std::string(name));
  if (path.empty() || access(path.c_str(), X_OK) != 0) {
    return absl::NotFoundError(
        absl::StrCat(name, " is not in the runfiles (", path, ")"));
  }
  return path;
}

absl::StatusOr<std::unique_ptr<TestChild>> TestChild::Start(
    std::vector<std::string> argv, const std::string& stdout_path,
    const std::string& stderr_path) {
  std::unique_ptr<TestChild> child(new TestChild());
  child->argv_ = std::move(argv);
  std::vector<char*> raw;
  for (std::string& arg : child->argv_) raw.push_back(arg.data());
  raw.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::InternalError(
        absl::StrCat("posix_spawn(", raw[0], "): ", std::strerror(rc)));
  }
  child->pid_ = pid;
  return child;
}

TestChild::~TestChild() {
  if (reaped_ || pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

absl::Status TestChild::Signal(int signal_number) {
  if (kill(pid_, signal_number) != 0) {
    return absl::InternalError(absl::StrCat("kill(", pid_, ", ", signal_number,
                                            "): ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> TestChild::Wait(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    pid_t got = waitpid(pid_, &status, WNOHANG);
    if (got == pid_) {
      reaped_ = true;
      return status;
    }
    if (got < 0 && errno != EINTR) {
      return absl::InternalError(
          absl::StrCat("waitpid(", pid_, "): ", std::strerror(errno)));
    }
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "pid ", pid_, " still runs after ", absl::FormatDuration(timeout)));
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::string> WaitForFileContaining(const std::string& path,
                                                  absl::string_view needle,
                                                  absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    std::string text = ReadFileOrEmpty(path);
    if (absl::StrContains(text, needle)) return text;
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          path, " has no '", needle, "' after ", absl::FormatDuration(timeout),
          "; it holds: '", text, "'"));
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
}

std::string MakeShortTempDir(absl::string_view prefix) {
  std::string pattern = absl::StrCat("/tmp/", prefix, "XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr || chmod(pattern.c_str(), 0700)) {
    std::abort();
  }
  return pattern;
}

void RemoveFlatDir(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d != nullptr) {
    while (struct dirent* entry = readdir(d)) {
      std::string name = entry->d_name;
      if (name == "." || name == "..") continue;
      unlink(absl::StrCat(dir, "/", name).c_str());
    }
    closedir(d);
  }
  rmdir(dir.c_str());
}

}  // namespace pm::posix::testing

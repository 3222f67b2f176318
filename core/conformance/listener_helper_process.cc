// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ListenerHelper (posix_spawn, a stdin pipe, a polled ready file, waitpid) and
// ParseReadyFile.

#include "core/conformance/listener_helper_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"
#include "tools/cpp/runfiles/runfiles.h"

extern char** environ;

namespace pm::conformance {
namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;

absl::Status ErrnoError(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

absl::Status BadLine(absl::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("ready file line '", line, "': ", why));
}

absl::StatusOr<Endpoint> ParseEnd(absl::string_view line,
                                  absl::string_view address,
                                  absl::string_view port) {
  Endpoint end;
  absl::StatusOr<IpAddress> ip = IpAddress::Parse(address);
  if (!ip.ok()) return BadLine(line, ip.status().message());
  end.address = *ip;
  uint32_t number = 0;
  if (!absl::SimpleAtoi(port, &number) || number > 65535) {
    return BadLine(line, "bad port");
  }
  end.port = static_cast<uint16_t>(number);
  return end;
}

absl::StatusOr<std::string> HelperPath() {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  if (runfiles == nullptr) {
    return absl::NotFoundError(absl::StrCat("runfiles: ", error));
  }
  std::string path = runfiles->Rlocation("pm/core/conformance/listener_helper");
  if (path.empty() || access(path.c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat(
        "listener_helper not in runfiles (", path,
        "): add //core/conformance:listener_helper to the test's data"));
  }
  return path;
}

std::string ReadyFilePath() {
  static std::atomic<int> counter{0};
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/listener_helper.",
                      getpid(), ".", counter++, ".ready");
}

}  // namespace

absl::StatusOr<HelperReport> ParseReadyFile(absl::string_view text) {
  HelperReport report;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    if ((f[0] == "pid" || f[0] == "child" || f[0] == "grandchild") &&
        f.size() == 2) {
      Pid pid = 0;
      if (!absl::SimpleAtoi(f[1], &pid) || pid <= 0) {
        return BadLine(line, "bad pid");
      }
      if (f[0] == "pid") {
        report.pid = pid;
      } else if (f[0] == "child") {
        report.children.push_back(pid);
      } else {
        report.grandchildren.push_back(pid);
      }
    } else if (f[0] == "socket" && f.size() == 7) {
      HelperSocket s;
      s.kind = std::string(f[1]);
      if (f[2] != "tcp" && f[2] != "udp") return BadLine(line, "bad protocol");
      s.protocol = f[2] == "tcp" ? Protocol::kTcp : Protocol::kUdp;
      PM_ASSIGN_OR_RETURN(s.local, ParseEnd(line, f[3], f[4]));
      PM_ASSIGN_OR_RETURN(s.remote, ParseEnd(line, f[5], f[6]));
      report.sockets.push_back(std::move(s));
    } else {
      return BadLine(line, "unknown record");
    }
  }
  if (report.pid == 0) return absl::InvalidArgumentError("no pid line");
  return report;
}

absl::StatusOr<std::unique_ptr<ListenerHelper>> ListenerHelper::Start(
    std::vector<std::string> flags, absl::Duration timeout) {
  PM_ASSIGN_OR_RETURN(std::string path, HelperPath());
  std::string ready_file = ReadyFilePath();
  std::remove(ready_file.c_str());

  std::unique_ptr<ListenerHelper> helper(new ListenerHelper());
  helper->argv_.push_back(path);
  helper->argv_.push_back("--ready_file=" + ready_file);
  for (std::string& flag : flags) helper->argv_.push_back(std::move(flag));
  std::vector<char*> argv;
  for (std::string& arg : helper->argv_) argv.push_back(arg.data());
  argv.push_back(nullptr);

  // Both ends close-on-exec; the read end becomes the helper's stdin (dup2
  // clears the flag on fd 0), so only this process holds the write end.
  int fds[2];
  if (pipe(fds) != 0) return ErrnoError("pipe()");
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  helper->stdin_fd_ = fds[1];
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  pid_t pid = 0;
  int rc =
      posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[0]);
  if (rc != 0) {
    errno = rc;
    helper->reaped_ = true;
    return ErrnoError(absl::StrCat("posix_spawn(", path, ")"));
  }
  helper->pid_ = pid;
  PM_RETURN_IF_ERROR(helper->AwaitReadyFile(ready_file, absl::Now() + timeout));
  if (helper->report_.pid != helper->pid_) {
    return absl::InternalError(absl::StrCat(
        "ready file names pid ", helper->report_.pid, ", spawned ", pid));
  }
  return helper;
}

absl::Status ListenerHelper::AwaitReadyFile(const std::string& path,
                                            absl::Time deadline) {
  while (true) {
    std::ifstream in(path);
    if (in) {
      std::stringstream text;
      text << in.rdbuf();
      PM_ASSIGN_OR_RETURN(report_, ParseReadyFile(text.str()));
      return absl::OkStatus();
    }
    int status = 0;
    pid_t rc = waitpid(static_cast<pid_t>(pid_), &status, WNOHANG);
    if (rc == pid_) {
      reaped_ = true;
      wait_status_ = status;
      return absl::InternalError(
          absl::StrCat("listener_helper exited before writing ", path,
                       " (wait status ", status, ")"));
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("listener_helper (pid ", pid_, ") wrote no ", path));
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
}

const HelperSocket& ListenerHelper::SocketOf(absl::string_view kind,
                                             size_t index) const {
  size_t seen = 0;
  for (const HelperSocket& s : report_.sockets) {
    if (s.kind == kind && seen++ == index) return s;
  }
  std::fprintf(stderr, "listener_helper reported no socket '%s' #%zu\n",
               std::string(kind).c_str(), index);
  std::abort();
}

absl::StatusOr<int> ListenerHelper::Stop(absl::Duration timeout) {
  if (stdin_fd_ >= 0) {
    close(stdin_fd_);
    stdin_fd_ = -1;
  }
  return Wait(timeout);
}

absl::StatusOr<int> ListenerHelper::Wait(absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  while (!reaped_) {
    int status = 0;
    pid_t rc = waitpid(static_cast<pid_t>(pid_), &status, WNOHANG);
    if (rc == pid_) {
      reaped_ = true;
      wait_status_ = status;
    } else if (rc < 0 && errno != EINTR) {
      return ErrnoError(absl::StrCat("waitpid(", pid_, ")"));
    } else if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("listener_helper (pid ", pid_, ") still running after ",
                       absl::FormatDuration(timeout)));
    } else {
      absl::SleepFor(absl::Milliseconds(5));
    }
  }
  return wait_status_;
}

ListenerHelper::~ListenerHelper() {
  if (!reaped_ && pid_ > 0) {
    kill(static_cast<pid_t>(pid_), SIGKILL);
    while (waitpid(static_cast<pid_t>(pid_), nullptr, 0) < 0 &&
           errno == EINTR) {
    }
  }
  if (stdin_fd_ >= 0) close(stdin_fd_);
}

}  // namespace pm::conformance

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// pidfd-based signal delivery and exit waiting, with a kill(2) fallback.

#include "platform_linux/pidfd_terminator.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "platform_linux/proc_stat_parser.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

// Owns a file descriptor.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

int PidfdOpen(Pid pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
}

int PidfdSendSignal(int pidfd, int sig) {
  return static_cast<int>(
      syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

// Reads and parses <root>/<pid>/stat. NotFound when the process is gone.
absl::StatusOr<ProcStat> ReadStat(const std::string& root, Pid pid) {
  std::string path = absl::StrCat(root, "/", pid, "/stat");
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return posix::ErrnoToStatus(errno, absl::StrCat("open(", path, ")"));
  }
  char buf[1024];
  ssize_t n;
  do {
    n = read(fd.get(), buf, sizeof(buf));
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    // ESRCH: the process exited between open and read.
    return posix::ErrnoToStatus(errno, absl::StrCat("read(", path, ")"));
  }
  return ParseProcStat(absl::string_view(buf, static_cast<size_t>(n)));
}

std::string Describe(const ProcessIdentity& target,
                     const std::optional<ProcStat>& stat) {
  if (stat && !stat->comm.empty()) {
    return absl::StrCat("pid ", target.pid, " (", stat->comm, ")");
  }
  return absl::StrCat("pid ", target.pid);
}

// Checks that the process now at target.pid is the one started at
// target.start_token. OK + its stat when it is.
absl::StatusOr<ProcStat> VerifyIdentity(const std::string& root,
                                        const ProcessIdentity& target) {
  absl::StatusOr<ProcStat> stat = ReadStat(root, target.pid);
  if (!stat.ok()) {
    if (absl::IsNotFound(stat.status())) {
      return absl::NotFoundError(
          absl::StrCat("pid ", target.pid, " has exited"));
    }
    return stat.status();
  }
  if (stat->start_ticks != target.start_token) {
    return absl::FailedPreconditionError(absl::StrCat(
        "pid ", target.pid, " now belongs to another process (", stat->comm,
        ", started at tick ", stat->start_ticks, ", not ", target.start_token,
        "): the PID was reused; nothing was sent"));
  }
  return stat;
}

}  // namespace

int SignalNumber(TerminationSignal signal) {
  switch (signal) {
    case TerminationSignal::kTerminate:
      return SIGTERM;
    case TerminationSignal::kKill:
      return SIGKILL;
    case TerminationSignal::kInterrupt:
      return SIGINT;
    case TerminationSignal::kHangup:
      return SIGHUP;
  }
  return SIGTERM;
}

PidfdTerminator::PidfdTerminator(std::string proc_root)
    : proc_root_(std::move(proc_root)) {}

absl::Status PidfdTerminator::Signal(const ProcessIdentity& target,
                                     TerminationSignal signal) {
  if (target.pid <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("pid ", target.pid, " names no single process"));
  }
  UniqueFd pidfd(PidfdOpen(target.pid));
  bool have_pidfd = pidfd.get() >= 0;
  if (!have_pidfd && errno != ENOSYS) {
    if (errno == ESRCH) {
      return absl::NotFoundError(
          absl::StrCat("pid ", target.pid, " has exited"));
    }
    return posix::ErrnoToStatus(errno,
                                absl::StrCat("pidfd_open(", target.pid, ")"));
  }
  absl::StatusOr<ProcStat> stat = VerifyIdentity(proc_root_, target);
  if (!stat.ok()) return stat.status();

  int sig = SignalNumber(signal);
  int rc = have_pidfd ? PidfdSendSignal(pidfd.get(), sig)
                      : kill(static_cast<pid_t>(target.pid), sig);
  if (rc == 0) return absl::OkStatus();
  int err = errno;
  if (err == ESRCH) {
    return absl::NotFoundError(
        absl::StrCat(Describe(target, *stat), " exited before the signal"));
  }
  return posix::ErrnoToStatus(
      err, absl::StrCat("kill ", Describe(target, *stat), " with ",
                        TerminationSignalName(signal), ": ",
                        have_pidfd ? "pidfd_send_signal" : "kill"));
}

absl::Status PidfdTerminator::WaitForExit(const ProcessIdentity& target,
                                          absl::Time deadline) {
  UniqueFd pidfd(PidfdOpen(target.pid));
  if (pidfd.get() < 0 && errno == ESRCH) return absl::OkStatus();
  bool have_pidfd = pidfd.get() >= 0;
  if (!have_pidfd && errno != ENOSYS) {
    return posix::ErrnoToStatus(errno,
                                absl::StrCat("pidfd_open(", target.pid, ")"));
  }
  absl::Duration backoff = absl::Milliseconds(1);
  while (true) {
    absl::StatusOr<ProcStat> stat = VerifyIdentity(proc_root_, target);
    if (absl::IsNotFound(stat.status()) ||
        absl::IsFailedPrecondition(stat.status())) {
      return absl::OkStatus();  // Gone, or the PID now names another process.
    }
    if (!stat.ok()) return stat.status();
    if (stat->state == 'Z' || stat->state == 'X') return absl::OkStatus();

    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(
          Describe(target, *stat), " still running at the deadline"));
    }
    if (have_pidfd) {
      pollfd p{pidfd.get(), POLLIN, 0};
      int64_t ms = absl::ToInt64Milliseconds(left + absl::Nanoseconds(999999));
      int rc = poll(&p, 1, static_cast<int>(std::min<int64_t>(ms, 1 << 30)));
      if (rc < 0 && errno != EINTR) {
        return posix::ErrnoToStatus(
            errno, absl::StrCat("poll(pidfd of pid ", target.pid, ")"));
      }
      if (rc > 0) return absl::OkStatus();  // Readable: the process exited.
      continue;  // Timed out or interrupted: re-check, then the deadline.
    }
    std::this_thread::sleep_for(
        absl::ToChronoNanoseconds(std::min(backoff, left)));
    backoff = std::min(backoff * 2, absl::Milliseconds(10));
  }
}

}  // namespace pm::procfs

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcfsProcessDiscovery: reads <proc_root>/<pid>/{stat,status,cmdline,exe}.

#include "platform_linux/procfs_process_discovery.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/status_macros.h"
#include "platform_linux/proc_stat_parser.h"
#include "platform_posix/errno_status.h"

namespace pm::procfs {
namespace {

// Closes a file descriptor on scope exit.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// "<dir>/<name>", or `name` alone when `dir` is empty: a path for messages,
// built only when a call fails.
std::string PathFor(absl::string_view dir, absl::string_view name) {
  return dir.empty() ? std::string(name) : absl::StrCat(dir, "/", name);
}

// Reads the whole file `name` under `dir_fd` into `text` (whose capacity is
// reused); `dir` names the directory in errors.
absl::Status ReadFileAt(int dir_fd, const char* name, absl::string_view dir,
                        std::string& text) {
  text.clear();
  ScopedFd fd(openat(dir_fd, name, O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return posix::ErrnoToStatus(errno,
                                absl::StrCat("open(", PathFor(dir, name), ")"));
  }
  char chunk[4096];
  while (true) {
    const ssize_t n = read(fd.get(), chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      text.clear();
      return posix::ErrnoToStatus(
          error, absl::StrCat("read(", PathFor(dir, name), ")"));
    }
    if (n == 0) return absl::OkStatus();
    text.append(chunk, static_cast<size_t>(n));
  }
}

// Reads the target of the symlink `name` under `dir_fd`.
absl::StatusOr<std::string> ReadLinkAt(int dir_fd, const char* name,
                                       absl::string_view dir) {
  std::string target(256, '\0');
  while (true) {
    const ssize_t n = readlinkat(dir_fd, name, target.data(), target.size());
    if (n < 0) {
      return posix::ErrnoToStatus(
          errno, absl::StrCat("readlink(", PathFor(dir, name), ")"));
    }
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);  // Possibly truncated: try a larger one.
  }
}

bool IsGone(const absl::Status& status) {
  return absl::IsNotFound(status);  // ENOENT and ESRCH both map here.
}

absl::Status ProcessNotFound(Pid pid, const absl::Status& cause) {
  return absl::NotFoundError(
      absl::StrCat("process ", pid, " not found: ", cause.message()));
}

// Converts start ticks since boot to wall-clock time.
absl::Time StartTime(uint64_t boot_time, uint64_t ticks, int64_t hz) {
  const uint64_t rate = static_cast<uint64_t>(hz);
  return absl::FromUnixSeconds(static_cast<int64_t>(boot_time)) +
         absl::Seconds(static_cast<int64_t>(ticks / rate)) +
         absl::Seconds(static_cast<int64_t>(ticks % rate)) / hz;
}

}  // namespace

ProcfsProcessDiscovery::ProcfsProcessDiscovery(std::string proc_root,
                                               int64_t clock_ticks_per_second)
    : proc_root_(std::move(proc_root)),
      clock_ticks_per_second_(clock_ticks_per_second) {
  if (clock_ticks_per_second_ <= 0) {
    const long hz = sysconf(_SC_CLK_TCK);
    // Why: sysconf only fails for unknown names; USER_HZ is 100 on every
    // Linux architecture, so that is the safe fallback.
    clock_ticks_per_second_ = hz > 0 ? hz : 100;
  }
}

absl::StatusOr<uint64_t> ProcfsProcessDiscovery::BootTime() {
  if (boot_time_.has_value()) return *boot_time_;
  const std::string path = absl::StrCat(proc_root_, "/stat");
  PM_RETURN_IF_ERROR(ReadFileAt(AT_FDCWD, path.c_str(), "", buffer_));
  PM_ASSIGN_OR_RETURN(uint64_t btime, ParseBootTime(buffer_));
  boot_time_ = btime;
  return btime;
}

absl::StatusOr<ProcessInfo> ProcfsProcessDiscovery::GetProcess(Pid pid) {
  if (pid <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("process id ", pid, " is not valid (must be > 0)"));
  }
  PM_ASSIGN_OR_RETURN(const uint64_t boot_time, BootTime());

  const std::string dir = absl::StrCat(proc_root_, "/", pid);
  ScopedFd dir_fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0) {
    absl::Status status =
        posix::ErrnoToStatus(errno, absl::StrCat("open(", dir, ")"));
    return IsGone(status) ? ProcessNotFound(pid, status) : status;
  }

  if (absl::Status read = ReadFileAt(dir_fd.get(), "stat", dir, buffer_);
      !read.ok()) {
    return IsGone(read) ? ProcessNotFound(pid, read) : read;
  }
  absl::StatusOr<ProcStat> stat = ParseProcStat(buffer_);
  if (!stat.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, "/stat: ", stat.status().message()));
  }
  if (stat->pid != pid) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, "/stat names pid ", stat->pid));
  }

  ProcessInfo info;
  info.pid = pid;
  info.ppid = stat->ppid;
  info.name = std::move(stat->comm);
  info.start_token = stat->start_ticks;
  info.kernel_thread = IsKernelThread(*stat);
  info.start_time =
      StartTime(boot_time, stat->start_ticks, clock_ticks_per_second_);

  // status, cmdline and exe: gone -> NotFound; refused -> withheld.
  auto withheld = [&](const absl::Status& status) -> absl::Status {
    if (IsGone(status)) return ProcessNotFound(pid, status);
    if (absl::IsPermissionDenied(status)) {
      info.details_visible = false;
      return absl::OkStatus();
    }
    return status;
  };

  if (absl::Status read = ReadFileAt(dir_fd.get(), "status", dir, buffer_);
      read.ok()) {
    absl::StatusOr<Uid> uid = ParseStatusUid(buffer_);
    if (!uid.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(dir, "/status: ", uid.status().message()));
    }
    info.uid = *uid;
    info.user = users_.Name(*uid);
  } else {
    PM_RETURN_IF_ERROR(withheld(read));
  }

  if (absl::Status read = ReadFileAt(dir_fd.get(), "cmdline", dir, buffer_);
      read.ok()) {
    info.cmdline = ParseCmdline(buffer_);
  } else {
    PM_RETURN_IF_ERROR(withheld(read));
  }

  absl::StatusOr<std::string> exe = ReadLinkAt(dir_fd.get(), "exe", dir);
  if (exe.ok()) {
    info.exe = *std::move(exe);
  } else if (!IsGone(exe.status())) {
    // Why: a kernel thread or zombie has no exe (ENOENT); that hides nothing.
    PM_RETURN_IF_ERROR(withheld(exe.status()));
  }
  return info;
}

absl::StatusOr<std::vector<ProcessInfo>>
ProcfsProcessDiscovery::ListProcesses() {
  PM_RETURN_IF_ERROR(BootTime().status());

  const int root_fd =
      open(proc_root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) {
    return posix::ErrnoToStatus(errno, absl::StrCat("open(", proc_root_, ")"));
  }
  DIR* root = fdopendir(root_fd);
  if (root == nullptr) {
    const int error = errno;
    close(root_fd);
    return posix::ErrnoToStatus(error,
                                absl::StrCat("fdopendir(", proc_root_, ")"));
  }
  std::vector<Pid> pids;
  while (true) {
    errno = 0;
    const struct dirent* entry = readdir(root);
    if (entry == nullptr) break;
    if (std::optional<Pid> pid = ParsePidDirName(entry->d_name)) {
      pids.push_back(*pid);
    }
  }
  const int readdir_errno = errno;
  closedir(root);
  if (readdir_errno != 0) {
    return posix::ErrnoToStatus(readdir_errno,
                                absl::StrCat("readdir(", proc_root_, ")"));
  }

  std::sort(pids.begin(), pids.end());
  std::vector<ProcessInfo> processes;
  processes.reserve(pids.size());
  for (Pid pid : pids) {
    // Why: a process may exit between the listing and this read (NotFound), or
    // have unreadable files; either way it is left out, never failing the
    // whole table (Chromium process_iterator_linux.cc does the same).
    absl::StatusOr<ProcessInfo> info = GetProcess(pid);
    if (info.ok()) processes.push_back(*std::move(info));
  }
  return processes;
}

}  // namespace pm::procfs

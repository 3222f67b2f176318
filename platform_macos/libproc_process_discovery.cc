// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// LibprocProcessDiscovery: the thin libproc/sysctl shim; assembly is in
// process_converter.cc and argv parsing in proc_args_parser.cc.

#include "platform_macos/libproc_process_discovery.h"

#include <errno.h>
#include <libproc.h>
#include <pwd.h>
#include <sys/proc_info.h>
#include <sys/sysctl.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/status_macros.h"
#include "platform_macos/libproc_pids.h"
#include "platform_macos/proc_args_parser.h"
#include "platform_macos/process_converter.h"
#include "platform_posix/errno_status.h"

namespace pm::macos {
namespace {

// errno, or `fallback` when the failed call left it 0. Read it right after the
// call: building a message may allocate, and allocation may change errno.
int ErrnoOr(int fallback) { return errno == 0 ? fallback : errno; }

// Fills the fields of proc_bsdinfo for a process the caller may inspect.
absl::Status ReadBsdInfo(pid_t pid, BsdProcessRecord* record) {
  struct proc_bsdinfo bsd;
  errno = 0;
  int bytes = proc_pidinfo(pid, PROC_PIDTBSDINFO, 0, &bsd, sizeof(bsd));
  if (bytes != static_cast<int>(sizeof(bsd))) {
    const int error = ErrnoOr(ESRCH);
    return posix::ErrnoToStatus(
        error, absl::StrCat("proc_pidinfo(", pid, ", PROC_PIDTBSDINFO)"));
  }
  record->ppid = bsd.pbi_ppid;
  record->uid = bsd.pbi_ruid;
  record->comm = FixedCString(bsd.pbi_comm, sizeof(bsd.pbi_comm));
  record->name = FixedCString(bsd.pbi_name, sizeof(bsd.pbi_name));
  record->start_sec = bsd.pbi_start_tvsec;
  record->start_usec = bsd.pbi_start_tvusec;
  return absl::OkStatus();
}

// Fills the same fields from kinfo_proc, which every user may read. Why: the
// kernel refuses PROC_PIDTBSDINFO for another user's process (xnu
// proc_pidinfo: CHECK_SAME_USER), but identity needs its start time; psutil
// reads create_time from kinfo_proc too (proc_kinfo_oneshot, _psutil_osx.c).
absl::Status ReadKinfoProc(pid_t pid, BsdProcessRecord* record) {
  int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid};
  struct kinfo_proc kp;
  size_t size = sizeof(kp);
  if (sysctl(mib, 4, &kp, &size, nullptr, 0) != 0) {
    const int error = ErrnoOr(EIO);
    return posix::ErrnoToStatus(
        error, absl::StrCat("sysctl(KERN_PROC_PID, ", pid, ")"));
  }
  if (size == 0) {  // No such process: the call succeeds with nothing.
    return posix::ErrnoToStatus(
        ESRCH, absl::StrCat("sysctl(KERN_PROC_PID, ", pid, ")"));
  }
  record->ppid = kp.kp_eproc.e_ppid;
  record->uid = kp.kp_eproc.e_pcred.p_ruid;
  record->comm = FixedCString(kp.kp_proc.p_comm, sizeof(kp.kp_proc.p_comm));
  record->name.clear();
  record->start_sec = static_cast<uint64_t>(kp.kp_proc.p_starttime.tv_sec);
  record->start_usec = static_cast<uint64_t>(kp.kp_proc.p_starttime.tv_usec);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadExePath(pid_t pid) {
  char path[PROC_PIDPATHINFO_MAXSIZE];
  errno = 0;
  int length = proc_pidpath(pid, path, sizeof(path));
  if (length <= 0) {
    const int error = ErrnoOr(ESRCH);
    return posix::ErrnoToStatus(error, absl::StrCat("proc_pidpath(", pid, ")"));
  }
  return std::string(path, static_cast<size_t>(length));
}

absl::StatusOr<std::vector<std::string>> ReadCmdline(pid_t pid) {
  int argmax_mib[2] = {CTL_KERN, KERN_ARGMAX};
  int argmax = 0;
  size_t size = sizeof(argmax);
  errno = 0;
  if (sysctl(argmax_mib, 2, &argmax, &size, nullptr, 0) != 0 || argmax <= 0) {
    return posix::ErrnoToStatus(ErrnoOr(EIO), "sysctl(KERN_ARGMAX)");
  }
  std::string buffer(static_cast<size_t>(argmax), '\0');
  size = buffer.size();
  int mib[3] = {CTL_KERN, KERN_PROCARGS2, pid};
  if (sysctl(mib, 3, buffer.data(), &size, nullptr, 0) != 0) {
    const int error = ErrnoOr(EIO);
    return posix::ErrnoToStatus(
        error, absl::StrCat("sysctl(KERN_PROCARGS2, ", pid, ")"));
  }
  buffer.resize(size);
  PM_ASSIGN_OR_RETURN(ProcArgs args, ParseProcArgs2(buffer));
  return std::move(args.argv);
}

// The user name for `uid`, or empty when the user database has none.
std::string UserName(uid_t uid) {
  long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::string buffer(hint > 0 ? static_cast<size_t>(hint) : 1024, '\0');
  for (int attempt = 0; attempt < 4; ++attempt) {
    struct passwd entry;
    struct passwd* result = nullptr;
    int error = getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &result);
    if (error == ERANGE) {
      buffer.resize(buffer.size() * 4);
      continue;
    }
    if (error != 0 || result == nullptr) return "";
    return result->pw_name;
  }
  return "";
}

}  // namespace

absl::StatusOr<ProcessInfo> LibprocProcessDiscovery::GetProcess(Pid pid) {
  if (pid < 0 || pid > std::numeric_limits<int32_t>::max()) {
    return absl::InvalidArgumentError(
        absl::StrCat("pid ", pid, " is not a macOS process ID"));
  }
  const pid_t id = static_cast<pid_t>(pid);
  BsdProcessRecord record;
  record.pid = pid;
  absl::Status status = ReadBsdInfo(id, &record);
  if (absl::IsPermissionDenied(status)) status = ReadKinfoProc(id, &record);
  PM_RETURN_IF_ERROR(status);

  absl::StatusOr<std::string> exe = ReadExePath(id);
  if (absl::IsNotFound(exe.status())) return exe.status();  // Exited.
  if (exe.ok()) {
    record.exe = *std::move(exe);
  } else {
    record.details_visible = false;
  }

  absl::StatusOr<std::vector<std::string>> cmdline = ReadCmdline(id);
  if (cmdline.ok()) {
    record.cmdline = *std::move(cmdline);
  } else {
    // KERN_PROCARGS2 says EINVAL both for a process it will not show and for
    // one that is gone: ask again which one it is.
    BsdProcessRecord again;
    absl::Status alive = ReadKinfoProc(id, &again);
    if (absl::IsNotFound(alive) ||
        (alive.ok() && (again.start_sec != record.start_sec ||
                        again.start_usec != record.start_usec))) {
      return posix::ErrnoToStatus(
          ESRCH, absl::StrCat("sysctl(KERN_PROCARGS2, ", pid, ")"));
    }
    record.details_visible = false;
  }
  record.user = UserName(static_cast<uid_t>(record.uid));
  return ProcessInfoFromBsd(record);
}

absl::StatusOr<std::vector<ProcessInfo>>
LibprocProcessDiscovery::ListProcesses() {
  PM_ASSIGN_OR_RETURN(std::vector<Pid> pids, ListAllPids());
  std::vector<ProcessInfo> processes;
  processes.reserve(pids.size());
  for (Pid pid : pids) {
    absl::StatusOr<ProcessInfo> info = GetProcess(pid);
    if (absl::IsNotFound(info.status())) continue;  // Exited during the scan.
    PM_RETURN_IF_ERROR(info.status());
    processes.push_back(*std::move(info));
  }
  return processes;
}

}  // namespace pm::macos

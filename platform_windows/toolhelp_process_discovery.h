// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ToolhelpProcessDiscovery: the Windows ProcessDiscovery, from a Toolhelp32
// snapshot and OpenProcess.

#ifndef PM_PLATFORM_WINDOWS_TOOLHELP_PROCESS_DISCOVERY_H_
#define PM_PLATFORM_WINDOWS_TOOLHELP_PROCESS_DISCOVERY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/process.h"
#include "core/process_discovery.h"

namespace pm::win {

// Reads processes from:
//  * CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS): ppid and name (szExeFile,
//    e.g. "python.exe") of every process, any user's;
//  * OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION) on each, then
//    QueryFullProcessImageNameW (exe), GetProcessTimes (creation time: the
//    start_token is its FILETIME value, start_time the same instant) and the
//    token's user (OpenProcessToken, GetTokenInformation(TokenUser),
//    LookupAccountSidW as "DOMAIN\name", else the SID as S-1-5-...).
// A process that cannot be opened (ERROR_ACCESS_DENIED: another user's
// service, protected processes; the Idle process, PID 0, is never opened)
// keeps ppid and name, has start_token 0 and details_visible false.
// cmdline is always empty: TODO, reading it needs the target's PEB
// (NtQueryInformationProcess ProcessCommandLineInformation), not done yet.
// uid is unset: Windows users are SIDs, reported in `user`.
//
// PID reuse: GetProcess opens the process before taking the snapshot, so the
// handle pins the PID and both describe the same process. ListProcesses takes
// the snapshot first; a process whose creation time is later than the moment
// just before the snapshot is a newer process that may have reused a listed
// PID, and is skipped as an exited one (so a process started while the
// snapshot is taken can be left out, as if started just after it: never
// reported with another process's ppid and name).
//
// GetProcess returns NotFound when no process has the PID (OpenProcess gives
// ERROR_INVALID_PARAMETER, or the snapshot does not list it), InvalidArgument
// for a PID outside 0..UINT32_MAX; other failures carry the call and its
// Win32 error. ListProcesses skips processes that exit during the scan and
// returns the rest sorted by PID. Thread-safe (it has no state).
class ToolhelpProcessDiscovery final : public ProcessDiscovery {
 public:
  absl::StatusOr<ProcessInfo> GetProcess(Pid pid) override;
  absl::StatusOr<std::vector<ProcessInfo>> ListProcesses() override;
};

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_TOOLHELP_PROCESS_DISCOVERY_H_

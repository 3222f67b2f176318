// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ToolhelpProcessDiscovery: the thin Toolhelp32/OpenProcess shim; assembly is
// in process_converter.cc.

#include "platform_windows/toolhelp_process_discovery.h"

// win_api.h brings windows.h, which must come before sddl.h and tlhelp32.h.
// clang-format off
#include "platform_windows/win_api.h"
#include <sddl.h>
#include <tlhelp32.h>
// clang-format on

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "platform_windows/process_converter.h"

namespace pm::win {
namespace {

// One PROCESSENTRY32W, with the name in UTF-8.
struct SnapshotEntry {
  uint32_t pid = 0;
  uint32_t parent_pid = 0;
  std::string exe_file;
};

absl::StatusOr<std::vector<SnapshotEntry>> ReadSnapshot() {
  UniqueHandle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
  if (!snapshot.valid()) {
    DWORD error = GetLastError();
    return Win32Status(error, "CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS)");
  }
  std::vector<SnapshotEntry> entries;
  PROCESSENTRY32W entry;
  entry.dwSize = sizeof(entry);
  BOOL more = Process32FirstW(snapshot.get(), &entry);
  while (more) {
    entries.push_back(
        {entry.th32ProcessID, entry.th32ParentProcessID,
         WideToUtf8(entry.szExeFile, wcsnlen(entry.szExeFile, MAX_PATH))});
    more = Process32NextW(snapshot.get(), &entry);
  }
  DWORD error = GetLastError();
  if (error != ERROR_NO_MORE_FILES) {
    return Win32Status(error, "Process32NextW()");
  }
  return entries;
}

// Opens `pid` for limited queries. NotFound when no such process exists.
absl::StatusOr<UniqueHandle> OpenForQuery(uint32_t pid) {
  UniqueHandle process(
      OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
  if (process.valid()) return process;
  DWORD error = GetLastError();
  std::string what = absl::StrCat("OpenProcess(", pid, ")");
  if (error == ERROR_INVALID_PARAMETER) {
    return absl::NotFoundError(
        absl::StrCat(what, ": no such process (", "ERROR_INVALID_PARAMETER)"));
  }
  return Win32Status(error, what);
}

// "DOMAIN\name" of the process token's user, its SID text when the account
// has no name, or empty when the token cannot be read.
std::string TokenUserName(HANDLE process) {
  HANDLE raw_token = nullptr;
  if (!OpenProcessToken(process, TOKEN_QUERY, &raw_token)) return "";
  UniqueHandle token(raw_token);
  DWORD size = 0;
  GetTokenInformation(token.get(), TokenUser, nullptr, 0, &size);
  if (size == 0) return "";
  std::vector<unsigned char> buffer(size);  // Aligned by operator new.
  if (!GetTokenInformation(token.get(), TokenUser, buffer.data(), size,
                           &size)) {
    return "";
  }
  PSID sid = reinterpret_cast<const TOKEN_USER*>(buffer.data())->User.Sid;
  wchar_t name[256];
  wchar_t domain[256];
  DWORD name_length = 256;
  DWORD domain_length = 256;
  SID_NAME_USE use;
  if (LookupAccountSidW(nullptr, sid, name, &name_length, domain,
                        &domain_length, &use)) {
    std::string user = WideToUtf8(name, name_length);
    if (domain_length == 0) return user;
    return absl::StrCat(WideToUtf8(domain, domain_length), "\\", user);
  }
  wchar_t* sid_text = nullptr;
  if (!ConvertSidToStringSidW(sid, &sid_text)) return "";
  std::string text = WideToUtf8(sid_text, wcslen(sid_text));
  LocalFree(sid_text);
  return text;
}

// Fills image path, creation time and user from an open process handle; what
// the handle does not allow is left empty and clears details_visible.
void ReadFromHandle(HANDLE process, WinProcessRecord* record) {
  wchar_t path[32768];
  DWORD length = 32768;
  if (QueryFullProcessImageNameW(process, 0, path, &length)) {
    record->image_path = WideToUtf8(path, length);
  } else {
    record->details_visible = false;
  }
  FILETIME creation, exit, kernel, user;
  if (GetProcessTimes(process, &creation, &exit, &kernel, &user)) {
    record->creation_filetime =
        FileTimeValue(creation.dwLowDateTime, creation.dwHighDateTime);
  } else {
    record->details_visible = false;
  }
  record->user = TokenUserName(process);
  if (record->user.empty()) record->details_visible = false;
}

// Builds the record for one snapshot entry, opening the process unless the
// caller passes the result of its own attempt in `opened`. NotFound when the
// process has exited.
absl::StatusOr<WinProcessRecord> ReadProcess(const SnapshotEntry& entry,
                                             const UniqueHandle* opened) {
  WinProcessRecord record;
  record.pid = entry.pid;
  record.parent_pid = entry.parent_pid;
  record.exe_file = entry.exe_file;
  if (opened != nullptr) {  // The caller has tried to open it already.
    if (opened->valid()) {
      ReadFromHandle(opened->get(), &record);
    } else {
      record.details_visible = false;
    }
    return record;
  }
  if (entry.pid == 0) {  // The Idle process cannot be opened.
    record.details_visible = false;
    return record;
  }
  absl::StatusOr<UniqueHandle> process = OpenForQuery(entry.pid);
  if (absl::IsPermissionDenied(process.status())) {
    record.details_visible = false;
    return record;
  }
  PM_RETURN_IF_ERROR(process.status());
  ReadFromHandle(process->get(), &record);
  return record;
}

}  // namespace

absl::StatusOr<ProcessInfo> ToolhelpProcessDiscovery::GetProcess(Pid pid) {
  if (pid < 0 || pid > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(
        absl::StrCat("pid ", pid, " is not a Windows process ID"));
  }
  const uint32_t id = static_cast<uint32_t>(pid);
  // Open first: the handle keeps the PID from being reused until the snapshot
  // below has been matched against it.
  UniqueHandle opened;
  if (id != 0) {
    absl::StatusOr<UniqueHandle> process = OpenForQuery(id);
    if (process.ok()) {
      opened = *std::move(process);
    } else if (!absl::IsPermissionDenied(process.status())) {
      return process.status();
    }
  }
  PM_ASSIGN_OR_RETURN(std::vector<SnapshotEntry> entries, ReadSnapshot());
  auto it = std::find_if(entries.begin(), entries.end(),
                         [id](const SnapshotEntry& e) { return e.pid == id; });
  if (it == entries.end()) {
    // An open handle can outlive its process; the snapshot lists live ones.
    return absl::NotFoundError(
        absl::StrCat("process ", pid, ": not in the Toolhelp32 snapshot"));
  }
  PM_ASSIGN_OR_RETURN(WinProcessRecord record, ReadProcess(*it, &opened));
  return ProcessInfoFromRecord(record);
}

absl::StatusOr<std::vector<ProcessInfo>>
ToolhelpProcessDiscovery::ListProcesses() {
  FILETIME before;
  GetSystemTimeAsFileTime(&before);
  const uint64_t snapshot_time =
      FileTimeValue(before.dwLowDateTime, before.dwHighDateTime);
  PM_ASSIGN_OR_RETURN(std::vector<SnapshotEntry> entries, ReadSnapshot());
  std::vector<ProcessInfo> processes;
  processes.reserve(entries.size());
  for (const SnapshotEntry& entry : entries) {
    absl::StatusOr<WinProcessRecord> record = ReadProcess(entry, nullptr);
    if (absl::IsNotFound(record.status())) continue;  // Exited meanwhile.
    PM_RETURN_IF_ERROR(record.status());
    if (record->creation_filetime.has_value() &&
        *record->creation_filetime > snapshot_time) {
      continue;  // The listed process exited and a new one reused its PID.
    }
    processes.push_back(ProcessInfoFromRecord(*record));
  }
  std::sort(
      processes.begin(), processes.end(),
      [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return processes;
}

}  // namespace pm::win

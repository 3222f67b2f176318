// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// WinStateIo and the Windows CreateDefaultStateIo.

#include "platform_windows/state_io.h"

#include <atomic>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "platform_windows/win_api.h"

namespace pm::win {
namespace {

std::wstring Wide(const std::string& utf8) {
  if (utf8.empty()) return std::wstring();
  const int size = static_cast<int>(utf8.size());
  int length = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), size, nullptr, 0);
  std::wstring out(static_cast<size_t>(length > 0 ? length : 0), L'\0');
  if (length > 0) {
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), size, out.data(), length);
  }
  return out;
}

absl::Status LastError(absl::string_view call, absl::string_view path) {
  const DWORD error = GetLastError();
  return Win32Status(error, absl::StrCat(call, "(", path, ")"));
}

absl::Status WriteTemporary(const std::string& temp,
                            absl::string_view contents) {
  UniqueHandle file(CreateFileW(Wide(temp).c_str(), GENERIC_WRITE, 0, nullptr,
                                CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr));
  if (!file.valid()) return LastError("CreateFileW", temp);
  while (!contents.empty()) {
    DWORD chunk = static_cast<DWORD>(
        contents.size() > (1u << 30) ? (1u << 30) : contents.size());
    DWORD written = 0;
    if (!WriteFile(file.get(), contents.data(), chunk, &written, nullptr)) {
      return LastError("WriteFile", temp);
    }
    contents.remove_prefix(written);
  }
  if (!FlushFileBuffers(file.get())) return LastError("FlushFileBuffers", temp);
  return absl::OkStatus();
}

class WinFileLock final : public FileLock {
 public:
  explicit WinFileLock(UniqueHandle file) : file_(std::move(file)) {}
  ~WinFileLock() override {
    OVERLAPPED whole{};
    UnlockFileEx(file_.get(), 0, MAXDWORD, MAXDWORD, &whole);
  }  // file_ closes after.

 private:
  UniqueHandle file_;
};

}  // namespace

absl::StatusOr<std::string> WinStateIo::ReadFile(const std::string& path) {
  UniqueHandle file(
      CreateFileW(Wide(path).c_str(), GENERIC_READ,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                  nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  if (!file.valid()) return LastError("CreateFileW", path);
  std::string contents;
  char buffer[16384];
  while (true) {
    DWORD read = 0;
    if (!::ReadFile(file.get(), buffer, sizeof(buffer), &read, nullptr)) {
      return LastError("ReadFile", path);
    }
    if (read == 0) break;
    contents.append(buffer, read);
  }
  return contents;
}

absl::Status WinStateIo::WriteFileAtomically(const std::string& path,
                                             absl::string_view contents) {
  static std::atomic<uint64_t> counter{0};
  const std::string temp = absl::StrCat(path, ".tmp.", GetCurrentProcessId(),
                                        ".", counter.fetch_add(1));
  absl::Status written = WriteTemporary(temp, contents);
  if (written.ok() &&
      !MoveFileExW(Wide(temp).c_str(), Wide(path).c_str(),
                   MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    const DWORD error = GetLastError();
    written =
        Win32Status(error, absl::StrCat("MoveFileExW(", temp, ", ", path, ")"));
  }
  if (!written.ok()) DeleteFileW(Wide(temp).c_str());
  return written;
}

absl::Status WinStateIo::CreateDirectories(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("empty directory path");
  for (size_t end = path.find_first_of("/\\", 1);;
       end = path.find_first_of("/\\", end + 1)) {
    const std::string prefix =
        end == std::string::npos ? path : path.substr(0, end);
    // Skip drive roots ("C:") and empty components.
    const bool root = prefix.size() == 2 && prefix[1] == ':';
    if (!prefix.empty() && !root && prefix.back() != '/' &&
        prefix.back() != '\\' &&
        !CreateDirectoryW(Wide(prefix).c_str(), nullptr) &&
        GetLastError() != ERROR_ALREADY_EXISTS) {
      return LastError("CreateDirectoryW", prefix);
    }
    if (end == std::string::npos) break;
  }
  const DWORD attributes = GetFileAttributesW(Wide(path).c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES) {
    return LastError("GetFileAttributesW", path);
  }
  if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " exists and is not a directory"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<FileLock>> WinStateIo::LockFile(
    const std::string& path) {
  UniqueHandle file(
      CreateFileW(Wide(path).c_str(), GENERIC_READ | GENERIC_WRITE,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                  nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr));
  if (!file.valid()) return LastError("CreateFileW", path);
  OVERLAPPED whole{};
  if (!LockFileEx(file.get(), LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD,
                  &whole)) {
    return LastError("LockFileEx", path);
  }
  return std::unique_ptr<FileLock>(
      std::make_unique<WinFileLock>(std::move(file)));
}

Pid WinStateIo::CurrentProcessId() { return GetCurrentProcessId(); }

}  // namespace pm::win

namespace pm {

std::unique_ptr<StateIo> CreateDefaultStateIo() {
  return std::make_unique<win::WinStateIo>();
}

}  // namespace pm

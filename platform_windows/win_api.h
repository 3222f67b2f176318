// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Small helpers for calling Win32 from the Windows backend's shims: a HANDLE
// owner, UTF-16 to UTF-8, and the Status for a Win32 error with the system's
// own message.

#ifndef PM_PLATFORM_WINDOWS_WIN_API_H_
#define PM_PLATFORM_WINDOWS_WIN_API_H_

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace pm::win {

// Owns a HANDLE and closes it once. Null and INVALID_HANDLE_VALUE both mean
// "no handle" (OpenProcess returns the first on failure,
// CreateToolhelp32Snapshot the second). Move-only; thread-compatible.
class UniqueHandle {
 public:
  UniqueHandle() = default;
  explicit UniqueHandle(HANDLE handle) : handle_(handle) {}
  UniqueHandle(UniqueHandle&& other) noexcept : handle_(other.release()) {}
  UniqueHandle& operator=(UniqueHandle&& other) noexcept;
  UniqueHandle(const UniqueHandle&) = delete;
  UniqueHandle& operator=(const UniqueHandle&) = delete;
  ~UniqueHandle();

  bool valid() const {
    return handle_ != nullptr && handle_ != INVALID_HANDLE_VALUE;
  }
  HANDLE get() const { return handle_; }
  HANDLE release();

 private:
  HANDLE handle_ = nullptr;
};

// Converts UTF-16 text (as Win32's W functions return it) to UTF-8. Unpaired
// surrogates become U+FFFD. Thread-safe.
std::string WideToUtf8(const wchar_t* text, size_t length);
std::string WideToUtf8(const std::wstring& text);

// The system's text for a Win32 error (FormatMessageW, in UTF-8), or empty when
// it has none. Thread-safe.
std::string SystemErrorMessage(DWORD error);

// Win32ErrorToStatus(error, what, SystemErrorMessage(error)). Read
// GetLastError() into a variable right after the failing call, before building
// `what`: building the text may allocate, and allocation may overwrite the
// thread's last error. Thread-safe.
absl::Status Win32Status(DWORD error, absl::string_view what);

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_WIN_API_H_

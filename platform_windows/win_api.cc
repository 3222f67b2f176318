// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// UniqueHandle, WideToUtf8 and the Win32 error Status helpers.

#include "platform_windows/win_api.h"

#include <utility>

#include "platform_windows/win_error_status.h"

namespace pm::win {
namespace {

// win_error_status.h carries portable copies of these <winerror.h> values.
static_assert(kErrorFileNotFound == ERROR_FILE_NOT_FOUND, "");
static_assert(kErrorPathNotFound == ERROR_PATH_NOT_FOUND, "");
static_assert(kErrorAccessDenied == ERROR_ACCESS_DENIED, "");
static_assert(kErrorInvalidHandle == ERROR_INVALID_HANDLE, "");
static_assert(kErrorNotEnoughMemory == ERROR_NOT_ENOUGH_MEMORY, "");
static_assert(kErrorOutOfMemory == ERROR_OUTOFMEMORY, "");
static_assert(kErrorNotSupported == ERROR_NOT_SUPPORTED, "");
static_assert(kErrorFileExists == ERROR_FILE_EXISTS, "");
static_assert(kErrorInvalidParameter == ERROR_INVALID_PARAMETER, "");
static_assert(kErrorCallNotImplemented == ERROR_CALL_NOT_IMPLEMENTED, "");
static_assert(kErrorInsufficientBuffer == ERROR_INSUFFICIENT_BUFFER, "");
static_assert(kErrorAlreadyExists == ERROR_ALREADY_EXISTS, "");
static_assert(kErrorMoreData == ERROR_MORE_DATA, "");
static_assert(kWaitTimeout == WAIT_TIMEOUT, "");
static_assert(kErrorPartialCopy == ERROR_PARTIAL_COPY, "");
static_assert(kErrorNotFound == ERROR_NOT_FOUND, "");
static_assert(kErrorPrivilegeNotHeld == ERROR_PRIVILEGE_NOT_HELD, "");
static_assert(kErrorTimeout == ERROR_TIMEOUT, "");

}  // namespace

UniqueHandle& UniqueHandle::operator=(UniqueHandle&& other) noexcept {
  if (this != &other) {
    UniqueHandle old(std::exchange(handle_, other.release()));
  }
  return *this;
}

UniqueHandle::~UniqueHandle() {
  if (valid()) CloseHandle(handle_);
}

HANDLE UniqueHandle::release() { return std::exchange(handle_, nullptr); }

std::string WideToUtf8(const wchar_t* text, size_t length) {
  if (length == 0) return std::string();
  int wide_length = static_cast<int>(length);
  int bytes = WideCharToMultiByte(CP_UTF8, 0, text, wide_length, nullptr, 0,
                                  nullptr, nullptr);
  if (bytes <= 0) return std::string();
  std::string out(static_cast<size_t>(bytes), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, wide_length, out.data(), bytes, nullptr,
                      nullptr);
  return out;
}

std::string WideToUtf8(const std::wstring& text) {
  return WideToUtf8(text.data(), text.size());
}

std::string SystemErrorMessage(DWORD error) {
  wchar_t* buffer = nullptr;
  DWORD length = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
          FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, error, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
      reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  if (length == 0 || buffer == nullptr) return std::string();
  std::string text = WideToUtf8(buffer, length);
  LocalFree(buffer);
  return text;
}

absl::Status Win32Status(DWORD error, absl::string_view what) {
  return Win32ErrorToStatus(error, what, SystemErrorMessage(error));
}

}  // namespace pm::win

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Turns a Win32 error code (GetLastError(), or a code an IP Helper call
// returns) into an absl::Status whose message names the call, its subject and
// the error:
//   Win32ErrorToStatus(5, "OpenProcess(4242)", "Access is denied.")
//     -> PermissionDenied("OpenProcess(4242): Access is denied.
//     (ERROR_ACCESS_DENIED, 5)")

#ifndef PM_PLATFORM_WINDOWS_WIN_ERROR_STATUS_H_
#define PM_PLATFORM_WINDOWS_WIN_ERROR_STATUS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace pm::win {

// Win32 error codes pm handles by name. Portable copies of <winerror.h>, so
// that the mapping builds and is tested on every OS; win_api.cc static_asserts
// them.
inline constexpr uint32_t kErrorSuccess = 0;
inline constexpr uint32_t kErrorFileNotFound = 2;
inline constexpr uint32_t kErrorPathNotFound = 3;
inline constexpr uint32_t kErrorAccessDenied = 5;
inline constexpr uint32_t kErrorInvalidHandle = 6;
inline constexpr uint32_t kErrorNotEnoughMemory = 8;
inline constexpr uint32_t kErrorOutOfMemory = 14;
inline constexpr uint32_t kErrorNotSupported = 50;
inline constexpr uint32_t kErrorFileExists = 80;
inline constexpr uint32_t kErrorInvalidParameter = 87;
inline constexpr uint32_t kErrorCallNotImplemented = 120;
inline constexpr uint32_t kErrorInsufficientBuffer = 122;
inline constexpr uint32_t kErrorAlreadyExists = 183;
inline constexpr uint32_t kErrorMoreData = 234;
inline constexpr uint32_t kWaitTimeout = 258;
inline constexpr uint32_t kErrorPartialCopy = 299;
inline constexpr uint32_t kErrorNotFound = 1168;
inline constexpr uint32_t kErrorPrivilegeNotHeld = 1314;
inline constexpr uint32_t kErrorTimeout = 1460;

// Maps a Win32 error to the canonical code pm uses:
//   FILE_NOT_FOUND, PATH_NOT_FOUND, NOT_FOUND            -> NotFound
//   ACCESS_DENIED, PRIVILEGE_NOT_HELD                    -> PermissionDenied
//   INVALID_PARAMETER                                    -> InvalidArgument
//   NOT_SUPPORTED, CALL_NOT_IMPLEMENTED                  -> Unimplemented
//   INSUFFICIENT_BUFFER, MORE_DATA                       -> Unavailable
//   WAIT_TIMEOUT, ERROR_TIMEOUT                          -> DeadlineExceeded
//   NOT_ENOUGH_MEMORY, OUTOFMEMORY                       -> ResourceExhausted
//   ALREADY_EXISTS, FILE_EXISTS                          -> AlreadyExists
//   0                                                    -> Ok
//   anything else                                        -> Internal
// Callers whose API gives a code a more precise meaning map it themselves
// (OpenProcess: ERROR_INVALID_PARAMETER means "no such process": NotFound).
// Thread-safe.
absl::StatusCode Win32ErrorCode(uint32_t error);

// "ERROR_ACCESS_DENIED" for the codes above, else "Win32 error <n>".
// Thread-safe.
std::string Win32ErrorName(uint32_t error);

// Returns Win32ErrorCode(error) with the message
// "<what>: <system_message> (<name>, <n>)", or "<what>: <name> (<n>)" when
// `system_message` (FormatMessage's text, see win_api.h) is empty; trailing
// spaces and line breaks of the system message are dropped. An OK status for 0.
// Thread-safe.
absl::Status Win32ErrorToStatus(uint32_t error, absl::string_view what,
                                absl::string_view system_message = "");

}  // namespace pm::win

#endif  // PM_PLATFORM_WINDOWS_WIN_ERROR_STATUS_H_

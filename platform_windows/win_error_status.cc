// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Win32 error codes to absl::Status, in portable C++.

#include "platform_windows/win_error_status.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace pm::win {

absl::StatusCode Win32ErrorCode(uint32_t error) {
  switch (error) {
    case kErrorSuccess:
      return absl::StatusCode::kOk;
    case kErrorFileNotFound:
    case kErrorPathNotFound:
    case kErrorNotFound:
      return absl::StatusCode::kNotFound;
    case kErrorAccessDenied:
    case kErrorPrivilegeNotHeld:
      return absl::StatusCode::kPermissionDenied;
    case kErrorInvalidParameter:
      return absl::StatusCode::kInvalidArgument;
    case kErrorNotSupported:
    case kErrorCallNotImplemented:
      return absl::StatusCode::kUnimplemented;
    case kErrorInsufficientBuffer:
    case kErrorMoreData:
      return absl::StatusCode::kUnavailable;
    case kWaitTimeout:
    case kErrorTimeout:
      return absl::StatusCode::kDeadlineExceeded;
    case kErrorNotEnoughMemory:
    case kErrorOutOfMemory:
      return absl::StatusCode::kResourceExhausted;
    case kErrorAlreadyExists:
    case kErrorFileExists:
      return absl::StatusCode::kAlreadyExists;
    default:
      return absl::StatusCode::kInternal;
  }
}

std::string Win32ErrorName(uint32_t error) {
  switch (error) {
    case kErrorSuccess:
      return "ERROR_SUCCESS";
    case kErrorFileNotFound:
      return "ERROR_FILE_NOT_FOUND";
    case kErrorPathNotFound:
      return "ERROR_PATH_NOT_FOUND";
    case kErrorAccessDenied:
      return "ERROR_ACCESS_DENIED";
    case kErrorInvalidHandle:
      return "ERROR_INVALID_HANDLE";
    case kErrorNotEnoughMemory:
      return "ERROR_NOT_ENOUGH_MEMORY";
    case kErrorOutOfMemory:
      return "ERROR_OUTOFMEMORY";
    case kErrorNotSupported:
      return "ERROR_NOT_SUPPORTED";
    case kErrorFileExists:
      return "ERROR_FILE_EXISTS";
    case kErrorInvalidParameter:
      return "ERROR_INVALID_PARAMETER";
    case kErrorCallNotImplemented:
      return "ERROR_CALL_NOT_IMPLEMENTED";
    case kErrorInsufficientBuffer:
      return "ERROR_INSUFFICIENT_BUFFER";
    case kErrorAlreadyExists:
      return "ERROR_ALREADY_EXISTS";
    case kErrorMoreData:
      return "ERROR_MORE_DATA";
    case kWaitTimeout:
      return "WAIT_TIMEOUT";
    case kErrorPartialCopy:
      return "ERROR_PARTIAL_COPY";
    case kErrorNotFound:
      return "ERROR_NOT_FOUND";
    case kErrorPrivilegeNotHeld:
      return "ERROR_PRIVILEGE_NOT_HELD";
    case kErrorTimeout:
      return "ERROR_TIMEOUT";
    default:
      return absl::StrCat("Win32 error ", error);
  }
}

absl::Status Win32ErrorToStatus(uint32_t error, absl::string_view what,
                                absl::string_view system_message) {
  absl::StatusCode code = Win32ErrorCode(error);
  if (code == absl::StatusCode::kOk) return absl::OkStatus();
  absl::string_view text = absl::StripTrailingAsciiWhitespace(system_message);
  std::string name = Win32ErrorName(error);
  bool named = name.rfind("Win32 error ", 0) != 0;
  std::string message;
  if (text.empty()) {
    message = named ? absl::StrCat(what, ": ", name, " (", error, ")")
                    : absl::StrCat(what, ": ", name);
  } else {
    message = named
                  ? absl::StrCat(what, ": ", text, " (", name, ", ", error, ")")
                  : absl::StrCat(what, ": ", text, " (", name, ")");
  }
  return absl::Status(code, message);
}

}  // namespace pm::win

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// errno -> absl::Status with a message naming the call and the OS error.

#include "platform_posix/errno_status.h"

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace pm::posix {
namespace {

absl::StatusCode CodeFor(int e) {
  switch (e) {
    case ESRCH:
    case ENOENT:
      return absl::StatusCode::kNotFound;
    case EPERM:
    case EACCES:
      return absl::StatusCode::kPermissionDenied;
    case EINVAL:
    case ENAMETOOLONG:
      return absl::StatusCode::kInvalidArgument;
    case EAGAIN:
    case EBUSY:
    case EINTR:
    case ENOBUFS:
    case ENOMEM:
    case EMFILE:
    case ENFILE:
      return absl::StatusCode::kUnavailable;
    case ETIMEDOUT:
      return absl::StatusCode::kDeadlineExceeded;
    case ENOSYS:
    case EOPNOTSUPP:
    case EAFNOSUPPORT:
    case EPROTONOSUPPORT:
      return absl::StatusCode::kUnimplemented;
    case EEXIST:
    case EADDRINUSE:
      return absl::StatusCode::kAlreadyExists;
    default:
      return absl::StatusCode::kInternal;
  }
}

std::string StrError(int e) {
  char buf[256];
  // Why: the XSI and GNU strerror_r differ in return type; this overload set
  // handles both without #ifdefs.
  struct Pick {
    static const char* From(int r, const char* b) {
      return r == 0 ? b : "unknown error";
    }
    static const char* From(const char* r, const char*) { return r; }
  };
  return Pick::From(strerror_r(e, buf, sizeof(buf)), buf);
}

}  // namespace

std::string ErrnoName(int e) {
  switch (e) {
#define PM_ERRNO_CASE(name) \
  case name:                \
    return #name;
    PM_ERRNO_CASE(EPERM)
    PM_ERRNO_CASE(ENOENT)
    PM_ERRNO_CASE(ESRCH)
    PM_ERRNO_CASE(EINTR)
    PM_ERRNO_CASE(EIO)
    PM_ERRNO_CASE(EBADF)
    PM_ERRNO_CASE(ECHILD)
    PM_ERRNO_CASE(EAGAIN)
    PM_ERRNO_CASE(ENOMEM)
    PM_ERRNO_CASE(EACCES)
    PM_ERRNO_CASE(EFAULT)
    PM_ERRNO_CASE(EBUSY)
    PM_ERRNO_CASE(EEXIST)
    PM_ERRNO_CASE(ENOTDIR)
    PM_ERRNO_CASE(EISDIR)
    PM_ERRNO_CASE(EINVAL)
    PM_ERRNO_CASE(ENFILE)
    PM_ERRNO_CASE(EMFILE)
    PM_ERRNO_CASE(ENOSPC)
    PM_ERRNO_CASE(EROFS)
    PM_ERRNO_CASE(ENAMETOOLONG)
    PM_ERRNO_CASE(ENOSYS)
    PM_ERRNO_CASE(ELOOP)
    PM_ERRNO_CASE(ENOBUFS)
    PM_ERRNO_CASE(EOPNOTSUPP)
    PM_ERRNO_CASE(EAFNOSUPPORT)
    PM_ERRNO_CASE(EPROTONOSUPPORT)
    PM_ERRNO_CASE(EADDRINUSE)
    PM_ERRNO_CASE(EADDRNOTAVAIL)
    PM_ERRNO_CASE(ECONNREFUSED)
    PM_ERRNO_CASE(ETIMEDOUT)
#undef PM_ERRNO_CASE
    default:
      return absl::StrCat("errno ", e);
  }
}

absl::Status ErrnoToStatus(int error_number, absl::string_view what) {
  return absl::Status(CodeFor(error_number),
                      absl::StrCat(what, ": ", StrError(error_number), " (",
                                   ErrnoName(error_number), ")"));
}

}  // namespace pm::posix

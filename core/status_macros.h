// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PM_RETURN_IF_ERROR and PM_ASSIGN_OR_RETURN: early return on a non-OK Status.
// (Abseil's own macros are newer than the Abseil pm builds against.)
//
// Example:
//   PM_RETURN_IF_ERROR(file.Sync());
//   PM_ASSIGN_OR_RETURN(std::vector<Socket> sockets, prober.ListSockets(q));

#ifndef PM_CORE_STATUS_MACROS_H_
#define PM_CORE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PM_RETURN_IF_ERROR(expr)                         \
  do {                                                   \
    ::absl::Status pm_status_macro_ = (expr);            \
    if (!pm_status_macro_.ok()) return pm_status_macro_; \
  } while (false)

#define PM_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define PM_STATUS_MACROS_CONCAT_(a, b) PM_STATUS_MACROS_CONCAT_INNER_(a, b)

#define PM_ASSIGN_OR_RETURN(lhs, expr) \
  PM_ASSIGN_OR_RETURN_IMPL_(           \
      PM_STATUS_MACROS_CONCAT_(pm_statusor_macro_, __LINE__), lhs, expr)

#define PM_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr)     \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // PM_CORE_STATUS_MACROS_H_

// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Names of allocation statuses.

#include "core/port_allocation.h"

namespace pm {

absl::string_view AllocationStatusName(AllocationStatus status) {
  switch (status) {
    case AllocationStatus::kAllocated:
      return "allocated";
    case AllocationStatus::kInUse:
      return "in_use";
    case AllocationStatus::kError:
      return "error";
  }
  return "?";
}

}  // namespace pm
